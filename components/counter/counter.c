/* counter: prints a counter ten times a second, forever. Used by
 * configs/hello.dts and configs/fault.dts. */
#include "keel.h"

#define PERIOD_US 100000

int keel_main(unsigned vcpu)
{
    char name[33];

    keel_self_name(name, sizeof(name));
    keel_printf("%s: vcpu %u started (restarts %u)\n", name, vcpu, keel_restarts());
    for (unsigned long n = 1;; n++) {
        keel_printf("count %lu\n", n);
        keel_sleep_us(PERIOD_US);
    }
}
