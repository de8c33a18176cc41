/*
 * Moving virtual interrupts between a partition's vGIC model (vgic.h) and
 * the list registers of the virtual CPU interface. The logic here is
 * generic and unit tested on the host; the list registers themselves are
 * reached through struct vgic_lr_ops (GICv3 ICH_LR<n>_EL2, GICv2 GICH_LRn).
 */
#ifndef KEEL_VGIC_LR_H
#define KEEL_VGIC_LR_H

#include "vgic.h"
#include <keel/compiler.h>

#define VGIC_MAX_LRS 16

enum vgic_lr_state {
    VGIC_LR_INVALID = 0,
    VGIC_LR_PENDING = 1,
    VGIC_LR_ACTIVE = 2,
    VGIC_LR_PENDING_ACTIVE = 3,
};

/* One list register, decoded. */
struct vgic_lr {
    uint32_t intid;
    uint32_t pintid; /* hw: the physical INTID the guest's EOI deactivates */
    uint8_t priority;
    uint8_t state;  /* enum vgic_lr_state */
    uint8_t source; /* GICv2 SGIs: the sending vCPU */
    bool hw;
    bool group1;
    bool eoi; /* not hw: a maintenance interrupt when the guest ends it */
};

struct vgic_lr_ops {
    unsigned (*count)(void);
    struct vgic_lr (*read)(unsigned n);
    void (*write)(unsigned n, struct vgic_lr lr);
    /* Enables the maintenance interrupt for when the list registers empty
     * (more interrupts are waiting than there are list registers). */
    void (*underflow)(bool enable);
    /* The empty-LR status (ICH_ELRSR_EL2 / GICH_ELRSR0): bit n set if LR n
     * is invalid and asks for no EOI maintenance. */
    uint32_t (*empty)(void);
    /* The register value of lr, as saved with a vCPU that is not loaded
     * (struct vgic_cpu_regs). */
    uint64_t (*encode)(struct vgic_lr lr);
    /* LR n's raw value (the encode format) in the hardware, and writing
     * one; the State[0] (pending) bit of that format, and its HW and EOI
     * bits (LRs a new edge does not touch, vgic_lr_inject). */
    uint64_t (*get)(unsigned n);
    void (*set)(unsigned n, uint64_t value);
    uint64_t pending_bit;
    uint64_t hw_eoi_bits;
};

/* The list-register bookkeeping of one vCPU. */
struct vgic_lrs {
    uint32_t used;                /* bit n: LR n holds an interrupt */
    uint32_t eoi;                 /* bit n: LR n asks for EOI maintenance (a level line) */
    uint32_t eager;               /* bit n: LR n is retired as soon as the guest ends it */
    bool overflow;                /* interrupts were left out for lack of LRs */
    uint16_t intid[VGIC_MAX_LRS]; /* the INTID LR n holds, if used */
};

/* True if an exit must sync at once: an LR holds a level line Keel drives
 * (whose end re-pends a line still asserted, or drops one no longer so),
 * or the guest ended an LR that is retired eagerly (an SGI, which another
 * vCPU may raise again, or an SPI that may be routed to another vCPU
 * next). Other LRs the guest ended are retired
 * lazily, by the sync before the next refill or before the vCPU blocks
 * with news: until then an ended LR only keeps its INTID marked in_lr, for
 * its own vCPU, which vgic_lr_inject reuses (and a refill merges an
 * interrupt raised again meanwhile into it). The common exit of a vCPU
 * that holds only PPIs, or only PPIs and SPIs if it is its partition's
 * only one, costs no register read and no lock. */
static inline bool vgic_lr_need_sync(const struct vgic_lrs *lrs, const struct vgic_lr_ops *ops)
{
    return (lrs->used & lrs->eoi) != 0 ||
           ((lrs->used & lrs->eager) != 0 && (lrs->used & lrs->eager & ops->empty()) != 0);
}

/* True if one of the LRs in use holds a pending interrupt (inline: every
 * WFI asks). */
static inline bool vgic_lr_any_pending(const struct vgic_lrs *lrs, const struct vgic_lr_ops *ops)
{
    uint32_t live = lrs->used != 0 ? lrs->used & ~ops->empty() : 0; /* not ended */

    for (uint32_t bits = live; bits != 0; bits &= bits - 1) {
        if (ops->get((unsigned)__builtin_ctz(bits)) & ops->pending_bit) {
            return true;
        }
    }
    return false;
}

/* Frees the LRs whose interrupt the guest has ended (state invalid) and
 * marks that interrupt inactive in the model; before a refill, and after an
 * exit that vgic_lr_need_sync asks it for.
 * Interrupts still pending or active stay in their LRs (which are saved and
 * restored with the vCPU). An LR the hardware reports empty is retired
 * without being read (lrs->intid says what it held). Returns the vCPUs
 * that now have an interrupt waiting for them (a refill is due): this one
 * if some were left out for lack of LRs, and whichever an interrupt raised
 * again while its LR held it is routed to now. */
uint32_t vgic_lr_sync(struct vgic *g, unsigned vcpu, struct vgic_lrs *lrs,
                      const struct vgic_lr_ops *ops);

/* Before entering the guest: fills free LRs with the highest-priority
 * deliverable interrupts; when they are all taken by lower-priority pending
 * ones, the lowest is put back for a higher one. Arms the underflow
 * maintenance interrupt when interrupts are still waiting. */
void vgic_lr_flush(struct vgic *g, unsigned vcpu, struct vgic_lrs *lrs,
                   const struct vgic_lr_ops *ops);

/*
 * The fast way in for a new edge of INTID (a channel send, a timer tick),
 * whose state in the model is irq (vgic_irq(g, vcpu, intid)),
 * instead of vgic_raise and a refill. If it is deliverable to the vCPU
 * (enabled, its group on, routed there, not pending in the model) and a
 * list register is free with nothing left waiting for one, it goes
 * straight into that LR: the hardware then orders it against the other
 * LRs by priority, as a refill would have. If one of the vCPU's LRs holds
 * it already, the edge merges into that LR (pending stays pending; active
 * becomes pending and active). `saved` is the vCPU's saved LR image when it
 * is not loaded (ops->encode/decode), NULL when it is (the hardware).
 * Returns false, changing nothing, when the general way must decide.
 */
bool vgic_lr_inject(const struct vgic *g, struct vgic_irq *irq, unsigned vcpu, struct vgic_lrs *lrs,
                    uint32_t intid, const struct vgic_lr_ops *ops, uint64_t *saved);

/* vgic_lr_inject's usual case, alone: INTID held by an LR of the vCPU's
 * saved image `saved` (it is not loaded). No call through ops: the raise
 * of a channel send to a vCPU that waits is a leaf. */
bool vgic_lr_inject_saved_again(const struct vgic *g, const struct vgic_irq *irq, unsigned vcpu,
                                const struct vgic_lrs *lrs, uint32_t intid,
                                const struct vgic_lr_ops *ops, uint64_t *saved);

/* True if an interrupt is pending for the vCPU, in an LR or in the model:
 * a WFI must not sleep then. */
bool vgic_lr_has_pending(const struct vgic *g, unsigned vcpu, const struct vgic_lrs *lrs,
                         const struct vgic_lr_ops *ops);

#endif
