/*
 * Board discovery of the devices Keel drives itself: the GIC, the arch
 * timer, the PSCI firmware and the console UART. Each is found by matching
 * `compatible` against the driver table.
 */
#include "board_internal.h"

#include "dt.h"
#include <keel/driver.h>
#include <keel/format.h>
#include <libfdt.h>
#include <string.h>

/* The first enabled node with a driver of class cls, or -1. */
static int find_device(const void *fdt, enum driver_class cls, const struct keel_driver **drv)
{
    for (int node = fdt_next_node(fdt, -1, NULL); node >= 0;
         node = fdt_next_node(fdt, node, NULL)) {
        if (!dt_is_enabled(fdt, node)) {
            continue;
        }
        *drv = driver_match(fdt, node, cls);
        if (*drv != NULL) {
            return node;
        }
    }
    return -1;
}

static int read_gic_reg(const void *fdt, int node, int index, const char *what,
                        struct pa_range *out, struct board_error *err)
{
    char path[BOARD_NAME_LEN];

    if (dt_read_reg(fdt, node, index, out) == 0) {
        return 0;
    }
    dt_path(fdt, node, path, sizeof(path));
    return board_fail(err, "%s: property 'reg': entry %d (%s) is missing or malformed", path, index,
                      what);
}

static int parse_gicv3_regs(const void *fdt, int node, struct board_gic *gic,
                            struct board_error *err)
{
    int len;
    const fdt32_t *nr = fdt_getprop(fdt, node, "#redistributor-regions", &len);
    unsigned count = (nr != NULL && len == 4) ? fdt32_ld(nr) : 1;

    if (count == 0 || count > BOARD_MAX_REDIST) {
        return board_fail(err, "%s: property '#redistributor-regions' is %u; 1 to %d supported",
                          gic->path, count, BOARD_MAX_REDIST);
    }
    if (read_gic_reg(fdt, node, 0, "GICD", &gic->dist, err) != 0) {
        return -1;
    }
    for (unsigned i = 0; i < count; i++) {
        if (read_gic_reg(fdt, node, (int)i + 1, "GICR", &gic->redist[i], err) != 0) {
            return -1;
        }
    }
    gic->nr_redist = count;
    return 0;
}

static int parse_gicv2_regs(const void *fdt, int node, struct board_gic *gic,
                            struct board_error *err)
{
    if (read_gic_reg(fdt, node, 0, "GICD", &gic->dist, err) != 0 ||
        read_gic_reg(fdt, node, 1, "GICC", &gic->cpuif, err) != 0) {
        return -1;
    }
    if (dt_reg_count(fdt, node) < 4) {
        return board_fail(err,
                          "%s: property 'reg': no GICH/GICV entries; a GICv2 without "
                          "virtualization extensions cannot host guests",
                          gic->path);
    }
    if (read_gic_reg(fdt, node, 2, "GICH", &gic->hyp, err) != 0 ||
        read_gic_reg(fdt, node, 3, "GICV", &gic->vcpu, err) != 0) {
        return -1;
    }
    return 0;
}

int board_parse_gic(const void *fdt, struct board *b, struct board_error *err)
{
    struct board_gic *gic = &b->gic;
    int node = find_device(fdt, DRIVER_IRQCHIP, &gic->driver);

    if (node < 0) {
        return board_fail(err, "/: no supported interrupt controller (compatible \"arm,gic-v3\", "
                               "\"arm,gic-400\", \"arm,cortex-a15-gic\") found");
    }
    gic->version = gic->driver->variant;
    dt_path(fdt, node, gic->path, sizeof(gic->path));
    if (fdt_getprop(fdt, node, "interrupt-controller", NULL) == NULL) {
        return board_fail(err, "%s: property 'interrupt-controller' is missing", gic->path);
    }
    int rc = (gic->version == 3) ? parse_gicv3_regs(fdt, node, gic, err)
                                 : parse_gicv2_regs(fdt, node, gic, err);
    if (rc != 0) {
        return -1;
    }
    if (dt_read_irq(fdt, node, 0, &gic->maint_intid) != 0 || gic->maint_intid < 16 ||
        gic->maint_intid >= 32) {
        return board_fail(err,
                          "%s: property 'interrupts': the maintenance interrupt (a PPI) "
                          "is missing or malformed",
                          gic->path);
    }
    return 0;
}

