/* Chooses the GICv2 or GICv3 virtual CPU interface. */
#include "vgic_hw_impl.h"

#include <string.h>

static unsigned version;
const struct vgic_lr_ops *vgic_hw_lr_ops = &vgic_v3_ops;

int vgic_hw_init(const struct board_gic *gic)
{
    version = gic->version;
    if (version == 2) {
        if (gic->hyp.size == 0) {
            return -1;
        }
        vgic_v2_init(gic->hyp.base);
        vgic_hw_lr_ops = &vgic_v2_ops;
    } else {
        vgic_v3_init();
    }
    return 0;
}

void vgic_hw_reset(struct vgic_cpu_regs *r)
{
    memset(r, 0, sizeof(*r));
    r->hcr = (version == 2) ? vgic_v2_reset_hcr() : vgic_v3_reset_hcr();
}

uint32_t vgic_hw_save(struct vgic_cpu_regs *r, uint32_t used)
{
    return version == 2 ? vgic_v2_save(r, used) : vgic_v3_save(r, used);
}

void vgic_hw_restore(const struct vgic_cpu_regs *r, uint32_t used, uint32_t stale)
{
    if (version == 2) {
        vgic_v2_restore(r, used, stale);
    } else {
        vgic_v3_restore(r, used, stale);
    }
}
