/*
 * snoop: owns one channel endpoint (0) and tries to use others it does not
 * own. Keel must answer every one with KEEL_E_INVALID (-2), touching
 * nothing:
 *   snoop: send on endpoint 1 -> error -2
 * and so for endpoints 7, 1000 and -1, for send and receive (whose usual
 * way is a leaf in assembly, with checks of its own), and for status and
 * info on endpoint 1. Then it sends on its own endpoint every SEND_PERIOD_US,
 * which its peer (listener) counts, while the other channels' users (ping
 * and pong in configs/snoop.dts) go on unaffected.
 */
#include "keel.h"

#define OWN_ENDPOINT   0
#define SEND_PERIOD_US 20000u
#define REPORT_EVERY   100u

static const int foreign_endpoints[] = {1, 7, 1000, -1};

static void try_foreign_endpoints(void)
{
    uint64_t bits, merged, pending, received;
    int running;
    struct keel_chan_info info;

    for (unsigned i = 0; i < ARRAY_SIZE(foreign_endpoints); i++) {
        int ep = foreign_endpoints[i];
        keel_printf("snoop: send on endpoint %d -> error %d\n", ep, keel_chan_send(ep, ~0ull));
        keel_printf("snoop: receive on endpoint %d -> error %d\n", ep,
                    keel_chan_receive(ep, &bits, &merged));
    }
    keel_printf("snoop: status on endpoint 1 -> error %d\n",
                keel_chan_status(1, &pending, &running, &received));
    keel_printf("snoop: info on endpoint 1 -> error %d\n", keel_chan_info(1, &info));
}

int keel_main(unsigned vcpu)
{
    struct keel_chan_info info;

    (void)vcpu;
    int rc = keel_chan_info(OWN_ENDPOINT, &info);
    if (rc != 0) {
        keel_printf("snoop: my endpoint %d: error %d\n", OWN_ENDPOINT, rc);
        return 1;
    }
    keel_printf("snoop: my endpoint %d: virq %u, peer partition %u\n", OWN_ENDPOINT, info.virq,
                info.peer);
    try_foreign_endpoints();
    for (unsigned long sent = 1;; sent++) {
        rc = keel_chan_send(OWN_ENDPOINT, 1u);
        if (rc != 0) {
            keel_printf("snoop: send on my endpoint %d -> error %d\n", OWN_ENDPOINT, rc);
        }
        if (sent % REPORT_EVERY == 0) {
            keel_printf("snoop: sent %lu notifications on endpoint %d\n", sent, OWN_ENDPOINT);
        }
        keel_sleep_us(SEND_PERIOD_US);
    }
}
