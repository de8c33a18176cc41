/* List-register management: see vgic_lr.h. */
#include "vgic_lr.h"

static void lrs_forget(struct vgic_lrs *lrs, unsigned n)
{
    lrs->used &= ~(1u << n);
    lrs->eoi &= ~(1u << n);
    lrs->eager &= ~(1u << n);
}

/* LR n now holds INTID. An SGI, or an SPI of a partition with several
 * vCPUs, is retired at the exit after the guest ends it: another vCPU may
 * raise the SGI again (which a refill cannot merge into the LR: a GICv2
 * SGI has a source per LR), or the SPI may be routed to another vCPU next;
 * kept lazily, it would wait in the model for an LR that this vCPU may not
 * retire before it blocks. */
static void lrs_hold(const struct vgic *g, struct vgic_lrs *lrs, unsigned n, uint32_t intid)
{
    lrs->used |= 1u << n;
    lrs->intid[n] = (uint16_t)intid;
    if (intid < VGIC_NR_SGIS || (intid >= VGIC_NR_PRIVATE && g->nr_vcpus > 1)) {
        lrs->eager |= 1u << n;
    }
}

/* Takes LR n's interrupt back into the model, still pending. */
static void evict_one(struct vgic *g, unsigned vcpu, struct vgic_lrs *lrs, unsigned n,
                      const struct vgic_lr_ops *ops)
{
    struct vgic_lr lr = ops->read(n);

    ops->write(n, (struct vgic_lr){0});
    lrs_forget(lrs, n);
    struct vgic_irq *irq = vgic_irq(g, vcpu, lr.intid);
    if (irq == NULL) {
        return;
    }
    irq->in_lr = false;
    irq->active = (lr.state & VGIC_LR_ACTIVE) != 0;
    if ((lr.state & VGIC_LR_PENDING) && (!irq->level || irq->line)) {
        irq->pending = true;
        vgic_hint(g, vcpu, lr.intid);
        if (lr.intid < VGIC_NR_SGIS && g->version == 2) {
            irq->sgi_sources |= (uint16_t)(1u << lr.source);
        }
    }
}

/* A level line Keel drives: dropped while its interrupt was only pending
 * in the LR, it is taken back; ended by the guest while still asserted, it
 * is pending again. An LR that asked for the EOI maintenance interrupt is
 * cleared, so that the interrupt stops. */
static bool sync_level(struct vgic *g, unsigned vcpu, unsigned n, struct vgic_lr lr,
                       const struct vgic_lr_ops *ops)
{
    struct vgic_irq *irq = vgic_irq(g, vcpu, lr.intid);

    if (irq == NULL || !irq->level || lr.hw) {
        return lr.state == VGIC_LR_INVALID;
    }
    if (lr.state == VGIC_LR_PENDING && !irq->line) {
        lr.state = VGIC_LR_INVALID;
    }
    if (lr.state != VGIC_LR_INVALID) {
        return false;
    }
    ops->write(n, (struct vgic_lr){0});
    if (irq->line) {
        irq->pending = true;
        vgic_hint(g, vcpu, lr.intid);
    }
    return true;
}

/* Marks what an ended LR held inactive; true if it was raised again while
 * the LR held it (it waits for a refill now). */
static uint32_t retire(struct vgic *g, unsigned vcpu, struct vgic_lrs *lrs, unsigned n,
                       uint32_t intid)
{
    struct vgic_irq *irq = vgic_irq(g, vcpu, intid);

    lrs_forget(lrs, n);
    if (irq == NULL) {
        return 0;
    }
    irq->in_lr = false;
    irq->active = false;
    if (!irq->pending) {
        return 0;
    }
    int target = intid < VGIC_NR_PRIVATE ? (int)vcpu : irq->target;
    return target >= 0 ? 1u << target : 0;
}

/* The level lines Keel drives: their LR says whether the line is done. */
static KEEL_NOINLINE uint32_t sync_levels(struct vgic *g, unsigned vcpu, struct vgic_lrs *lrs,
                                          const struct vgic_lr_ops *ops)
{
    uint32_t waiting = 0;

    for (uint32_t bits = lrs->used & lrs->eoi; bits != 0; bits &= bits - 1) {
        unsigned n = (unsigned)__builtin_ctz(bits);
        struct vgic_lr lr = ops->read(n);
        if (sync_level(g, vcpu, n, lr, ops)) {
            waiting |= retire(g, vcpu, lrs, n, lr.intid);
        }
    }
    return waiting;
}

