/* The GICv3 side of the vGIC model on the host: the distributor with
 * affinity routing (SPIs only, IROUTER), each vCPU's redistributor
 * (RD_base and SGI_base), ICC_SGI1R_EL1 decoding, refused accesses. */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../vcpu/vgic.h"

#define NR_VCPUS 4

#define GICD_CTLR          0x0000
#define GICD_TYPER         0x0004
#define GICD_IIDR          0x0008
#define GICD_TYPER2        0x000c
#define GICD_IGROUPR(n)    (0x0080 + 4 * (n))
#define GICD_ISENABLER(n)  (0x0100 + 4 * (n))
#define GICD_ICENABLER(n)  (0x0180 + 4 * (n))
#define GICD_ISPENDR(n)    (0x0200 + 4 * (n))
#define GICD_ICPENDR(n)    (0x0280 + 4 * (n))
#define GICD_ISACTIVER(n)  (0x0300 + 4 * (n))
#define GICD_ICACTIVER(n)  (0x0380 + 4 * (n))
#define GICD_IPRIORITYR(i) (0x0400 + (i))
#define GICD_ITARGETSR(i)  (0x0800 + (i))
#define GICD_ICFGR(n)      (0x0c00 + 4 * (n))
#define GICD_IGRPMODR(n)   (0x0d00 + 4 * (n))
#define GICD_NSACR(n)      (0x0e00 + 4 * (n))
#define GICD_SGIR          0x0f00
#define GICD_SPENDSGIR(i)  (0x0f20 + (i))
#define GICD_IROUTER(i)    (0x6000 + 8 * (i))
#define GICD_PIDR2         0xffe8
#define GICD_CIDR0         0xfff0

#define GICR_CTLR          0x0000
#define GICR_IIDR          0x0004
#define GICR_TYPER         0x0008
#define GICR_WAKER         0x0014
#define GICR_PIDR2         0xffe8
#define GICR_SGI           0x10000
#define GICR_IGROUPR0      (GICR_SGI + 0x080)
#define GICR_ISENABLER0    (GICR_SGI + 0x100)
#define GICR_ICENABLER0    (GICR_SGI + 0x180)
#define GICR_ISPENDR0      (GICR_SGI + 0x200)
#define GICR_ICPENDR0      (GICR_SGI + 0x280)
#define GICR_ISACTIVER0    (GICR_SGI + 0x300)
#define GICR_ICACTIVER0    (GICR_SGI + 0x380)
#define GICR_IPRIORITYR(i) (GICR_SGI + 0x400 + (i))
#define GICR_ICFGR(n)      (GICR_SGI + 0xc00 + 4 * (n))
#define GICR_IGRPMODR0     (GICR_SGI + 0xd00)
#define GICR_NSACR         (GICR_SGI + 0xe00)

#define KEEL_IIDR 0x4b00043b

static struct vgic g;

static int setup(void **state)
{
    (void)state;
    vgic_init(&g, 3, NR_VCPUS);
    return 0;
}

/* ICC_SGI1R_EL1 from its fields. */
static uint64_t sgi1r(unsigned aff3, unsigned aff2, unsigned aff1, unsigned rs, bool irm,
                      unsigned intid, unsigned list)
{
    return (uint64_t)aff3 << 48 | (uint64_t)rs << 44 | (uint64_t)irm << 40 | (uint64_t)aff2 << 32 |
           (uint64_t)intid << 24 | (uint64_t)aff1 << 16 | list;
}

static uint64_t check_read(int rc, uint32_t kick, uint64_t val)
{
    assert_int_equal(rc, 0);
    assert_int_equal(kick, 0); /* reads never kick */
    return val;
}

static uint64_t drd(uint64_t offset, unsigned size)
{
    uint64_t val = 0xdeadbeefdeadbeefull;
    uint32_t kick = 0;
    int rc = vgic_dist_access(&g, 0, offset, size, false, &val, &kick);
    return check_read(rc, kick, val);
}

