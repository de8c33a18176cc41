/*
 * sgi: vCPU 0 sends SGI 3 to vCPU 1 of the same partition, 100 times, each
 * time waiting until vCPU 1's handler has counted it; vCPU 1 then reports.
 * Keel emulates the GICv3 ICC_SGI1R_EL1 write (trapped) or the GICv2
 * GICD_SGIR write, and delivers the virtual SGI on vCPU 1's CPU.
 * Prints `sgi: 100 SGIs delivered from vcpu 0 to vcpu 1`.
 * Used by tests/integration/configs/sgi.dts.
 */
#include "keel.h"

#include <stddef.h>

#define SGI_NUM 3u
#define COUNT   100u

static volatile unsigned received;
static volatile unsigned ready;

static void on_sgi(uint32_t intid, void *arg)
{
    (void)intid;
    (void)arg;
    received++;
}

static int receiver(void)
{
    if (keel_gic_init() != 0 || keel_irq_register(SGI_NUM, on_sgi, NULL) != 0 ||
        keel_irq_enable(SGI_NUM) != 0) {
        keel_printf("sgi: vcpu 1 cannot set up SGI %u\n", SGI_NUM);
        return 1;
    }
    ready = 1;
    while (received < COUNT) {
        keel_wait_for_interrupt();
    }
    keel_printf("sgi: %u SGIs delivered from vcpu 0 to vcpu 1\n", received);
    for (;;) {
        keel_wait_for_interrupt();
    }
}

static int sender(void)
{
    if (keel_gic_init() != 0) {
        keel_printf("sgi: vcpu 0 cannot set up its GIC\n");
        return 1;
    }
    while (!ready) {
        keel_sleep_us(1000);
    }
    for (unsigned i = 0; i < COUNT; i++) {
        unsigned before = received;
        if (keel_sgi_send(SGI_NUM, 1) != 0) {
            keel_printf("sgi: send failed\n");
            return 1;
        }
        while (received == before) {
            keel_sleep_us(100);
        }
    }
    for (;;) {
        keel_sleep_us(1000000);
    }
}

int keel_main(unsigned vcpu)
{
    return vcpu == 0 ? sender() : receiver();
}