uint32_t vgic_lr_sync(struct vgic *g, unsigned vcpu, struct vgic_lrs *lrs,
                      const struct vgic_lr_ops *ops)
{
    uint32_t empty = lrs->used & ops->empty();
    uint32_t waiting = lrs->overflow ? 1u << vcpu : 0;

    /* reported empty and no level line: ended, and lrs->intid says what */
    for (uint32_t bits = empty & ~lrs->eoi; bits != 0; bits &= bits - 1) {
        unsigned n = (unsigned)__builtin_ctz(bits);
        waiting |= retire(g, vcpu, lrs, n, lrs->intid[n]);
    }
    if ((lrs->used & lrs->eoi) != 0) {
        waiting |= sync_levels(g, vcpu, lrs, ops);
    }
    return waiting;
}

/* Builds the LR for irq and takes it out of the model's pending state. */
static void load_one(struct vgic *g, unsigned vcpu, struct vgic_lrs *lrs, uint32_t intid,
                     unsigned n, const struct vgic_lr_ops *ops)
{
    struct vgic_irq *irq = vgic_irq(g, vcpu, intid);
    struct vgic_lr lr = {
        .intid = intid,
        .pintid = irq->hw_intid,
        .priority = irq->priority,
        .state = (uint8_t)(VGIC_LR_PENDING | (irq->active ? VGIC_LR_ACTIVE : 0)),
        .hw = irq->hw,
        .group1 = irq->group1,
        .eoi = irq->level && !irq->hw,
    };

    if (intid < VGIC_NR_SGIS && g->version == 2) {
        uint16_t src = irq->sgi_sources;
        while (src != 0 && (src & (1u << lr.source)) == 0) {
            lr.source++;
        }
        irq->sgi_sources &= (uint16_t) ~(1u << lr.source);
        irq->pending = irq->sgi_sources != 0; /* other senders wait */
    } else {
        irq->pending = false;
    }
    irq->in_lr = true;
    irq->lr_vcpu = (uint8_t)vcpu;
    ops->write(n, lr);
    lrs_hold(g, lrs, n, intid);
    if (lr.eoi) {
        lrs->eoi |= 1u << n;
    }
}

/* The LR holding the lowest-priority interrupt that is only pending, or -1. */
static int weakest_pending_lr(unsigned count, const struct vgic_lrs *lrs,
                              const struct vgic_lr_ops *ops, uint8_t *priority)
{
    int weakest = -1;

    for (unsigned n = 0; n < count; n++) {
        if ((lrs->used & (1u << n)) == 0) {
            continue;
        }
        struct vgic_lr lr = ops->read(n);
        if (lr.state == VGIC_LR_PENDING && (weakest < 0 || lr.priority > *priority)) {
            weakest = (int)n;
            *priority = lr.priority;
        }
    }
    return weakest;
}

static int free_lr(unsigned count, const struct vgic_lrs *lrs)
{
    uint32_t free = ~lrs->used & ((1u << count) - 1);

    return free != 0 ? __builtin_ctz(free) : -1;
}

/* An interrupt raised again (the general way: from another CPU) while one
 * of the vCPU's LRs holds it is merged into that LR: pending stays pending,
 * active becomes pending and active, ended becomes pending again. Left in
 * the model, it would wait for the LR to be retired, which (lazy) may not
 * come before the vCPU blocks. SGIs of GICv2 (a source per LR), level lines
 * and hardware interrupts are left to the model. */
static void repend_held(struct vgic *g, unsigned vcpu, const struct vgic_lrs *lrs,
                        const struct vgic_lr_ops *ops)
{
    for (uint32_t bits = lrs->used & ~lrs->eoi; bits != 0; bits &= bits - 1) {
        unsigned n = (unsigned)__builtin_ctz(bits);
        struct vgic_irq *irq = vgic_irq(g, vcpu, lrs->intid[n]);
        if (irq == NULL || !irq->pending || lrs->intid[n] < VGIC_NR_SGIS) {
            continue;
        }
        uint64_t lr = ops->get(n);
        if ((lr & ops->hw_eoi_bits) == 0) {
            ops->set(n, lr | ops->pending_bit);
            irq->pending = false;
        }
    }
}

void vgic_lr_flush(struct vgic *g, unsigned vcpu, struct vgic_lrs *lrs,
                   const struct vgic_lr_ops *ops)
{
    unsigned count = ops->count();
    uint32_t intid;

    repend_held(g, vcpu, lrs, ops);
    lrs->overflow = false;
    while ((intid = vgic_next_pending(g, vcpu)) != VGIC_SPURIOUS) {
        int n = free_lr(count, lrs);
        if (n < 0) {
            uint8_t weakest_priority = 0;
            n = weakest_pending_lr(count, lrs, ops, &weakest_priority);
            if (n < 0 || weakest_priority <= vgic_irq(g, vcpu, intid)->priority) {
                lrs->overflow = true;
                break;
            }
            evict_one(g, vcpu, lrs, (unsigned)n, ops);
        }
        load_one(g, vcpu, lrs, intid, (unsigned)n, ops);
    }
    ops->underflow(lrs->overflow);
}

