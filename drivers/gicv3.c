/* GICv3 physical interrupt controller: distributor, redistributors and the
 * system-register CPU interface, driven from EL2. */
#include <keel/aarch64/sysreg.h>
#include <keel/driver.h>
#include <keel/mmio.h>

#define GICD_CTLR           0x0000
#define GICD_TYPER          0x0004
#define GICD_IGROUPR        0x0080
#define GICD_ISENABLER      0x0100
#define GICD_ICENABLER      0x0180
#define GICD_IPRIORITYR     0x0400
#define GICD_IROUTER        0x6000
#define GICD_CTLR_RWP       (1u << 31)
#define GICD_CTLR_ENABLE_G1 (1u << 1)
#define GICD_CTLR_ARE       (1u << 4)

#define GICR_TYPER        0x0008
#define GICR_WAKER        0x0014
#define GICR_SGI_BASE     0x10000
#define GICR_TYPER_VLPIS  (1ull << 1)
#define GICR_TYPER_LAST   (1ull << 4)
#define GICR_WAKER_SLEEP  (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)

#define ICC_SRE_SRE      (1u << 0)
#define ICC_CTLR_EOIMODE (1u << 1)
#define GICD_ICACTIVER   0x0380
#define ICC_SRE_ENABLE   (1u << 3)
#define DEFAULT_PRIO     0xa0a0a0a0u
#define POLL_LIMIT       1000000u

static paddr_t gicd;
static paddr_t gicr[BOARD_MAX_CPUS];
static uint64_t cpu_mpidr[BOARD_MAX_CPUS];

static void wait_rwp(void)
{
    for (unsigned i = 0; i < POLL_LIMIT && (mmio_read32(gicd, GICD_CTLR) & GICD_CTLR_RWP); i++) {
    }
}

static uint64_t mpidr_to_route(uint64_t mpidr)
{
    return ((mpidr >> 32) & 0xff) << 32 | (mpidr & 0xffffff);
}

static int gicv3_init_dist(const struct board_gic *gic)
{
    gicd = gic->dist.base;
    mmio_write32(gicd, GICD_CTLR, 0);
    wait_rwp();
    unsigned lines = 32 * ((mmio_read32(gicd, GICD_TYPER) & 0x1f) + 1);
    for (unsigned i = 32; i < lines && i < 1020; i += 32) {
        mmio_write32(gicd, GICD_IGROUPR + i / 8, 0xffffffffu);
        mmio_write32(gicd, GICD_ICENABLER + i / 8, 0xffffffffu);
    }
    for (unsigned i = 32; i < lines && i < 1020; i += 4) {
        mmio_write32(gicd, GICD_IPRIORITYR + i, DEFAULT_PRIO);
    }
    wait_rwp();
    mmio_write32(gicd, GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1);
    wait_rwp();
    return 0;
}

/* The redistributor frame whose affinity matches mpidr. */
static int find_redist(const struct board_gic *gic, uint64_t mpidr, paddr_t *out)
{
    uint64_t want = ((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff);

    for (unsigned r = 0; r < gic->nr_redist; r++) {
        for (uint64_t off = 0; off + 0x20000 <= gic->redist[r].size;) {
            paddr_t frame = pa_add(gic->redist[r].base, off);
            uint64_t typer = mmio_read64(frame, GICR_TYPER);
            if ((typer >> 32) == want) {
                *out = frame;
                return 0;
            }
            if (typer & GICR_TYPER_LAST) {
                break;
            }
            off += (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
        }
    }
    return -1;
}

static int wake_redist(paddr_t rd)
{
    mmio_write32(rd, GICR_WAKER, mmio_read32(rd, GICR_WAKER) & ~GICR_WAKER_SLEEP);
    for (unsigned i = 0; i < POLL_LIMIT; i++) {
        if ((mmio_read32(rd, GICR_WAKER) & GICR_WAKER_ASLEEP) == 0) {
            return 0;
        }
    }
    return -1;
}

static int gicv3_init_cpu(const struct board_gic *gic, unsigned cpu, uint64_t mpidr)
{
    paddr_t rd;

    if (cpu >= BOARD_MAX_CPUS || find_redist(gic, mpidr, &rd) != 0 || wake_redist(rd) != 0) {
        return -1;
    }
    gicr[cpu] = rd;
    cpu_mpidr[cpu] = mpidr;
    paddr_t sgi = pa_add(rd, GICR_SGI_BASE);
    mmio_write32(sgi, GICD_IGROUPR, 0xffffffffu);
    mmio_write32(sgi, GICD_ICENABLER, 0xffffffffu);
    for (unsigned i = 0; i < 32; i += 4) {
        mmio_write32(sgi, GICD_IPRIORITYR + i, DEFAULT_PRIO);
    }
    write_sysreg_s(ICC_SRE_EL2, read_sysreg_s(ICC_SRE_EL2) | ICC_SRE_SRE | ICC_SRE_ENABLE);
    isb();
    if ((read_sysreg_s(ICC_SRE_EL2) & ICC_SRE_SRE) == 0) {
        return -1;
    }
    write_sysreg_s(ICC_PMR_EL1, 0xff);
    write_sysreg_s(ICC_BPR1_EL1, 0);
    write_sysreg_s(ICC_CTLR_EL1, ICC_CTLR_EOIMODE); /* EOIR drops, DIR deactivates */
    write_sysreg_s(ICC_IGRPEN1_EL1, 1);
    isb();
    return 0;
}

static uint32_t gicv3_ack(uint32_t *intid)
{
    uint32_t iar = (uint32_t)read_sysreg_s(ICC_IAR1_EL1);
    dsb(sy);
    *intid = iar & 0xffffff;
    return iar;
}

static void gicv3_eoi(uint32_t iar)
{
    write_sysreg_s(ICC_EOIR1_EL1, iar);
    isb();
}

static void gicv3_deactivate(uint32_t iar)
{
    write_sysreg_s(ICC_DIR_EL1, iar);
    isb();
}

static void gicv3_clear_active(uint32_t intid)
{
    if (intid >= 32) {
        mmio_write32(gicd, GICD_ICACTIVER + 4 * (intid / 32), 1u << (intid % 32));
    }
}

static void gicv3_enable(uint32_t intid, unsigned cpu)
{
    if (intid < 32) {
        mmio_write32(pa_add(gicr[cpu], GICR_SGI_BASE), GICD_ISENABLER, 1u << intid);
        return;
    }
    mmio_write64(gicd, GICD_IROUTER + 8ull * intid, mpidr_to_route(cpu_mpidr[cpu]));
    mmio_write32(gicd, GICD_ISENABLER + 4 * (intid / 32), 1u << (intid % 32));
}

static void gicv3_send_sgi(uint32_t sgi, uint64_t mpidr)
{
    uint64_t aff0 = mpidr & 0xff;
    uint64_t v = ((mpidr >> 32) & 0xff) << 48 | ((mpidr >> 16) & 0xff) << 32 |
                 ((mpidr >> 8) & 0xff) << 16 | (uint64_t)(sgi & 0xf) << 24 | (aff0 >> 4) << 44 |
                 (1ull << (aff0 & 0xf));
    dsb(ishst);
    write_sysreg_s(ICC_SGI1R_EL1, v);
    isb();
}

const struct irqchip_ops gicv3_ops = {
    .init_dist = gicv3_init_dist,
    .init_cpu = gicv3_init_cpu,
    .ack = gicv3_ack,
    .eoi = gicv3_eoi,
    .deactivate = gicv3_deactivate,
    .clear_active = gicv3_clear_active,
    .enable = gicv3_enable,
    .send_sgi = gicv3_send_sgi,
};
