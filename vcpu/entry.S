/*
 * Guest entry and exit. The vectors (microvisor/arch/aarch64/vectors.S)
 * have saved the guest's registers into its struct vcpu and pass it in x0.
 * Each handler runs on the CPU's own stack and returns the vCPU to run
 * next, which vcpu_resume enters.
 */
#include "../microvisor/arch/aarch64/macros.inc"
#include "offsets.h"

.macro to_cpu_stack
    mrs x1, tpidr_el2
    ldr x2, [x1, #CPU_STACK_TOP]
    mov sp, x2
.endm

    .text
func vcpu_entry_sync
    to_cpu_stack
    bl vcpu_handle_sync
    b vcpu_resume
endfunc vcpu_entry_sync

/*
 * HVC #0: the vector saved x0 and x1; sp = &vcpu->regs. Only the other
 * caller-saved registers are saved before C runs (C keeps x19..x29, and
 * ELR/SPSR stay in the hardware, IRQs being masked at EL2). If the call
 * needs nothing more (HVC_DONE), the guest resumes at once; otherwise the
 * save is completed and vcpu_hvc_slow goes the whole way.
 */
func vcpu_entry_hvc
    stp x2, x3, [sp, #16]
    stp x4, x5, [sp, #32]
    stp x6, x7, [sp, #48]
    stp x8, x9, [sp, #64]
    stp x10, x11, [sp, #80]
    stp x12, x13, [sp, #96]
    stp x14, x15, [sp, #112]
    stp x16, x17, [sp, #128]
    str x18, [sp, #144]
    str x30, [sp, #240]
    mov x0, sp
    to_cpu_stack
    str x0, [sp, #-16]!
    bl vcpu_hvc_fast
    ldr x1, [sp], #16
    cbnz w0, 1f
    mov sp, x1
    ldp x2, x3, [sp, #16]
    ldp x4, x5, [sp, #32]
    ldp x6, x7, [sp, #48]
    ldp x8, x9, [sp, #64]
    ldp x10, x11, [sp, #80]
    ldp x12, x13, [sp, #96]
    ldp x14, x15, [sp, #112]
    ldp x16, x17, [sp, #128]
    ldr x18, [sp, #144]
    ldr x30, [sp, #240]
    ldp x0, x1, [sp, #0]
    add sp, sp, #VCPU_REGS_SIZE
    eret
1:  str x19, [x1, #152]
    stp x20, x21, [x1, #160]
    stp x22, x23, [x1, #176]
    stp x24, x25, [x1, #192]
    stp x26, x27, [x1, #208]
    stp x28, x29, [x1, #224]
    mrs x2, elr_el2
    mrs x3, spsr_el2
    str x2, [x1, #VCPU_PC]
    str x3, [x1, #VCPU_PSTATE]
    mov w2, w0
    mov x0, x1
    mov w1, w2
    bl vcpu_hvc_slow
    b vcpu_resume
endfunc vcpu_entry_hvc

func vcpu_entry_irq
    to_cpu_stack
    bl vcpu_handle_irq
    b vcpu_resume
endfunc vcpu_entry_irq

func vcpu_entry_serror
    to_cpu_stack
    bl vcpu_handle_serror
    b vcpu_resume
endfunc vcpu_entry_serror

/* x0 = struct vcpu *: restore its registers and enter it. */
func vcpu_resume
    ldr x1, [x0, #VCPU_PC]
    ldr x2, [x0, #VCPU_PSTATE]
    msr elr_el2, x1
    msr spsr_el2, x2
    mov sp, x0
    load_x2_x29 sp
    ldr x30, [sp, #240]
    ldp x0, x1, [sp, #0]
    add sp, sp, #VCPU_REGS_SIZE
    eret
endfunc vcpu_resume