static uint32_t dwr(uint64_t offset, unsigned size, uint64_t val)
{
    uint32_t kick = 0;
    assert_int_equal(vgic_dist_access(&g, 1, offset, size, true, &val, &kick), 0);
    return kick;
}

static uint64_t rrd(unsigned frame, uint64_t offset, unsigned size)
{
    uint64_t val = 0xdeadbeefdeadbeefull;
    uint32_t kick = 0;
    int rc = vgic_redist_access(&g, frame, offset, size, false, &val, &kick);
    return check_read(rc, kick, val);
}

static uint32_t rwr(unsigned frame, uint64_t offset, unsigned size, uint64_t val)
{
    uint32_t kick = 0;
    assert_int_equal(vgic_redist_access(&g, frame, offset, size, true, &val, &kick), 0);
    return kick;
}

/* The return code of an access that must leave *val and the kick alone if refused. */
static int rc_of(bool redist, unsigned who, uint64_t offset, unsigned size, bool write)
{
    uint64_t val = 0xffffffffffffffffull;
    uint32_t kick = 0;
    int rc = redist ? vgic_redist_access(&g, who, offset, size, write, &val, &kick)
                    : vgic_dist_access(&g, who, offset, size, write, &val, &kick);
    if (rc != 0) {
        assert_int_equal(val, 0xffffffffffffffffull);
        assert_int_equal(kick, 0);
    }
    return rc;
}

static void test_vgic_v3_id_registers(void **state)
{
    (void)state;
    assert_int_equal(drd(GICD_CTLR, 4), 0x50); /* ARE, DS */
    /* IDbits 9, ITLinesNumber 7; no LPIs, no MBIS, no security */
    assert_int_equal(drd(GICD_TYPER, 4), (9u << 19) | 7);
    assert_int_equal(drd(GICD_TYPER2, 4), 0);
    assert_int_equal(drd(GICD_IIDR, 4), KEEL_IIDR);
    assert_int_equal(drd(GICD_PIDR2, 4) & 0xf0, 0x30); /* ArchRev 3 */
    assert_int_equal(drd(GICD_CIDR0, 4), 0x0d);
    assert_int_equal(drd(0xfe8, 4), 0); /* the GICv2 place is not an ID register here */
    assert_int_equal(dwr(GICD_TYPER, 4, 0xffffffff), 0);
    assert_int_equal(drd(GICD_TYPER, 4), (9u << 19) | 7);
    for (unsigned f = 0; f < NR_VCPUS; f++) {
        assert_int_equal(rrd(f, GICR_IIDR, 4), KEEL_IIDR);
        assert_int_equal(rrd(f, GICR_PIDR2, 4) & 0xf0, 0x30);
        assert_int_equal(rrd(f, GICR_CTLR, 4), 0); /* no LPIs, RWP 0 */
    }
    assert_int_equal(rwr(0, GICR_CTLR, 4, 0xffffffff), 0);
    assert_int_equal(rrd(0, GICR_CTLR, 4), 0);
}

static void test_vgic_v3_ctlr(void **state)
{
    (void)state;
    assert_int_equal(dwr(GICD_CTLR, 4, 0xffffffff), 0xf);
    assert_int_equal(drd(GICD_CTLR, 4), 0x53); /* RWP reads 0 */
    assert_int_equal(g.ctlr, 3);
    assert_int_equal(dwr(GICD_CTLR, 4, 0), 0);
    assert_int_equal(drd(GICD_CTLR, 4), 0x50); /* ARE and DS cannot be cleared */
    assert_int_equal(dwr(GICD_CTLR, 4, 0x2), 0xf);
    assert_int_equal(drd(GICD_CTLR, 4), 0x52);
    assert_int_equal(dwr(GICD_CTLR, 4, 0x80000052), 0); /* Grp1 already on */
    assert_int_equal(g.ctlr, 2);
}

