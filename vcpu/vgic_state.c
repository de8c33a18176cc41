/*
 * The vGIC model's interrupt state (see vgic.h): reset, lookup, targets,
 * raising an interrupt or driving a level-sensitive line, and which
 * interrupt a vCPU should see next. Pure logic, unit tested on the host;
 * the register emulation that changes this state is in vgic_dist.c and
 * vgic_redist.c.
 */
#include "vgic_dist_internal.h"

#include <string.h>

void vgic_init(struct vgic *g, unsigned version, unsigned nr_vcpus)
{
    memset(g, 0, sizeof(*g));
    g->version = version;
    g->nr_vcpus = nr_vcpus > VGIC_MAX_VCPUS ? VGIC_MAX_VCPUS : nr_vcpus;
    for (unsigned v = 0; v < VGIC_MAX_VCPUS; v++) {
        for (unsigned i = 0; i < VGIC_NR_SGIS; i++) {
            g->vcpu[v].priv[i].edge = true;
        }
        g->vcpu[v].sleeping = true; /* GICR_WAKER.ProcessorSleep resets to 1 */
    }
    for (unsigned i = 0; i < VGIC_NR_SPIS; i++) {
        g->spi[i].targets = 1; /* vCPU 0; route 0 is Aff0 = 0, vCPU 0 too */
        vgic_spi_retarget(g, VGIC_NR_PRIVATE + i);
    }
}

struct vgic_irq *vgic_irq(struct vgic *g, unsigned vcpu, uint32_t intid)
{
    if (vcpu >= g->nr_vcpus || intid >= VGIC_NR_IRQS) {
        return NULL;
    }
    if (intid < VGIC_NR_PRIVATE) {
        return &g->vcpu[vcpu].priv[intid];
    }
    return &g->spi[intid - VGIC_NR_PRIVATE];
}

static int route_target(const struct vgic *g, uint64_t route)
{
    if (route & (1ull << 31)) {
        return g->nr_vcpus > 0 ? 0 : -1; /* IRM: 1 of N, always vCPU 0 */
    }
    if ((route & 0xff00ffff00ull) != 0 || (route & 0xff) >= g->nr_vcpus) {
        return -1; /* Aff3, Aff2 or Aff1 not 0, or no such Aff0 */
    }
    return (int)(route & 0xff);
}

static int compute_target(const struct vgic *g, const struct vgic_irq *irq)
{
    if (g->version == 3) {
        return route_target(g, irq->route);
    }
    for (unsigned v = 0; v < g->nr_vcpus; v++) {
        if (irq->targets & (1u << v)) {
            return (int)v;
        }
    }
    return -1;
}

void vgic_spi_retarget(struct vgic *g, uint32_t intid)
{
    if (intid >= VGIC_NR_PRIVATE && intid < VGIC_NR_IRQS) {
        struct vgic_irq *irq = &g->spi[intid - VGIC_NR_PRIVATE];
        irq->target = (int8_t)compute_target(g, irq);
    }
}

int vgic_spi_target(const struct vgic *g, uint32_t intid)
{
    if (intid < VGIC_NR_PRIVATE || intid >= VGIC_NR_IRQS) {
        return -1;
    }
    return g->spi[intid - VGIC_NR_PRIVATE].target;
}

uint32_t vgic_all_vcpus(const struct vgic *g)
{
    return (1u << g->nr_vcpus) - 1;
}

uint32_t vgic_sgi_pend(struct vgic *g, unsigned target, uint32_t intid, unsigned sender)
{
    struct vgic_irq *irq = &g->vcpu[target].priv[intid];

    irq->pending = true;
    vgic_hint(g, target, intid);
    if (g->version == 2) {
        irq->sgi_sources |= (uint16_t)(1u << sender);
    }
    return 1u << target;
}

