/* The vGIC model on the host: reset state, vgic_raise and its kicks,
 * vgic_next_pending (priority, ties, groups, GICD_CTLR, list registers)
 * for both GIC versions, and the GICv2 distributor register by register.
 * The GICv3 distributor and redistributors are in test_vgic_v3.c. */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../vcpu/vgic.h"

#define NR_VCPUS 4

#define GICD_CTLR          0x000
#define GICD_TYPER         0x004
#define GICD_IIDR          0x008
#define GICD_IGROUPR(n)    (0x080 + 4 * (n))
#define GICD_ISENABLER(n)  (0x100 + 4 * (n))
#define GICD_ICENABLER(n)  (0x180 + 4 * (n))
#define GICD_ISPENDR(n)    (0x200 + 4 * (n))
#define GICD_ICPENDR(n)    (0x280 + 4 * (n))
#define GICD_ISACTIVER(n)  (0x300 + 4 * (n))
#define GICD_ICACTIVER(n)  (0x380 + 4 * (n))
#define GICD_IPRIORITYR(i) (0x400 + (i))
#define GICD_ITARGETSR(i)  (0x800 + (i))
#define GICD_ICFGR(n)      (0xc00 + 4 * (n))
#define GICD_SGIR          0xf00
#define GICD_CPENDSGIR(i)  (0xf10 + (i))
#define GICD_SPENDSGIR(i)  (0xf20 + (i))
#define GICD_PIDR2         0xfe8
#define GICD_CIDR0         0xff0

#define KEEL_IIDR 0x4b00043b

#define SGIR(filter, list, intid) (((filter) << 24) | ((list) << 16) | (intid))

static struct vgic g;

static unsigned version; /* of the group running */

static int setup(void **state)
{
    (void)state;
    vgic_init(&g, version, NR_VCPUS);
    return 0;
}

static int group_v2(void **state)
{
    (void)state;
    version = 2;
    return 0;
}

static int group_v3(void **state)
{
    (void)state;
    version = 3;
    return 0;
}

/* A distributor read that must be accepted and must not kick anyone. */
static uint64_t rd(unsigned vcpu, uint64_t offset, unsigned size)
{
    uint64_t val = 0xdeadbeefdeadbeefull;
    uint32_t kick = 0;

    assert_int_equal(vgic_dist_access(&g, vcpu, offset, size, false, &val, &kick), 0);
    assert_int_equal(kick, 0);
    return val;
}

/* A distributor write that must be accepted; returns its kick mask. */
static uint32_t wr(unsigned vcpu, uint64_t offset, unsigned size, uint64_t val)
{
    uint32_t kick = 0;

    assert_int_equal(vgic_dist_access(&g, vcpu, offset, size, true, &val, &kick), 0);
    return kick;
}

static int access_rc(unsigned vcpu, uint64_t offset, unsigned size, bool write)
{
    uint64_t val = 0xffffffffffffffffull;
    uint32_t kick = 0;
    int rc = vgic_dist_access(&g, vcpu, offset, size, write, &val, &kick);

    if (rc != 0) {
        assert_int_equal(val, 0xffffffffffffffffull); /* untouched */
        assert_int_equal(kick, 0);
    }
    return rc;
}

/* Points an SPI at one vCPU, whichever the version. */
static void aim(uint32_t intid, unsigned vcpu)
{
    struct vgic_irq *irq = vgic_irq(&g, 0, intid);
    irq->targets = (uint8_t)(1u << vcpu);
    irq->route = vcpu;
    vgic_spi_retarget(&g, intid);
}

/* An enabled, pending interrupt of this priority and group. */
static void ready(unsigned vcpu, uint32_t intid, uint8_t priority, bool group1)
{
    struct vgic_irq *irq = vgic_irq(&g, vcpu, intid);
    irq->priority = priority;
    irq->group1 = group1;
    irq->enabled = true;
    vgic_raise(&g, vcpu, intid);
}

/* ---- The model, both versions ------------------------------------------- */

static void test_vgic_reset_state(void **state)
{
    (void)state;
    assert_int_equal(g.nr_vcpus, NR_VCPUS);
    assert_int_equal(g.ctlr, 0);
    for (unsigned v = 0; v < NR_VCPUS; v++) {
        for (uint32_t i = 0; i < VGIC_NR_PRIVATE; i++) {
            struct vgic_irq *irq = vgic_irq(&g, v, i);
            assert_int_equal(irq->edge, i < 16); /* SGIs edge, PPIs level */
            assert_false(irq->enabled || irq->pending || irq->active || irq->group1);
            assert_int_equal(irq->priority, 0);
        }
    }
    for (uint32_t i = 32; i < VGIC_NR_IRQS; i++) {
        assert_int_equal(vgic_spi_target(&g, i), 0);
        assert_false(vgic_irq(&g, 0, i)->edge);
    }
    vgic_init(&g, g.version, VGIC_MAX_VCPUS + 5);
    assert_int_equal(g.nr_vcpus, VGIC_MAX_VCPUS); /* clamped */
}

