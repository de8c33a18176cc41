/* msgchan: see msgchan.h. */
#include "msgchan.h"

#define TICK_US 20000u /* how often a wait with a timeout looks at the clock */

static bool gic_up;
static bool ticking;

static void tick(uint64_t expiry)
{
    (void)expiry;
}

static void msgchan_irq(uint32_t intid, void *arg)
{
    struct msgchan *c = arg;
    uint64_t bits, merged;

    (void)intid;
    if (keel_chan_receive(c->ep, &bits, &merged) != 0) {
        c->errors++;
        return;
    }
    c->bits |= bits;
    c->merged += merged;
}

int msgchan_open(struct msgchan *c, const char *name, int ep)
{
    int rc = 0;

    c->name = name;
    c->ep = ep;
    c->bits = 0;
    c->merged = 0;
    c->errors = 0;
    if (!gic_up) {
        rc = keel_gic_init();
        gic_up = rc == 0;
    }
    if (rc == 0) {
        rc = keel_chan_info(ep, &c->info);
    }
    if (rc == 0) {
        rc = keel_irq_register(c->info.virq, msgchan_irq, c);
    }
    if (rc == 0) {
        rc = keel_irq_enable(c->info.virq);
    }
    if (rc != 0) {
        keel_printf("%s: cannot open endpoint %d (%d)\n", name, ep, rc);
        return -1;
    }
    /* Sends made before the virq was enabled: their bits are pending. */
    uint64_t bits = 0, merged = 0;
    if (keel_chan_receive(ep, &bits, &merged) == 0) {
        c->bits |= bits;
        c->merged += merged;
    }
    return 0;
}

bool msgchan_wait(struct msgchan *c, uint64_t timeout_us, uint64_t *msg, uint64_t *merged)
{
    uint64_t deadline = keel_counter() + timeout_us * (keel_counter_freq() / 1000000u);

    if (timeout_us != 0 && !ticking) {
        /* A periodic tick wakes the wait below now and then. */
        ticking = keel_timer_start_periodic(TICK_US, tick) == 0;
    }
    while (c->merged == 0) {
        if (timeout_us != 0 && (int64_t)(keel_counter() - deadline) >= 0) {
            return false;
        }
        keel_wait_for_interrupt();
    }
    *msg = c->bits;
    *merged = c->merged;
    c->bits = 0;
    c->merged = 0;
    return true;
}

int msgchan_send(struct msgchan *c, uint64_t msg)
{
    /* What the peer reads in shared memory was written before this. */
    __asm__ volatile("dmb ish" ::: "memory");
    int rc = keel_chan_send(c->ep, msg);
    if (rc != 0) {
        c->errors++;
    }
    return rc;
}
