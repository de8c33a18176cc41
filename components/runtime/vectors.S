/* EL1 vectors of a native component. IRQs go to irq_entry, which saves the
 * caller-saved registers (and ELR/SPSR, in case a handler faults) and calls
 * runtime_irq (irq.c). Every other exception goes to runtime_exception
 * (runtime.c) with the saved registers; what it returns says whether to
 * resume after the faulting instruction. FIQs are not used: GICv3 group 1
 * and GICv2 group 0 (with FIQEn clear) both signal IRQ. */
    .macro vector target
    .balign 0x80
    b \target
    .endm

    .text
    .balign 0x800
    .globl runtime_vectors
runtime_vectors:
    .rept 4 /* current EL SP_EL0, current EL SP_ELx, lower EL AArch64, AArch32 */
    vector exception_entry /* synchronous */
    vector irq_entry       /* IRQ */
    vector exception_entry /* FIQ */
    vector exception_entry /* SError */
    .endr

exception_entry:
    sub sp, sp, #256
    stp x0, x1, [sp, #0]
    stp x2, x3, [sp, #16]
    stp x4, x5, [sp, #32]
    stp x6, x7, [sp, #48]
    stp x8, x9, [sp, #64]
    stp x10, x11, [sp, #80]
    stp x12, x13, [sp, #96]
    stp x14, x15, [sp, #112]
    stp x16, x17, [sp, #128]
    stp x18, x29, [sp, #144]
    str x30, [sp, #160]
    mrs x0, esr_el1
    mrs x1, far_el1
    mrs x2, elr_el1
    bl runtime_exception
    cbz x0, 1f
    mrs x0, elr_el1
    add x0, x0, #4
    msr elr_el1, x0
1:  ldp x0, x1, [sp, #0]
    ldp x2, x3, [sp, #16]
    ldp x4, x5, [sp, #32]
    ldp x6, x7, [sp, #48]
    ldp x8, x9, [sp, #64]
    ldp x10, x11, [sp, #80]
    ldp x12, x13, [sp, #96]
    ldp x14, x15, [sp, #112]
    ldp x16, x17, [sp, #128]
    ldp x18, x29, [sp, #144]
    ldr x30, [sp, #160]
    add sp, sp, #256
    eret

/* x0..x18, x29, x30, ELR_EL1, SPSR_EL1: 23 registers in a 192-byte frame.
 * x19..x28 are callee-saved: runtime_irq and the handlers keep them. */
irq_entry:
    sub sp, sp, #192
    stp x0, x1, [sp, #0]
    stp x2, x3, [sp, #16]
    stp x4, x5, [sp, #32]
    stp x6, x7, [sp, #48]
    stp x8, x9, [sp, #64]
    stp x10, x11, [sp, #80]
    stp x12, x13, [sp, #96]
    stp x14, x15, [sp, #112]
    stp x16, x17, [sp, #128]
    stp x18, x29, [sp, #144]
    mrs x0, elr_el1
    mrs x1, spsr_el1
    stp x30, x0, [sp, #160]
    str x1, [sp, #176]
    bl runtime_irq
    ldp x30, x0, [sp, #160]
    ldr x1, [sp, #176]
    msr elr_el1, x0
    msr spsr_el1, x1
    ldp x0, x1, [sp, #0]
    ldp x2, x3, [sp, #16]
    ldp x4, x5, [sp, #32]
    ldp x6, x7, [sp, #48]
    ldp x8, x9, [sp, #64]
    ldp x10, x11, [sp, #80]
    ldp x12, x13, [sp, #96]
    ldp x14, x15, [sp, #112]
    ldp x16, x17, [sp, #128]
    ldp x18, x29, [sp, #144]
    add sp, sp, #192
    eret