static void test_vgic_irq_lookup(void **state)
{
    (void)state;
    assert_ptr_not_equal(vgic_irq(&g, 0, 27), vgic_irq(&g, 1, 27)); /* banked */
    assert_ptr_equal(vgic_irq(&g, 0, 27), &g.vcpu[0].priv[27]);
    assert_ptr_equal(vgic_irq(&g, 3, 5), &g.vcpu[3].priv[5]);
    assert_ptr_equal(vgic_irq(&g, 0, 40), vgic_irq(&g, 3, 40)); /* shared */
    assert_ptr_equal(vgic_irq(&g, 2, 255), &g.spi[223]);
    assert_null(vgic_irq(&g, 0, VGIC_NR_IRQS));
    assert_null(vgic_irq(&g, 0, VGIC_SPURIOUS));
    assert_null(vgic_irq(&g, NR_VCPUS, 27));
    assert_null(vgic_irq(&g, NR_VCPUS, 40));
    assert_int_equal(vgic_spi_target(&g, 31), -1); /* not an SPI */
    assert_int_equal(vgic_spi_target(&g, VGIC_NR_IRQS), -1);
}

static void test_vgic_raise_kicks(void **state)
{
    (void)state;
    assert_int_equal(vgic_raise(&g, 2, 27), 1u << 2); /* PPI: its own bank */
    assert_true(vgic_irq(&g, 2, 27)->pending);
    assert_false(vgic_irq(&g, 1, 27)->pending);
    assert_int_equal(vgic_raise(&g, 1, 5), 1u << 1); /* SGI */
    assert_true(vgic_irq(&g, 1, 5)->pending);
    assert_int_equal(vgic_irq(&g, 1, 5)->sgi_sources, g.version == 2 ? 1u << 1 : 0);
    aim(77, 3);
    assert_int_equal(vgic_raise(&g, 0, 77), 1u << 3); /* SPI: where it is routed */
    assert_true(vgic_irq(&g, 0, 77)->pending);
    /* no valid target: left pending, nobody kicked */
    vgic_irq(&g, 0, 78)->targets = 0;
    vgic_irq(&g, 0, 78)->route = 9;
    vgic_spi_retarget(&g, 78);
    assert_int_equal(vgic_spi_target(&g, 78), -1);
    assert_int_equal(vgic_raise(&g, 0, 78), 0);
    assert_true(vgic_irq(&g, 0, 78)->pending);
    /* out of range */
    assert_int_equal(vgic_raise(&g, 0, VGIC_NR_IRQS), 0);
    assert_int_equal(vgic_raise(&g, 0, VGIC_SPURIOUS), 0);
    assert_int_equal(vgic_raise(&g, NR_VCPUS, 27), 0);
    assert_int_equal(vgic_raise(&g, NR_VCPUS, 3), 0);
}

static void test_vgic_next_pending_order(void **state)
{
    (void)state;
    g.ctlr = 3;
    assert_int_equal(vgic_next_pending(&g, 0), VGIC_SPURIOUS);
    ready(0, 40, 0x80, true);
    ready(0, 41, 0x40, true);
    ready(0, 20, 0x40, true); /* same priority as 41: the lower INTID wins */
    ready(0, 3, 0xa0, false);
    assert_int_equal(vgic_next_pending(&g, 0), 20);
    vgic_irq(&g, 0, 20)->in_lr = true; /* the list registers have it */
    assert_int_equal(vgic_next_pending(&g, 0), 41);
    vgic_irq(&g, 0, 41)->priority = 0x90; /* now below 40 */
    assert_int_equal(vgic_next_pending(&g, 0), 40);
    vgic_irq(&g, 0, 40)->pending = false;
    assert_int_equal(vgic_next_pending(&g, 0), 41);
    vgic_irq(&g, 0, 41)->in_lr = true;
    assert_int_equal(vgic_next_pending(&g, 0), 3);
    ready(0, 200, 0x00, false); /* the highest priority, for vCPU 0 */
    ready(0, 201, 0x00, false);
    assert_int_equal(vgic_next_pending(&g, 0), 200);
    aim(200, 1); /* another vCPU's now */
    assert_int_equal(vgic_next_pending(&g, 0), 201);
    assert_int_equal(vgic_next_pending(&g, 1), 200);
    assert_int_equal(vgic_next_pending(&g, 2), VGIC_SPURIOUS);
    assert_int_equal(vgic_next_pending(&g, NR_VCPUS), VGIC_SPURIOUS);
}

