/*
 * crasher: each run ends in a different mistake, to show that a partition's
 * faults stay its own. Run N (N = restarts so far) does:
 *   0: writes outside its memory (stage-2 abort -> injected external abort)
 *   1: reads the EL1 physical timer, which Keel keeps from guests (trapped ->
 *      undefined instruction injected)
 *   2: breaks its own exception vector, then faults (faults again inside it)
 *   3: asks to stop (exit hypercall with code 3)
 * With fault-policy "restart" and restart-limit 3 it is restarted three
 * times, then stopped.
 */
#include "keel.h"

#define RUN_COUNT 3

static void write_outside(void)
{
    volatile uint64_t *p = (volatile uint64_t *)0x10000000ul; /* not in its map */
    *p = 0xbad;
}

static void read_trapped_register(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, cntp_ctl_el0" : "=r"(v)); /* CNTHCTL_EL2.EL1PCEN = 0 */
    (void)v;
}

static void fault_in_vector(void)
{
    /* vectors where nothing is mapped: the injected abort faults again */
    __asm__ volatile("msr vbar_el1, %0; isb" : : "r"(0x10000000ul));
    write_outside();
}

int keel_main(unsigned vcpu)
{
    unsigned run = keel_restarts();

    (void)vcpu;
    for (unsigned i = 1; i <= RUN_COUNT; i++) {
        keel_printf("run %u: tick %u\n", run, i);
        keel_sleep_us(50000);
    }
    switch (run) {
    case 0:
        keel_printf("run 0: writing outside my memory\n");
        write_outside();
        break;
    case 1:
        keel_printf("run 1: reading a trapped system register\n");
        read_trapped_register();
        break;
    case 2:
        keel_printf("run 2: breaking my exception vector\n");
        fault_in_vector();
        break;
    default:
        keel_printf("run %u: asking to stop\n", run);
        keel_exit(3);
    }
    keel_printf("run %u: still alive?!\n", run);
    return 1;
}
