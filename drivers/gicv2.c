/* GICv2 physical interrupt controller (GIC-400 and kin): distributor and
 * memory-mapped CPU interface. */
#include <keel/aarch64/sysreg.h>
#include <keel/driver.h>
#include <keel/mmio.h>

#define GICD_CTLR       0x000
#define GICD_TYPER      0x004
#define GICD_ISENABLER  0x100
#define GICD_ICENABLER  0x180
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR  0x800
#define GICD_SGIR       0xf00

#define GICC_CTLR         0x00
#define GICC_PMR          0x04
#define GICC_BPR          0x08
#define GICC_IAR          0x0c
#define GICC_EOIR         0x10
#define GICC_DIR          0x1000
#define GICC_CTLR_ENABLE  (1u << 0)
#define GICC_CTLR_EOIMODE (1u << 9) /* EOIR drops, DIR deactivates */
#define GICD_ICACTIVER    0x380

#define DEFAULT_PRIO 0xa0a0a0a0u

static paddr_t gicd;
static paddr_t gicc;
static uint64_t cpu_mpidr[BOARD_MAX_CPUS];
static uint8_t cpu_mask[BOARD_MAX_CPUS];

static int gicv2_init_dist(const struct board_gic *gic)
{
    gicd = gic->dist.base;
    gicc = gic->cpuif.base;
    mmio_write32(gicd, GICD_CTLR, 0);
    unsigned lines = 32 * ((mmio_read32(gicd, GICD_TYPER) & 0x1f) + 1);
    for (unsigned i = 32; i < lines && i < 1020; i += 32) {
        mmio_write32(gicd, GICD_ICENABLER + i / 8, 0xffffffffu);
    }
    for (unsigned i = 32; i < lines && i < 1020; i += 4) {
        mmio_write32(gicd, GICD_IPRIORITYR + i, DEFAULT_PRIO);
    }
    mmio_write32(gicd, GICD_CTLR, 1);
    return 0;
}

/* Reading any of ITARGETSR0..7 returns this CPU's own interface mask. */
static uint8_t this_cpu_mask(void)
{
    uint32_t v = mmio_read32(gicd, GICD_ITARGETSR);
    return (uint8_t)(v | v >> 8 | v >> 16 | v >> 24);
}

static int gicv2_init_cpu(const struct board_gic *gic, unsigned cpu, uint64_t mpidr)
{
    (void)gic;
    if (cpu >= BOARD_MAX_CPUS) {
        return -1;
    }
    cpu_mpidr[cpu] = mpidr;
    /* A GIC with a single CPU interface reads ITARGETSR as zero: it is CPU
     * interface 0 then. */
    cpu_mask[cpu] = this_cpu_mask();
    if (cpu_mask[cpu] == 0) {
        cpu_mask[cpu] = 1;
    }
    mmio_write32(gicd, GICD_ICENABLER, 0xffffffffu);
    for (unsigned i = 0; i < 32; i += 4) {
        mmio_write32(gicd, GICD_IPRIORITYR + i, DEFAULT_PRIO);
    }
    mmio_write32(gicc, GICC_PMR, 0xff);
    mmio_write32(gicc, GICC_BPR, 0);
    mmio_write32(gicc, GICC_CTLR, GICC_CTLR_ENABLE | GICC_CTLR_EOIMODE);
    return 0;
}

/* GICC_IAR carries the sending CPU of an SGI in bits 12:10; EOIR wants it
 * back, the INTID is bits 9:0. */
static uint32_t gicv2_ack(uint32_t *intid)
{
    uint32_t iar = mmio_read32(gicc, GICC_IAR);
    *intid = iar & 0x3ff;
    return iar;
}

static void gicv2_eoi(uint32_t iar)
{
    mmio_write32(gicc, GICC_EOIR, iar);
}

static void gicv2_deactivate(uint32_t iar)
{
    mmio_write32(gicc, GICC_DIR, iar);
}

static void gicv2_clear_active(uint32_t intid)
{
    if (intid >= 32) {
        mmio_write32(gicd, GICD_ICACTIVER + 4 * (intid / 32), 1u << (intid % 32));
    }
}

static void gicv2_enable(uint32_t intid, unsigned cpu)
{
    if (intid >= 32) {
        volatile uint8_t *t =
            (volatile uint8_t *)(uintptr_t)(pa_addr(gicd) + GICD_ITARGETSR + intid);
        *t = cpu_mask[cpu];
    }
    mmio_write32(gicd, GICD_ISENABLER + 4 * (intid / 32), 1u << (intid % 32));
}

static void gicv2_send_sgi(uint32_t sgi, uint64_t mpidr)
{
    for (unsigned i = 0; i < BOARD_MAX_CPUS; i++) {
        if (cpu_mask[i] != 0 && cpu_mpidr[i] == mpidr) {
            dsb(ishst);
            mmio_write32(gicd, GICD_SGIR, (uint32_t)cpu_mask[i] << 16 | (sgi & 0xf));
            return;
        }
    }
}

const struct irqchip_ops gicv2_ops = {
    .init_dist = gicv2_init_dist,
    .init_cpu = gicv2_init_cpu,
    .ack = gicv2_ack,
    .eoi = gicv2_eoi,
    .deactivate = gicv2_deactivate,
    .clear_active = gicv2_clear_active,
    .enable = gicv2_enable,
    .send_sgi = gicv2_send_sgi,
};
