/* Synchronous exceptions from guests, decoded by exception class. A guest's
 * mistake is logged and answered as hardware would answer it, by an
 * exception injected into the guest; it never stops Keel. */
#include "../microvisor/trap.h"
#include "../microvisor/console_port.h"
#include "../microvisor/cpu.h"
#include "../microvisor/exception.h"
#include "../microvisor/partition.h"
#include "../microvisor/run.h"
#include "vgic_vcpu.h"
#include <keel/aarch64/sysreg.h>
#include <keel/format.h>
#include <keel/hypercall.h>

#define EC_UNKNOWN        0x00
#define EC_WFX            0x01
#define EC_FP             0x07
#define EC_HVC64          0x16
#define EC_SMC64          0x17
#define EC_SYSREG         0x18
#define EC_IABT_LOW       0x20
#define EC_DABT_LOW       0x24
#define ESR_IL            (1ull << 25)
#define ISS_WNR           (1ull << 6)
#define FSC_SYNC_EXTERNAL 0x10
#define CNTV_ENABLE       1ull
#define CNTV_IMASK        2ull
#define CNTV_ISTATUS      4ull

__attribute__((noinline, cold)) static struct vcpu *give_up_or_inject(struct vcpu *v, uint64_t esr,
                                                                      uint64_t far)
{
    if (vcpu_in_own_vectors(v)) {
        return partition_fault(v, "faulted again inside its own exception vector");
    }
    vcpu_inject_sync(v, esr, far);
    return v;
}

__attribute__((noinline, cold)) static struct vcpu *trap_undefined(struct vcpu *v, uint64_t esr,
                                                                   const char *what)
{
    partition_log(v->part, "vcpu %u: %s at pc 0x%llx (ESR 0x%llx): undefined instruction injected",
                  v->index, what, (unsigned long long)v->regs.pc, (unsigned long long)esr);
    return give_up_or_inject(v, (EC_UNKNOWN << 26) | ESR_IL, 0);
}

__attribute__((noinline, cold)) static struct vcpu *trap_sysreg(struct vcpu *v, uint64_t esr)
{
    char what[64];
    unsigned op0 = (esr >> 20) & 3, op2 = (esr >> 17) & 7, op1 = (esr >> 14) & 7;
    unsigned crn = (esr >> 10) & 0xf, crm = (esr >> 1) & 0xf;
    unsigned rt = (esr >> 5) & 31;

    /* ICC_SGI1R_EL1, ICC_ASGI1R_EL1, ICC_SGI0R_EL1: a GICv3 guest's SGIs */
    if (op0 == 3 && op1 == 0 && crn == 12 && crm == 11 && op2 >= 5 && (esr & 1) == 0) {
        vgic_vcpu_sgi1r(v, rt == 31 ? 0 : v->regs.x[rt]);
        v->regs.pc += 4;
        return v;
    }
    if (vcpu_sysreg_debug(v, esr) || vcpu_sysreg_vm(v, esr)) {
        v->regs.pc += 4;
        return v;
    }
    fmt_format(what, sizeof(what), "%s of system register S%u_%u_C%u_C%u_%u",
               (esr & 1) ? "read" : "write", op0, op1, crn, crm, op2);
    return trap_undefined(v, esr, what);
}

__attribute__((noinline, cold)) static struct vcpu *trap_abort(struct vcpu *v, uint64_t esr,
                                                               bool data)
{
    uint64_t far = read_sysreg(far_el2);
    uint64_t ipa = ((read_sysreg(hpfar_el2) >> 4) << 12) | (far & 0xfff);
    uint64_t ec = data ? 0x25 : 0x21; /* the guest sees an abort at its own EL */

    if (data && (vgic_vcpu_mmio(v, ipa, esr, far) || console_port_mmio(v, ipa, esr, far))) {
        return v;
    }
    partition_log(v->part,
                  "vcpu %u: %s at IPA 0x%llx (VA 0x%llx, pc 0x%llx): %s, outside its memory map; "
                  "synchronous external abort injected",
                  v->index, data ? ((esr & ISS_WNR) ? "write" : "read") : "instruction fetch",
                  (unsigned long long)ipa, (unsigned long long)far, (unsigned long long)v->regs.pc,
                  abort_fsc_name((uint32_t)esr));
    uint64_t iss = FSC_SYNC_EXTERNAL | (data ? (esr & ISS_WNR) : 0);
    return give_up_or_inject(v, (ec << 26) | ESR_IL | iss, far);
}

/* WFI: wait for the virtual timer if it is armed; forever otherwise. */
struct vcpu *trap_wfi(struct vcpu *v)
{
    uint64_t ctl = read_sysreg(cntv_ctl_el0);

    console_port_idle(v); /* show what it wrote, even without a newline */
    if ((ctl & (CNTV_ENABLE | CNTV_IMASK)) == CNTV_ENABLE) {
        if (ctl & CNTV_ISTATUS) {
            return v; /* already due: WFI completes at once */
        }
        v->wake_at = read_sysreg(cntv_cval_el0);
    } else {
        v->wake_at = 0;
    }
    if (!vgic_vcpu_may_block(v)) {
        v->wake_at = 0; /* an interrupt is pending: WFI completes at once */
    }
    return v;
}

struct vcpu *trap_sync(struct vcpu *v)
{
    uint64_t esr = read_sysreg(esr_el2);
    uint32_t ec = (uint32_t)(esr >> 26) & 0x3f;

    switch (ec) {
    case EC_HVC64:
        if ((esr & 0xffff) != 0) {
            v->regs.x[0] = (uint64_t)(int64_t)KEEL_E_NOT_SUPPORTED;
            return v;
        }
        return hypercall(v);
    case EC_SMC64: /* trapped before it ran: skip it */
        v->regs.pc += 4;
        return hypercall_psci(v);
    case EC_WFX:
        v->regs.pc += 4;
        if (esr & 1) {
            arch_this_cpu()->need_resched = true; /* WFE: a yield */
            return v;
        }
        return trap_wfi(v); /* only a WFI with an unusual syndrome: see vcpu/wfi_block.S */
    case EC_DABT_LOW:
        return trap_abort(v, esr, true);
    case EC_IABT_LOW:
        return trap_abort(v, esr, false);
    case EC_SYSREG:
        return trap_sysreg(v, esr);
    case EC_FP: /* CPTR_EL2.TFP: its FP/SIMD registers are not loaded yet */
        return run_take_fp(v);
    default:
        return trap_undefined(v, esr, esr_class_name(ec));
    }
}
