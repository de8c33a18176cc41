/* vGIC glue between the model, the list registers and the scheduler. Lock:
 * the partition's vgic_lock guards its struct vgic; it is a leaf (only the
 * console may be taken inside it, for a log line). */
#include "vgic_vcpu.h"

#include "../microvisor/cpu.h"
#include "../microvisor/partition.h"
#include "../microvisor/run.h"
#include "../microvisor/trap.h"
#include "mmio.h"
#include <keel/aarch64/sysreg.h>
#include <keel/arch.h>

#define PPI_VTIMER   27
#define CNTV_ENABLE  (1ull << 0)
#define CNTV_ISTATUS (1ull << 2)
#define ESR_DABT_EL1 ((0x25ull << 26) | (1ull << 25) | 0x10)

struct vgic_layout vgic_layout;

void vgic_partition_reset(struct partition *p)
{
    vgic_init(&p->vgic, vgic_layout.version, p->cfg->nr_vcpus);
    /* passthrough SPIs: the guest's EOI deactivates the physical one */
    for (unsigned d = 0; d < p->cfg->nr_devices; d++) {
        for (unsigned i = 0; i < p->cfg->devices[d].nr_irqs; i++) {
            uint32_t intid = p->cfg->devices[d].irqs[i];
            struct vgic_irq *irq = vgic_irq(&p->vgic, 0, intid);
            if (irq != NULL) {
                irq->hw = true;
                irq->hw_intid = (uint16_t)intid;
            }
        }
    }
    for (unsigned i = 0; i < p->cfg->nr_vcpus; i++) {
        vgic_hw_reset(&p->vcpus[i].vgic_regs);
        p->vcpus[i].lrs = (struct vgic_lrs){0};
        p->vcpus[i].vgic_dirty = false;
    }
}

/* w has a new interrupt: wake it, and let it take the CPU if it outranks
 * what runs here. w belongs to this CPU. */
static KEEL_INLINE void wake_here(struct cpu *c, struct vcpu *w)
{
    if (w->state == VCPU_BLOCKED) {
        w->wake_at = 0;
        w->state = VCPU_RUNNABLE;
    }
    run_offer(c, w);
}

/* The vCPUs in `kick` have news: refill their LRs, wake them, and make
 * their CPUs look again. Called with the vgic lock held. */
static void apply_kicks(struct partition *p, uint32_t kick)
{
    unsigned self = arch_this_cpu()->index;

    kick &= (1u << p->cfg->nr_vcpus) - 1;
    for (; kick != 0; kick &= kick - 1) {
        struct vcpu *w = &p->vcpus[__builtin_ctz(kick)];
        w->vgic_dirty = true;
        if (w->cpu != self) {
            if (w->state == VCPU_BLOCKED) {
                w->wake_at = 0;
                w->state = VCPU_RUNNABLE;
            }
            run_kick(w->cpu);
        } else {
            wake_here(&cpus[self], w);
        }
    }
}

/* With the vgic lock held. Whoever an interrupt now waits for (an LR came
 * free, or one raised again while its LR held it is routed elsewhere) is
 * kicked. */
static void sync_locked(struct vcpu *v)
{
    uint32_t kick = vgic_lr_sync(&v->part->vgic, v->index, &v->lrs, vgic_hw_ops());

    if (kick != 0) {
        apply_kicks(v->part, kick);
    }
}

void vgic_vcpu_sync_lrs(struct vcpu *v)
{
    spin_lock(&v->part->vgic_lock);
    sync_locked(v);
    spin_unlock(&v->part->vgic_lock);
}

/* The virtual timer's interrupt is level-sensitive: once the guest has
 * re-armed its timer into the future (or turned it off), a tick Keel made
 * pending earlier must not be delivered any more. The vCPU is loaded. */
static void vtimer_level_sync(struct vcpu *v)
{
    struct vgic_irq *irq = &v->part->vgic.vcpu[v->index].priv[PPI_VTIMER];

    if (irq->pending && !irq->in_lr) {
        uint64_t ctl = read_sysreg(cntv_ctl_el0);
        if ((ctl & CNTV_ENABLE) == 0 || (ctl & CNTV_ISTATUS) == 0) {
            irq->pending = false;
        }
    }
}

