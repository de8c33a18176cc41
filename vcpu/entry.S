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
    ldp x2, x3, [sp, #16]
    ldp x4, x5, [sp, #32]
    ldp x6, x7, [sp, #48]
    ldp x8, x9, [sp, #64]
    ldp x10, x11, [sp, #80]
    ldp x12, x13, [sp, #96]
    ldp x14, x15, [sp, #112]
    ldp x16, x17, [sp, #128]
    ldp x18, x19, [sp, #144]
    ldp x20, x21, [sp, #160]
    ldp x22, x23, [sp, #176]
    ldp x24, x25, [sp, #192]
    ldp x26, x27, [sp, #208]
    ldp x28, x29, [sp, #224]
    ldr x30, [sp, #240]
    ldp x0, x1, [sp, #0]
    add sp, sp, #VCPU_REGS_SIZE
    eret
endfunc vcpu_resume
