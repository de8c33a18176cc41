/* The two implementations behind vgic_hw.h (private to vcpu/vgic_*.c). */
#ifndef KEEL_VGIC_HW_IMPL_H
#define KEEL_VGIC_HW_IMPL_H

#include "vgic_hw.h"

extern const struct vgic_lr_ops vgic_v2_ops;
extern const struct vgic_lr_ops vgic_v3_ops;

void vgic_v2_init(paddr_t gich_base);
uint32_t vgic_v2_save(struct vgic_cpu_regs *r, uint32_t used);
void vgic_v2_restore(const struct vgic_cpu_regs *r, uint32_t used, uint32_t stale);
uint64_t vgic_v2_reset_hcr(void);

uint32_t vgic_v3_save(struct vgic_cpu_regs *r, uint32_t used);
void vgic_v3_init(void);
void vgic_v3_restore(const struct vgic_cpu_regs *r, uint32_t used, uint32_t stale);
uint64_t vgic_v3_reset_hcr(void);

#endif
