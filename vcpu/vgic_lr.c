/* List-register management: see vgic_lr.h. */
#include "vgic_lr.h"

static void lrs_forget(struct vgic_lrs *lrs, unsigned n)
{
    lrs->used &= ~(1u << n);
    lrs->eoi &= ~(1u << n);
}

/* Takes LR n's interrupt back into the model, still pending. */
static void evict_one(struct vgic *g, unsigned vcpu, struct vgic_lrs *lrs, unsigned n,
                      const struct vgic_lr_ops *ops)
{
    struct vgic_lr lr;
    struct vgic_lr empty = {0};

    ops->read(n, &lr);
    ops->write(n, &empty);
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
        if (lr.intid < 16 && g->version == 2) {
            irq->sgi_sources |= (uint16_t)(1u << lr.source);
        }
    }
}

/* A level line Keel drives: dropped while its interrupt was only pending
 * in the LR, it is taken back; ended by the guest while still asserted, it
 * is pending again. An LR that asked for the EOI maintenance interrupt is
 * cleared, so that the interrupt stops. */
static bool sync_level(struct vgic *g, unsigned vcpu, unsigned n, struct vgic_lr *lr,
                       const struct vgic_lr_ops *ops)
{
    struct vgic_irq *irq = vgic_irq(g, vcpu, lr->intid);

    if (irq == NULL || !irq->level || lr->hw) {
        return lr->state == VGIC_LR_INVALID;
    }
    if (lr->state == VGIC_LR_PENDING && !irq->line) {
        lr->state = VGIC_LR_INVALID;
    }
    if (lr->state != VGIC_LR_INVALID) {
        return false;
    }
    struct vgic_lr empty = {0};
    ops->write(n, &empty);
    if (irq->line) {
        irq->pending = true;
        vgic_hint(g, vcpu, lr->intid);
    }
    return true;
}

void vgic_lr_sync(struct vgic *g, unsigned vcpu, struct vgic_lrs *lrs,
                  const struct vgic_lr_ops *ops)
{
    /* only the LRs the hardware reports empty, and level lines, can change */
    for (uint32_t bits = lrs->used & (ops->empty() | lrs->eoi); bits != 0; bits &= bits - 1) {
        unsigned n = (unsigned)__builtin_ctz(bits);
        struct vgic_lr lr;
        ops->read(n, &lr);
        if (lr.eoi ? !sync_level(g, vcpu, n, &lr, ops) : lr.state != VGIC_LR_INVALID) {
            continue; /* still pending or active: it stays in its LR */
        }
        struct vgic_irq *irq = vgic_irq(g, vcpu, lr.intid);
        if (irq != NULL) {
            irq->in_lr = false;
            irq->active = false;
        }
        lrs_forget(lrs, n);
    }
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

    if (intid < 16 && g->version == 2) {
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
    ops->write(n, &lr);
    lrs->used |= 1u << n;
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
        struct vgic_lr lr;
        if ((lrs->used & (1u << n)) == 0) {
            continue;
        }
        ops->read(n, &lr);
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

void vgic_lr_flush(struct vgic *g, unsigned vcpu, struct vgic_lrs *lrs,
                   const struct vgic_lr_ops *ops)
{
    unsigned count = ops->count();
    uint32_t intid;

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

bool vgic_lr_has_pending(const struct vgic *g, unsigned vcpu, const struct vgic_lrs *lrs,
                         const struct vgic_lr_ops *ops)
{
    for (unsigned n = 0; lrs->used >> n != 0; n++) {
        struct vgic_lr lr;
        if (lrs->used & (1u << n)) {
            ops->read(n, &lr);
            if (lr.state & VGIC_LR_PENDING) {
                return true;
            }
        }
    }
    return vgic_next_pending(g, vcpu) != VGIC_SPURIOUS;
}