static void test_vgic_next_pending_gating(void **state)
{
    (void)state;
    ready(1, 30, 0x10, false);
    ready(1, 31, 0x20, true);
    assert_int_equal(vgic_next_pending(&g, 1), VGIC_SPURIOUS); /* CTLR: both groups off */
    g.ctlr = 2;
    assert_int_equal(vgic_next_pending(&g, 1), 31); /* group 1 only */
    g.ctlr = 1;
    assert_int_equal(vgic_next_pending(&g, 1), 30); /* group 0 only */
    g.ctlr = 3;
    assert_int_equal(vgic_next_pending(&g, 1), 30);
    vgic_irq(&g, 1, 30)->enabled = false;
    assert_int_equal(vgic_next_pending(&g, 1), 31);
    vgic_irq(&g, 1, 31)->pending = false;
    assert_int_equal(vgic_next_pending(&g, 1), VGIC_SPURIOUS);
    vgic_irq(&g, 1, 31)->pending = true;
    vgic_hint(&g, 1, 31);
    vgic_irq(&g, 1, 31)->active = true; /* active and pending: still deliverable */
    assert_int_equal(vgic_next_pending(&g, 1), 31);
    assert_int_equal(vgic_next_pending(&g, 0), VGIC_SPURIOUS); /* banked */
}

/* Register writes touch only the model's fields of an interrupt in an LR
 * (SPI registers: the same offsets in both distributors). */
static void test_vgic_in_lr_register_writes(void **state)
{
    (void)state;
    g.ctlr = 3;
    ready(0, 50, 0x10, true);
    struct vgic_irq *irq = vgic_irq(&g, 0, 50);
    irq->in_lr = true;
    irq->pending = false; /* as vgic_lr_flush leaves it */
    assert_int_equal(rd(0, GICD_ISPENDR(1), 4), 0);
    assert_int_equal(wr(0, GICD_ISPENDR(1), 4, 1u << 18), 1u << 0);
    assert_true(irq->pending && irq->in_lr);
    assert_int_equal(vgic_next_pending(&g, 0), VGIC_SPURIOUS); /* not loaded twice */
    wr(0, GICD_ICPENDR(1), 4, 1u << 18);
    wr(0, GICD_ISACTIVER(1), 4, 1u << 18);
    assert_false(irq->pending);
    assert_true(irq->active && irq->in_lr);
    wr(0, GICD_ICACTIVER(1), 4, 1u << 18);
    wr(0, GICD_ICENABLER(1), 4, 1u << 18);
    assert_false(irq->active || irq->enabled);
    assert_true(irq->in_lr); /* the LR code's to clear */
}

/* ---- The GICv2 distributor ---------------------------------------------- */

static void test_vgic_v2_id_registers(void **state)
{
    (void)state;
    assert_int_equal(rd(0, GICD_CTLR, 4), 0);
    /* ITLinesNumber 7 (256 INTIDs), CPUNumber 3, no Security Extensions */
    assert_int_equal(rd(0, GICD_TYPER, 4), 0x67);
    assert_int_equal(rd(0, GICD_IIDR, 4), KEEL_IIDR);
    assert_int_equal(rd(0, GICD_PIDR2, 4) & 0xf0, 0x20); /* ArchRev 2 */
    assert_int_equal(rd(0, GICD_CIDR0, 4), 0x0d);
    assert_int_equal(rd(0, GICD_CIDR0 + 12, 4), 0xb1);
    assert_int_equal(wr(0, GICD_TYPER, 4, 0), 0); /* read-only */
    assert_int_equal(rd(0, GICD_TYPER, 4), 0x67);
    vgic_init(&g, 2, 1);
    assert_int_equal(rd(0, GICD_TYPER, 4), 0x07);
    vgic_init(&g, 2, 8);
    assert_int_equal(rd(7, GICD_TYPER, 4), 0xe7);
}

