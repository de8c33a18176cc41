/* List-register allocation on the host, against fake list registers:
 * filling in priority order, overflow and underflow, eviction for a higher
 * priority, syncing back what the guest ended, GICv2 SGI sources. */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../vcpu/vgic_lr.h"
#include <string.h>

#define NR_LRS 4

static struct vgic_lr fake_lr[VGIC_MAX_LRS];
static bool underflow_on;
static unsigned lr_reads;

static unsigned fake_count(void)
{
    return NR_LRS;
}
static struct vgic_lr fake_read(unsigned n)
{
    lr_reads++;
    return fake_lr[n];
}
static void fake_write(unsigned n, struct vgic_lr lr)
{
    fake_lr[n] = lr;
}
static void fake_underflow(bool on)
{
    underflow_on = on;
}
/* As the hardware's ELRSR: invalid, and no EOI maintenance asked for. */
static uint32_t fake_empty(void)
{
    uint32_t empty = 0;
    for (unsigned n = 0; n < NR_LRS; n++) {
        if (fake_lr[n].state == VGIC_LR_INVALID && (fake_lr[n].hw || !fake_lr[n].eoi)) {
            empty |= 1u << n;
        }
    }
    return empty;
}
/* A saved LR: INTID, priority and state are enough to check. */
#define FAKE_PENDING (1ull << 40)
#define FAKE_HW      (1ull << 48)
#define FAKE_EOI     (1ull << 49)
static uint64_t fake_encode(struct vgic_lr lr)
{
    return lr.intid | (uint64_t)lr.priority << 32 | (uint64_t)lr.state << 40 |
           (lr.hw ? FAKE_HW : 0) | (lr.eoi ? FAKE_EOI : 0);
}
static struct vgic_lr fake_decode(uint64_t v)
{
    return (struct vgic_lr){.intid = (uint32_t)v,
                            .priority = (uint8_t)(v >> 32),
                            .state = (uint8_t)((v >> 40) & 3),
                            .hw = (v & FAKE_HW) != 0,
                            .eoi = (v & FAKE_EOI) != 0};
}
static uint64_t fake_get(unsigned n)
{
    return fake_encode(fake_lr[n]);
}
static void fake_set(unsigned n, uint64_t v)
{
    fake_lr[n] = fake_decode(v);
}
static const struct vgic_lr_ops ops = {fake_count,   fake_read,         fake_write, fake_underflow,
                                       fake_empty,   fake_encode,       fake_get,   fake_set,
                                       FAKE_PENDING, FAKE_HW | FAKE_EOI};

static struct vgic g;
static struct vgic_lrs lrs;

static int setup(void **state)
{
    (void)state;
    memset(fake_lr, 0, sizeof(fake_lr));
    underflow_on = false;
    lr_reads = 0;
    lrs = (struct vgic_lrs){0};
    vgic_init(&g, 3, 2);
    g.ctlr = 3; /* both groups enabled */
    return 0;
}

/* An enabled group-1 SPI for vCPU 0 with this priority, not raised. */
static void quiet_spi(uint32_t intid, uint8_t priority)
{
    struct vgic_irq *irq = vgic_irq(&g, 0, intid);
    irq->enabled = true;
    irq->group1 = true;
    irq->priority = priority;
    irq->route = 0;
    vgic_spi_retarget(&g, intid);
}

/* An enabled group-1 SPI for vCPU 0 with this priority, made pending. */
static void spi(uint32_t intid, uint8_t priority)
{
    quiet_spi(intid, priority);
    vgic_raise(&g, 0, intid);
}

static int lr_holding(uint32_t intid)
{
    for (int n = 0; n < NR_LRS; n++) {
        if ((lrs.used & (1u << n)) && fake_lr[n].intid == intid) {
            return n;
        }
    }
    return -1;
}

/* SPI intid at priority 0x80, put in an LR by a refill and acknowledged by
 * the guest (active); the LR's number. */
