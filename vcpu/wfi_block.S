/*
 * WFI from a guest (the vector recognised it: see
 * microvisor/arch/aarch64/vectors.S, guest_wfi), with every register
 * saved; x0 = the vCPU (v). The C path is vcpu_handle_wfi
 * (microvisor/run.c): trap_wfi and vgic_vcpu_may_block decide whether v
 * blocks, then continue_or_switch picks what runs next.
 *
 * Its usual case is a vCPU that a hand-off gave the CPU (a send woke it)
 * and that has handled what it was given: it blocks, and the CPU goes
 * straight back to the vCPU it preempted (return_from_handoff). That case
 * is decided here without C, with the same tests: no reschedule or
 * hand-off asked for on this CPU, the preempted vCPU runnable, no list
 * register of v to sync at this exit (vgic_lr_need_sync), nothing of its
 * console to show (console_port_idle), its virtual timer not armed (no
 * deadline), and, under its partition's vGIC lock, its timer tick not
 * pending in the model outside an LR, no news (vgic_dirty, overflow), no
 * LR the guest has not ended, v runnable and not to be restarted. Then v
 * is blocked, and vcpu_wfi_blocked switches. Anything else drops the lock
 * with nothing changed and takes the C path, which decides it all again.
 * x19..x23 hold the state (the empty-LR status is read through the
 * vgic_lr_ops, a C call); the guest's values are in its frame already.
 */
#include "../microvisor/arch/aarch64/macros.inc"
#include "offsets.h"

/* IRQ_PENDING in the first 8 bytes of struct vgic_irq, IRQ_IN_LR a word:
 * checked by chan_send.S */

    .text
func vcpu_entry_wfi
    mov x19, x0                  /* v */
    mrs x20, tpidr_el2           /* this CPU */
    ldr x1, [x20, #CPU_STACK_TOP]
    mov sp, x1
    str xzr, [x20, #CPU_IN_GUEST] /* first, as every exit does */
    /* nothing else due here, and the preempted vCPU (x21) to go back to */
    ldr x1, [x20, #CPU_HANDOFF]
    ldr w2, [x20, #CPU_NEED_RESCHED]
    ldr x21, [x20, #CPU_PREEMPTED]
    orr x1, x1, x2
    cbnz x1, wfi_general
    cbz x21, wfi_general
    ldr w1, [x21, #VCPU_STATE]
    cmp w1, #VCPU_RUNNABLE
    b.ne wfi_general
    /* no LR to sync now: none for a level line, none retired eagerly */
    ldr w1, [x19, #VCPU_LRS_USED]
    ldr w2, [x19, #VCPU_LRS_EOI]
    ldr w3, [x19, #VCPU_LRS_EAGER]
    orr w2, w2, w3
    tst w1, w2
    b.ne wfi_general
    /* nothing of its console to show; x22 = its partition */
    ldr x22, [x19, #VCPU_PART]
    mov x2, #PARTITION_CONSOLE_OUT_LEN
    ldr w2, [x22, x2]
    cbnz w2, wfi_general
    /* its virtual timer enabled and unmasked: a deadline (general) */
    mrs x2, cntv_ctl_el0
    and x2, x2, #3               /* ENABLE, IMASK */
    cmp x2, #1
    b.eq wfi_general
    /* the vGIC lock; x23 = its owner word */
    ticket_lock x22, w4, x23, w5, w6
    /* vtimer_level_sync would look at a tick pending outside an LR */
    ldr w1, [x19, #VCPU_INDEX]
    mov x2, #VGIC_VCPU_SIZE
    madd x1, x1, x2, x22
    mov x2, #PARTITION_VTIMER_IRQ
    add x1, x1, x2
    ldr w2, [x1, #IRQ_IN_LR]
    ldr x1, [x1]                 /* pending: a byte of the first word */
    tbz x1, #(8 * IRQ_PENDING), 2f
    tbz w2, #0, wfi_unlock_general
2:  /* no news: no refill due, nothing left out of the LRs */
    ldr w1, [x19, #VCPU_VGIC_DIRTY]
    ldrb w2, [x19, #VCPU_LRS_OVERFLOW]
    orr w1, w1, w2
    cbnz w1, wfi_unlock_general
    /* every LR in use ended by the guest (vgic_lr_any_pending) */
    ldr w24, [x19, #VCPU_LRS_USED]
    cbz w24, 3f
    adrp x0, vgic_hw_lr_ops
    ldr x0, [x0, :lo12:vgic_hw_lr_ops]
    ldr x0, [x0, #LR_OPS_EMPTY]
    blr x0
    bics wzr, w24, w0
    b.ne wfi_unlock_general
3:  /* v runnable and not to be restarted: it blocks */
    ldr w1, [x19, #VCPU_STATE]
    ldr w2, [x19, #VCPU_RESET_PENDING]
    cmp w1, #VCPU_RUNNABLE
    b.ne wfi_unlock_general
    cbnz w2, wfi_unlock_general
    mov w1, #VCPU_BLOCKED
    str w1, [x19, #VCPU_STATE]
    ticket_unlock x23, w1
    /* past the WFI, no deadline; then the switch back */
    ldr x1, [x19, #VCPU_PC]
    add x1, x1, #4
    str x1, [x19, #VCPU_PC]
    str xzr, [x19, #VCPU_WAKE_AT]
    mov x0, x19
    bl vcpu_wfi_blocked
    b vcpu_resume

wfi_unlock_general:
    ticket_unlock x23, w1
wfi_general:
    mov x0, x19
    bl vcpu_handle_wfi
    b vcpu_resume
endfunc vcpu_entry_wfi