static void test_vgic_v2_ctlr(void **state)
{
    (void)state;
    assert_int_equal(wr(0, GICD_CTLR, 4, 1), 0xf); /* enabling kicks everyone */
    assert_int_equal(rd(0, GICD_CTLR, 4), 1);
    assert_int_equal(wr(2, GICD_CTLR, 4, 1), 0); /* no change */
    assert_int_equal(wr(2, GICD_CTLR, 4, 0xffffffff), 0xf);
    assert_int_equal(rd(3, GICD_CTLR, 4), 3); /* EnableGrp0, EnableGrp1 */
    assert_int_equal(g.ctlr, 3);
    assert_int_equal(wr(0, GICD_CTLR, 4, 0), 0); /* disabling does not */
    assert_int_equal(rd(0, GICD_CTLR, 4), 0);
}

static void test_vgic_v2_enable_bits(void **state)
{
    (void)state;
    assert_int_equal(wr(0, GICD_ISENABLER(1), 4, 0x5), 1u << 0); /* INTIDs 32, 34 */
    assert_int_equal(rd(0, GICD_ISENABLER(1), 4), 0x5);
    assert_int_equal(rd(3, GICD_ICENABLER(1), 4), 0x5);    /* both read the state */
    assert_int_equal(wr(0, GICD_ISENABLER(1), 4, 0x5), 0); /* already enabled */
    assert_int_equal(wr(0, GICD_ISENABLER(1), 4, 0), 0);   /* 0: no effect */
    assert_int_equal(rd(0, GICD_ISENABLER(1), 4), 0x5);
    assert_int_equal(wr(0, GICD_ICENABLER(1), 4, 0x1), 0);
    assert_int_equal(rd(0, GICD_ISENABLER(1), 4), 0x4);
    assert_true(vgic_irq(&g, 0, 34)->enabled);
    assert_false(vgic_irq(&g, 0, 32)->enabled);
    /* the last word: INTIDs 224..255, one aimed at vCPU 2 */
    wr(0, GICD_ITARGETSR(255), 1, 0x4);
    assert_int_equal(wr(1, GICD_ISENABLER(7), 4, 0x80000001), (1u << 2) | (1u << 0));
    assert_int_equal(rd(1, GICD_ISENABLER(7), 4), 0x80000001);
    assert_true(vgic_irq(&g, 0, 255)->enabled);
    wr(1, GICD_ICENABLER(7), 4, 0xffffffff);
    assert_int_equal(rd(1, GICD_ISENABLER(7), 4), 0);
    /* past the implemented INTIDs: RAZ/WI */
    assert_int_equal(wr(0, GICD_ISENABLER(8), 4, 0xffffffff), 0);
    assert_int_equal(rd(0, GICD_ISENABLER(8), 4), 0);
    assert_int_equal(rd(0, GICD_ISENABLER(31), 4), 0);
}

static void test_vgic_v2_pending_active_bits(void **state)
{
    (void)state;
    assert_int_equal(wr(0, GICD_ISPENDR(2), 4, 0x30000), 1u << 0); /* INTIDs 80, 81 */
    assert_int_equal(rd(0, GICD_ISPENDR(2), 4), 0x30000);
    assert_int_equal(rd(0, GICD_ICPENDR(2), 4), 0x30000);
    wr(0, GICD_ICPENDR(2), 4, 0x10000);
    assert_int_equal(rd(0, GICD_ISPENDR(2), 4), 0x20000);
    assert_false(vgic_irq(&g, 0, 80)->pending);
    assert_true(vgic_irq(&g, 0, 81)->pending);
    assert_int_equal(wr(0, GICD_ISACTIVER(6), 4, 0x80000000), 0); /* active: no kick */
    assert_int_equal(rd(0, GICD_ISACTIVER(6), 4), 0x80000000);
    assert_int_equal(rd(0, GICD_ICACTIVER(6), 4), 0x80000000);
    assert_true(vgic_irq(&g, 0, 223)->active);
    wr(0, GICD_ICACTIVER(6), 4, 0x80000000);
    assert_int_equal(rd(0, GICD_ISACTIVER(6), 4), 0);
    /* PPIs: banked, kick the accessing vCPU */
    assert_int_equal(wr(2, GICD_ISPENDR(0), 4, 1u << 27), 1u << 2);
    assert_true(vgic_irq(&g, 2, 27)->pending);
    assert_int_equal(rd(2, GICD_ISPENDR(0), 4), 1u << 27);
    assert_int_equal(rd(1, GICD_ISPENDR(0), 4), 0);
    wr(2, GICD_ISACTIVER(0), 4, 1u << 27);
    assert_int_equal(rd(2, GICD_ICACTIVER(0), 4), 1u << 27);
    /* SGI pending bits: read-only here (SPENDSGIR/CPENDSGIR change them) */
    assert_int_equal(wr(2, GICD_ISPENDR(0), 4, 0xffff), 0);
    assert_int_equal(rd(2, GICD_ISPENDR(0), 4), 1u << 27);
    wr(0, GICD_SGIR, 4, SGIR(0, 0x4, 9)); /* SGI 9 for vCPU 2 */
    assert_int_equal(rd(2, GICD_ISPENDR(0), 4), (1u << 27) | (1u << 9));
    wr(2, GICD_ICPENDR(0), 4, 0xffffffff);
    assert_int_equal(rd(2, GICD_ISPENDR(0), 4), 1u << 9);
    assert_int_equal(vgic_irq(&g, 2, 9)->sgi_sources, 1u << 0);
}