static int spi_active_in_lr(uint32_t intid)
{
    spi(intid, 0x80);
    vgic_lr_flush(&g, 0, &lrs, &ops);
    int n = lr_holding(intid);
    assert_true(n >= 0);
    fake_lr[n].state = VGIC_LR_ACTIVE;
    return n;
}

static void test_fill_in_priority_order(void **state)
{
    (void)state;
    spi(40, 0xa0);
    spi(41, 0x20);
    vgic_lr_flush(&g, 0, &lrs, &ops);
    assert_int_equal(lrs.used, 0x3);
    assert_int_equal(fake_lr[0].intid, 41); /* higher priority first */
    assert_int_equal(fake_lr[0].state, VGIC_LR_PENDING);
    assert_int_equal(fake_lr[0].priority, 0x20);
    assert_true(fake_lr[0].group1);
    assert_int_equal(fake_lr[1].intid, 40);
    assert_true(vgic_irq(&g, 0, 40)->in_lr);
    assert_false(vgic_irq(&g, 0, 40)->pending);
    assert_false(underflow_on);
    assert_true(vgic_lr_has_pending(&g, 0, &lrs, &ops));
}

static void test_overflow_then_underflow_refill(void **state)
{
    (void)state;
    for (uint32_t i = 0; i < 6; i++) {
        spi(50 + i, 0x80);
    }
    vgic_lr_flush(&g, 0, &lrs, &ops);
    assert_int_equal(lrs.used, 0xf);
    assert_true(lrs.overflow);
    assert_true(underflow_on); /* the maintenance interrupt will ask for more */
    /* the guest ends two of them */
    fake_lr[0].state = VGIC_LR_INVALID;
    fake_lr[2].state = VGIC_LR_INVALID;
    vgic_lr_sync(&g, 0, &lrs, &ops);
    assert_int_equal(lrs.used, 0xa);
    assert_false(vgic_irq(&g, 0, 50)->in_lr);
    vgic_lr_flush(&g, 0, &lrs, &ops);
    assert_int_equal(lrs.used, 0xf);
    assert_true(lr_holding(54) >= 0 && lr_holding(55) >= 0);
    assert_false(underflow_on);
}

static void test_higher_priority_evicts_lowest_pending(void **state)
{
    (void)state;
    for (uint32_t i = 0; i < 4; i++) {
        spi(60 + i, (uint8_t)(0x40 + 0x10 * i));
    }
    vgic_lr_flush(&g, 0, &lrs, &ops);
    fake_lr[lr_holding(60)].state = VGIC_LR_ACTIVE; /* acknowledged: not evictable */
    spi(70, 0x10);
    vgic_lr_flush(&g, 0, &lrs, &ops);
    assert_true(lr_holding(70) >= 0);
    assert_int_equal(lr_holding(63), -1); /* the weakest went back to the model */
    assert_true(vgic_irq(&g, 0, 63)->pending);
    assert_false(vgic_irq(&g, 0, 63)->in_lr);
    assert_true(lr_holding(60) >= 0);
    assert_true(lrs.overflow);
}

static void test_active_stays_and_repending_waits(void **state)
{
    (void)state;
    int n = spi_active_in_lr(80);
    vgic_lr_sync(&g, 0, &lrs, &ops);
    assert_int_equal(lr_holding(80), n);               /* active: stays */
    vgic_raise(&g, 0, 80);                             /* a new edge while active (another CPU's) */
    vgic_lr_flush(&g, 0, &lrs, &ops);                  /* the refill its kick asks for */
    assert_int_equal(__builtin_popcount(lrs.used), 1); /* not loaded twice: */
    assert_int_equal(fake_lr[n].state, VGIC_LR_PENDING_ACTIVE); /* merged in its LR */
    assert_false(vgic_irq(&g, 0, 80)->pending);
    fake_lr[n].state = VGIC_LR_PENDING;           /* the guest ends the first: the second waits */
    assert_true(vgic_lr_any_pending(&lrs, &ops)); /* so a WFI does not block */
    vgic_lr_sync(&g, 0, &lrs, &ops);
    assert_int_equal(lr_holding(80), n);
    fake_lr[n].state = VGIC_LR_INVALID; /* and the second */
    vgic_lr_sync(&g, 0, &lrs, &ops);
    assert_int_equal(lrs.used, 0);
    assert_false(vgic_irq(&g, 0, 80)->in_lr);
}

