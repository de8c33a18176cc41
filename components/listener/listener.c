/*
 * listener: the peer of snoop in configs/snoop.dts. Takes its channel's
 * virq, receives the pending bits in the handler and counts the sends they
 * stand for (the channel merges sends that arrive before a receive), and
 * every REPORT_EVERY of them prints
 *   listener: received N notifications
 */
#include "keel.h"

#define ENDPOINT     0
#define REPORT_EVERY 100u

static volatile unsigned long notifications;
static volatile unsigned long failures;

static void on_doorbell(uint32_t intid, void *arg)
{
    uint64_t bits, merged;

    (void)intid;
    (void)arg;
    if (keel_chan_receive(ENDPOINT, &bits, &merged) != 0) {
        failures++;
        return;
    }
    notifications += merged;
}

static int take_doorbell(void)
{
    struct keel_chan_info info;
    int rc = keel_gic_init();

    if (rc == 0) {
        rc = keel_chan_info(ENDPOINT, &info);
    }
    if (rc == 0) {
        rc = keel_irq_register(info.virq, on_doorbell, 0);
    }
    if (rc == 0) {
        rc = keel_irq_enable(info.virq);
    }
    if (rc == 0) {
        keel_printf("listener: listening on endpoint %d (virq %u)\n", ENDPOINT, info.virq);
    }
    return rc;
}

int keel_main(unsigned vcpu)
{
    unsigned long reported = 0;

    (void)vcpu;
    int rc = take_doorbell();
    if (rc != 0) {
        keel_printf("listener: cannot take my channel's virq (%d)\n", rc);
        return 1;
    }
    for (;;) {
        keel_wait_for_interrupt();
        unsigned long n = notifications;
        if (n / REPORT_EVERY > reported / REPORT_EVERY) {
            keel_printf("listener: received %lu notifications%s\n", n,
                        failures ? " (some receives failed)" : "");
            reported = n;
        }
    }
}
