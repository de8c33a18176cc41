/*
 * Saving and restoring a vCPU's EL1 system registers on a vCPU switch, in
 * pairs: two MRS then one STP, one LDP then two MSR. x0 = struct
 * vcpu_sysregs *, whose field order (vcpu/vcpu.h) these follow; vcpu.c
 * checks it at compile time. w1 = whether to move the translation
 * registers too (the first seven: see vcpu.h, vm_shared). No ISB: the
 * ERET into the guest synchronises.
 */
#include "../microvisor/arch/aarch64/macros.inc"

.macro save2 a, b, off
    mrs x2, \a
    mrs x3, \b
    stp x2, x3, [x0, #\off]
.endm

.macro load2 a, b, off
    ldp x2, x3, [x0, #\off]
    msr \a, x2
    msr \b, x3
.endm

    .text
/* Also stops the virtual timer, so that it cannot assert its PPI for the
 * next vCPU; vmpidr is not saved (the guest cannot change it). */
func vcpu_save_sysregs
    cbz w1, 1f
    save2 sctlr_el1, ttbr0_el1, 0
    save2 ttbr1_el1, tcr_el1, 16
    save2 mair_el1, amair_el1, 32
    mrs x2, contextidr_el1
    str x2, [x0, #48]
1:  mrs x2, vbar_el1
    str x2, [x0, #56]
    save2 tpidr_el0, tpidrro_el0, 64
    save2 tpidr_el1, sp_el0, 80
    save2 sp_el1, elr_el1, 96
    save2 spsr_el1, esr_el1, 112
    save2 far_el1, afsr0_el1, 128
    save2 afsr1_el1, par_el1, 144
    save2 cpacr_el1, cntkctl_el1, 160
    save2 csselr_el1, cntv_ctl_el0, 176
    mrs x2, cntv_cval_el0
    str x2, [x0, #192]
    msr cntv_ctl_el0, xzr
    ret
endfunc vcpu_save_sysregs

func vcpu_restore_sysregs
    cbz w1, 1f
    load2 sctlr_el1, ttbr0_el1, 0
    load2 ttbr1_el1, tcr_el1, 16
    load2 mair_el1, amair_el1, 32
    ldr x2, [x0, #48]
    msr contextidr_el1, x2
1:  ldr x2, [x0, #56]
    msr vbar_el1, x2
    load2 tpidr_el0, tpidrro_el0, 64
    load2 tpidr_el1, sp_el0, 80
    load2 sp_el1, elr_el1, 96
    load2 spsr_el1, esr_el1, 112
    load2 far_el1, afsr0_el1, 128
    load2 afsr1_el1, par_el1, 144
    load2 cpacr_el1, cntkctl_el1, 160
    ldp x2, x3, [x0, #176]
    msr csselr_el1, x2
    ldp x4, x5, [x0, #192]
    msr cntv_cval_el0, x4
    msr cntv_ctl_el0, x3
    msr vmpidr_el2, x5
    ret
endfunc vcpu_restore_sysregs