/* An SPI raised again while vCPU 0's LR holds it, but routed to vCPU 1 by
 * then: when vCPU 0 retires the LR, the sync names vCPU 1 to kick. */
static void test_retired_spi_kicks_its_new_target(void **state)
{
    (void)state;
    int n = spi_active_in_lr(80);
    vgic_irq(&g, 0, 80)->route = 1; /* IROUTER: Aff0 = 1 */
    vgic_spi_retarget(&g, 80);
    assert_int_equal(vgic_raise(&g, 0, 80), 1u << 1);
    assert_int_equal(vgic_next_pending(&g, 1), VGIC_SPURIOUS); /* still in vCPU 0's LR */
    fake_lr[n].state = VGIC_LR_INVALID;
    assert_true(vgic_lr_need_sync(&lrs, &ops)); /* two vCPUs: retired at once */
    assert_int_equal(vgic_lr_sync(&g, 0, &lrs, &ops), 1u << 1);
    assert_int_equal(vgic_next_pending(&g, 1), 80);
}

static void test_nothing_pending(void **state)
{
    (void)state;
    struct vgic_irq *irq = vgic_irq(&g, 0, 90);
    irq->priority = 0x80;
    vgic_raise(&g, 0, 90); /* pending but disabled */
    vgic_lr_flush(&g, 0, &lrs, &ops);
    assert_int_equal(lrs.used, 0);
    assert_false(vgic_lr_has_pending(&g, 0, &lrs, &ops));
}

static void test_gicv2_sgi_sources(void **state)
{
    (void)state;
    vgic_init(&g, 2, 4);
    g.ctlr = 1;
    struct vgic_irq *sgi = vgic_irq(&g, 0, 3);
    sgi->enabled = true;
    sgi->pending = true;
    vgic_hint(&g, 0, 3);
    sgi->sgi_sources = (1u << 1) | (1u << 2);
    vgic_lr_flush(&g, 0, &lrs, &ops);
    /* one LR per sender: the second waits until the first is ended */
    assert_int_equal(__builtin_popcount(lrs.used), 1);
    assert_int_equal(fake_lr[0].source, 1);
    assert_true(sgi->pending);
    fake_lr[0].state = VGIC_LR_INVALID;
    vgic_lr_sync(&g, 0, &lrs, &ops);
    vgic_lr_flush(&g, 0, &lrs, &ops);
    assert_int_equal(fake_lr[lr_holding(3)].source, 2);
    assert_false(sgi->pending);
}

/* A level line Keel drives (the vPL011's): an enabled SPI, not raised. */
static void level_spi(uint32_t intid)
{
    struct vgic_irq *irq = vgic_irq(&g, 0, intid);
    irq->enabled = true;
    irq->group1 = true;
    irq->priority = 0xa0;
}

/* The guest acknowledges and ends what LR n holds. */
static void guest_eoi(int n)
{
    fake_lr[n].state = VGIC_LR_INVALID;
}

static void test_level_repends_while_asserted(void **state)
{
    (void)state;
    level_spi(33);
    assert_int_equal(vgic_set_level(&g, 0, 33, true), 1u);
    assert_int_equal(vgic_set_level(&g, 0, 33, true), 0); /* already pending */
    vgic_lr_flush(&g, 0, &lrs, &ops);
    int n = lr_holding(33);
    assert_true(n >= 0);
    assert_true(fake_lr[n].eoi);                          /* its end is seen at once */
    assert_int_equal(vgic_set_level(&g, 0, 33, true), 0); /* in the LR */
    guest_eoi(n);
    vgic_lr_sync(&g, 0, &lrs, &ops);
    assert_int_equal(lrs.used, 0);
    assert_int_equal(fake_lr[n].state, VGIC_LR_INVALID);
    assert_false(fake_lr[n].eoi);                   /* cleared: the maintenance interrupt stops */
    assert_int_equal(vgic_next_pending(&g, 0), 33); /* still asserted: again */
    vgic_lr_flush(&g, 0, &lrs, &ops);
    n = lr_holding(33);
    assert_true(n >= 0);
    vgic_set_level(&g, 0, 33, false); /* the guest's handler emptied the device */
    guest_eoi(n);
    vgic_lr_sync(&g, 0, &lrs, &ops);
    assert_int_equal(vgic_next_pending(&g, 0), VGIC_SPURIOUS);
    assert_false(vgic_irq(&g, 0, 33)->pending);
}