/* With affinity routing the distributor leaves INTIDs 0..31 to the GICRs. */
static void test_vgic_v3_dist_private_raz(void **state)
{
    (void)state;
    assert_int_equal(dwr(GICD_ISENABLER(0), 4, 0xffffffff), 0);
    assert_int_equal(drd(GICD_ISENABLER(0), 4), 0);
    assert_false(vgic_irq(&g, 1, 27)->enabled);
    dwr(GICD_ISPENDR(0), 4, 0xffffffff);
    dwr(GICD_IGROUPR(0), 4, 0xffffffff);
    dwr(GICD_IPRIORITYR(24), 4, 0xffffffff);
    assert_false(vgic_irq(&g, 1, 27)->pending || vgic_irq(&g, 1, 27)->group1);
    assert_int_equal(vgic_irq(&g, 1, 27)->priority, 0);
    assert_int_equal(drd(GICD_IPRIORITYR(24), 4), 0);
    assert_int_equal(drd(GICD_ICFGR(0), 4), 0);
    dwr(GICD_ICFGR(1), 4, 0xffffffff);
    assert_int_equal(drd(GICD_ICFGR(1), 4), 0);
    assert_false(vgic_irq(&g, 1, 27)->edge);
    assert_int_equal(drd(GICD_IROUTER(27), 8), 0);
}

static void test_vgic_v3_spi_bits(void **state)
{
    (void)state;
    assert_int_equal(dwr(GICD_ISENABLER(1), 4, 0x5), 1u << 0);
    assert_int_equal(drd(GICD_ISENABLER(1), 4), 0x5);
    dwr(GICD_ICENABLER(1), 4, 0x1);
    assert_int_equal(drd(GICD_ICENABLER(1), 4), 0x4);
    dwr(GICD_IROUTER(255), 8, 3);
    assert_int_equal(dwr(GICD_ISPENDR(7), 4, 0x80000000), 1u << 3); /* kicks where routed */
    assert_int_equal(drd(GICD_ISPENDR(7), 4), 0x80000000);
    assert_true(vgic_irq(&g, 0, 255)->pending);
    dwr(GICD_ICPENDR(7), 4, 0xffffffff);
    assert_int_equal(drd(GICD_ICPENDR(7), 4), 0);
    assert_int_equal(dwr(GICD_ISACTIVER(3), 4, 0x10), 0);
    assert_int_equal(drd(GICD_ISACTIVER(3), 4), 0x10);
    assert_true(vgic_irq(&g, 0, 100)->active);
    dwr(GICD_ICACTIVER(3), 4, 0x10);
    assert_int_equal(drd(GICD_ICACTIVER(3), 4), 0);
    assert_int_equal(dwr(GICD_IGROUPR(2), 4, 0xf), 1u << 0);
    assert_int_equal(drd(GICD_IGROUPR(2), 4), 0xf);
    dwr(GICD_IGROUPR(2), 4, 0x3);
    assert_int_equal(drd(GICD_IGROUPR(2), 4), 0x3);
    assert_int_equal(dwr(GICD_ISENABLER(8), 4, 0xffffffff), 0); /* no INTID 256+ */
    assert_int_equal(drd(GICD_ISENABLER(8), 4), 0);
}

