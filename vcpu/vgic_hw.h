/* The hardware virtual CPU interface (GICv3 ICH_*_EL2 or GICv2 GICH), as
 * the vGIC code uses it: list registers and the per-vCPU interface state
 * saved and restored on a vCPU switch. */
#ifndef KEEL_VGIC_HW_H
#define KEEL_VGIC_HW_H

#include "vgic_lr.h"
#include <keel/board.h>

/* What is saved with a vCPU. hcr starts as "enabled" (vgic_hw_reset). */
struct vgic_cpu_regs {
    uint64_t lr[VGIC_MAX_LRS];
    uint64_t hcr;
    uint64_t vmcr;
    uint64_t apr0;
    uint64_t apr1;
};

/* Chooses the implementation for the board's GIC; returns -1 if the CPU
 * has no virtual interface. */
int vgic_hw_init(const struct board_gic *gic);
extern const struct vgic_lr_ops *vgic_hw_lr_ops; /* set by vgic_hw_init */
static inline const struct vgic_lr_ops *vgic_hw_ops(void)
{
    return vgic_hw_lr_ops;
}
void vgic_hw_reset(struct vgic_cpu_regs *r);
/* Saves the LRs in `used` and the interface state; returns the LRs the
 * hardware still holds something in (whatever the model thinks). */
uint32_t vgic_hw_save(struct vgic_cpu_regs *r, uint32_t used);
/* Loads r, whose LRs in `used` hold interrupts; the LRs in `stale` may
 * hold another vCPU's and are cleared (the others are known empty). The
 * caller synchronises (ISB) before relying on the new state. */
void vgic_hw_restore(const struct vgic_cpu_regs *r, uint32_t used, uint32_t stale);

#endif