static void test_vgic_v2_group_bits(void **state)
{
    (void)state;
    assert_int_equal(wr(1, GICD_IGROUPR(0), 4, 0xffff0000), 1u << 1); /* PPIs, banked */
    assert_int_equal(rd(1, GICD_IGROUPR(0), 4), 0xffff0000);
    assert_int_equal(rd(0, GICD_IGROUPR(0), 4), 0);
    assert_int_equal(wr(0, GICD_IGROUPR(3), 4, 0x00000101), 1u << 0);
    assert_int_equal(rd(0, GICD_IGROUPR(3), 4), 0x101);
    assert_true(vgic_irq(&g, 0, 104)->group1);
    assert_int_equal(wr(0, GICD_IGROUPR(3), 4, 0x00000100), 1u << 0); /* not a W1S */
    assert_int_equal(rd(0, GICD_IGROUPR(3), 4), 0x100);
    assert_int_equal(wr(0, GICD_IGROUPR(3), 4, 0x00000100), 0); /* unchanged */
}

static void test_vgic_v2_priority(void **state)
{
    (void)state;
    assert_int_equal(wr(0, GICD_IPRIORITYR(40), 1, 0xa0), 1u << 0);
    assert_int_equal(rd(0, GICD_IPRIORITYR(40), 4), 0xa0);
    assert_int_equal(rd(0, GICD_IPRIORITYR(40), 1), 0xa0);
    assert_int_equal(wr(0, GICD_IPRIORITYR(41), 1, 0xa0), 1u << 0);
    assert_int_equal(wr(0, GICD_IPRIORITYR(41), 1, 0xa0), 0); /* unchanged */
    wr(0, GICD_IPRIORITYR(44), 4, 0x44332211);
    assert_int_equal(vgic_irq(&g, 0, 44)->priority, 0x11);
    assert_int_equal(vgic_irq(&g, 0, 47)->priority, 0x44);
    assert_int_equal(rd(0, GICD_IPRIORITYR(46), 1), 0x33);
    assert_int_equal(rd(0, GICD_IPRIORITYR(44), 4), 0x44332211);
    assert_int_equal(rd(0, GICD_IPRIORITYR(255), 1), 0);
    wr(0, GICD_IPRIORITYR(252), 4, 0xff000000);
    assert_int_equal(vgic_irq(&g, 0, 255)->priority, 0xff); /* all 8 bits kept */
    /* banked: SGIs and PPIs per vCPU */
    assert_int_equal(wr(3, GICD_IPRIORITYR(24), 4, 0x80808080), 1u << 3);
    assert_int_equal(rd(3, GICD_IPRIORITYR(24), 4), 0x80808080);
    assert_int_equal(rd(0, GICD_IPRIORITYR(24), 4), 0);
    assert_int_equal(vgic_irq(&g, 3, 27)->priority, 0x80);
    /* past the implemented INTIDs */
    wr(0, GICD_IPRIORITYR(256), 4, 0xffffffff);
    assert_int_equal(rd(0, GICD_IPRIORITYR(256), 4), 0);
}

