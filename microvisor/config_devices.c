/*
 * Passthrough devices of a partition: registers mapped at their physical
 * address, SPIs routed to the partition. A device must be one the platform
 * device tree describes, must not be one Keel drives itself, and belongs to
 * one partition only; so do its interrupts.
 */
#include "config_internal.h"

#include "dt.h"
#include <keel/format.h>
#include <libfdt.h>
#include <string.h>

static const char *const devices_props[] = {"#address-cells", "#size-cells", "phandle", NULL};
static const char *const device_props[] = {"reg", "interrupts", "phandle", NULL};

/* A region Keel keeps for itself. */
struct keel_region {
    const char *what;
    const char *path;
    const struct pa_range *range;
};

static bool range_inside(const struct pa_range *inner, const struct pa_range *outer)
{
    uint64_t off = pa_addr(inner->base) - pa_addr(outer->base);

    return pa_addr(inner->base) >= pa_addr(outer->base) && off <= outer->size &&
           inner->size <= outer->size - off;
}

static bool is_memory_node(const void *fdt, int node)
{
    int len;
    const char *type = fdt_getprop(fdt, node, "device_type", &len);

    return type != NULL && len == 7 && memcmp(type, "memory", 7) == 0;
}

/* True if some enabled non-memory node of the platform tree covers r. */
static bool on_board(const void *fdt, const struct pa_range *r)
{
    for (int node = fdt_next_node(fdt, -1, NULL); node >= 0;
         node = fdt_next_node(fdt, node, NULL)) {
        if (!dt_is_enabled(fdt, node) || is_memory_node(fdt, node)) {
            continue;
        }
        int count = dt_reg_count(fdt, node);
        for (int i = 0; i < count; i++) {
            struct pa_range reg;
            if (dt_read_reg(fdt, node, i, &reg) == 0 && range_inside(r, &reg)) {
                return true;
            }
        }
    }
    return false;
}

/* Whether r overlaps a device Keel drives itself (which one in *out). */
static bool overlaps_keel(const struct board *b, const struct pa_range *r, struct keel_region *out)
{
    const struct board_gic *g = &b->gic;
    const struct keel_region own[] = {
        {"the GIC distributor", g->path, &g->dist},
        {"the GIC CPU interface", g->path, &g->cpuif},
        {"the GIC hypervisor interface", g->path, &g->hyp},
        {"the GIC virtual CPU interface", g->path, &g->vcpu},
        {"the console UART", b->uart.path, &b->uart.regs},
    };

    for (unsigned i = 0; i < ARRAY_SIZE(own); i++) {
        if (own[i].range->size != 0 && pa_ranges_overlap(r, own[i].range)) {
            *out = own[i];
            return true;
        }
    }
    for (unsigned i = 0; i < g->nr_redist && i < BOARD_MAX_REDIST; i++) {
        if (g->redist[i].size != 0 && pa_ranges_overlap(r, &g->redist[i])) {
            *out = (struct keel_region){"the GIC redistributors", g->path, &g->redist[i]};
            return true;
        }
    }
    return false;
}

/* Whether r overlaps a node below the GIC's (a GICv3 ITS): part of the
 * interrupt controller, which no partition may drive. Its path in *path. */
static bool inside_gic_node(const struct cfg_ctx *ctx, const struct pa_range *r, char *path,
                            size_t len)
{
    const void *fdt = ctx->board_fdt;
    int gic = fdt_path_offset(fdt, ctx->b->gic.path);
    int depth = 0;

    if (gic < 0) {
        return false;
    }
    for (int node = fdt_next_node(fdt, gic, &depth); node >= 0 && depth > 0;
         node = fdt_next_node(fdt, node, &depth)) {
        int count = dt_reg_count(fdt, node);
        for (int i = 0; i < count; i++) {
            struct pa_range reg;
            if (dt_read_reg(fdt, node, i, &reg) == 0 && pa_ranges_overlap(r, &reg)) {
                dt_path(fdt, node, path, len);
                return true;
            }
        }
    }
    return false;
}

static void check_on_board(const struct cfg_node *dn, const struct pa_range *r)
{
    const struct board *b = dn->ctx->b;
    unsigned long long base = pa_addr(r->base), end = pa_range_end(r);
    struct keel_region keel;
    char gic_part[BOARD_NAME_LEN];

    for (unsigned i = 0; i < b->nr_mem; i++) {
        if (pa_ranges_overlap(r, &b->mem[i])) {
            cfg_problem(dn, "reg", "[0x%llx, 0x%llx) is RAM, not a device", base, end);
            return;
        }
    }
    if (overlaps_keel(b, r, &keel)) {
        cfg_problem(dn, "reg", "[0x%llx, 0x%llx) overlaps %s (%s), which Keel uses itself", base,
                    end, keel.what, keel.path);
    } else if (inside_gic_node(dn->ctx, r, gic_part, sizeof(gic_part))) {
        cfg_problem(dn, "reg", "[0x%llx, 0x%llx) is part of the interrupt controller (%s)", base,
                    end, gic_part);
    } else if (!on_board(dn->ctx->board_fdt, r)) {
        cfg_problem(dn, "reg",
                    "[0x%llx, 0x%llx) is not on the board (no enabled node of the platform "
                    "device tree covers it)",
                    base, end);
    }
}

