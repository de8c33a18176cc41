/*
 * ticker: a periodic virtual timer interrupt (PERIOD_US), measured. The
 * handler reads the counter at each tick; every WINDOW ticks the main loop
 * prints how far apart they came:
 *   ticker: 50 interrupts, period 10000 us, mean interval N us, min N, max N
 * Shows the component runtime's interrupt path end to end: the virtual
 * GIC, PPI 27, the IRQ vector, re-arming the timer in the handler.
 */
#include "keel.h"

#define PERIOD_US 10000u
#define WINDOW    50u

struct window {
    uint64_t last; /* counter at the previous tick */
    uint64_t sum, min, max;
    unsigned ticks;
};

static struct window current;
static struct window done; /* a full window, for the main loop to print */
static volatile bool done_ready;

static void on_tick(uint64_t expiry)
{
    struct window *w = &current;
    uint64_t now = keel_counter();
    uint64_t interval = now - w->last;

    (void)expiry;
    w->last = now;
    w->sum += interval;
    w->min = w->ticks == 0 || interval < w->min ? interval : w->min;
    w->max = w->ticks == 0 || interval > w->max ? interval : w->max;
    if (++w->ticks == WINDOW) {
        done = *w;
        done_ready = true;
        *w = (struct window){.last = now};
    }
}

static unsigned long ticks_to_us(uint64_t ticks)
{
    return (unsigned long)(ticks * 1000000u / keel_counter_freq());
}

int keel_main(unsigned vcpu)
{
    (void)vcpu;
    int rc = keel_gic_init();
    if (rc != 0) {
        keel_printf("ticker: keel_gic_init failed (%d)\n", rc);
        return 1;
    }
    current.last = keel_counter();
    rc = keel_timer_start_periodic(PERIOD_US, on_tick);
    if (rc != 0) {
        keel_printf("ticker: keel_timer_start_periodic failed (%d)\n", rc);
        return 1;
    }
    for (;;) {
        keel_wait_for_interrupt();
        if (!done_ready) {
            continue;
        }
        done_ready = false;
        keel_printf("ticker: %u interrupts, period %u us, mean interval %lu us, min %lu, max %lu\n",
                    done.ticks, PERIOD_US, ticks_to_us(done.sum / done.ticks),
                    ticks_to_us(done.min), ticks_to_us(done.max));
    }
}