static void test_level_dropped_before_delivery(void **state)
{
    (void)state;
    level_spi(33);
    vgic_set_level(&g, 0, 33, true);
    vgic_set_level(&g, 0, 33, false);
    assert_int_equal(vgic_next_pending(&g, 0), VGIC_SPURIOUS);
    /* dropped while only pending in an LR: taken back on the next sync */
    vgic_set_level(&g, 0, 33, true);
    vgic_lr_flush(&g, 0, &lrs, &ops);
    int n = lr_holding(33);
    assert_true(n >= 0);
    vgic_set_level(&g, 0, 33, false);
    vgic_lr_sync(&g, 0, &lrs, &ops);
    assert_int_equal(lrs.used, 0);
    assert_int_equal(fake_lr[n].state, VGIC_LR_INVALID);
    assert_false(vgic_irq(&g, 0, 33)->in_lr);
    assert_false(vgic_lr_has_pending(&g, 0, &lrs, &ops));
}

static void test_level_active_then_dropped(void **state)
{
    (void)state;
    level_spi(33);
    vgic_set_level(&g, 0, 33, true);
    vgic_lr_flush(&g, 0, &lrs, &ops);
    int n = lr_holding(33);
    fake_lr[n].state = VGIC_LR_ACTIVE; /* acknowledged */
    vgic_set_level(&g, 0, 33, false);
    vgic_lr_sync(&g, 0, &lrs, &ops);
    assert_int_equal(lrs.used, 1u << n); /* active: stays */
    vgic_set_level(&g, 0, 33, true);     /* a new byte while the handler runs */
    assert_false(vgic_irq(&g, 0, 33)->pending);
    guest_eoi(n);
    vgic_lr_sync(&g, 0, &lrs, &ops);
    assert_true(vgic_irq(&g, 0, 33)->pending); /* so it comes again */
}

static void test_level_clear_pending_keeps_asserted(void **state)
{
    (void)state;
    uint64_t val = 1u << (33 - 32);
    level_spi(33);
    vgic_set_level(&g, 0, 33, true);
    assert_int_equal(vgic_dist_access(&g, 0, 0x284, 4, true, &val, NULL), 0); /* ICPENDR1 */
    assert_true(vgic_irq(&g, 0, 33)->pending);
    vgic_set_level(&g, 0, 33, false);
    assert_int_equal(vgic_dist_access(&g, 0, 0x284, 4, true, &val, NULL), 0);
    assert_false(vgic_irq(&g, 0, 33)->pending);
}

/* An enabled group-1 PPI of vCPU 0, raised. */
static void ppi(uint32_t intid)
{
    struct vgic_irq *irq = vgic_irq(&g, 0, intid);
    irq->enabled = true;
    irq->group1 = true;
    irq->priority = 0x80;
    vgic_raise(&g, 0, intid);
}

/* An exit syncs at once only for a level line, or an ended SPI that another
 * vCPU of the partition may take next; other ended LRs are retired later,
 * by the sync before a refill, and count as not pending meanwhile. */
