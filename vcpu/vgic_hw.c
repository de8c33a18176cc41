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

void vgic_hw_switch(struct vgic_cpu_regs *out, uint32_t out_used, const struct vgic_cpu_regs *in,
                    uint32_t in_used)
{
    uint32_t stale = ~0u; /* unknown: every LR */

    if (version == 2) {
        if (out != NULL) {
            stale = vgic_v2_save(out, out_used);
        }
        vgic_v2_restore(in, in_used, stale);
    } else {
        if (out != NULL) {
            stale = vgic_v3_save(out, out_used);
        }
        vgic_v3_restore(in, in_used, stale);
    }
}
