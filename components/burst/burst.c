/*
 * burst: sends that merge before their receiver has ever run. Two roles,
 * chosen by partition name (tests/integration/configs/send-merge.dts puts
 * both on CPU 0, the burster above the collector):
 *   burster   sends SENDS times on endpoint 0 (bit i % 64 each time), then
 *             waits for good: only then does the collector run;
 *   collector enables its channel virq, whose handler takes what arrived
 *             while it had not run, and reports the bits and how many
 *             sends were merged into them.
 * Every send but the first finds the collector runnable, due for a refill
 * with its interrupt pending already: the case of Keel's send fast path
 * (vcpu/chan_send.S) that delivers only the bits.
 * Lines: "burster: 100 sends", "collector: bits 0xffffffffffffffff, 100
 * sends merged, 1 interrupts".
 */
#include "keel.h"

#include <stddef.h>
#include <string.h>

#define SENDS 100u

static volatile uint64_t bits;
static volatile uint64_t merged;
static volatile unsigned interrupts;

static void on_doorbell(uint32_t intid, void *arg)
{
    uint64_t b = 0, m = 0;

    (void)intid;
    (void)arg;
    if (keel_chan_receive(0, &b, &m) == 0) {
        bits |= b;
        merged += m;
    }
    interrupts++;
}

static void burster(void)
{
    unsigned sent = 0;

    for (unsigned i = 0; i < SENDS; i++) {
        if (keel_chan_send(0, 1ull << (i % 64)) == 0) {
            sent++;
        }
    }
    keel_printf("burster: %u sends\n", sent);
}

static void collector(uint32_t virq)
{
    if (keel_gic_init() != 0 || keel_irq_register(virq, on_doorbell, NULL) != 0 ||
        keel_irq_enable(virq) != 0) {
        keel_printf("collector: cannot take its interrupt\n");
        return;
    }
    while (interrupts == 0) {
        keel_wait_for_interrupt();
    }
    keel_printf("collector: bits 0x%llx, %llu sends merged, %u interrupts\n",
                (unsigned long long)bits, (unsigned long long)merged, interrupts);
}

int keel_main(unsigned vcpu)
{
    char name[33];
    struct keel_chan_info info;

    (void)vcpu;
    keel_self_name(name, sizeof(name));
    if (keel_chan_info(0, &info) != 0) {
        keel_printf("%s: no channel\n", name);
    } else if (strcmp(name, "burster") == 0) {
        burster();
    } else {
        collector(info.virq);
    }
    for (;;) {
        keel_wait_for_interrupt();
    }
}