/* Whether a new edge of INTID can go straight to vCPU `vcpu`'s LRs: enabled,
 * its group on, routed there, in no state a refill weighs (pending in the
 * model, a level line, an SGI, active outside an LR), and if in an LR, in
 * one of this vCPU's. */
static KEEL_INLINE bool injectable(const struct vgic *g, const struct vgic_irq *irq, unsigned vcpu,
                                   uint32_t intid)
{
    if (intid < VGIC_NR_SGIS || irq->pending || irq->level || !irq->enabled ||
        (irq->in_lr ? irq->lr_vcpu != vcpu : irq->active) ||
        (intid >= VGIC_NR_PRIVATE && irq->target != (int)vcpu)) {
        return false;
    }
    uint32_t group = irq->group1 ? VGIC_CTLR_ENABLE_GRP1 : VGIC_CTLR_ENABLE_GRP0;
    return (g->ctlr & group) != 0;
}

static void lr_put(unsigned n, struct vgic_lr lr, const struct vgic_lr_ops *ops, uint64_t *saved)
{
    if (saved != NULL) {
        saved[n] = ops->encode(lr);
    } else {
        ops->write(n, lr);
    }
}

/* INTID, already in one of the vCPU's LRs, has a new edge: pending, it
 * merges; active (its handler runs), it becomes pending and active, taken
 * again after the guest ends it; ended but not yet retired, its LR is made
 * pending again. A hardware interrupt is left to the general way. */
static KEEL_INLINE bool inject_again(const struct vgic_lrs *lrs, uint32_t intid,
                                     const struct vgic_lr_ops *ops, uint64_t *saved)
{
    for (uint32_t bits = lrs->used; bits != 0; bits &= bits - 1) {
        unsigned n = (unsigned)__builtin_ctz(bits);
        if (lrs->intid[n] != intid) {
            continue;
        }
        uint64_t lr = saved != NULL ? saved[n] : ops->get(n);
        if (lr & ops->hw_eoi_bits) {
            return false;
        }
        if (saved != NULL) {
            saved[n] = lr | ops->pending_bit;
        } else {
            ops->set(n, lr | ops->pending_bit);
        }
        return true;
    }
    return false;
}

bool vgic_lr_inject(const struct vgic *g, struct vgic_irq *irq, unsigned vcpu, struct vgic_lrs *lrs,
                    uint32_t intid, const struct vgic_lr_ops *ops, uint64_t *saved)
{
    if (!injectable(g, irq, vcpu, intid)) {
        return false;
    }
    if (irq->in_lr) {
        return inject_again(lrs, intid, ops, saved);
    }
    uint32_t free = ~lrs->used & ((1u << ops->count()) - 1);
    if (free == 0 || lrs->overflow) {
        return false;
    }
    unsigned n = (unsigned)__builtin_ctz(free);
    struct vgic_lr lr = {
        .intid = intid,
        .pintid = irq->hw_intid,
        .priority = irq->priority,
        .state = VGIC_LR_PENDING,
        .hw = irq->hw,
        .group1 = irq->group1,
    };
    lr_put(n, lr, ops, saved);
    irq->in_lr = true;
    irq->lr_vcpu = (uint8_t)vcpu;
    lrs_hold(g, lrs, n, intid);
    return true;
}

/* Held in one of the vCPU's LRs, the interrupt's state is the LR's: of
 * injectable's tests only those of the model remain (enabled, its group on,
 * not pending there). Routing was settled when it went into the LR (an
 * SPI's target is the caller's choice of vCPU), and a level line's LR asks
 * for EOI maintenance, which inject_again leaves to the general way. */
bool vgic_lr_inject_saved_again(const struct vgic *g, const struct vgic_irq *irq, unsigned vcpu,
                                const struct vgic_lrs *lrs, uint32_t intid,
                                const struct vgic_lr_ops *ops, uint64_t *saved)
{
    uint32_t group = irq->group1 ? VGIC_CTLR_ENABLE_GRP1 : VGIC_CTLR_ENABLE_GRP0;

    return irq->in_lr && irq->lr_vcpu == vcpu && irq->enabled && !irq->pending &&
           (g->ctlr & group) != 0 && intid >= VGIC_NR_SGIS && inject_again(lrs, intid, ops, saved);
}

bool vgic_lr_has_pending(const struct vgic *g, unsigned vcpu, const struct vgic_lrs *lrs,
                         const struct vgic_lr_ops *ops)
{
    return vgic_lr_any_pending(lrs, ops) || vgic_next_pending(g, vcpu) != VGIC_SPURIOUS;
}
