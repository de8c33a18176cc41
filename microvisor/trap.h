/* Decoding a synchronous exception from a guest (vcpu/trap.c) and the
 * hypercalls (microvisor/hypercall.c). Both return the vCPU to run next. */
#ifndef KEEL_TRAP_H
#define KEEL_TRAP_H

#include "../vcpu/vcpu.h"
#include <keel/hypercall.h>

struct vcpu *trap_sync(struct vcpu *v);
/* A WFI, stepped over already: v blocks unless an interrupt is pending or
 * its virtual timer is due (wake_at: the timer's deadline, 0 for none). */
struct vcpu *trap_wfi(struct vcpu *v);
struct vcpu *hypercall(struct vcpu *v);
/* The hypercalls that only report (self, GIC; version is the HVC fast
 * path's, run.c): performs one and returns true, or returns false if x0 is
 * not one. */
bool hypercall_info(struct vcpu *v);

/* (KEEL_HC_CHAN_*: chan_hypercall, microvisor/chan.h, performs them.) */

/* PSCI calls from a guest, by HVC or SMC (microvisor/vpsci.c): the
 * partition's vCPUs are its CPUs; SYSTEM_OFF and SYSTEM_RESET apply its
 * fault policy. Anything else returns NOT_SUPPORTED. */
struct vcpu *hypercall_psci(struct vcpu *v);

/* A trapped system register access (EC 0x18): the register as ESR_EL2's
 * ISS names it (op0, op1, CRn, CRm, op2), and the direction bit. */
#define SYSREG(op0, op1, crn, crm, op2)                                                            \
    (((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | ((crm) << 1))
#define SYSREG_MASK     SYSREG(3ull, 7ull, 0xfull, 0xfull, 7ull)
#define ESR_SYSREG_READ 1ull

/* A trapped access to a debug system register (op0 = 2), emulated; false
 * if esr is not one (vcpu/sysreg_debug.c). The caller steps over it. */
bool vcpu_sysreg_debug(struct vcpu *v, uint64_t esr);

/* A write HCR_EL2.TVM trapped (to SCTLR, TTBR0/1, TCR, ESR, FAR, AFSR0/1,
 * MAIR, AMAIR or CONTEXTIDR_EL1) by the loaded vCPU v, performed; from
 * now on v's translation registers are its own (vm_shared false, TVM
 * off: vcpu/sysreg_vm.c). False if esr is not such a write. The caller
 * steps over it. */
bool vcpu_sysreg_vm(struct vcpu *v, uint64_t esr);

/* Makes the guest take a synchronous exception at EL1, as hardware would. */
void vcpu_inject_sync(struct vcpu *v, uint64_t esr, uint64_t far);
/* True if the vCPU's pc is inside its own EL1 exception vectors. */
bool vcpu_in_own_vectors(const struct vcpu *v);

#endif
