/* spinner: never sleeps. It counts in a busy loop and prints every so
 * often, so only preemption (time slices, priorities) lets anything else
 * run on its CPU. Used by the scheduler tests. */
#include "keel.h"

#define PRINT_EVERY (1ul << 21)

int keel_main(unsigned vcpu)
{
    volatile unsigned long spins = 0;

    (void)vcpu;
    for (unsigned long n = 1;; n++) {
        for (unsigned long i = 0; i < PRINT_EVERY; i++) {
            spins++;
        }
        keel_printf("spin %lu\n", n);
    }
}
