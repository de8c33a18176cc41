/*
 * Board discovery: memory, reserved memory and CPUs from the platform
 * device tree. Devices are in board_devices.c. Runs on the host too, in unit
 * tests and in the packer.
 */
#include "board_internal.h"

#include "dt.h"
#include <keel/format.h>
#include <libfdt.h>
#include <string.h>

int board_fail(struct board_error *err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fmt_vformat(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return -1;
}

static uint32_t be32_at(const void *fdt, unsigned word)
{
    const uint8_t *p = (const uint8_t *)fdt + (size_t)word * 4;
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

int board_check_header(const void *fdt, uint64_t max_size, struct board_error *err)
{
    if (fdt == NULL) {
        return board_fail(err, "no device tree: x0 was 0 at entry");
    }
    if (((uintptr_t)fdt & 7) != 0) {
        return board_fail(err, "device tree at %p is not 8-byte aligned", fdt);
    }
    if (be32_at(fdt, 0) != FDT_MAGIC) {
        return board_fail(err, "no device tree at %p: magic is 0x%08x, not 0x%08x", fdt,
                          be32_at(fdt, 0), FDT_MAGIC);
    }
    uint32_t total = be32_at(fdt, 1);
    if (total < 40 || total > max_size) {
        return board_fail(err, "device tree at %p: totalsize %u is not between 40 and %llu", fdt,
                          total, (unsigned long long)max_size);
    }
    return 0;
}

int board_add_reserved(struct board *b, paddr_t base, uint64_t size)
{
    if (b->nr_reserved >= BOARD_MAX_RESERVED) {
        return -1;
    }
    b->reserved[b->nr_reserved].base = base;
    b->reserved[b->nr_reserved].size = size;
    b->nr_reserved++;
    return 0;
}

uint64_t board_mem_total(const struct board *b)
{
    uint64_t total = 0;

    for (unsigned i = 0; i < b->nr_mem; i++) {
        total += b->mem[i].size;
    }
    return total;
}

int board_cpu_index(const struct board *b, uint64_t mpidr)
{
    for (unsigned i = 0; i < b->nr_cpus; i++) {
        if (b->cpus[i].mpidr == mpidr) {
            return (int)i;
        }
    }
    return -1;
}

static int add_mem_node(const void *fdt, int node, struct board *b, struct board_error *err)
{
    char path[BOARD_NAME_LEN];
    int count = dt_reg_count(fdt, node);

    dt_path(fdt, node, path, sizeof(path));
    if (count == 0) {
        return board_fail(err, "%s: property 'reg' is missing or empty", path);
    }
    for (int i = 0; i < count; i++) {
        struct pa_range r;
        if (dt_read_reg(fdt, node, i, &r) != 0) {
            return board_fail(err, "%s: property 'reg' entry %d is malformed", path, i);
        }
        if (b->nr_mem >= BOARD_MAX_MEM) {
            return board_fail(err, "%s: more than %d memory banks", path, BOARD_MAX_MEM);
        }
        b->mem[b->nr_mem++] = r;
    }
    return 0;
}

static int parse_memory(const void *fdt, struct board *b, struct board_error *err)
{
    int node;

    fdt_for_each_subnode(node, fdt, 0)
    {
        const char *type = fdt_getprop(fdt, node, "device_type", NULL);
        if (type == NULL || strcmp(type, "memory") != 0 || !dt_is_enabled(fdt, node)) {
            continue;
        }
        if (add_mem_node(fdt, node, b, err) != 0) {
            return -1;
        }
    }
    if (b->nr_mem == 0) {
        return board_fail(err, "/: no memory node (device_type = \"memory\") found");
    }
    return 0;
}

static int parse_reserved(const void *fdt, struct board *b, struct board_error *err)
{
    int n = fdt_num_mem_rsv(fdt);

    for (int i = 0; i < n; i++) {
        uint64_t addr, size;
        if (fdt_get_mem_rsv(fdt, i, &addr, &size) == 0 && size != 0 &&
            board_add_reserved(b, pa_init(addr), size) != 0) {
            return board_fail(err, "/memreserve/: more than %d reserved ranges",
                              BOARD_MAX_RESERVED);
        }
    }
    int rm = fdt_path_offset(fdt, "/reserved-memory");
    int node;
    if (rm < 0) {
        return 0;
    }
    fdt_for_each_subnode(node, fdt, rm)
    {
        struct pa_range r;
        if (!dt_is_enabled(fdt, node) || dt_read_reg(fdt, node, 0, &r) != 0) {
            continue; /* dynamically placed regions have no reg */
        }
        if (board_add_reserved(b, r.base, r.size) != 0) {
            return board_fail(err, "/reserved-memory: more than %d reserved ranges",
                              BOARD_MAX_RESERVED);
        }
    }
    return 0;
}

static int add_cpu_node(const void *fdt, int node, int ac, struct board *b, struct board_error *err)
{
    char path[BOARD_NAME_LEN];
    int len;
    const void *reg = fdt_getprop(fdt, node, "reg", &len);
    const char *method = fdt_getprop(fdt, node, "enable-method", NULL);

    dt_path(fdt, node, path, sizeof(path));
    if (reg == NULL || len != ac * 4) {
        return board_fail(err, "%s: property 'reg' (the MPIDR) is missing or not %d cells", path,
                          ac);
    }
    if (method != NULL && strcmp(method, "psci") != 0) {
        return board_fail(err, "%s: property 'enable-method' is \"%s\"; only \"psci\" is supported",
                          path, method);
    }
    uint64_t mpidr = dt_read_cells(reg, ac) & 0xff00ffffffull;
    if (board_cpu_index(b, mpidr) >= 0) {
        return board_fail(err, "%s: property 'reg': MPIDR 0x%llx is given twice", path,
                          (unsigned long long)mpidr);
    }
    if (b->nr_cpus >= BOARD_MAX_CPUS) {
        b->nr_cpus_ignored++;
        return 0;
    }
    b->cpus[b->nr_cpus++].mpidr = mpidr;
    return 0;
}

static int parse_cpus(const void *fdt, struct board *b, struct board_error *err)
{
    int cpus = fdt_path_offset(fdt, "/cpus");
    int node;

    if (cpus < 0) {
        return board_fail(err, "/cpus: node is missing");
    }
    int len;
    const fdt32_t *acp = fdt_getprop(fdt, cpus, "#address-cells", &len);
    int ac = (acp != NULL && len == 4) ? (int)fdt32_ld(acp) : -1;
    if (ac != 1 && ac != 2) {
        return board_fail(err, "/cpus: property '#address-cells' must be 1 or 2");
    }
    fdt_for_each_subnode(node, fdt, cpus)
    {
        const char *type = fdt_getprop(fdt, node, "device_type", NULL);
        if (type == NULL || strcmp(type, "cpu") != 0 || !dt_is_enabled(fdt, node)) {
            continue;
        }
        if (add_cpu_node(fdt, node, ac, b, err) != 0) {
            return -1;
        }
    }
    if (b->nr_cpus == 0) {
        return board_fail(err, "/cpus: no cpu node (device_type = \"cpu\") found");
    }
    return 0;
}

static void parse_model(const void *fdt, struct board *b)
{
    const char *model = fdt_getprop(fdt, 0, "model", NULL);

    if (model == NULL) {
        model = fdt_getprop(fdt, 0, "compatible", NULL);
    }
    fmt_format(b->model, sizeof(b->model), "%s", model != NULL ? model : "unknown");
}

static int check_outside_memory(const struct board *b, const char *path, const char *what,
                                const struct pa_range *r, struct board_error *err)
{
    for (unsigned i = 0; i < b->nr_mem; i++) {
        if (r->size != 0 && pa_ranges_overlap(r, &b->mem[i])) {
            return board_fail(err, "%s: property 'reg': %s at 0x%llx overlaps memory at 0x%llx",
                              path, what, (unsigned long long)pa_addr(r->base),
                              (unsigned long long)pa_addr(b->mem[i].base));
        }
    }
    return 0;
}

/* Device registers inside RAM would be mapped twice, as memory and as a
 * device: a board tree that says so is wrong. */
static int check_devices(const struct board *b, struct board_error *err)
{
    const struct board_gic *g = &b->gic;
    int rc = check_outside_memory(b, b->uart.path, "the UART", &b->uart.regs, err);

    rc = rc ?: check_outside_memory(b, g->path, "GICD", &g->dist, err);
    for (unsigned i = 0; i < g->nr_redist && rc == 0; i++) {
        rc = check_outside_memory(b, g->path, "GICR", &g->redist[i], err);
    }
    rc = rc ?: check_outside_memory(b, g->path, "GICC", &g->cpuif, err);
    rc = rc ?: check_outside_memory(b, g->path, "GICH", &g->hyp, err);
    return rc ?: check_outside_memory(b, g->path, "GICV", &g->vcpu, err);
}

int board_parse(const void *fdt, struct board *b, struct board_error *err)
{
    memset(b, 0, sizeof(*b));
    err->msg[0] = '\0';
    int rc = fdt_check_header(fdt);
    if (rc != 0) {
        return board_fail(err, "device tree is corrupt: %s", fdt_strerror(rc));
    }
    parse_model(fdt, b);
    if (parse_memory(fdt, b, err) != 0 || parse_reserved(fdt, b, err) != 0 ||
        parse_cpus(fdt, b, err) != 0 || board_parse_gic(fdt, b, err) != 0 ||
        board_parse_timer(fdt, b, err) != 0 || board_parse_psci(fdt, b, err) != 0 ||
        board_parse_uart(fdt, b, err) != 0 || check_devices(b, err) != 0) {
        return -1;
    }
    return 0;
}
