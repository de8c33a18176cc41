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

/* pc and pstate are moved as a pair */
.if VCPU_PSTATE != VCPU_PC + 8
.error "struct vcpu_regs: pstate must follow pc"
.endif
/* the receive leaf's exclusive load takes the endpoint's own address */
.if ENDPOINT_PENDING != 0 || ENDPOINT_MERGED != 8
.error "struct chan_endpoint: the pending word and the merged count must come first"
.endif

    .text
func vcpu_entry_sync
    to_cpu_stack
    bl vcpu_handle_sync
    b vcpu_resume
endfunc vcpu_entry_sync

/*
 * HVC #0: the vector saved x0 and x1; sp = &vcpu->regs. A channel receive
 * is a leaf (hvc_chan_receive); a channel send tries its fast path
 * (vcpu/chan_send.S), which comes back to hvc_general with everything as
 * it found it when its case does not apply. For any other call only the
 * other caller-saved registers are saved before C runs (C keeps x19..x29,
 * and ELR/SPSR stay in the hardware, IRQs being masked at EL2). If the
 * call needs nothing more (HVC_DONE), the guest resumes at once; otherwise
 * the save is completed and vcpu_hvc_slow goes the whole way.
 */
func vcpu_entry_hvc
    ldr w0, [sp, #0]             /* the function ID */
    ldr w1, hc_chan_send_id
    sub w1, w0, w1
    cmp w1, #1
    b.ls hvc_chan_fast           /* a send or a receive */
    .globl hvc_general           /* also vcpu/chan_send.S's way out */
hvc_general:
    store_x2_x17 sp
    str x18, [sp, #144]
    str x30, [sp, #240]
    mov x1, sp                   /* w0 = the function ID, x1 = the vCPU */
    mrs x2, tpidr_el2
    ldr x2, [x2, #CPU_STACK_TOP]
    mov sp, x2
    bl vcpu_hvc_fast             /* x0 = outcome, x1 = the vCPU */
    cbnz x0, 1f
    mov sp, x1
    load_x2_x17 sp
    ldr x18, [sp, #144]
    ldr x30, [sp, #240]
    ldp x0, x1, [sp, #0]
    add sp, sp, #VCPU_REGS_SIZE
    eret
1:  str x19, [x1, #152]
    store_x20_x29 x1
    mrs x2, elr_el2
    mrs x3, spsr_el2
    stp x2, x3, [x1, #VCPU_PC]
    cmp x0, #HVC_OUTCOMES
    b.hs vcpu_resume             /* x0 = the vCPU the call handed the CPU to */
    mov x2, x0
    mov x0, x1
    mov x1, x2
    bl vcpu_hvc_slow
    b vcpu_resume
endfunc vcpu_entry_hvc

hc_chan_send_id:                 /* a literal: one load, no MOVZ/MOVK */
    .word HC_CHAN_SEND

/* KEEL_HC_CHAN_SEND (w1 = 0): vcpu/chan_send.S; KEEL_HC_CHAN_RECEIVE (1):
 * the leaf below. */
hvc_chan_fast:
    b.lo hvc_chan_send

/*
 * KEEL_HC_CHAN_RECEIVE (x1 = endpoint -> x0 = 0, x1 = the pending bits, now
 * cleared, x2 = sends merged into them), the hot call of every channel
 * handler, without C: only x0..x3, which the call returns, are touched.
 * The same as chan_state_take (microvisor/chan_state.c) on the caller's
 * own endpoint, with one exclusive pair access for the two words (see
 * chan_state.h); an endpoint it does not have takes the general way, where
 * chan_hypercall refuses, counts and logs it.
 */
func hvc_chan_receive
    ldr x1, [sp, #8]
    cmp x1, #PARTITION_MAX_ENDPOINTS
    b.hs hvc_general
    stp x2, x3, [sp, #16]
    ldr x2, [sp, #VCPU_PART]
    add x2, x2, x1, lsl #3
    ldr x2, [x2, #PARTITION_ENDPOINTS]
    cbz x2, 3f
1:  ldaxp x1, x3, [x2]           /* acquire: what the sender wrote before */
    stxp w0, xzr, xzr, [x2]      /* the pending bits and the merged count */
    cbnz w0, 1b
    mov x2, x3
    mov x0, #0
    ldr x3, [sp, #24]
    add sp, sp, #VCPU_REGS_SIZE
    eret
3:  ldp x2, x3, [sp, #16]
    b hvc_general
endfunc hvc_chan_receive

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
    ldp x1, x2, [x0, #VCPU_PC]
    msr elr_el2, x1
    msr spsr_el2, x2
    mov sp, x0
    load_x2_x29 sp
    ldr x30, [sp, #240]
    ldp x0, x1, [sp, #0]
    add sp, sp, #VCPU_REGS_SIZE
    eret
endfunc vcpu_resume