static void test_vgic_v2_targets(void **state)
{
    (void)state;
    /* ITARGETSR0-7: the accessing vCPU's own mask, read-only */
    assert_int_equal(rd(0, GICD_ITARGETSR(0), 4), 0x01010101);
    assert_int_equal(rd(2, GICD_ITARGETSR(28), 4), 0x04040404);
    assert_int_equal(rd(3, GICD_ITARGETSR(16), 1), 0x08);
    assert_int_equal(wr(1, GICD_ITARGETSR(16), 4, 0), 0);
    assert_int_equal(rd(1, GICD_ITARGETSR(16), 4), 0x02020202);
    /* SPIs: masks of existing vCPUs */
    assert_int_equal(rd(0, GICD_ITARGETSR(32), 4), 0x01010101);
    assert_int_equal(wr(0, GICD_ITARGETSR(33), 1, 0x06), 1u << 1); /* kicks the new target */
    assert_int_equal(rd(0, GICD_ITARGETSR(32), 4), 0x01010601);
    assert_int_equal(vgic_spi_target(&g, 33), 1); /* the lowest vCPU of the mask */
    assert_int_equal(wr(0, GICD_ITARGETSR(36), 4, 0xf0ff0408), (1u << 3) | (1u << 2) | 1u);
    assert_int_equal(rd(0, GICD_ITARGETSR(36), 4), 0x000f0408); /* vCPUs 4-7 do not exist */
    assert_int_equal(vgic_spi_target(&g, 36), 3);
    assert_int_equal(vgic_spi_target(&g, 38), 0);
    assert_int_equal(vgic_spi_target(&g, 39), -1); /* no target */
    assert_int_equal(vgic_raise(&g, 0, 39), 0);
    assert_int_equal(wr(0, GICD_ITARGETSR(39), 1, 0x04), 1u << 2);
    assert_int_equal(rd(0, GICD_ITARGETSR(255), 1), 0x01);
    assert_int_equal(rd(0, GICD_ITARGETSR(256), 4), 0); /* past the INTIDs */
}

static void test_vgic_v2_icfgr(void **state)
{
    (void)state;
    assert_int_equal(rd(0, GICD_ICFGR(0), 4), 0xaaaaaaaa); /* SGIs: edge */
    assert_int_equal(rd(0, GICD_ICFGR(1), 4), 0);          /* PPIs: level */
    assert_int_equal(rd(0, GICD_ICFGR(2), 4), 0);
    wr(0, GICD_ICFGR(0), 4, 0);
    assert_int_equal(rd(0, GICD_ICFGR(0), 4), 0xaaaaaaaa); /* read-only */
    wr(1, GICD_ICFGR(1), 4, 0xffffffff);                   /* Int_config[0]: RAZ/WI */
    assert_int_equal(rd(1, GICD_ICFGR(1), 4), 0xaaaaaaaa);
    assert_true(vgic_irq(&g, 1, 27)->edge);
    assert_int_equal(rd(0, GICD_ICFGR(1), 4), 0); /* banked */
    wr(1, GICD_ICFGR(1), 4, 0x2 << 22);           /* only PPI 27 edge */
    assert_int_equal(rd(1, GICD_ICFGR(1), 4), 0x2 << 22);
    assert_int_equal(wr(0, GICD_ICFGR(2), 4, 0x8), 0); /* INTID 33 edge */
    assert_int_equal(rd(0, GICD_ICFGR(2), 4), 0x8);
    assert_true(vgic_irq(&g, 0, 33)->edge);
    wr(0, GICD_ICFGR(15), 4, 0x80000000);
    assert_true(vgic_irq(&g, 0, 255)->edge);
    assert_int_equal(rd(0, GICD_ICFGR(16), 4), 0); /* past the INTIDs */
}

static void test_vgic_v2_sgir(void **state)
{
    (void)state;
    /* TargetListFilter 0: the CPUTargetList */
    assert_int_equal(wr(0, GICD_SGIR, 4, SGIR(0, 0xa, 3)), 0xa);
    assert_true(vgic_irq(&g, 1, 3)->pending && vgic_irq(&g, 3, 3)->pending);
    assert_false(vgic_irq(&g, 0, 3)->pending || vgic_irq(&g, 2, 3)->pending);
    assert_int_equal(vgic_irq(&g, 1, 3)->sgi_sources, 1u << 0);
    assert_int_equal(wr(2, GICD_SGIR, 4, SGIR(0, 0x2, 3)), 0x2); /* a second sender */
    assert_int_equal(vgic_irq(&g, 1, 3)->sgi_sources, (1u << 0) | (1u << 2));
    assert_int_equal(wr(0, GICD_SGIR, 4, SGIR(0, 0xf0, 4)), 0); /* no such vCPUs */
    assert_false(vgic_irq(&g, 0, 4)->pending);
    /* 1: every vCPU but the sender; 2: the sender only; 3: reserved */
    assert_int_equal(wr(2, GICD_SGIR, 4, SGIR(1, 0x4, 7)), 0xb);
    assert_false(vgic_irq(&g, 2, 7)->pending);
    assert_int_equal(vgic_irq(&g, 3, 7)->sgi_sources, 1u << 2);
    assert_int_equal(wr(1, GICD_SGIR, 4, SGIR(2, 0x0, 15)), 0x2);
    assert_int_equal(vgic_irq(&g, 1, 15)->sgi_sources, 1u << 1);
    assert_int_equal(wr(1, GICD_SGIR, 4, SGIR(3, 0xf, 12)), 0);
    for (unsigned v = 0; v < NR_VCPUS; v++) {
        assert_false(vgic_irq(&g, v, 12)->pending);
    }
    assert_int_equal(rd(0, GICD_SGIR, 4), 0); /* write-only */
    /* the SGIs reach vgic_next_pending */
    g.ctlr = 1;
    vgic_irq(&g, 1, 3)->enabled = true;
    assert_int_equal(vgic_next_pending(&g, 1), 3);
}

