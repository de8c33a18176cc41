/*
 * KEEL_HC_CHAN_SEND (x1 = endpoint, x2 = bits -> x0 = 0) in its usual
 * case, without C. The peer is a vCPU of this CPU that is not loaded, and
 * either its saved list registers still hold the endpoint's virq (it took
 * the previous send; ended or active since), or it is due for a refill
 * with the virq pending already. That case of the C path is chan_send
 * (microvisor/chan.c) with vgic_partition_raise_irq and raise_saved_again
 * (vcpu/vgic_vcpu.c): the bits delivered (chan_state_deliver), the saved
 * LR pending again, the vCPU woken (wake_here) and, if it outranks the
 * sender, handed the CPU (run_offer). This path does exactly that.
 *
 * Everything that decides is tested first, under the peer partition's
 * vGIC lock, so that any other case (an endpoint the caller does not
 * have, a peer stopped, on another CPU or loaded, an interrupt the model
 * must weigh, a priority tie, a reschedule or a hand-off already asked
 * for) leaves the lock with nothing changed and takes the general way
 * (vcpu/entry.S, hvc_general), which does the same in C. Only x0..x9 are
 * used, saved in the vCPU's frame first; a hand-off completes the save
 * and enters vcpu_hvc_sent, which switches.
 *
 * On entry: sp = the sender's struct vcpu (its registers first), its x0
 * and x1 saved.
 */
#include "../microvisor/arch/aarch64/macros.inc"
#include "offsets.h"

.if VCPU_STATE != VCPU_PRIORITY + 4 || VCPU_PRIORITY % 8 != 0 || VCPU_OFF != 0
.error "struct vcpu: state must follow priority (one load), VCPU_OFF be 0"
.endif
/* the vgic_irq tests read its first 8 bytes, and in_lr to lr_vcpu, as words
 * (a C bool is 0 or 1) */
.if IRQ_ENABLED > 7 || IRQ_PENDING > 7 || IRQ_GROUP1 > 7
.error "struct vgic_irq: enabled, pending and group1 must be in its first 8 bytes"
.endif
.if IRQ_LR_VCPU - IRQ_IN_LR != 3 || IRQ_IN_LR % 4 != 0
.error "struct vgic_irq: in_lr and lr_vcpu must be the ends of one aligned word"
.endif
.if CONFIG_VIRQ_FIRST < VGIC_NR_PRIVATE
.error "a channel's virq must be an SPI"
.endif
.if LR_OPS_HW_EOI_BITS != LR_OPS_PENDING_BIT + 8
.error "struct vgic_lr_ops: hw_eoi_bits must follow pending_bit"
.endif
/* the endpoint's pending word and merged count at its address: entry.S checks */

    .text