/* reg: one entry of two address and two size cells, whole 4 KiB pages. */
static bool parse_reg(const struct cfg_node *dn, struct config_device *d)
{
    const void *cells;
    unsigned count;
    int rc = cfg_get_cells(dn, "reg", &cells, &count);

    if (rc == 0) {
        cfg_missing(dn, "reg", "<0x0 0x9040000 0x0 0x1000>");
    }
    if (rc <= 0) {
        return false;
    }
    if (count != 4) {
        cfg_problem(dn, "reg",
                    "has %u cell%s; expected one entry of two address and two size cells, "
                    "e.g. <0x0 0x9040000 0x0 0x1000>",
                    count, count == 1 ? "" : "s");
        return false;
    }
    uint64_t base = ((uint64_t)cfg_cell(cells, 0) << 32) | cfg_cell(cells, 1);
    uint64_t size = ((uint64_t)cfg_cell(cells, 2) << 32) | cfg_cell(cells, 3);
    d->regs = (struct pa_range){pa_init(base), size};
    if (size == 0 || base + size < base || !IS_ALIGNED(base, CONFIG_PAGE_SIZE) ||
        !IS_ALIGNED(size, CONFIG_PAGE_SIZE)) {
        cfg_problem(dn, "reg",
                    "0x%llx + 0x%llx is not whole 4 KiB pages (a device is mapped page by page)",
                    (unsigned long long)base, (unsigned long long)size);
        return false;
    }
    return true;
}

static void parse_irqs(const struct cfg_node *dn, struct config_device *d)
{
    const void *cells;
    unsigned count;

    if (cfg_get_cells(dn, "interrupts", &cells, &count) <= 0) {
        return;
    }
    if (count > CONFIG_MAX_DEVICE_IRQS) {
        cfg_problem(dn, "interrupts", "lists %u interrupts; at most %d", count,
                    CONFIG_MAX_DEVICE_IRQS);
        return;
    }
    for (unsigned i = 0; i < count; i++) {
        uint32_t intid = cfg_cell(cells, i);
        if (intid < CONFIG_SPI_FIRST || intid > CONFIG_SPI_LAST) {
            cfg_problem(dn, "interrupts", "INTID %u is not an SPI (%u to %u)", intid,
                        CONFIG_SPI_FIRST, CONFIG_SPI_LAST);
        } else if (intid > CONFIG_VIRQ_LAST) {
            cfg_problem(dn, "interrupts", "INTID %u is beyond the virtual GIC's range (%d)", intid,
                        CONFIG_VIRQ_LAST);
        } else if (intid == dn->ctx->b->uart.intid) {
            cfg_problem(dn, "interrupts", "INTID %u is the console UART's, which Keel uses itself",
                        intid);
        }
        d->irqs[i] = intid;
    }
    d->nr_irqs = count;
}

static void parse_device(const struct cfg_node *devs, int node, struct config_device *d)
{
    struct cfg_node dn;
    int len = 0;
    const char *name = fdt_get_name(devs->ctx->cfg, node, &len);
    int child;

    cfg_node_init(&dn, devs->ctx, node, devs->path, devs->part);
    if (name == NULL || len < 1 || len >= CONFIG_NAME_LEN) {
        cfg_problem(&dn, NULL, "the node name must be 1 to %d characters", CONFIG_NAME_LEN - 1);
    } else {
        fmt_format(d->name, sizeof(d->name), "%.*s", len, name);
    }
    cfg_check_props(&dn, device_props);
    fdt_for_each_subnode(child, devs->ctx->cfg, node)
    {
        struct cfg_node cn;
        cfg_node_init(&cn, devs->ctx, child, dn.path, devs->part);
        cfg_problem(&cn, NULL, "unknown node (a device node has no children)");
    }
    if (parse_reg(&dn, d)) {
        check_on_board(&dn, &d->regs);
    }
    parse_irqs(&dn, d);
}

static void check_cells(const struct cfg_node *devs, const char *prop)
{
    uint32_t cells;

    if (cfg_get_u32(devs, prop, &cells) > 0 && cells != 2) {
        cfg_problem(devs, prop, "is %u; device reg is always two address and two size cells",
                    cells);
    }
}

