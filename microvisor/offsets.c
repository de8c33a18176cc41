/*
 * Structure offsets and sizes that assembly uses, generated from C so that
 * they cannot drift: the build compiles this file to assembly and turns each
 * OFFSET line into a #define in offsets.h.
 */
#include "../vcpu/vcpu.h"
#include "chan.h"
#include "console_port.h"
#include "cpu.h"
#include "exception.h"
#include "partition.h"
#include "run.h"
#include <keel/hypercall.h>

#include <stddef.h>

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %0\"" : : "i"(val))

/* What the send fast path (vcpu/chan_send.S) reads and writes. Its loads
 * and stores take the sizes checked here. */
static void send_fast_offsets(void)
{
    _Static_assert(sizeof(keel_flag) == 4 && sizeof(enum vcpu_state) == 4, "word flags");
    _Static_assert(sizeof(((struct vcpu *)0)->priority) == 4, "word priority");
    _Static_assert(sizeof(((struct vgic_lrs *)0)->intid[0]) == 2, "halfword INTIDs");
    _Static_assert(sizeof(((struct vgic_irq *)0)->target) == 1, "signed byte target");
    _Static_assert(sizeof(((struct vgic_irq *)0)->enabled) == 1, "byte flags");
    _Static_assert(VGIC_CTLR_ENABLE_GRP0 == 1 && VGIC_CTLR_ENABLE_GRP1 == 2, "group + 1");
    _Static_assert(KEEL_HC_CHAN_RECEIVE == KEEL_HC_CHAN_SEND + 1, "send, then receive");
    DEFINE(CPU_INDEX, offsetof(struct cpu, index));
    DEFINE(CPU_LOADED, offsetof(struct cpu, loaded));
    DEFINE(CPU_NEED_RESCHED, offsetof(struct cpu, need_resched));
    DEFINE(CPU_HANDOFF, offsetof(struct cpu, handoff));
    DEFINE(VCPU_SIZE, sizeof(struct vcpu));
    DEFINE(VCPU_CPU, offsetof(struct vcpu, cpu));
    DEFINE(VCPU_PRIORITY, offsetof(struct vcpu, priority));
    DEFINE(VCPU_STATE, offsetof(struct vcpu, state));
    DEFINE(VCPU_WAKE_AT, offsetof(struct vcpu, wake_at));
    DEFINE(VCPU_VGIC_DIRTY, offsetof(struct vcpu, vgic_dirty));
    DEFINE(VCPU_SAVED_LR, offsetof(struct vcpu, vgic_regs.lr));
    DEFINE(VCPU_LRS_USED, offsetof(struct vcpu, lrs.used));
    DEFINE(VCPU_LRS_INTID, offsetof(struct vcpu, lrs.intid));
    DEFINE(VCPU_OFF, VCPU_OFF);
    DEFINE(VCPU_RUNNABLE, VCPU_RUNNABLE);
    DEFINE(VCPU_BLOCKED, VCPU_BLOCKED);
    DEFINE(PARTITION_STOPPED, offsetof(struct partition, stopped));
    DEFINE(PARTITION_VCPUS, offsetof(struct partition, vcpus));
    DEFINE(PARTITION_VGIC_CTLR, offsetof(struct partition, vgic.ctlr));
    DEFINE(ENDPOINT_PEER, offsetof(struct chan_endpoint, peer));
    DEFINE(ENDPOINT_PART, offsetof(struct chan_endpoint, part));
    DEFINE(ENDPOINT_IRQ, offsetof(struct chan_endpoint, irq));
    DEFINE(ENDPOINT_VIRQ, offsetof(struct chan_endpoint, virq));
    DEFINE(ENDPOINT_RECEIVED, offsetof(struct chan_endpoint, st.received));
    DEFINE(IRQ_ENABLED, offsetof(struct vgic_irq, enabled));
    DEFINE(IRQ_PENDING, offsetof(struct vgic_irq, pending));
    DEFINE(IRQ_GROUP1, offsetof(struct vgic_irq, group1));
    DEFINE(IRQ_IN_LR, offsetof(struct vgic_irq, in_lr));
    DEFINE(IRQ_LR_VCPU, offsetof(struct vgic_irq, lr_vcpu));
    DEFINE(IRQ_TARGET, offsetof(struct vgic_irq, target));
    DEFINE(LR_OPS_PENDING_BIT, offsetof(struct vgic_lr_ops, pending_bit));
    DEFINE(LR_OPS_HW_EOI_BITS, offsetof(struct vgic_lr_ops, hw_eoi_bits));
    DEFINE(VGIC_NR_PRIVATE, VGIC_NR_PRIVATE);
    DEFINE(CONFIG_VIRQ_FIRST, CONFIG_VIRQ_FIRST);
}