static void test_vgic_v3_spi_bytes_and_config(void **state)
{
    (void)state;
    assert_int_equal(dwr(GICD_IPRIORITYR(33), 1, 0x60), 1u << 0);
    assert_int_equal(drd(GICD_IPRIORITYR(32), 4), 0x6000);
    dwr(GICD_IPRIORITYR(252), 4, 0x10203040);
    assert_int_equal(drd(GICD_IPRIORITYR(255), 1), 0x10);
    assert_int_equal(vgic_irq(&g, 0, 252)->priority, 0x40);
    assert_int_equal(dwr(GICD_ICFGR(2), 4, 0xffffffff), 0);
    assert_int_equal(drd(GICD_ICFGR(2), 4), 0xaaaaaaaa);
    dwr(GICD_ICFGR(2), 4, 0x20);
    assert_int_equal(drd(GICD_ICFGR(2), 4), 0x20);
    assert_true(vgic_irq(&g, 0, 34)->edge);
    assert_false(vgic_irq(&g, 0, 33)->edge);
    /* RAZ/WI here: IGRPMODR (DS = 1), NSACR, and with ARE, ITARGETSR, SGIR, SPENDSGIR */
    dwr(GICD_IGRPMODR(1), 4, 0xffffffff);
    assert_int_equal(drd(GICD_IGRPMODR(1), 4), 0);
    dwr(GICD_NSACR(2), 4, 0xffffffff);
    assert_int_equal(drd(GICD_NSACR(2), 4), 0);
    assert_int_equal(dwr(GICD_ITARGETSR(40), 1, 0x2), 0);
    assert_int_equal(drd(GICD_ITARGETSR(40), 4), 0);
    assert_int_equal(vgic_spi_target(&g, 40), 0);
    assert_int_equal(dwr(GICD_SGIR, 4, 0x00ff0003), 0);
    assert_int_equal(dwr(GICD_SPENDSGIR(3), 1, 0xff), 0);
    for (unsigned v = 0; v < NR_VCPUS; v++) {
        assert_false(vgic_irq(&g, v, 3)->pending);
    }
}

static void test_vgic_v3_irouter(void **state)
{
    (void)state;
    assert_int_equal(drd(GICD_IROUTER(40), 8), 0);
    assert_int_equal(dwr(GICD_IROUTER(40), 8, 2), 1u << 2);
    assert_int_equal(drd(GICD_IROUTER(40), 8), 2);
    assert_int_equal(vgic_spi_target(&g, 40), 2);
    assert_int_equal(vgic_raise(&g, 0, 40), 1u << 2);
    assert_int_equal(dwr(GICD_IROUTER(40), 8, 2), 0); /* unchanged */
    /* only Aff3, IRM, Aff2, Aff1, Aff0 are stored; IRM: vCPU 0 */
    assert_int_equal(dwr(GICD_IROUTER(40), 8, ~0ull), 1u << 0);
    assert_int_equal(drd(GICD_IROUTER(40), 8), 0xff80ffffffull);
    assert_int_equal(vgic_spi_target(&g, 40), 0);
    /* 32-bit halves */
    assert_int_equal(dwr(GICD_IROUTER(41), 4, 3), 1u << 3);
    assert_int_equal(vgic_spi_target(&g, 41), 3);
    assert_int_equal(dwr(GICD_IROUTER(41) + 4, 4, 1), 0); /* Aff3 = 1: nobody */
    assert_int_equal(drd(GICD_IROUTER(41), 8), 0x100000003ull);
    assert_int_equal(drd(GICD_IROUTER(41), 4), 3);
    assert_int_equal(drd(GICD_IROUTER(41) + 4, 4), 1);
    assert_int_equal(vgic_spi_target(&g, 41), -1);
    assert_int_equal(vgic_raise(&g, 0, 41), 0);
    assert_true(vgic_irq(&g, 0, 41)->pending);
    dwr(GICD_IROUTER(41) + 4, 4, 0);
    dwr(GICD_IROUTER(41), 4, 0x80000000); /* IRM */
    assert_int_equal(vgic_spi_target(&g, 41), 0);
    dwr(GICD_IROUTER(42), 8, 0x100); /* Aff1 = 1 */
    assert_int_equal(vgic_spi_target(&g, 42), -1);
    dwr(GICD_IROUTER(43), 8, 0x10000); /* Aff2 = 1 */
    assert_int_equal(vgic_spi_target(&g, 43), -1);
    dwr(GICD_IROUTER(44), 8, NR_VCPUS); /* no such vCPU */
    assert_int_equal(vgic_spi_target(&g, 44), -1);
    /* INTIDs 0..31 and 256..1019 have none */
    assert_int_equal(dwr(GICD_IROUTER(31), 8, 1), 0);
    assert_int_equal(drd(GICD_IROUTER(31), 8), 0);
    assert_int_equal(dwr(GICD_IROUTER(256), 8, 1), 0);
    assert_int_equal(drd(GICD_IROUTER(1019), 8), 0);
    assert_int_equal(drd(GICD_IROUTER(255), 8), 0);
}

