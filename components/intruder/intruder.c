/*
 * intruder: tries to write everywhere it should not: below and above its
 * own memory, over all of the board's RAM where other partitions live, and
 * over the GIC and UART. Every write must fault (Keel injects an external
 * abort); it counts them, skipping each faulting store, and reports.
 * Used by configs/isolation.dts.
 */
#include "keel.h"

#define OWN_BASE 0x40000000ul
#define OWN_SIZE 0x200000ul
#define RAM_END  0x80000000ul
#define STEP     0x100000ul /* one write per MiB */

static volatile unsigned long faults;

int keel_on_fault(uint64_t esr, uint64_t far, uint64_t elr)
{
    (void)esr;
    (void)far;
    (void)elr;
    faults++;
    return 1; /* skip the store and go on */
}

/* A plain store, in assembly so the compiler cannot reason about it
 * (a store to address 0 is undefined behaviour in C). */
static unsigned long try_write(uint64_t addr)
{
    __asm__ volatile("str %0, [%1]" : : "r"(0xdeadbeefdeadbeefull), "r"(addr) : "memory");
    return 1;
}

int keel_main(unsigned vcpu)
{
    unsigned long tried = 0;

    (void)vcpu;
    tried += try_write(0x08000000ul); /* GIC distributor */
    tried += try_write(0x09000000ul); /* the console UART */
    tried += try_write(0x0);
    for (uint64_t a = OWN_BASE + OWN_SIZE; a < RAM_END; a += STEP) {
        tried += try_write(a);
    }
    keel_printf("tried %lu writes outside my memory, %lu faulted\n", tried, faults);
    keel_printf("%s\n", tried == faults ? "all blocked" : "SOME WRITES WENT THROUGH");
    for (;;) {
        keel_sleep_us(1000000);
    }
}
