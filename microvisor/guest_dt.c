/* A Linux partition's device tree: see guest_dt.h. */
#include "guest_dt.h"

#include <keel/format.h>
#include <libfdt.h>
#include <stdbool.h>
#include <string.h>

#define PHANDLE_GIC     1u
#define PHANDLE_CLK     2u
#define GIC_SPI         0u
#define GIC_PPI         1u
#define IRQ_EDGE_RISING 1u
#define IRQ_LEVEL_HIGH  4u
#define GICD_SIZE_V3    0x10000ull
#define GICD_SIZE_V2    0x1000ull
#define GICR_FRAME      0x20000ull
#define GICC_SIZE       0x2000ull
#define UART_SIZE       0x1000ull
#define UART_CLOCK_HZ   24000000u
#define PL011_PERIPHID  0x00241011u
#define NODE_NAME_LEN   64

/* Stops at the first error: every helper returns the running status. */
struct dtw {
    void *fdt;
    int err;
};

static void chk(struct dtw *w, int rc)
{
    if (w->err == 0 && rc < 0) {
        w->err = rc;
    }
}

static void u32p(struct dtw *w, const char *name, uint32_t v)
{
    chk(w, w->err ? 0 : fdt_property_u32(w->fdt, name, v));
}

static void strp(struct dtw *w, const char *name, const char *v)
{
    chk(w, w->err ? 0 : fdt_property_string(w->fdt, name, v));
}

/* A string list: the strings separated by NULs, len bytes in all. */
static void strsp(struct dtw *w, const char *name, const char *v, size_t len)
{
    chk(w, w->err ? 0 : fdt_property(w->fdt, name, v, (int)len));
}

static void emptyp(struct dtw *w, const char *name)
{
    chk(w, w->err ? 0 : fdt_property(w->fdt, name, NULL, 0));
}

static void cellsp(struct dtw *w, const char *name, const uint32_t *cells, unsigned n)
{
    fdt32_t be[12];

    for (unsigned i = 0; i < n && i < 12; i++) {
        be[i] = cpu_to_fdt32(cells[i]);
    }
    chk(w, w->err ? 0 : fdt_property(w->fdt, name, be, (int)(n * sizeof(fdt32_t))));
}

/* reg = <base size> with two cells each, for up to two ranges. */
static void regp(struct dtw *w, uint64_t b0, uint64_t s0, uint64_t b1, uint64_t s1)
{
    uint32_t c[8] = {(uint32_t)(b0 >> 32), (uint32_t)b0, (uint32_t)(s0 >> 32), (uint32_t)s0,
                     (uint32_t)(b1 >> 32), (uint32_t)b1, (uint32_t)(s1 >> 32), (uint32_t)s1};
    cellsp(w, "reg", c, s1 != 0 ? 8 : 4);
}

static void begin(struct dtw *w, const char *name)
{
    chk(w, w->err ? 0 : fdt_begin_node(w->fdt, name));
}

static void begin_at(struct dtw *w, const char *name, uint64_t addr)
{
    char node[NODE_NAME_LEN];
    fmt_format(node, sizeof(node), "%s@%llx", name, (unsigned long long)addr);
    begin(w, node);
}

static void end(struct dtw *w)
{
    chk(w, w->err ? 0 : fdt_end_node(w->fdt));
}

static void add_chosen(struct dtw *w, const struct guest_dt_params *p)
{
    char path[NODE_NAME_LEN];

    begin(w, "chosen");
    strp(w, "bootargs", p->bootargs != NULL ? p->bootargs : "");
    fmt_format(path, sizeof(path), "/pl011@%llx", (unsigned long long)p->uart);
    strp(w, "stdout-path", path);
    if (p->initrd_size != 0) {
        uint64_t start = p->initrd, stop = p->initrd + p->initrd_size;
        uint32_t s[2] = {(uint32_t)(start >> 32), (uint32_t)start};
        uint32_t e[2] = {(uint32_t)(stop >> 32), (uint32_t)stop};
        cellsp(w, "linux,initrd-start", s, 2);
        cellsp(w, "linux,initrd-end", e, 2);
    }
    u32p(w, "keel,restarts", p->restarts);
    strp(w, "keel,partition", p->name);
    end(w);
    begin(w, "aliases");
    strp(w, "serial0", path);
    end(w);
}

static void add_memory_cpus(struct dtw *w, const struct guest_dt_params *p)
{
    static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2";

    begin_at(w, "memory", p->mem_ipa);
    strp(w, "device_type", "memory");
    regp(w, p->mem_ipa, p->mem_size, 0, 0);
    end(w);
    begin(w, "cpus");
    u32p(w, "#address-cells", 1);
    u32p(w, "#size-cells", 0);
    for (unsigned i = 0; i < p->nr_vcpus; i++) {
        begin_at(w, "cpu", i);
        strp(w, "device_type", "cpu");
        strp(w, "compatible", "arm,armv8");
        u32p(w, "reg", i); /* the vCPU's MPIDR: Aff0 = its index */
        strp(w, "enable-method", "psci");
        end(w);
    }
    end(w);
    begin(w, "psci");
    strsp(w, "compatible", psci_compat, sizeof(psci_compat));
    strp(w, "method", "hvc");
    end(w);
}