func hvc_chan_send
    store_x2_x9 sp
    /* the caller's endpoint (x2), and nothing pending for its way out */
    ldr x1, [sp, #8]
    ldr x2, [sp, #VCPU_PART]
    cmp x1, #PARTITION_MAX_ENDPOINTS
    b.hs send_general
    add x2, x2, x1, lsl #3
    ldr x2, [x2, #PARTITION_ENDPOINTS]
    cbz x2, send_general
    mrs x6, tpidr_el2            /* x6 = this CPU */
    ldr w4, [x6, #CPU_NEED_RESCHED]
    ldr x5, [x6, #CPU_HANDOFF]
    ldr w7, [sp, #VCPU_VGIC_DIRTY]
    orr x4, x4, x5
    orr x4, x4, x7
    cbnz x4, send_general
    /* x2 = the peer endpoint, x3 = its partition, running */
    ldr x2, [x2, #ENDPOINT_PEER]
    ldr x3, [x2, #ENDPOINT_PART]
    ldr w4, [x3, #PARTITION_STOPPED]
    cbnz w4, send_general
    /* its vGIC lock, at the partition's own address; x8 = the owner word */
    ticket_lock x3, w4, x8, w5, w7
    /* x4 = the virq's state, x5 = its INTID, an SPI (the config allows
     * no other); x9 = its target, x7 = that vCPU (w) */
    ldr x4, [x2, #ENDPOINT_IRQ]
    ldr w5, [x2, #ENDPOINT_VIRQ]
    ldrsb x9, [x4, #IRQ_TARGET]
    tbnz x9, #63, send_unlock_general
    mov x0, #VCPU_SIZE
    madd x7, x9, x0, x3
    add x7, x7, #PARTITION_VCPUS
    /* w runs on this CPU, is not loaded (the sender, running, is) and
     * has no news */
    ldr w0, [x7, #VCPU_CPU]
    ldr w1, [x6, #CPU_INDEX]
    cmp w0, w1
    b.ne send_unlock_general
    cmp sp, x7
    b.eq send_unlock_general
    ldr w0, [x7, #VCPU_VGIC_DIRTY]
    cbnz w0, send_to_refill
    /* the interrupt is in one of w's LRs, enabled, its group on, not
     * pending in the model (vgic_lr_inject_saved_again) */
    ldr w0, [x4, #IRQ_IN_LR]     /* in_lr and lr_vcpu in one word */
    tbz w0, #0, send_unlock_general
    cmp w9, w0, lsr #(8 * (IRQ_LR_VCPU - IRQ_IN_LR))
    b.ne send_unlock_general
    ldr x0, [x4]                 /* enabled, pending and group1 in one */
    tbz x0, #(8 * IRQ_ENABLED), send_unlock_general
    tbnz x0, #(8 * IRQ_PENDING), send_unlock_general
    ubfx x0, x0, #(8 * IRQ_GROUP1), #1
    ldr w1, [x3, #PARTITION_VGIC_CTLR]
    add w0, w0, #1               /* VGIC_CTLR_ENABLE_GRP0 or _GRP1 */
    tst w1, w0
    b.eq send_unlock_general
    /* run_offer: w started (not VCPU_OFF), the sender runnable; w1 = 1 if
     * w outranks it (a hand-off), 0 if it ranks lower; a tie: general */
    ldr x0, [x7, #VCPU_PRIORITY] /* priority, then state, in one load */
    ldr x1, [sp, #VCPU_PRIORITY]
    tst x0, #0xffffffff00000000
    b.eq send_unlock_general
    lsr x4, x1, #32
    cmp w4, #VCPU_RUNNABLE
    b.ne send_unlock_general
    cmp w0, w1
    b.eq send_unlock_general
    cset w1, hi
    /* inject_again: x9 = the LR holding the INTID, x4 = its saved slot,
     * x0 = its value made pending; one with HW or EOI bits: general */
    ldr w0, [x7, #VCPU_LRS_USED]
2:  cbz w0, send_unlock_general
    rbit w9, w0
    clz w9, w9
    add x4, x7, x9, lsl #1
    ldrh w4, [x4, #VCPU_LRS_INTID]
    cmp w4, w5
    b.eq 3f
    sub w4, w0, #1
    and w0, w0, w4
    b 2b
3:  add x4, x7, x9, lsl #3
    ldr x9, [x4, #VCPU_SAVED_LR]
    adrp x0, vgic_hw_lr_ops
    ldr x0, [x0, :lo12:vgic_hw_lr_ops]
    ldp x0, x5, [x0, #LR_OPS_PENDING_BIT]
    tst x9, x5
    b.ne send_unlock_general
    orr x9, x9, x0
    /* decided: the LR, the bits (chan_state_deliver), the wake, the
     * hand-off */
    str x9, [x4, #VCPU_SAVED_LR]
send_deliver:
    ldr x0, [sp, #16]            /* the bits */
4:  ldxp x4, x5, [x2]            /* the pending bits and the merged count */
    orr x4, x4, x0
    add x5, x5, #1
    stlxp w9, x4, x5, [x2]
    cbnz w9, 4b
    add x0, x2, #ENDPOINT_RECEIVED
6:  ldxr x4, [x0]
    add x4, x4, #1
    stxr w5, x4, [x0]
    cbnz w5, 6b
    ldr w0, [x7, #VCPU_STATE]
    cmp w0, #VCPU_BLOCKED
    b.ne 7f
    mov w0, #VCPU_RUNNABLE
    str w0, [x7, #VCPU_STATE]
    str xzr, [x7, #VCPU_WAKE_AT]
7:  cbz w1, 8f
    str x7, [x6, #CPU_HANDOFF]
8:  ticket_unlock x8, w0
    str xzr, [sp, #0]            /* x0 = 0: sent */
    cbnz w1, send_handoff
    load_x2_x9 sp
    ldp x0, x1, [sp, #0]
    add sp, sp, #VCPU_REGS_SIZE
    eret

/* The sender gives the CPU to w: the rest of its registers saved, as for
 * any exception (guest_save_rest), then the switch in C. */
send_handoff:
    store_x10_x17 sp
    stp x18, x19, [sp, #144]
    store_x20_x29 sp
    store_x30_pc_pstate sp       /* offsets checked by vectors.S */
    mov x0, sp
    ldr x1, [x6, #CPU_STACK_TOP]
    mov sp, x1
    bl vcpu_hvc_sent
    b vcpu_resume

/* w is to be refilled on its next entry anyway: if it is runnable and the
 * interrupt pending in the model, the refill has it, and the bits are all
 * that is left to deliver (w1 = 0: no hand-off; w, runnable, was offered
 * the CPU when it became so). */
send_to_refill:
    ldrb w0, [x4, #IRQ_PENDING]
    cbz w0, send_unlock_general
    ldr w0, [x7, #VCPU_STATE]
    cmp w0, #VCPU_RUNNABLE
    b.ne send_unlock_general
    mov w1, #0
    b send_deliver

send_unlock_general:
    ticket_unlock x8, w0
send_general:
    load_x2_x9 sp
    ldr w0, [sp, #0]             /* the function ID, as hvc_general takes it */
    b hvc_general
endfunc hvc_chan_send
