/*
 * EL2 exception vectors. From a guest (lower EL), every exception is
 * saved straight into the running vCPU (SP_EL2 points just past its
 * registers while it runs) and handed to vcpu/entry.S. At EL2, IRQs are
 * handled (irq_handle); every other exception is unexpected: it is dumped
 * and halts the CPU.
 * The fatal path switches to the CPU's own fatal stack first, so that even
 * a stack overflow into a guard page is reported.
 */
#include "macros.inc"
#include "offsets.h"

#define IRQ_FRAME 192

.if VCPU_PC != 248 || VCPU_PSTATE != 256
.error "struct vcpu_regs: pc and pstate moved (store_x30_pc_pstate)"
.endif

/* Each vector starts at its own 0x80-byte slot of el2_vectors; .org makes
 * one that outgrows its 32 instructions an assembly error instead of a
 * table silently shifted. */
.set vector_index, 0
.macro vector_slot
    .org el2_vectors + vector_index * 0x80
    .set vector_index, vector_index + 1
.endm

.macro fatal_vector kind
    vector_slot
    msr sp_el0, x0               /* SP_EL0 is free at EL2: stash x0 */
    mov x0, #\kind
    b fatal_common
.endm

.macro irq_vector
    vector_slot
    b irq_entry
.endm

/* From a guest: SP_EL2 = &vcpu->regs + VCPU_REGS_SIZE. The first two
 * steps of every guest vector: room for the registers, x0 and x1 saved. */
.macro guest_enter
    sub sp, sp, #VCPU_REGS_SIZE
    stp x0, x1, [sp, #0]
.endm

/* The rest of the save (x2..x30, pc, pstate), then the handler with x0 = the
 * vCPU. */
.macro guest_save_rest handler
    store_x2_x29 sp
    store_x30_pc_pstate sp
    mov x0, sp
    b \handler
.endm

/* 23 instructions. */
.macro guest_vector handler
    vector_slot
    guest_enter
    guest_save_rest \handler
.endm

/* The same for a synchronous exception, except that HVC #0 (ESR: EC 0x16,
 * IL, ISS 0) goes to the hypercall fast path with x0 and x1 saved, and WFI
 * (EC 0x01, IL, CV with condition "always", TI 0: what an AArch64 WFI
 * reports) to its own handler without the general decode. Any other
 * syndrome, a WFI's included, is decoded in C. */
#define ESR_HVC0_HI 0x5a00 /* ESR_EL2 >> 16 for HVC #0 from AArch64 */
#define ESR_WFI_HI  0x07e0 /* ESR_EL2 >> 16 for WFI from AArch64 */
.macro guest_sync_vector
    vector_slot
    guest_enter
    mrs x1, esr_el2
    movz w0, #ESR_HVC0_HI, lsl #16
    cmp w1, w0
    b.eq vcpu_entry_hvc
    movz w0, #ESR_WFI_HI, lsl #16
    cmp w1, w0
    b.eq guest_wfi
    guest_save_rest vcpu_entry_sync
.endm

    .text
    .balign 0x800
    .globl el2_vectors
el2_vectors:
    fatal_vector 0               /* current EL, SP0 */
    fatal_vector 1
    fatal_vector 2
    fatal_vector 3
    fatal_vector 4               /* current EL, SPx: sync */
    irq_vector                   /* current EL, SPx: IRQ */
    fatal_vector 6
    fatal_vector 7
    guest_sync_vector            /* lower EL, AArch64 */
    guest_vector vcpu_entry_irq
    guest_vector vcpu_entry_irq  /* FIQ: not used by Keel; treated like an IRQ */
    guest_vector vcpu_entry_serror
    fatal_vector 12              /* lower EL, AArch32 */
    fatal_vector 13
    fatal_vector 14
    fatal_vector 15

/* WFI from a guest: x0 and x1 saved, the rest as for any exception. */
func guest_wfi
    guest_save_rest vcpu_entry_wfi
endfunc guest_wfi

/* x0 = vector kind, SP_EL0 = the interrupted x0. */
func fatal_common
    msr tpidrro_el0, x0          /* kind */
    mrs x0, tpidr_el2
    ldr x0, [x0, #CPU_FATAL_STACK_TOP]
    sub x0, x0, #FRAME_SIZE
    stp x1, x2, [x0, #8]
    stp x3, x4, [x0, #24]
    stp x5, x6, [x0, #40]
    stp x7, x8, [x0, #56]
    stp x9, x10, [x0, #72]
    stp x11, x12, [x0, #88]
    stp x13, x14, [x0, #104]
    stp x15, x16, [x0, #120]
    stp x17, x18, [x0, #136]
    stp x19, x20, [x0, #152]
    stp x21, x22, [x0, #168]
    stp x23, x24, [x0, #184]
    stp x25, x26, [x0, #200]
    stp x27, x28, [x0, #216]
    stp x29, x30, [x0, #232]
    mrs x1, sp_el0
    str x1, [x0, #0]
    mov x1, sp
    str x1, [x0, #FRAME_SP]
    mov sp, x0
    mrs x1, elr_el2
    str x1, [x0, #FRAME_ELR]
    mrs x1, spsr_el2
    str x1, [x0, #FRAME_SPSR]
    mrs x1, esr_el2
    str x1, [x0, #FRAME_ESR]
    mrs x1, far_el2
    str x1, [x0, #FRAME_FAR]
    mrs x1, tpidrro_el0
    str x1, [x0, #FRAME_KIND]
    bl exception_fatal
1:  wfe
    b 1b
endfunc fatal_common

/* An IRQ taken at EL2: save what the C ABI does not preserve. */
func irq_entry
    sub sp, sp, #IRQ_FRAME
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
    mrs x0, elr_el2
    mrs x1, spsr_el2
    stp x30, x0, [sp, #160]
    str x1, [sp, #176]
    bl irq_handle
    ldr x1, [sp, #176]
    ldp x30, x0, [sp, #160]
    msr elr_el2, x0
    msr spsr_el2, x1
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
    add sp, sp, #IRQ_FRAME
    eret
endfunc irq_entry
