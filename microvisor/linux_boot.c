/* Loading a Linux partition: see linux_boot.h. */
#include "linux_boot.h"

#include "boot.h"
#include "chan.h"
#include "guest_dt.h"
#include "log.h"
#include "run.h"
#include <keel/arch.h>
#include <string.h>

const char *linux_boot_prepare(struct partition *p, const struct payload *pl)
{
    const struct config_partition *c = p->cfg;
    const char *why;

    p->image = payload_blob(pl, c->image_index, PAYLOAD_IMAGE, &p->image_size);
    if (p->image == NULL) {
        return "its kernel image is missing from the payload";
    }
    p->initrd_size = 0;
    p->initrd = NULL;
    if (c->initrd_index > 0) {
        p->initrd = payload_blob(pl, c->initrd_index, PAYLOAD_IMAGE, &p->initrd_size);
        if (p->initrd == NULL) {
            return "its initramfs is missing from the payload";
        }
    }
    if (linux_layout(c->mem_ipa, c->mem_size, p->image, p->image_size, p->initrd_size, &p->layout,
                     &why) != 0) {
        return why;
    }
    return NULL;
}

/* The host address of guest-physical ipa, inside p's memory. */
static uint8_t *guest_ptr(const struct partition *p, uint64_t ipa)
{
    return (uint8_t *)(uintptr_t)(pa_addr(p->mem) + (ipa - p->cfg->mem_ipa));
}

/* The channel endpoints p owns, as the guest's device tree lists them. */
static void add_channels(const struct partition *p, struct guest_dt_params *g)
{
    const struct config *cfg = partitions_config;

    for (unsigned i = 0; i < cfg->nr_channels; i++) {
        const struct config_channel *ch = &cfg->chans[i];
        for (unsigned e = 0; e < 2; e++) {
            const struct config_endpoint *ep = &ch->ep[e];
            if (!ch->ok || ep->partition != (int)p->index || ep->index >= CONFIG_MAX_ENDPOINTS ||
                p->endpoints[ep->index] == NULL || g->nr_channels == GUEST_DT_MAX_CHANNELS) {
                continue;
            }
            g->chans[g->nr_channels++] = (struct guest_dt_channel){
                .name = ch->name,
                .peer = cfg->parts[ch->ep[1 - e].partition].name,
                .endpoint = ep->index,
                .virq = ep->virq,
                .shm_ipa = ch->shm_size != 0 ? ep->shm_ipa : 0,
                .shm_size = ch->shm_size,
            };
        }
    }
}

static int write_dt(const struct partition *p)
{
    static struct guest_dt_params g; /* big: not on the stack */

    memset(&g, 0, sizeof(g));
    g.name = p->cfg->name;
    g.nr_vcpus = p->cfg->nr_vcpus;
    g.mem_ipa = p->cfg->mem_ipa;
    g.mem_size = p->cfg->mem_size;
    g.gic_version = vgic_layout.version;
    g.gicd = vgic_layout.gicd;
    g.gicr = vgic_layout.gicr;
    g.gicc = vgic_layout.gicc;
    g.uart = pa_addr(boot_board.uart.regs.base);
    g.uart_intid = boot_board.uart.intid;
    g.bootargs = p->cfg->bootargs;
    g.initrd = p->layout.initrd;
    g.initrd_size = p->layout.initrd_size;
    g.restarts = p->restarts;
    add_channels(p, &g);
    run_fp_borrow(); /* libfdt may use SIMD registers */
    int rc = guest_dt_build(guest_ptr(p, p->layout.dtb), LINUX_DTB_MAX, &g);
    run_fp_return();
    if (rc != 0) {
        log_error("partition %s: cannot write its device tree (libfdt error %d)", p->cfg->name, rc);
        return -1;
    }
    return 0;
}

int linux_boot_load(struct partition *p)
{
    const struct linux_layout *l = &p->layout;
    uint8_t *kernel = guest_ptr(p, l->kernel);
    uint8_t *dtb = guest_ptr(p, l->dtb);

    memcpy(kernel, p->image, p->image_size);
    memset(kernel + p->image_size, 0, l->kernel_end - l->kernel - p->image_size);
    arch_dcache_clean_range(kernel, l->kernel_end - l->kernel);
    if (l->initrd_size != 0) {
        memcpy(guest_ptr(p, l->initrd), p->initrd, l->initrd_size);
        arch_dcache_clean_range(guest_ptr(p, l->initrd), l->initrd_size);
    }
    if (write_dt(p) != 0) {
        return -1;
    }
    arch_dcache_clean_range(dtb, LINUX_DTB_MAX);
    arch_icache_invalidate_all();
    return 0;
}