static void test_vgic_v2_sgi_pending_regs(void **state)
{
    (void)state;
    wr(0, GICD_SGIR, 4, SGIR(0, 0x2, 6));
    wr(3, GICD_SGIR, 4, SGIR(0, 0x2, 6));
    /* vCPU 1's view: SGI 6 is byte 2 of CPENDSGIR1/SPENDSGIR1 */
    assert_int_equal(rd(1, GICD_SPENDSGIR(6), 1), 0x09);
    assert_int_equal(rd(1, GICD_CPENDSGIR(4), 4), 0x00090000);
    assert_int_equal(rd(0, GICD_SPENDSGIR(4), 4), 0);       /* banked */
    assert_int_equal(wr(1, GICD_CPENDSGIR(6), 1, 0x01), 0); /* one sender cleared */
    assert_int_equal(vgic_irq(&g, 1, 6)->sgi_sources, 1u << 3);
    assert_true(vgic_irq(&g, 1, 6)->pending);
    wr(1, GICD_CPENDSGIR(4), 4, 0xffffffff); /* all cleared: no longer pending */
    assert_int_equal(vgic_irq(&g, 1, 6)->sgi_sources, 0);
    assert_false(vgic_irq(&g, 1, 6)->pending);
    /* SPENDSGIR: pending from the sources written, bits of absent vCPUs ignored */
    assert_int_equal(wr(2, GICD_SPENDSGIR(0), 1, 0xf2), 1u << 2);
    assert_int_equal(vgic_irq(&g, 2, 0)->sgi_sources, 0x2);
    assert_true(vgic_irq(&g, 2, 0)->pending);
    assert_int_equal(wr(2, GICD_SPENDSGIR(0), 1, 0x02), 0);              /* nothing new */
    assert_int_equal(wr(2, GICD_SPENDSGIR(12), 4, 0x01000000), 1u << 2); /* SGI 15 */
    assert_int_equal(rd(2, GICD_CPENDSGIR(12), 4), 0x01000000);
    assert_int_equal(rd(2, GICD_ISPENDR(0), 4), (1u << 15) | 1u);
    assert_int_equal(wr(2, GICD_SPENDSGIR(8), 4, 0), 0);
    assert_int_equal(rd(2, GICD_SPENDSGIR(8), 4), 0);
}

static void test_vgic_v2_refused_accesses(void **state)
{
    (void)state;
    /* the 32-bit registers: 4-byte aligned words only */
    assert_int_equal(access_rc(0, GICD_CTLR, 8, false), -1);
    assert_int_equal(access_rc(0, GICD_CTLR, 8, true), -1);
    assert_int_equal(access_rc(0, GICD_CTLR, 1, true), -1);
    assert_int_equal(access_rc(0, GICD_TYPER, 2, false), -1);
    assert_int_equal(access_rc(0, GICD_ISENABLER(1), 1, true), -1);
    assert_int_equal(access_rc(0, GICD_ISENABLER(1), 8, true), -1);
    assert_int_equal(access_rc(0, GICD_ICFGR(2), 1, false), -1);
    assert_int_equal(access_rc(0, GICD_SGIR, 1, true), -1);
    assert_int_equal(access_rc(0, GICD_PIDR2, 1, false), -1);
    assert_int_equal(access_rc(0, GICD_ISENABLER(1) + 2, 4, true), -1); /* misaligned */
    assert_int_equal(access_rc(0, GICD_IPRIORITYR(41), 4, true), -1);
    assert_int_equal(access_rc(0, GICD_IPRIORITYR(40), 8, true), -1);
    assert_int_equal(access_rc(0, GICD_IPRIORITYR(40), 2, true), -1);
    assert_int_equal(access_rc(0, GICD_ITARGETSR(40), 2, false), -1);
    assert_int_equal(access_rc(0, GICD_IPRIORITYR(40), 3, false), -1);
    assert_int_equal(rd(0, GICD_ISENABLER(1), 4), 0); /* nothing was written */
    assert_int_equal(rd(0, GICD_IPRIORITYR(40), 4), 0);
    assert_int_equal(g.ctlr, 0);
    /* byte access where the architecture allows it */
    assert_int_equal(access_rc(0, GICD_IPRIORITYR(41), 1, true), 0);
    assert_int_equal(access_rc(0, GICD_ITARGETSR(43), 1, false), 0);
    assert_int_equal(access_rc(0, GICD_CPENDSGIR(3), 1, false), 0);
    assert_int_equal(access_rc(0, GICD_SPENDSGIR(13), 1, true), 0);
    /* outside the frame, unknown vCPU */
    assert_int_equal(access_rc(0, VGIC_GICD_SIZE, 4, false), -1);
    assert_int_equal(access_rc(NR_VCPUS, GICD_CTLR, 4, false), -1);
    assert_int_equal(access_rc(9, GICD_ISENABLER(0), 4, true), -1);
    uint64_t val = 0;
    assert_int_equal(vgic_redist_access(&g, 0, 0x0, 4, false, &val, NULL), -1); /* no GICR */
}