static void test_exit_syncs_only_what_cannot_wait(void **state)
{
    (void)state;
    assert_false(vgic_lr_need_sync(&lrs, &ops)); /* holds nothing */
    ppi(20);
    ppi(21);
    vgic_lr_flush(&g, 0, &lrs, &ops);
    assert_int_equal(lrs.used, 0x3);
    assert_int_equal(lrs.eoi | lrs.eager, 0);
    guest_eoi(0);
    assert_false(vgic_lr_need_sync(&lrs, &ops));  /* a PPI ended: retired lazily */
    assert_true(vgic_lr_any_pending(&lrs, &ops)); /* 21 still is */
    guest_eoi(1);
    assert_false(vgic_lr_any_pending(&lrs, &ops));
    assert_false(vgic_lr_sync(&g, 0, &lrs, &ops));
    assert_int_equal(lrs.used, 0);
    assert_false(vgic_irq(&g, 0, 20)->in_lr);
    struct vgic_irq *sgi = vgic_irq(&g, 0, 3); /* an SGI: vCPU 1 may send it again */
    sgi->enabled = true;
    sgi->group1 = true;
    vgic_raise(&g, 0, 3);
    vgic_lr_flush(&g, 0, &lrs, &ops);
    guest_eoi(lr_holding(3));
    assert_true(vgic_lr_need_sync(&lrs, &ops));
    vgic_lr_sync(&g, 0, &lrs, &ops);
    assert_false(sgi->in_lr);
    spi(40, 0x80); /* two vCPUs: it may go to vCPU 1 next */
    vgic_lr_flush(&g, 0, &lrs, &ops);
    assert_false(vgic_lr_need_sync(&lrs, &ops));
    guest_eoi(lr_holding(40));
    assert_true(vgic_lr_need_sync(&lrs, &ops));
    vgic_lr_sync(&g, 0, &lrs, &ops);
    assert_false(vgic_irq(&g, 0, 40)->in_lr);
    vgic_init(&g, 3, 1); /* the partition's only vCPU: an SPI can wait too */
    g.ctlr = 3;
    spi(41, 0x80);
    vgic_lr_flush(&g, 0, &lrs, &ops);
    guest_eoi(lr_holding(41));
    assert_false(vgic_lr_need_sync(&lrs, &ops));
    level_spi(33);
    vgic_set_level(&g, 0, 33, true);
    vgic_lr_flush(&g, 0, &lrs, &ops);
    int n = lr_holding(33);
    assert_true(n >= 0);
    assert_int_equal(lrs.eoi, 1u << n);
    assert_true(vgic_lr_need_sync(&lrs, &ops)); /* a level line: always */
}

static void test_edge_has_no_eoi(void **state)
{
    (void)state;
    spi(40, 0x80);
    vgic_lr_flush(&g, 0, &lrs, &ops);
    assert_false(fake_lr[lr_holding(40)].eoi);
    assert_int_equal(vgic_set_level(&g, 0, 3, true), 0);   /* SGIs: not lines */
    assert_int_equal(vgic_set_level(&g, 0, 300, true), 0); /* no such INTID */
    assert_int_equal(vgic_set_level(&g, 5, 20, true), 0);  /* no such vCPU */
}

static bool inject(unsigned vcpu, uint32_t intid, uint64_t *saved)
{
    return vgic_lr_inject(&g, vgic_irq(&g, vcpu, intid), vcpu, &lrs, intid, &ops, saved);
}

/* A new edge for a vCPU with a free LR goes straight into it (hardware). */
static void test_inject_into_a_free_lr(void **state)
{
    (void)state;
    quiet_spi(40, 0x80);
    assert_true(inject(0, 40, NULL));
    assert_int_equal(lrs.used, 0x1);
    assert_int_equal(lrs.intid[0], 40);
    assert_int_equal(fake_lr[0].intid, 40);
    assert_int_equal(fake_lr[0].state, VGIC_LR_PENDING);
    assert_int_equal(fake_lr[0].priority, 0x80);
    assert_true(fake_lr[0].group1);
    assert_true(vgic_irq(&g, 0, 40)->in_lr);
    assert_false(vgic_irq(&g, 0, 40)->pending);
    quiet_spi(41, 0x20); /* the next goes to the next LR; the hardware orders them */
    assert_true(inject(0, 41, NULL));
    assert_int_equal(lrs.used, 0x3);
    assert_int_equal(fake_lr[1].intid, 41);
    vgic_lr_flush(&g, 0, &lrs, &ops); /* nothing left for a refill */
    assert_int_equal(lrs.used, 0x3);
}