static void test_vgic_v3_gicr_typer(void **state)
{
    (void)state;
    for (unsigned f = 0; f < NR_VCPUS; f++) {
        uint64_t last = f == NR_VCPUS - 1 ? 0x10 : 0;
        uint64_t typer = (uint64_t)f << 32 | (uint64_t)f << 8 | last;
        assert_int_equal(rrd(f, GICR_TYPER, 8), typer);
        assert_int_equal(rrd(f, GICR_TYPER, 4), (uint32_t)typer);
        assert_int_equal(rrd(f, GICR_TYPER + 4, 4), f);
    }
    assert_int_equal(rwr(1, GICR_TYPER, 8, 0), 0); /* read-only */
    assert_int_equal(rrd(1, GICR_TYPER, 8), 0x100000100ull);
    vgic_init(&g, 3, 1);
    assert_int_equal(rrd(0, GICR_TYPER, 8), 0x10); /* the only one is the last */
    vgic_init(&g, 3, VGIC_MAX_VCPUS);
    assert_int_equal(rrd(7, GICR_TYPER, 8), 0x700000710ull);
    assert_int_equal(rrd(6, GICR_TYPER, 4), 0x600);
}

static void test_vgic_v3_gicr_waker(void **state)
{
    (void)state;
    assert_int_equal(rrd(2, GICR_WAKER, 4), 0x6); /* asleep out of reset */
    assert_int_equal(rwr(2, GICR_WAKER, 4, 0), 0);
    assert_int_equal(rrd(2, GICR_WAKER, 4), 0);
    assert_false(g.vcpu[2].sleeping);
    assert_int_equal(rrd(1, GICR_WAKER, 4), 0x6); /* per frame */
    rwr(2, GICR_WAKER, 4, 0x2);
    assert_true(g.vcpu[2].sleeping);
    assert_int_equal(rrd(2, GICR_WAKER, 4), 0x6); /* ChildrenAsleep follows */
    rwr(2, GICR_WAKER, 4, 0x4);                   /* ChildrenAsleep is read-only */
    assert_int_equal(rrd(2, GICR_WAKER, 4), 0);
}

static void test_vgic_v3_gicr_sgi_bits(void **state)
{
    (void)state;
    assert_int_equal(rwr(1, GICR_ISENABLER0, 4, 0x80000001), 1u << 1);
    assert_int_equal(rrd(1, GICR_ISENABLER0, 4), 0x80000001);
    assert_true(vgic_irq(&g, 1, 31)->enabled && vgic_irq(&g, 1, 0)->enabled);
    assert_int_equal(rrd(0, GICR_ISENABLER0, 4), 0); /* banked per frame */
    assert_false(vgic_irq(&g, 0, 31)->enabled);
    rwr(1, GICR_ICENABLER0, 4, 0x1);
    assert_int_equal(rrd(1, GICR_ICENABLER0, 4), 0x80000000);
    /* SGI pending bits are writable in the GICR */
    assert_int_equal(rwr(3, GICR_ISPENDR0, 4, 0x00080004), 1u << 3);
    assert_int_equal(rrd(3, GICR_ISPENDR0, 4), 0x00080004);
    assert_true(vgic_irq(&g, 3, 2)->pending && vgic_irq(&g, 3, 19)->pending);
    rwr(3, GICR_ICPENDR0, 4, 0x4);
    assert_int_equal(rrd(3, GICR_ICPENDR0, 4), 0x00080000);
    rwr(3, GICR_ISACTIVER0, 4, 0x8000000);
    assert_int_equal(rrd(3, GICR_ISACTIVER0, 4), 0x8000000);
    assert_true(vgic_irq(&g, 3, 27)->active);
    rwr(3, GICR_ICACTIVER0, 4, 0xffffffff);
    assert_int_equal(rrd(3, GICR_ISACTIVER0, 4), 0);
    assert_int_equal(rwr(2, GICR_IGROUPR0, 4, 0xffffffff), 1u << 2);
    assert_int_equal(rrd(2, GICR_IGROUPR0, 4), 0xffffffff);
    assert_int_equal(rrd(1, GICR_IGROUPR0, 4), 0);
    /* past INTID 31 the SGI_base registers are RAZ/WI */
    assert_int_equal(rwr(2, GICR_ISENABLER0 + 4, 4, 0xffffffff), 0);
    assert_int_equal(rrd(2, GICR_ISENABLER0 + 4, 4), 0);
    assert_false(vgic_irq(&g, 0, 32)->enabled);
}

