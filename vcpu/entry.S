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
    load_x2_x29 sp
    ldr x30, [sp, #240]
    ldp x0, x1, [sp, #0]
    add sp, sp, #VCPU_REGS_SIZE
    eret
endfunc vcpu_resume
