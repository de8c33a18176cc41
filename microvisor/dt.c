/* Device-tree helpers: see dt.h. */
#include "dt.h"

#include <libfdt.h>

uint64_t dt_read_cells(const void *p, int cells)
{
    const fdt32_t *c = p;
    uint64_t v = 0;

    for (int i = 0; i < cells; i++) {
        v = (v << 32) | fdt32_ld(&c[i]);
    }
    return v;
}

static int cells_prop(const void *fdt, int node, const char *name, int dflt)
{
    int len;
    const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

    if (p == NULL || len != 4) {
        return dflt;
    }
    return (int)fdt32_ld(p);
}

bool dt_is_enabled(const void *fdt, int node)
{
    int len;
    const char *s = fdt_getprop(fdt, node, "status", &len);

    if (s == NULL) {
        return true;
    }
    return len >= 2 && (s[0] == 'o' && s[1] == 'k');
}

void dt_path(const void *fdt, int node, char *buf, size_t len)
{
    if (fdt_get_path(fdt, node, buf, (int)len) != 0 && len > 0) {
        buf[0] = '\0';
    }
}

/* Maps addr, a child address of bus, to the bus's parent's address space
 * through the bus's `ranges`. Returns 0 or -2. */
static int translate_one(const void *fdt, int bus, uint64_t *addr)
{
    int parent = fdt_parent_offset(fdt, bus);
    int len;
    const fdt32_t *r = fdt_getprop(fdt, bus, "ranges", &len);

    if (parent < 0 || r == NULL) {
        return -2;
    }
    if (len == 0) {
        return 0; /* identity */
    }
    int ca = cells_prop(fdt, bus, "#address-cells", 2);
    int pa = cells_prop(fdt, parent, "#address-cells", 2);
    int cs = cells_prop(fdt, bus, "#size-cells", 1);
    int stride = (ca + pa + cs) * 4;
    if (ca < 1 || ca > 2 || pa < 1 || pa > 2 || cs < 1 || cs > 2 || len % stride != 0) {
        return -2;
    }
    for (int off = 0; off < len; off += stride) {
        const fdt32_t *e = r + off / 4;
        uint64_t child = dt_read_cells(e, ca);
        uint64_t paddr = dt_read_cells(e + ca, pa);
        uint64_t size = dt_read_cells(e + ca + pa, cs);
        if (*addr >= child && *addr - child < size) {
            *addr = *addr - child + paddr;
            return 0;
        }
    }
    return -2;
}

static int reg_layout(const void *fdt, int node, int *ac, int *sc)
{
    int parent = fdt_parent_offset(fdt, node);

    if (parent < 0) {
        return -1;
    }
    *ac = cells_prop(fdt, parent, "#address-cells", 2);
    *sc = cells_prop(fdt, parent, "#size-cells", 1);
    if (*ac < 1 || *ac > 2 || *sc < 0 || *sc > 2) {
        return -2;
    }
    return parent;
}

int dt_reg_count(const void *fdt, int node)
{
    int ac, sc, len;
    const void *p = fdt_getprop(fdt, node, "reg", &len);

    if (p == NULL || reg_layout(fdt, node, &ac, &sc) < 0) {
        return 0;
    }
    return len / ((ac + sc) * 4);
}

int dt_read_reg(const void *fdt, int node, int index, struct pa_range *out)
{
    int ac, sc, len;
    int bus = reg_layout(fdt, node, &ac, &sc);
    const fdt32_t *p = fdt_getprop(fdt, node, "reg", &len);

    if (bus == -2) {
        return -2;
    }
    if (p == NULL || bus < 0 || index < 0 || (index + 1) * (ac + sc) * 4 > len) {
        return -1;
    }
    p += (ptrdiff_t)index * (ac + sc);
    uint64_t addr = dt_read_cells(p, ac);
    uint64_t size = dt_read_cells(p + ac, sc);
    while (bus != 0) {
        if (translate_one(fdt, bus, &addr) != 0) {
            return -2;
        }
        bus = fdt_parent_offset(fdt, bus);
    }
    if (size == 0 || addr + size < addr) {
        return -2;
    }
    out->base = pa_init(addr);
    out->size = size;
    return 0;
}

/* The node's interrupt parent and its #interrupt-cells, or -1. */
static int irq_parent(const void *fdt, int node, int *cells)
{
    for (int n = node; n >= 0; n = fdt_parent_offset(fdt, n)) {
        int len;
        const fdt32_t *ph = fdt_getprop(fdt, n, "interrupt-parent", &len);
        if (ph != NULL && len == 4) {
            int ic = fdt_node_offset_by_phandle(fdt, fdt32_ld(ph));
            *cells = cells_prop(fdt, ic, "#interrupt-cells", -1);
            return ic;
        }
        if (n == 0) {
            break;
        }
    }
    return -1;
}

int dt_irq_count(const void *fdt, int node)
{
    int cells, len;
    const void *p = fdt_getprop(fdt, node, "interrupts", &len);

    if (p == NULL || irq_parent(fdt, node, &cells) < 0 || cells <= 0) {
        return 0;
    }
    return len / (cells * 4);
}

int dt_read_irq(const void *fdt, int node, int index, uint32_t *intid)
{
    int cells, len;
    const fdt32_t *p = fdt_getprop(fdt, node, "interrupts", &len);

    if (p == NULL || index < 0) {
        return -1;
    }
    if (irq_parent(fdt, node, &cells) < 0 || cells != 3) {
        return -2;
    }
    if ((index + 1) * 12 > len) {
        return -1;
    }
    const fdt32_t *spec = p + (ptrdiff_t)index * 3;
    uint32_t type = fdt32_ld(&spec[0]);
    uint32_t num = fdt32_ld(&spec[1]);
    if (type == 0 && num < 988) {
        *intid = num + 32; /* SPI */
        return 0;
    }
    if (type == 1 && num < 16) {
        *intid = num + 16; /* PPI */
        return 0;
    }
    return -2;
}