static void test_vgic_v3_gicr_sgi_bytes_and_config(void **state)
{
    (void)state;
    assert_int_equal(rwr(2, GICR_IPRIORITYR(27), 1, 0xa0), 1u << 2);
    assert_int_equal(rrd(2, GICR_IPRIORITYR(24), 4), 0xa0000000);
    assert_int_equal(rrd(1, GICR_IPRIORITYR(24), 4), 0);
    rwr(2, GICR_IPRIORITYR(0), 4, 0x04030201);
    assert_int_equal(vgic_irq(&g, 2, 3)->priority, 0x04);
    assert_int_equal(rrd(2, GICR_IPRIORITYR(1), 1), 0x02);
    assert_int_equal(rrd(2, GICR_IPRIORITYR(32), 4), 0); /* no IPRIORITYR8 */
    assert_int_equal(rrd(2, GICR_ICFGR(0), 4), 0xaaaaaaaa);
    rwr(2, GICR_ICFGR(0), 4, 0);
    assert_int_equal(rrd(2, GICR_ICFGR(0), 4), 0xaaaaaaaa); /* SGIs: read-only edge */
    assert_int_equal(rrd(2, GICR_ICFGR(1), 4), 0);
    rwr(2, GICR_ICFGR(1), 4, 0xffffffff);
    assert_int_equal(rrd(2, GICR_ICFGR(1), 4), 0xaaaaaaaa); /* PPIs as written */
    assert_int_equal(rrd(3, GICR_ICFGR(1), 4), 0);
    rwr(2, GICR_IGRPMODR0, 4, 0xffffffff);
    assert_int_equal(rrd(2, GICR_IGRPMODR0, 4), 0);
    rwr(2, GICR_NSACR, 4, 0xffffffff);
    assert_int_equal(rrd(2, GICR_NSACR, 4), 0);
    assert_int_equal(rrd(2, 0x0070, 8), 0); /* PROPBASER: no LPIs */
}