int board_parse_timer(const void *fdt, struct board *b, struct board_error *err)
{
    struct board_timer *t = &b->timer;
    char path[BOARD_NAME_LEN];
    int node = find_device(fdt, DRIVER_TIMER, &t->driver);
    uint32_t *fields[] = {&t->intid_sec_phys, &t->intid_phys, &t->intid_virt, &t->intid_hyp};

    if (node < 0) {
        return board_fail(err, "/: no architected timer (compatible \"arm,armv8-timer\") found");
    }
    dt_path(fdt, node, path, sizeof(path));
    for (int i = 0; i < 4; i++) {
        if (dt_read_irq(fdt, node, i, fields[i]) != 0 || *fields[i] < 16 || *fields[i] >= 32) {
            return board_fail(err,
                              "%s: property 'interrupts': entry %d of 4 (secure, non-secure, "
                              "virtual, hypervisor) is missing or not a PPI",
                              path, i);
        }
    }
    return 0;
}

int board_parse_psci(const void *fdt, struct board *b, struct board_error *err)
{
    struct board_psci *p = &b->psci;
    char path[BOARD_NAME_LEN];
    int node = find_device(fdt, DRIVER_PSCI, &p->driver);

    if (node < 0) {
        return board_fail(err, "/: no PSCI node (compatible \"arm,psci-0.2\" or "
                               "\"arm,psci-1.0\") found; Keel starts CPUs through PSCI");
    }
    dt_path(fdt, node, path, sizeof(path));
    const char *method = fdt_getprop(fdt, node, "method", NULL);
    if (method == NULL) {
        return board_fail(err, "%s: property 'method' is missing", path);
    }
    if (strcmp(method, "smc") == 0) {
        p->method = PSCI_METHOD_SMC;
    } else if (strcmp(method, "hvc") == 0) {
        p->method = PSCI_METHOD_HVC;
    } else {
        return board_fail(err, "%s: property 'method' is \"%s\", not \"smc\" or \"hvc\"", path,
                          method);
    }
    return 0;
}

/* The node /chosen/stdout-path names (an alias or a path), or -1. */
static int stdout_node(const void *fdt, char *spec, size_t len)
{
    int chosen = fdt_path_offset(fdt, "/chosen");
    const char *s = (chosen >= 0) ? fdt_getprop(fdt, chosen, "stdout-path", NULL) : NULL;

    if (s == NULL) {
        s = (chosen >= 0) ? fdt_getprop(fdt, chosen, "linux,stdout-path", NULL) : NULL;
    }
    if (s == NULL) {
        spec[0] = '\0';
        return -1;
    }
    size_t n = 0;
    while (s[n] != '\0' && s[n] != ':' && n + 1 < len) {
        spec[n] = s[n];
        n++;
    }
    spec[n] = '\0';
    if (spec[0] != '/') {
        const char *alias = fdt_get_alias(fdt, spec);
        return (alias != NULL) ? fdt_path_offset(fdt, alias) : -1;
    }
    return fdt_path_offset(fdt, spec);
}

static int fill_uart(const void *fdt, int node, struct board_uart *u, struct board_error *err)
{
    dt_path(fdt, node, u->path, sizeof(u->path));
    if (dt_read_reg(fdt, node, 0, &u->regs) != 0) {
        return board_fail(err, "%s: property 'reg' is missing or malformed", u->path);
    }
    if (dt_read_irq(fdt, node, 0, &u->intid) != 0) {
        u->intid = 0;
    }
    return 0;
}

int board_parse_uart(const void *fdt, struct board *b, struct board_error *err)
{
    struct board_uart *u = &b->uart;
    char spec[BOARD_NAME_LEN];
    int node = stdout_node(fdt, spec, sizeof(spec));

    if (node >= 0) {
        u->driver = driver_match(fdt, node, DRIVER_UART);
        if (u->driver == NULL) {
            const char *compat = fdt_getprop(fdt, node, "compatible", NULL);
            return board_fail(err,
                              "/chosen: property 'stdout-path' names %s (\"%s\"), which "
                              "Keel has no driver for",
                              spec, compat ? compat : "?");
        }
        return fill_uart(fdt, node, u, err);
    }
    if (spec[0] != '\0') {
        return board_fail(err, "/chosen: property 'stdout-path': no node \"%s\"", spec);
    }
    node = find_device(fdt, DRIVER_UART, &u->driver);
    if (node < 0) {
        return board_fail(err, "/chosen: no 'stdout-path' and no supported UART (\"arm,pl011\", "
                               "\"cdns,uart-r1p12\") found");
    }
    return fill_uart(fdt, node, u, err);
}