/* A vCPU that is not loaded gets the LR in its saved image. */
static void test_inject_into_a_saved_image(void **state)
{
    (void)state;
    uint64_t saved[VGIC_MAX_LRS] = {0};
    quiet_spi(40, 0x80);
    assert_true(inject(0, 40, saved));
    assert_int_equal(saved[0], 40 | 0x80ull << 32 | (uint64_t)VGIC_LR_PENDING << 40);
    assert_int_equal(fake_lr[0].state, VGIC_LR_INVALID); /* the hardware untouched */
    assert_int_equal(lrs.used, 0x1);
    assert_true(vgic_irq(&g, 0, 40)->in_lr);
    /* again while pending there: merged, nothing changes */
    assert_true(inject(0, 40, saved));
    assert_int_equal(lrs.used, 0x1);
    assert_int_equal(saved[0] >> 40, VGIC_LR_PENDING);
    /* acknowledged before it was saved: pending and active now */
    saved[0] = 40 | 0x80ull << 32 | (uint64_t)VGIC_LR_ACTIVE << 40;
    assert_true(inject(0, 40, saved));
    assert_int_equal(saved[0] >> 40, VGIC_LR_PENDING_ACTIVE);
    assert_false(vgic_irq(&g, 0, 40)->pending);
}

/* A new edge while the guest's handler runs is taken again after its EOI;
 * one that comes after the EOI but before the sync reuses the LR. */
static void test_inject_again_in_the_hardware(void **state)
{
    (void)state;
    quiet_spi(40, 0x80);
    assert_true(inject(0, 40, NULL));
    fake_lr[0].state = VGIC_LR_ACTIVE;
    assert_true(inject(0, 40, NULL));
    assert_int_equal(fake_lr[0].state, VGIC_LR_PENDING_ACTIVE);
    guest_eoi(0);
    assert_true(inject(0, 40, NULL));
    assert_int_equal(fake_lr[0].state, VGIC_LR_PENDING);
    assert_int_equal(lrs.used, 0x1);
    assert_true(vgic_lr_any_pending(&lrs, &ops)); /* pending again */
}

/* Whatever the general refill must weigh is left to it. */
static void test_inject_leaves_the_rest_to_a_refill(void **state)
{
    (void)state;
    struct vgic_irq *irq = vgic_irq(&g, 0, 42);
    irq->priority = 0x80;
    assert_false(inject(0, 42, NULL)); /* disabled */
    quiet_spi(43, 0x80);
    assert_false(inject(1, 43, NULL)); /* routed to vCPU 0 */
    g.ctlr = 0;
    assert_false(inject(0, 43, NULL)); /* its group is off */
    g.ctlr = 3;
    vgic_raise(&g, 0, 43);
    assert_false(inject(0, 43, NULL)); /* pending in the model */
    struct vgic_irq *sgi = vgic_irq(&g, 0, 2);
    sgi->enabled = true;
    assert_false(inject(0, 2, NULL)); /* SGIs: sources */
    level_spi(45);
    vgic_irq(&g, 0, 45)->level = true; /* as vgic_set_level makes it */
    assert_false(inject(0, 45, NULL)); /* a level line */
    quiet_spi(44, 0x80);
    lrs.overflow = true;
    assert_false(inject(0, 44, NULL)); /* others wait */
    lrs.overflow = false;
    lrs.used = (1u << NR_LRS) - 1;
    assert_false(inject(0, 44, NULL)); /* no LR free */
    assert_false(vgic_irq(&g, 0, 44)->pending);
    assert_false(vgic_irq(&g, 0, 44)->in_lr);
}

/* The usual case alone (a channel's peer that waits): only an interrupt
 * held in an LR of the saved image is re-pended there; anything else is
 * left to vgic_lr_inject and the general way, unchanged. */
