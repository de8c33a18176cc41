/*
 * Switching a physical CPU's EL1 system registers from one vCPU to the
 * next, in pairs: two MRS then one STP, one LDP then two MSR.
 * vcpu_switch_sysregs(out, out_shared, in, in_shared): x0 = the outgoing
 * vCPU's struct vcpu_sysregs * (NULL: nothing to save), x2 = the incoming
 * one's; the field order (vcpu/vcpu.h) is checked by vcpu.c at compile
 * time. w1 / w3 = whether the translation registers (the first seven: see
 * vcpu.h, vm_shared) stay as they are. The save also stops the virtual timer, so
 * that it cannot assert its PPI for the next vCPU; vmpidr is only loaded
 * (the guest cannot change it). One call for both halves. No ISB: the ERET
 * into the guest synchronises.
 */
#include "../microvisor/arch/aarch64/macros.inc"

.macro save2 a, b, off
    mrs x4, \a
    mrs x5, \b
    stp x4, x5, [x0, #\off]
.endm

.macro load2 a, b, off
    ldp x4, x5, [x2, #\off]
    msr \a, x4
    msr \b, x5
.endm

    .text
func vcpu_switch_sysregs
    cbz x0, 2f
    cbnz w1, 1f
    save2 sctlr_el1, ttbr0_el1, 0
    save2 ttbr1_el1, tcr_el1, 16
    save2 mair_el1, amair_el1, 32
    mrs x4, contextidr_el1
    str x4, [x0, #48]
1:  mrs x4, vbar_el1
    str x4, [x0, #56]
    save2 tpidr_el0, tpidrro_el0, 64
    save2 tpidr_el1, sp_el0, 80
    save2 sp_el1, elr_el1, 96
    save2 spsr_el1, esr_el1, 112
    save2 far_el1, afsr0_el1, 128
    save2 afsr1_el1, par_el1, 144
    save2 cpacr_el1, cntkctl_el1, 160
    save2 csselr_el1, cntv_ctl_el0, 176
    mrs x4, cntv_cval_el0
    str x4, [x0, #192]
    msr cntv_ctl_el0, xzr
2:  cbnz w3, 3f
    load2 sctlr_el1, ttbr0_el1, 0
    load2 ttbr1_el1, tcr_el1, 16
    load2 mair_el1, amair_el1, 32
    ldr x4, [x2, #48]
    msr contextidr_el1, x4
3:  ldr x4, [x2, #56]
    msr vbar_el1, x4
    load2 tpidr_el0, tpidrro_el0, 64
    load2 tpidr_el1, sp_el0, 80
    load2 sp_el1, elr_el1, 96
    load2 spsr_el1, esr_el1, 112
    load2 far_el1, afsr0_el1, 128
    load2 afsr1_el1, par_el1, 144
    load2 cpacr_el1, cntkctl_el1, 160
    ldp x4, x5, [x2, #176]
    msr csselr_el1, x4
    ldp x6, x7, [x2, #192]
    msr cntv_cval_el0, x6
    msr cntv_ctl_el0, x5
    msr vmpidr_el2, x7
    ret
endfunc vcpu_switch_sysregs
