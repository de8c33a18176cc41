/*
 * selfpend: a WFI while one of the vCPU's interrupts is pending in a list
 * register completes at once, even when the CPU interface does not signal
 * it (masked by priority: the WFI then traps to Keel, which looks at the
 * LRs). Two roles, chosen by partition name
 * (tests/integration/configs/wfi-pending.dts puts both on CPU 0, the
 * answerer above the asker):
 *   asker    sends ROUNDS requests on endpoint 0, each time waiting for
 *            the answer;
 *   answerer takes each request (the asker's send hands it the CPU),
 *            masks priority 0xa0 (PMR 0x80), makes its own SPI SELF_SPI
 *            pending (GICD_ISPENDR: Keel puts it in a list register on the
 *            way back) and waits; that WFI must return. Then it unmasks
 *            the priority, takes the SPI and answers. It is the vCPU a
 *            hand-off gave the CPU, so its WFI is the case of Keel's WFI
 *            fast path (vcpu/wfi_block.S), which must see the pending LR
 *            and leave the decision to C: a WFI that blocked would leave
 *            the answerer asleep and the asker without its answer.
 * Lines: "answerer: 1000 requests, 1000 self-pended interrupts taken, 0
 * taken while masked", "asker: 1000 answers".
 */
#include "keel.h"

#include <stddef.h>
#include <string.h>

#define ROUNDS       1000u
#define SELF_SPI     100u
#define MASK_SPI     0x80 /* keel_irq_enable gives priority 0xa0 */
#define MASK_NOTHING 0xff

static volatile unsigned requests, taken, answers;

static void on_request(uint32_t intid, void *arg)
{
    (void)intid;
    (void)arg;
    keel_chan_receive(0, NULL, NULL);
    requests++;
}

static void on_self(uint32_t intid, void *arg)
{
    (void)intid;
    (void)arg;
    taken++;
}

static void on_answer(uint32_t intid, void *arg)
{
    (void)intid;
    (void)arg;
    keel_chan_receive(0, NULL, NULL);
    answers++;
}

static int take(uint32_t intid, keel_irq_handler handler)
{
    return keel_irq_register(intid, handler, NULL) == 0 && keel_irq_enable(intid) == 0 ? 0 : -1;
}

static void answerer(uint32_t virq)
{
    unsigned done = 0, early = 0;

    if (take(virq, on_request) != 0 || take(SELF_SPI, on_self) != 0) {
        keel_printf("answerer: cannot take its interrupts\n");
        return;
    }
    while (done < ROUNDS) {
        while (requests == done) {
            keel_wait_for_interrupt(); /* interrupts stay masked outside it */
        }
        done++;
        unsigned before = taken;
        keel_irq_priority_mask(MASK_SPI);
        if (keel_irq_set_pending(SELF_SPI) != 0) {
            keel_printf("answerer: cannot make SPI %u pending\n", SELF_SPI);
            return;
        }
        keel_wait_for_interrupt(); /* pending in an LR, not signalled: returns */
        if (taken != before) {
            early++; /* taken although its priority was masked */
        }
        keel_irq_priority_mask(MASK_NOTHING);
        while (taken == before) {
            keel_wait_for_interrupt();
        }
        keel_chan_send(0, 1);
    }
    keel_printf("answerer: %u requests, %u self-pended interrupts taken, %u taken while masked\n",
                done, taken, early);
}

static void asker(uint32_t virq)
{
    if (take(virq, on_answer) != 0) {
        keel_printf("asker: cannot take its interrupt\n");
        return;
    }
    for (unsigned i = 0; i < ROUNDS; i++) {
        unsigned before = answers;
        keel_chan_send(0, 1);
        while (answers == before) {
            keel_wait_for_interrupt();
        }
    }
    keel_printf("asker: %u answers\n", answers);
}

int keel_main(unsigned vcpu)
{
    char name[33];
    struct keel_chan_info info;

    (void)vcpu;
    keel_self_name(name, sizeof(name));
    if (keel_gic_init() != 0 || keel_chan_info(0, &info) != 0) {
        keel_printf("%s: no GIC or no channel\n", name);
    } else if (strcmp(name, "answerer") == 0) {
        answerer(info.virq);
    } else {
        asker(info.virq);
    }
    for (;;) {
        keel_wait_for_interrupt();
    }
}