static void test_inject_saved_again_only_when_held(void **state)
{
    (void)state;
    uint64_t saved[VGIC_MAX_LRS] = {0};
    quiet_spi(40, 0x80);
    struct vgic_irq *irq = vgic_irq(&g, 0, 40);
    assert_false(vgic_lr_inject_saved_again(&g, irq, 0, &lrs, 40, &ops, saved)); /* no LR */
    assert_int_equal(lrs.used, 0);
    assert_true(inject(0, 40, saved));
    saved[0] = 40 | 0x80ull << 32; /* the guest ended it; not yet retired */
    assert_true(vgic_lr_inject_saved_again(&g, irq, 0, &lrs, 40, &ops, saved));
    assert_int_equal(saved[0] >> 40, VGIC_LR_PENDING);
    saved[0] = 40 | 0x80ull << 32 | (uint64_t)VGIC_LR_ACTIVE << 40;
    assert_true(vgic_lr_inject_saved_again(&g, irq, 0, &lrs, 40, &ops, saved));
    assert_int_equal(saved[0] >> 40, VGIC_LR_PENDING_ACTIVE);
    saved[0] = 40 | 0x80ull << 32;
    irq->enabled = false; /* disabled meanwhile: the general way decides */
    assert_false(vgic_lr_inject_saved_again(&g, irq, 0, &lrs, 40, &ops, saved));
    assert_int_equal(saved[0] >> 40, VGIC_LR_INVALID);
    irq->enabled = true;
    assert_false(vgic_lr_inject_saved_again(&g, irq, 1, &lrs, 40, &ops, saved)); /* not vCPU 1's */
    assert_int_equal(saved[0] >> 40, VGIC_LR_INVALID);
}

/* An ended LR is retired from what lrs records, without reading it; the
 * sync says whether a refill is due. */
static void test_sync_retires_without_reading(void **state)
{
    (void)state;
    quiet_spi(40, 0x80);
    assert_true(inject(0, 40, NULL));
    guest_eoi(0);
    lr_reads = 0;
    assert_false(vgic_lr_sync(&g, 0, &lrs, &ops)); /* nothing waits */
    assert_int_equal(lr_reads, 0);
    assert_int_equal(lrs.used, 0);
    assert_false(vgic_irq(&g, 0, 40)->in_lr);
    assert_true(inject(0, 40, NULL));
    vgic_raise(&g, 0, 40); /* the general way, while its LR holds it */
    guest_eoi(0);
    assert_true(vgic_lr_sync(&g, 0, &lrs, &ops)); /* it waits for a refill */
    vgic_lr_flush(&g, 0, &lrs, &ops);
    assert_true(lr_holding(40) >= 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_fill_in_priority_order, setup),
        cmocka_unit_test_setup(test_overflow_then_underflow_refill, setup),
        cmocka_unit_test_setup(test_higher_priority_evicts_lowest_pending, setup),
        cmocka_unit_test_setup(test_active_stays_and_repending_waits, setup),
        cmocka_unit_test_setup(test_retired_spi_kicks_its_new_target, setup),
        cmocka_unit_test_setup(test_nothing_pending, setup),
        cmocka_unit_test_setup(test_gicv2_sgi_sources, setup),
        cmocka_unit_test_setup(test_level_repends_while_asserted, setup),
        cmocka_unit_test_setup(test_level_dropped_before_delivery, setup),
        cmocka_unit_test_setup(test_level_active_then_dropped, setup),
        cmocka_unit_test_setup(test_level_clear_pending_keeps_asserted, setup),
        cmocka_unit_test_setup(test_edge_has_no_eoi, setup),
        cmocka_unit_test_setup(test_exit_syncs_only_what_cannot_wait, setup),
        cmocka_unit_test_setup(test_inject_into_a_free_lr, setup),
        cmocka_unit_test_setup(test_inject_into_a_saved_image, setup),
        cmocka_unit_test_setup(test_inject_again_in_the_hardware, setup),
        cmocka_unit_test_setup(test_inject_leaves_the_rest_to_a_refill, setup),
        cmocka_unit_test_setup(test_inject_saved_again_only_when_held, setup),
        cmocka_unit_test_setup(test_sync_retires_without_reading, setup),
    };
    return cmocka_run_group_tests_name("vgic_lr", tests, NULL, NULL);
}