void vgic_vcpu_fill_lrs(struct vcpu *v)
{
    isb(); /* v may have been loaded just now (run.c, load): its LRs are read back */
    spin_lock(&v->part->vgic_lock);
    sync_locked(v);
    vtimer_level_sync(v);
    v->vgic_dirty = false;
    vgic_lr_flush(&v->part->vgic, v->index, &v->lrs, vgic_hw_ops());
    spin_unlock(&v->part->vgic_lock);
}

void vgic_vcpu_switch(struct vcpu *out, struct vcpu *in)
{
    if (out != NULL) {
        vgic_hw_switch(&out->vgic_regs, out->lrs.used, &in->vgic_regs, in->lrs.used);
    } else {
        vgic_hw_switch(NULL, 0, &in->vgic_regs, in->lrs.used);
    }
}

/* The vCPU of this CPU a raise of INTID goes to (`vcpu` for 0..31, an
 * SPI's target), with the interrupt's state; NULL if it goes elsewhere or
 * nowhere (the general way then decides). */
static struct vcpu *raise_target_here(const struct cpu *c, struct partition *p, unsigned vcpu,
                                      uint32_t intid, const struct vgic_irq *irq)
{
    if (irq == NULL || intid < VGIC_NR_SGIS) {
        return NULL;
    }
    int t = intid < VGIC_NR_PRIVATE ? (int)vcpu : irq->target;
    struct vcpu *w = t >= 0 ? &p->vcpus[t] : NULL;
    KEEL_OPAQUE(w); /* computed once: GCC would compute it again at each use */
    return (w != NULL && w->cpu == c->index) ? w : NULL;
}

/* The general way, with the vgic lock held: the model, then the refill on
 * the next entry. */
static KEEL_NOINLINE void raise_general(struct partition *p, unsigned vcpu, uint32_t intid)
{
    apply_kicks(p, vgic_raise(&p->vgic, vcpu, intid));
}

/* With the vgic lock held: any raise for w, a vCPU of this CPU, that an LR
 * takes at once (vgic_lr_inject). */
static KEEL_NOINLINE bool raise_into_lr(struct cpu *c, struct partition *p, struct vcpu *w,
                                        struct vgic_irq *irq, uint32_t intid)
{
    uint64_t *saved = c->loaded == w ? NULL : w->vgic_regs.lr;
    bool done = vgic_lr_inject(&p->vgic, irq, w->index, &w->lrs, intid, vgic_hw_ops(), saved);

    if (done) {
        wake_here(c, w);
    }
    return done;
}

/* The same for the usual raise of a channel send: INTID waits in an LR of
 * w's saved interface, ended or active since the previous one; a leaf. */
static KEEL_INLINE bool raise_saved_again(struct cpu *c, struct partition *p, struct vcpu *w,
                                          const struct vgic_irq *irq, uint32_t intid)
{
    bool done = vgic_lr_inject_saved_again(&p->vgic, irq, w->index, &w->lrs, intid, vgic_hw_ops(),
                                           w->vgic_regs.lr);
    if (done) {
        wake_here(c, w);
    }
    return done;
}

/*
 * A raise for a vCPU w of this CPU goes straight into one of its list
 * registers (the hardware's if it is loaded, its saved image if not) when
 * that is all it takes: no refill on its next entry. If w is to be
 * refilled anyway and the interrupt is pending already, a new edge adds
 * nothing. Anything else takes the general way. All under the vgic lock,
 * taken once.
 */
void vgic_partition_raise_irq(struct partition *p, unsigned vcpu, uint32_t intid,
                              struct vgic_irq *irq)
{
    struct cpu *c = arch_this_cpu();

    spin_lock(&p->vgic_lock);
    struct vcpu *w = raise_target_here(c, p, vcpu, intid, irq);
    bool done = false;
    if (w != NULL && w->vgic_dirty) {
        done = irq->pending && w->state == VCPU_RUNNABLE; /* the refill has it */
    } else if (w != NULL) {
        done = irq->in_lr && c->loaded != w ? raise_saved_again(c, p, w, irq, intid)
                                            : raise_into_lr(c, p, w, irq, intid);
    }
    if (!done) {
        raise_general(p, vcpu, intid);
    }
    spin_unlock(&p->vgic_lock);
}