/* What the WFI fast path (vcpu/wfi_block.S) reads and writes. */
static void wfi_fast_offsets(void)
{
    _Static_assert(sizeof(((struct console_port *)0)->out.len) == 4, "word length");
    _Static_assert(sizeof(((struct vgic_lrs *)0)->overflow) == 1, "byte flag");
    DEFINE(CPU_PREEMPTED, offsetof(struct cpu, preempted));
    DEFINE(CPU_IN_GUEST, offsetof(struct cpu, in_guest));
    DEFINE(VCPU_INDEX, offsetof(struct vcpu, index));
    DEFINE(VCPU_RESET_PENDING, offsetof(struct vcpu, reset_pending));
    DEFINE(VCPU_LRS_EOI, offsetof(struct vcpu, lrs.eoi));
    DEFINE(VCPU_LRS_EAGER, offsetof(struct vcpu, lrs.eager));
    DEFINE(VCPU_LRS_OVERFLOW, offsetof(struct vcpu, lrs.overflow));
    DEFINE(PARTITION_CONSOLE_OUT_LEN, offsetof(struct partition, port.out.len));
    /* the virtual timer's PPI (27) of vCPU 0; vCPU n's is VGIC_VCPU_SIZE * n on */
    DEFINE(PARTITION_VTIMER_IRQ, offsetof(struct partition, vgic.vcpu[0].priv[27]));
    DEFINE(VGIC_VCPU_SIZE, sizeof(struct vgic_vcpu));
    DEFINE(LR_OPS_EMPTY, offsetof(struct vgic_lr_ops, empty));
}

void offsets(void);
void offsets(void)
{
    DEFINE(CPU_STACK_TOP, offsetof(struct cpu, stack_top));
    DEFINE(CPU_FATAL_STACK_TOP, offsetof(struct cpu, fatal_stack_top));
    DEFINE(CPU_SIZE, sizeof(struct cpu));
    DEFINE(CPU_STACK_SLOT, sizeof(struct cpu_stack));
    DEFINE(FRAME_SIZE, sizeof(struct exc_frame));
    DEFINE(FRAME_SP, offsetof(struct exc_frame, sp));
    DEFINE(FRAME_ELR, offsetof(struct exc_frame, elr));
    DEFINE(FRAME_SPSR, offsetof(struct exc_frame, spsr));
    DEFINE(FRAME_ESR, offsetof(struct exc_frame, esr));
    DEFINE(FRAME_FAR, offsetof(struct exc_frame, far));
    DEFINE(FRAME_KIND, offsetof(struct exc_frame, kind));
    DEFINE(VCPU_REGS_SIZE, sizeof(struct vcpu_regs));
    DEFINE(VCPU_PC, offsetof(struct vcpu, regs.pc));
    DEFINE(VCPU_PSTATE, offsetof(struct vcpu, regs.pstate));
    DEFINE(VCPU_PART, offsetof(struct vcpu, part));
    DEFINE(PARTITION_ENDPOINTS, offsetof(struct partition, endpoints));
    DEFINE(PARTITION_MAX_ENDPOINTS, CONFIG_MAX_ENDPOINTS);
    DEFINE(ENDPOINT_PENDING, offsetof(struct chan_endpoint, st.pending));
    DEFINE(ENDPOINT_MERGED, offsetof(struct chan_endpoint, st.merged));
    DEFINE(HC_CHAN_SEND, KEEL_HC_CHAN_SEND);
    DEFINE(HC_CHAN_RECEIVE, KEEL_HC_CHAN_RECEIVE);
    DEFINE(HVC_OUTCOMES, HVC_OUTCOMES);
    send_fast_offsets();
    wfi_fast_offsets();
}
