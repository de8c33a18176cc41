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
/* A vCPU switch: saves the interface into `out` (NULL: nothing to keep),
 * whose LRs in `out_used` hold interrupts, then loads `in`, whose LRs in
 * `in_used` do; an LR the outgoing state leaves non-empty (whatever the
 * model thinks) and `in` does not use is cleared. Nothing here
 * synchronises: the ERET into the guest does, and a caller that reads the
 * interface back before then issues an ISB first (vgic_vcpu_fill_lrs). */
void vgic_hw_switch(struct vgic_cpu_regs *out, uint32_t out_used, const struct vgic_cpu_regs *in,
                    uint32_t in_used);

#endif