uint32_t vgic_raise(struct vgic *g, unsigned vcpu, uint32_t intid)
{
    if (intid < VGIC_NR_SGIS) {
        /* a GICv2 SGI raised by Keel counts as sent by the vCPU itself */
        return vcpu < g->nr_vcpus ? vgic_sgi_pend(g, vcpu, intid, vcpu) : 0;
    }
    if (intid < VGIC_NR_PRIVATE) {
        if (vcpu >= g->nr_vcpus) {
            return 0;
        }
        g->vcpu[vcpu].priv[intid].pending = true;
        vgic_hint(g, vcpu, intid);
        return 1u << vcpu;
    }
    if (intid >= VGIC_NR_IRQS) {
        return 0;
    }
    g->spi[intid - VGIC_NR_PRIVATE].pending = true;
    vgic_hint(g, vcpu, intid);
    int target = vgic_spi_target(g, intid);
    return target < 0 ? 0 : 1u << target;
}

uint32_t vgic_set_level(struct vgic *g, unsigned vcpu, uint32_t intid, bool level)
{
    struct vgic_irq *irq = intid >= VGIC_NR_SGIS ? vgic_irq(g, vcpu, intid) : NULL;

    if (irq == NULL) {
        return 0;
    }
    irq->level = true;
    irq->line = level;
    if (!level) {
        irq->pending = false; /* a copy still pending in an LR goes on sync */
        return 0;
    }
    if (irq->pending || irq->in_lr) {
        return 0; /* already on its way; re-pended at its end if still asserted */
    }
    irq->pending = true;
    vgic_hint(g, vcpu, intid);
    if (intid < VGIC_NR_PRIVATE) {
        return 1u << vcpu;
    }
    int target = vgic_spi_target(g, intid);
    return target < 0 ? 0 : 1u << target;
}

static bool deliverable(const struct vgic *g, const struct vgic_irq *irq)
{
    uint32_t group = irq->group1 ? VGIC_CTLR_ENABLE_GRP1 : VGIC_CTLR_ENABLE_GRP0;
    return irq->pending && irq->enabled && !irq->in_lr && (g->ctlr & group) != 0;
}

/* Considers INTID for vCPU vcpu: better than *best (by priority, then
 * INTID)? Returns false when it is not pending at all (its hint can go). */
static bool consider(const struct vgic *g, unsigned vcpu, uint32_t intid, uint32_t *best,
                     unsigned *best_priority)
{
    const struct vgic_irq *irq =
        intid < VGIC_NR_PRIVATE ? &g->vcpu[vcpu].priv[intid] : &g->spi[intid - VGIC_NR_PRIVATE];

    if (!irq->pending) {
        return false;
    }
    if (deliverable(g, irq) && irq->priority < *best_priority &&
        (intid < VGIC_NR_PRIVATE || irq->target == (int)vcpu)) {
        *best = intid;
        *best_priority = irq->priority;
    }
    return true;
}

uint32_t vgic_next_pending(const struct vgic *g, unsigned vcpu)
{
    struct vgic *m = (struct vgic *)(uintptr_t)g; /* trims hints: not state */
    uint32_t best = VGIC_SPURIOUS;
    unsigned best_priority = 0x100;

    if (vcpu >= g->nr_vcpus) {
        return VGIC_SPURIOUS;
    }
    for (uint32_t bits = m->vcpu[vcpu].hint; bits != 0; bits &= bits - 1) {
        uint32_t intid = (uint32_t)__builtin_ctz(bits);
        if (!consider(g, vcpu, intid, &best, &best_priority)) {
            m->vcpu[vcpu].hint &= ~(1u << intid);
        }
    }
    for (uint32_t words = m->spi_hint_words; words != 0; words &= words - 1) {
        unsigned w = (unsigned)__builtin_ctz(words);
        for (uint32_t bits = m->spi_hint[w]; bits != 0; bits &= bits - 1) {
            uint32_t n = (uint32_t)__builtin_ctz(bits);
            if (!consider(g, vcpu, VGIC_NR_PRIVATE + 32 * w + n, &best, &best_priority)) {
                m->spi_hint[w] &= ~(1u << n);
            }
        }
        if (m->spi_hint[w] == 0) {
            m->spi_hint_words &= ~(1u << w);
        }
    }
    return best;
}