static void test_vgic_v2_reserved_offsets(void **state)
{
    (void)state;
    assert_int_equal(rd(0, 0x00c, 4), 0); /* reserved */
    assert_int_equal(wr(0, 0x00c, 4, 0xffffffff), 0);
    assert_int_equal(rd(0, 0x040, 4), 0);
    assert_int_equal(rd(0, 0xd00, 4), 0);      /* PPI/SPI status: not implemented */
    assert_int_equal(wr(0, 0xe00, 4, ~0u), 0); /* NSACR: RAZ/WI */
    assert_int_equal(rd(0, 0xe00, 4), 0);
    assert_int_equal(rd(0, 0xf04, 4), 0);
    assert_int_equal(rd(0, 0x1000, 4), 0); /* past the 4 KiB GICv2 distributor */
    assert_int_equal(rd(0, 0xffe8, 4), 0);
    assert_int_equal(rd(0, 0xffff, 1), 0);
    assert_int_equal(access_rc(0, 0x1000, 8, false), -1); /* GICv2 has no 64-bit register */
    /* a NULL kick pointer is allowed */
    uint64_t val = 1;
    assert_int_equal(vgic_dist_access(&g, 0, GICD_CTLR, 4, true, &val, NULL), 0);
    assert_int_equal(g.ctlr, 1);
}

int main(void)
{
    const struct CMUnitTest model[] = {
        cmocka_unit_test_setup(test_vgic_reset_state, setup),
        cmocka_unit_test_setup(test_vgic_irq_lookup, setup),
        cmocka_unit_test_setup(test_vgic_raise_kicks, setup),
        cmocka_unit_test_setup(test_vgic_next_pending_order, setup),
        cmocka_unit_test_setup(test_vgic_next_pending_gating, setup),
        cmocka_unit_test_setup(test_vgic_in_lr_register_writes, setup),
    };
    const struct CMUnitTest gicd_v2[] = {
        cmocka_unit_test_setup(test_vgic_v2_id_registers, setup),
        cmocka_unit_test_setup(test_vgic_v2_ctlr, setup),
        cmocka_unit_test_setup(test_vgic_v2_enable_bits, setup),
        cmocka_unit_test_setup(test_vgic_v2_pending_active_bits, setup),
        cmocka_unit_test_setup(test_vgic_v2_group_bits, setup),
        cmocka_unit_test_setup(test_vgic_v2_priority, setup),
        cmocka_unit_test_setup(test_vgic_v2_targets, setup),
        cmocka_unit_test_setup(test_vgic_v2_icfgr, setup),
        cmocka_unit_test_setup(test_vgic_v2_sgir, setup),
        cmocka_unit_test_setup(test_vgic_v2_sgi_pending_regs, setup),
        cmocka_unit_test_setup(test_vgic_v2_refused_accesses, setup),
        cmocka_unit_test_setup(test_vgic_v2_reserved_offsets, setup),
    };
    int failed = cmocka_run_group_tests_name("vgic model, GICv2", model, group_v2, NULL);
    failed += cmocka_run_group_tests_name("vgic model, GICv3", model, group_v3, NULL);
    failed += cmocka_run_group_tests_name("vgic GICv2 distributor", gicd_v2, group_v2, NULL);
    return failed;
}