static void test_vgic_v3_sgi1r(void **state)
{
    (void)state;
    uint32_t kick = 0;
    vgic_sgi1r(&g, 0, sgi1r(0, 0, 0, 0, false, 5, 0x6), &kick);
    assert_int_equal(kick, 0x6);
    assert_true(vgic_irq(&g, 1, 5)->pending && vgic_irq(&g, 2, 5)->pending);
    assert_false(vgic_irq(&g, 0, 5)->pending || vgic_irq(&g, 3, 5)->pending);
    assert_int_equal(vgic_irq(&g, 1, 5)->sgi_sources, 0); /* GICv2 only */
    kick = 0;
    vgic_sgi1r(&g, 2, sgi1r(0, 0, 0, 0, true, 9, 0), &kick); /* IRM: all but me */
    assert_int_equal(kick, 0xb);
    assert_false(vgic_irq(&g, 2, 9)->pending);
    assert_true(vgic_irq(&g, 3, 9)->pending);
    kick = 0;
    vgic_sgi1r(&g, 1, sgi1r(0, 0, 0, 0, false, 15, 0xffff), &kick); /* itself too */
    assert_int_equal(kick, 0xf);
    assert_true(vgic_irq(&g, 1, 15)->pending);
    kick = 0;
    vgic_sgi1r(&g, 0, sgi1r(0, 0, 1, 0, false, 4, 0xf), &kick);    /* Aff1 = 1 */
    vgic_sgi1r(&g, 0, sgi1r(0, 1, 0, 0, false, 4, 0xf), &kick);    /* Aff2 = 1 */
    vgic_sgi1r(&g, 0, sgi1r(1, 0, 0, 0, false, 4, 0xf), &kick);    /* Aff3 = 1 */
    vgic_sgi1r(&g, 0, sgi1r(0, 0, 0, 1, false, 4, 0xf), &kick);    /* RS = 1: Aff0 16-19 */
    vgic_sgi1r(&g, 0, sgi1r(0, 0, 0, 0, false, 4, 0xfff0), &kick); /* Aff0 4-15 */
    assert_int_equal(kick, 0);
    for (unsigned v = 0; v < NR_VCPUS; v++) {
        assert_false(vgic_irq(&g, v, 4)->pending);
    }
    vgic_sgi1r(&g, NR_VCPUS, sgi1r(0, 0, 0, 0, true, 4, 0), &kick); /* no such sender */
    assert_int_equal(kick, 0);
    vgic_sgi1r(&g, 3, sgi1r(0, 0, 0, 0, false, 6, 0x1), NULL);
    assert_true(vgic_irq(&g, 0, 6)->pending);
    vgic_init(&g, 2, NR_VCPUS); /* a GICv2 vGIC has no ICC_SGI1R_EL1 */
    vgic_sgi1r(&g, 0, sgi1r(0, 0, 0, 0, true, 4, 0), &kick);
    assert_int_equal(kick, 0);
    assert_false(vgic_irq(&g, 1, 4)->pending);
}

static void test_vgic_v3_refused_accesses(void **state)
{
    (void)state;
    assert_int_equal(rc_of(false, 0, GICD_CTLR, 8, false), -1);
    assert_int_equal(rc_of(false, 0, GICD_CTLR, 1, true), -1);
    assert_int_equal(rc_of(false, 0, GICD_TYPER, 2, false), -1);
    assert_int_equal(rc_of(false, 0, GICD_ISENABLER(1), 1, true), -1);
    assert_int_equal(rc_of(false, 0, GICD_ISENABLER(2), 8, true), -1);
    assert_int_equal(rc_of(false, 0, GICD_ICFGR(2), 8, false), -1);
    assert_int_equal(rc_of(false, 0, GICD_IPRIORITYR(40), 8, true), -1);
    assert_int_equal(rc_of(false, 0, GICD_IROUTER(40), 1, true), -1);
    assert_int_equal(rc_of(false, 0, GICD_IROUTER(40) + 4, 8, true), -1); /* misaligned */
    assert_int_equal(rc_of(false, 0, GICD_IROUTER(40) + 2, 4, true), -1);
    assert_int_equal(rc_of(false, 0, GICD_PIDR2, 8, false), -1);
    assert_int_equal(rc_of(false, NR_VCPUS, GICD_CTLR, 4, false), -1);
    assert_int_equal(rc_of(false, 0, VGIC_GICD_SIZE, 4, false), -1);
    assert_int_equal(drd(GICD_ISENABLER(1), 4), 0); /* nothing was written */
    assert_int_equal(drd(GICD_IROUTER(40), 8), 0);
    assert_int_equal(rc_of(true, 0, GICR_CTLR, 8, false), -1);
    assert_int_equal(rc_of(true, 0, GICR_WAKER, 8, true), -1);
    assert_int_equal(rc_of(true, 0, GICR_WAKER, 1, true), -1);
    assert_int_equal(rc_of(true, 0, GICR_TYPER + 4, 8, false), -1);
    assert_int_equal(rc_of(true, 0, GICR_ISENABLER0, 1, true), -1);
    assert_int_equal(rc_of(true, 0, GICR_ICFGR(1), 8, true), -1);
    assert_int_equal(rc_of(true, 0, GICR_ISENABLER0 + 1, 4, true), -1);
    assert_int_equal(rc_of(true, 0, GICR_IPRIORITYR(0), 2, true), -1);
    assert_int_equal(rc_of(true, NR_VCPUS, GICR_TYPER, 8, false), -1); /* no such frame */
    assert_int_equal(rc_of(true, 0, VGIC_GICR_FRAME_SIZE, 4, false), -1);
    assert_int_equal(rrd(0, GICR_ISENABLER0, 4), 0);
    assert_int_equal(rrd(0, GICR_WAKER, 4), 0x6);
    /* allowed: bytes of IPRIORITYR, reserved offsets of any register size */
    assert_int_equal(rc_of(true, 0, GICR_IPRIORITYR(3), 1, true), 0);
    assert_int_equal(rc_of(false, 0, GICD_IPRIORITYR(35), 1, false), 0);
    assert_int_equal(drd(0x0040, 8), 0);
    assert_int_equal(drd(0x8000, 4), 0);
    assert_int_equal(rrd(3, 0x0100, 8), 0);
    assert_int_equal(rrd(3, GICR_SGI + 0x800, 1), 0);
}

