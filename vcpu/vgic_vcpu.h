/* The vGIC as vCPUs live with it: list registers around each exit and
 * entry, raising interrupts from anywhere, guest accesses to the emulated
 * distributor and redistributors, trapped SGIs, WFI. */
#ifndef KEEL_VGIC_VCPU_H
#define KEEL_VGIC_VCPU_H

#include "vcpu.h"

struct partition;

/* Resets a partition's vGIC and its vCPUs' interfaces (create, restart). */
void vgic_partition_reset(struct partition *p);

/* After an exit / before an entry of the loaded vCPU v: nothing to do
 * unless it holds a level line or an SPI another vCPU may take / has news
 * (the common case is free). The refill retires the LRs the guest ended
 * first. */
void vgic_vcpu_sync_lrs(struct vcpu *v);
void vgic_vcpu_fill_lrs(struct vcpu *v);

static inline void vgic_vcpu_exit(struct vcpu *v)
{
    if (vgic_lr_need_sync(&v->lrs, vgic_hw_ops())) {
        vgic_vcpu_sync_lrs(v);
    }
}

static inline void vgic_vcpu_enter(struct vcpu *v)
{
    if (v->vgic_dirty || v->lrs.overflow) {
        vgic_vcpu_fill_lrs(v);
    }
}

/* A vCPU switch from `out` (NULL: none loaded) to `in`: saves the one's
 * virtual CPU interface and loads the other's (vgic_hw_switch). */
void vgic_vcpu_switch(struct vcpu *out, struct vcpu *in);

/* Makes INTID pending in partition p (for 0..31: in vCPU `vcpu`) and wakes
 * or kicks whoever must see it. Callable from any CPU. */
void vgic_partition_raise(struct partition *p, unsigned vcpu, uint32_t intid);
/* The same, with the interrupt's state looked up already (vgic_irq(&p->vgic,
 * vcpu, intid), which may be NULL): a channel keeps its peer's. */
void vgic_partition_raise_irq(struct partition *p, unsigned vcpu, uint32_t intid,
                              struct vgic_irq *irq);

/* Drives the level-sensitive line INTID (an SPI, or a PPI of vCPU 0) of
 * partition p: asserted, it is pending until the guest ends it with the
 * line dropped. Callable from any CPU (takes the vgic lock). */
void vgic_partition_set_level(struct partition *p, uint32_t intid, bool level);

/* WFI from the loaded vCPU v: true if it may block (nothing pending). */
bool vgic_vcpu_may_block(struct vcpu *v);

/* A data abort at ipa (VA far): if it is the vGIC's, emulates it (or
 * injects an abort if it cannot be emulated) and returns true. */
bool vgic_vcpu_mmio(struct vcpu *v, uint64_t ipa, uint64_t esr, uint64_t far);

/* A trapped write of ICC_SGI1R_EL1 (GICv3). */
void vgic_vcpu_sgi1r(struct vcpu *v, uint64_t value);

#endif