static void add_gic_timer(struct dtw *w, const struct guest_dt_params *p)
{
    static const char v2_compat[] = "arm,cortex-a15-gic";
    bool v3 = p->gic_version == 3;
    /* GICv2 PPIs carry a mask of the CPUs they reach */
    uint32_t flags = IRQ_LEVEL_HIGH | (v3 ? 0 : ((1u << p->nr_vcpus) - 1) << 8);
    uint32_t timer[12] = {GIC_PPI, 13, flags, GIC_PPI, 14, flags,
                          GIC_PPI, 11, flags, GIC_PPI, 10, flags};

    begin_at(w, "interrupt-controller", p->gicd);
    strp(w, "compatible", v3 ? "arm,gic-v3" : v2_compat);
    u32p(w, "#interrupt-cells", 3);
    emptyp(w, "interrupt-controller");
    if (v3) {
        regp(w, p->gicd, GICD_SIZE_V3, p->gicr, GICR_FRAME * p->nr_vcpus);
    } else {
        regp(w, p->gicd, GICD_SIZE_V2, p->gicc, GICC_SIZE);
    }
    u32p(w, "phandle", PHANDLE_GIC);
    end(w);
    begin(w, "timer");
    strp(w, "compatible", "arm,armv8-timer");
    cellsp(w, "interrupts", timer, 12);
    emptyp(w, "always-on");
    end(w);
}

static void add_uart(struct dtw *w, const struct guest_dt_params *p)
{
    static const char compat[] = "arm,pl011\0arm,primecell";
    static const char clock_names[] = "uartclk\0apb_pclk";
    uint32_t irq[3] = {GIC_SPI, p->uart_intid - 32, IRQ_LEVEL_HIGH};
    uint32_t clocks[2] = {PHANDLE_CLK, PHANDLE_CLK};

    begin(w, "apb-pclk");
    strp(w, "compatible", "fixed-clock");
    u32p(w, "#clock-cells", 0);
    u32p(w, "clock-frequency", UART_CLOCK_HZ);
    strp(w, "clock-output-names", "clk24mhz");
    u32p(w, "phandle", PHANDLE_CLK);
    end(w);
    begin_at(w, "pl011", p->uart);
    strsp(w, "compatible", compat, sizeof(compat));
    regp(w, p->uart, UART_SIZE, 0, 0);
    cellsp(w, "interrupts", irq, 3);
    cellsp(w, "clocks", clocks, 2);
    strsp(w, "clock-names", clock_names, sizeof(clock_names));
    u32p(w, "arm,primecell-periphid", PL011_PERIPHID);
    end(w);
}

static void add_channels(struct dtw *w, const struct guest_dt_params *p)
{
    static const char compat[] = "keel,hypervisor\0simple-bus";

    begin(w, "keel");
    strsp(w, "compatible", compat, sizeof(compat));
    u32p(w, "#address-cells", 2);
    u32p(w, "#size-cells", 2);
    emptyp(w, "ranges");
    for (unsigned i = 0; i < p->nr_channels; i++) {
        const struct guest_dt_channel *c = &p->chans[i];
        uint32_t irq[3] = {GIC_SPI, c->virq - 32, IRQ_EDGE_RISING};
        if (c->shm_size != 0) {
            begin_at(w, c->name, c->shm_ipa);
        } else {
            begin(w, c->name);
        }
        strp(w, "compatible", "keel,channel");
        u32p(w, "keel,endpoint", c->endpoint);
        cellsp(w, "interrupts", irq, 3);
        if (c->shm_size != 0) {
            regp(w, c->shm_ipa, c->shm_size, 0, 0);
        }
        strp(w, "keel,peer", c->peer);
        end(w);
    }
    end(w);
}

static bool params_ok(const struct guest_dt_params *p)
{
    if (p->nr_vcpus == 0 || p->nr_vcpus > 8 || p->uart_intid < 32 ||
        (p->gic_version != 2 && p->gic_version != 3) || p->nr_channels > GUEST_DT_MAX_CHANNELS) {
        return false;
    }
    for (unsigned i = 0; i < p->nr_channels; i++) {
        if (p->chans[i].virq < 32 || p->chans[i].name == NULL || p->chans[i].peer == NULL) {
            return false;
        }
    }
    return true;
}

int guest_dt_build(void *buf, size_t size, const struct guest_dt_params *p)
{
    static const char compat[] = "keel,guest\0linux,dummy-virt";
    struct dtw w = {buf, 0};

    if (!params_ok(p)) {
        return -FDT_ERR_BADVALUE;
    }
    chk(&w, fdt_create(buf, (int)size));
    chk(&w, w.err ? 0 : fdt_finish_reservemap(buf));
    begin(&w, "");
    strsp(&w, "compatible", compat, sizeof(compat));
    strp(&w, "model", "Keel partition");
    u32p(&w, "#address-cells", 2);
    u32p(&w, "#size-cells", 2);
    u32p(&w, "interrupt-parent", PHANDLE_GIC);
    add_chosen(&w, p);
    add_memory_cpus(&w, p);
    add_gic_timer(&w, p);
    add_uart(&w, p);
    add_channels(&w, p);
    end(&w);
    chk(&w, w.err ? 0 : fdt_finish(buf));
    return w.err;
}