void cfg_parse_devices(const struct cfg_node *n, int devices)
{
    struct config_partition *p = n->part;
    struct cfg_node devs;
    int child;

    if (devices < 0) {
        return;
    }
    cfg_node_init(&devs, n->ctx, devices, n->path, p);
    cfg_check_props(&devs, devices_props);
    check_cells(&devs, "#address-cells");
    check_cells(&devs, "#size-cells");
    fdt_for_each_subnode(child, n->ctx->cfg, devices)
    {
        if (p->nr_devices == CONFIG_MAX_DEVICES) {
            cfg_problem(&devs, NULL, "more than %d devices", CONFIG_MAX_DEVICES);
            return;
        }
        parse_device(&devs, child, &p->devices[p->nr_devices++]);
    }
}

/* The device p->devices[j] overlaps the partition's own memory as the guest
 * sees it: devices appear at their physical address. */
static void check_own_memory(const struct cfg_node *dn, const struct config_device *d)
{
    const struct config_partition *p = dn->part;
    struct pa_range mem = {pa_init(p->mem_ipa), p->mem_size};

    if (pa_ranges_overlap(&d->regs, &mem)) {
        cfg_problem(dn, "reg",
                    "[0x%llx, 0x%llx) overlaps the partition's memory at guest addresses "
                    "[0x%llx, 0x%llx) (a device appears at its physical address)",
                    (unsigned long long)pa_addr(d->regs.base),
                    (unsigned long long)pa_range_end(&d->regs), (unsigned long long)p->mem_ipa,
                    (unsigned long long)pa_range_end(&mem));
    }
}

/* How many devices of partition i come before device j of partition
 * `index`: all of an accepted earlier partition's, none of a refused one's,
 * and the partition's own devices before j. */
static unsigned devices_before(const struct config *c, unsigned i, unsigned index, unsigned j)
{
    if (i == index) {
        return j;
    }
    return c->parts[i].ok ? c->parts[i].nr_devices : 0;
}

static void report_claim(const struct cfg_node *dn, const char *prop, const char *what,
                         const struct config_partition *owner, const struct config_device *od)
{
    if (owner == dn->part) {
        cfg_problem(dn, prop, "%s is already given to this partition (%s)", what, od->name);
    } else {
        cfg_problem(dn, prop, "%s is already given to partition '%s' (%s)", what, owner->name,
                    od->name);
    }
}

static void check_reg_claims(const struct cfg_node *dn, unsigned index, unsigned j)
{
    const struct config *c = dn->ctx->c;
    const struct config_device *d = &dn->part->devices[j];
    char what[64];

    fmt_format(what, sizeof(what), "[0x%llx, 0x%llx)", (unsigned long long)pa_addr(d->regs.base),
               (unsigned long long)pa_range_end(&d->regs));
    for (unsigned i = 0; i <= index; i++) {
        for (unsigned k = 0; k < devices_before(c, i, index, j); k++) {
            if (pa_ranges_overlap(&d->regs, &c->parts[i].devices[k].regs)) {
                report_claim(dn, "reg", what, &c->parts[i], &c->parts[i].devices[k]);
                return;
            }
        }
    }
}

static bool irq_listed(const struct config_device *d, unsigned nr, uint32_t intid)
{
    for (unsigned m = 0; m < nr; m++) {
        if (d->irqs[m] == intid) {
            return true;
        }
    }
    return false;
}

static void check_irq_claims(const struct cfg_node *dn, unsigned index, unsigned j)
{
    const struct config *c = dn->ctx->c;
    const struct config_device *d = &dn->part->devices[j];
    char what[24];

    for (unsigned m = 0; m < d->nr_irqs; m++) {
        fmt_format(what, sizeof(what), "INTID %u", d->irqs[m]);
        if (irq_listed(d, m, d->irqs[m])) {
            report_claim(dn, "interrupts", what, dn->part, d);
            continue;
        }
        for (unsigned i = 0; i <= index; i++) {
            for (unsigned k = 0; k < devices_before(c, i, index, j); k++) {
                const struct config_device *od = &c->parts[i].devices[k];
                if (irq_listed(od, od->nr_irqs, d->irqs[m])) {
                    report_claim(dn, "interrupts", what, &c->parts[i], od);
                }
            }
        }
    }
}

void cfg_check_device_claims(const struct cfg_node *n, unsigned index)
{
    struct config_partition *p = n->part;

    for (unsigned j = 0; j < p->nr_devices; j++) {
        struct cfg_node dn = *n;
        fmt_format(dn.path, sizeof(dn.path), "%s/devices/%s", n->path, p->devices[j].name);
        check_own_memory(&dn, &p->devices[j]);
        check_reg_claims(&dn, index, j);
        check_irq_claims(&dn, index, j);
    }
}