/* Programmed through the registers, raised, selected. */
static void test_vgic_v3_delivery(void **state)
{
    (void)state;
    dwr(GICD_CTLR, 4, 0x2);
    dwr(GICD_IROUTER(100), 8, 3);
    dwr(GICD_IGROUPR(3), 4, 0x10);
    dwr(GICD_IPRIORITYR(100), 1, 0x80);
    assert_int_equal(dwr(GICD_ISENABLER(3), 4, 0x10), 1u << 3);
    assert_int_equal(vgic_raise(&g, 0, 100), 1u << 3);
    assert_int_equal(vgic_next_pending(&g, 3), 100);
    assert_int_equal(vgic_next_pending(&g, 0), VGIC_SPURIOUS);
    rwr(3, GICR_IGROUPR0, 4, 1u << 27);
    rwr(3, GICR_IPRIORITYR(27), 1, 0x80); /* same priority: the lower INTID first */
    rwr(3, GICR_ISENABLER0, 4, 1u << 27);
    assert_int_equal(vgic_raise(&g, 3, 27), 1u << 3);
    assert_int_equal(vgic_next_pending(&g, 3), 27);
    dwr(GICD_IPRIORITYR(100), 1, 0x70);
    assert_int_equal(vgic_next_pending(&g, 3), 100);
    assert_int_equal(dwr(GICD_IROUTER(100), 8, 1), 1u << 1); /* rerouted: kicks vCPU 1 */
    assert_int_equal(vgic_next_pending(&g, 1), 100);
    assert_int_equal(vgic_next_pending(&g, 3), 27);
    dwr(GICD_CTLR, 4, 0x1); /* group 1 off */
    assert_int_equal(vgic_next_pending(&g, 3), VGIC_SPURIOUS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_vgic_v3_id_registers, setup),
        cmocka_unit_test_setup(test_vgic_v3_ctlr, setup),
        cmocka_unit_test_setup(test_vgic_v3_dist_private_raz, setup),
        cmocka_unit_test_setup(test_vgic_v3_spi_bits, setup),
        cmocka_unit_test_setup(test_vgic_v3_spi_bytes_and_config, setup),
        cmocka_unit_test_setup(test_vgic_v3_irouter, setup),
        cmocka_unit_test_setup(test_vgic_v3_gicr_typer, setup),
        cmocka_unit_test_setup(test_vgic_v3_gicr_waker, setup),
        cmocka_unit_test_setup(test_vgic_v3_gicr_sgi_bits, setup),
        cmocka_unit_test_setup(test_vgic_v3_gicr_sgi_bytes_and_config, setup),
        cmocka_unit_test_setup(test_vgic_v3_sgi1r, setup),
        cmocka_unit_test_setup(test_vgic_v3_refused_accesses, setup),
        cmocka_unit_test_setup(test_vgic_v3_delivery, setup),
    };
    return cmocka_run_group_tests_name("vgic_v3", tests, NULL, NULL);
}
