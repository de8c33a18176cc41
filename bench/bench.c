/*
 * The benchmark component. One image, three roles chosen by partition name
 * (bench/bench.dts puts all three on CPU 0):
 *   bench  (priority 2) measures;
 *   echo   (priority 3) answers on the bench-echo channel, preempting bench;
 *   sink   (priority 1) receives on the bench-sink channel and never runs
 *          while bench does.
 * Times are PMCCNTR_EL0 counting EL1 and EL2 (PMCCFILTR_EL0.NSH): under QEMU
 * -icount shift=0 that is an exact instruction count. Each figure is the
 * minimum and median of ROUNDS runs. Output lines:
 *   bench: <operation>: min <n> median <n> (instructions, <ROUNDS> runs)
 */
#include "keel.h"

#include <string.h>

#define ROUNDS   201
#define EP_ECHO  0 /* bench: endpoint 0 goes to echo, 1 to sink */
#define EP_SINK  1
#define BIT_PING 1ull

struct stamps {
    volatile uint64_t echo_entry; /* PMCCNTR at echo's handler entry */
};

static struct stamps *shared;
static uint64_t samples[ROUNDS];
static volatile unsigned long replies;

static inline uint64_t cycles(void)
{
    uint64_t v;
    __asm__ volatile("isb; mrs %0, pmccntr_el0; isb" : "=r"(v));
    return v;
}

static void pmu_start(void)
{
    uint64_t pmcr;
    __asm__ volatile("msr pmccfiltr_el0, %0" : : "r"(1ull << 27)); /* EL1 + EL2 */
    __asm__ volatile("mrs %0, pmcr_el0" : "=r"(pmcr));
    __asm__ volatile("msr pmcr_el0, %0" : : "r"(pmcr | 1ull | (1ull << 2))); /* E, C reset */
    __asm__ volatile("msr pmcntenset_el0, %0; isb" : : "r"(1ull << 31));
}

/* HVC #0 with nothing but the function ID: the hypercall itself, without
 * the C wrapper's argument shuffling. */
static inline void null_hvc(void)
{
    register uint64_t x0 __asm__("x0") = KEEL_HC_VERSION;
    __asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
}

static int cmp_u64(uint64_t a, uint64_t b)
{
    return a < b ? -1 : a > b;
}

static void report(const char *what)
{
    for (unsigned i = 1; i < ROUNDS; i++) { /* insertion sort: ROUNDS is small */
        uint64_t v = samples[i];
        unsigned j = i;
        for (; j > 0 && cmp_u64(samples[j - 1], v) > 0; j--) {
            samples[j] = samples[j - 1];
        }
        samples[j] = v;
    }
    keel_printf("bench: %s: min %llu median %llu (instructions, %u runs)\n", what,
                (unsigned long long)samples[0], (unsigned long long)samples[ROUNDS / 2], ROUNDS);
}

static void on_reply(uint32_t intid, void *arg)
{
    uint64_t bits;
    (void)intid;
    (void)arg;
    keel_chan_receive(EP_ECHO, &bits, NULL);
    replies++;
}

static void measure(void)
{
    for (unsigned i = 0; i < ROUNDS; i++) {
        uint64_t t0 = cycles();
        null_hvc();
        samples[i] = cycles() - t0;
    }
    report("null hypercall (HVC and return)");
    for (unsigned i = 0; i < ROUNDS; i++) {
        uint64_t t0 = cycles();
        keel_chan_send(EP_SINK, BIT_PING);
        samples[i] = cycles() - t0;
    }
    report("send to a lower-priority peer, hypercall and return");
    for (unsigned i = 0; i < ROUNDS; i++) {
        uint64_t t0 = cycles();
        keel_chan_send(EP_ECHO, 0); /* 0: echo does not answer */
        samples[i] = shared->echo_entry - t0;
    }
    report("send to a same-CPU peer, HVC to its vIRQ handler entry");
    for (unsigned i = 0; i < ROUNDS; i++) {
        unsigned long before = replies;
        uint64_t t0 = cycles();
        keel_chan_send(EP_ECHO, BIT_PING);
        while (replies == before) {
            keel_wait_for_interrupt();
        }
        samples[i] = cycles() - t0;
    }
    report("same-CPU ping-pong round trip, both EOIs included");
}

static void run_bench(void)
{
    struct keel_chan_info info;

    pmu_start();
    keel_chan_info(EP_ECHO, &info);
    shared = (struct stamps *)(uintptr_t)info.shm_base;
    keel_irq_register(info.virq, on_reply, NULL);
    keel_irq_enable(info.virq);
    measure();
    keel_printf("bench: done\n");
}

static void on_request(uint32_t intid, void *arg)
{
    uint64_t t = cycles();
    uint64_t bits;
    (void)intid;
    (void)arg;
    shared->echo_entry = t;
    keel_chan_receive(0, &bits, NULL);
    if (bits & BIT_PING) {
        keel_chan_send(0, BIT_PING);
    }
}

static void on_sink(uint32_t intid, void *arg)
{
    (void)intid;
    (void)arg;
    keel_chan_receive(0, NULL, NULL);
}

int keel_main(unsigned vcpu)
{
    char name[33];
    struct keel_chan_info info;

    (void)vcpu;
    keel_self_name(name, sizeof(name));
    keel_gic_init();
    if (strcmp(name, "bench") == 0) {
        run_bench();
        for (;;) {
            keel_wait_for_interrupt();
        }
    }
    keel_chan_info(0, &info);
    shared = (struct stamps *)(uintptr_t)info.shm_base;
    keel_irq_register(info.virq, strcmp(name, "echo") == 0 ? on_request : on_sink, NULL);
    keel_irq_enable(info.virq);
    for (;;) {
        keel_wait_for_interrupt();
    }
}