void vgic_partition_raise(struct partition *p, unsigned vcpu, uint32_t intid)
{
    vgic_partition_raise_irq(p, vcpu, intid, vgic_irq(&p->vgic, vcpu, intid));
}

/* Without news (vgic_dirty) or interrupts left out for lack of LRs, the
 * model has nothing deliverable outside the LRs: only they need a look. */
bool vgic_vcpu_may_block(struct vcpu *v)
{
    const struct vgic_lr_ops *ops = vgic_hw_ops();

    spin_lock(&v->part->vgic_lock);
    vtimer_level_sync(v);
    bool news = v->vgic_dirty || v->lrs.overflow;
    if (news) {
        sync_locked(v); /* an ended LR still marks its INTID in_lr */
    }
    bool pending = news ? vgic_lr_has_pending(&v->part->vgic, v->index, &v->lrs, ops)
                        : vgic_lr_any_pending(&v->lrs, ops);
    if (!pending && v->state == VCPU_RUNNABLE && !v->reset_pending) {
        v->state = VCPU_BLOCKED; /* under the lock: a raise now sees it; a vCPU
                                    stopped or restarted meanwhile stays so */
    }
    spin_unlock(&v->part->vgic_lock);
    return !pending;
}

void vgic_vcpu_sgi1r(struct vcpu *v, uint64_t value)
{
    uint32_t kick = 0;

    spin_lock(&v->part->vgic_lock);
    vgic_sgi1r(&v->part->vgic, v->index, value, &kick);
    apply_kicks(v->part, kick);
    spin_unlock(&v->part->vgic_lock);
}

/* Emulates the access; returns -1 if the vGIC refused it. */
static int emulate(struct vcpu *v, uint64_t ipa, const struct mmio_access *a)
{
    struct partition *p = v->part;
    uint64_t val = mmio_value_to_store(a, v->regs.x); /* xzr: 0 */
    uint32_t kick = 0;
    int rc;

    spin_lock(&p->vgic_lock);
    if (ipa - vgic_layout.gicd < VGIC_GICD_SIZE) {
        rc = vgic_dist_access(&p->vgic, v->index, ipa - vgic_layout.gicd, a->size, a->write, &val,
                              &kick);
    } else {
        uint64_t off = ipa - vgic_layout.gicr;
        rc = vgic_redist_access(&p->vgic, (unsigned)(off / VGIC_GICR_FRAME_SIZE),
                                off % VGIC_GICR_FRAME_SIZE, a->size, a->write, &val, &kick);
    }
    apply_kicks(p, kick);
    spin_unlock(&p->vgic_lock);
    if (rc == 0) {
        mmio_complete(a, val, v->regs.x);
    }
    return rc;
}

bool vgic_vcpu_mmio(struct vcpu *v, uint64_t ipa, uint64_t esr, uint64_t far)
{
    struct mmio_access a;
    bool in_gicd = ipa - vgic_layout.gicd < VGIC_GICD_SIZE;
    bool in_gicr = vgic_layout.version == 3 &&
                   ipa - vgic_layout.gicr < VGIC_GICR_FRAME_SIZE * v->part->cfg->nr_vcpus;

    if (!in_gicd && !in_gicr) {
        return false;
    }
    if (mmio_decode(esr, &a) != 0 || emulate(v, ipa, &a) != 0) {
        partition_log(v->part,
                      "vcpu %u: vGIC access at IPA 0x%llx (pc 0x%llx, ESR 0x%llx) "
                      "cannot be emulated; synchronous external abort injected",
                      v->index, (unsigned long long)ipa, (unsigned long long)v->regs.pc,
                      (unsigned long long)esr);
        vcpu_inject_sync(v, ESR_DABT_EL1 | (esr & (1ull << 6)), far);
        return true;
    }
    v->regs.pc += 4;
    return true;
}

void vgic_partition_set_level(struct partition *p, uint32_t intid, bool level)
{
    spin_lock(&p->vgic_lock);
    apply_kicks(p, vgic_set_level(&p->vgic, 0, intid, level));
    spin_unlock(&p->vgic_lock);
}
