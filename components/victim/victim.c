/* victim: fills its memory with a pattern and checks it over and over,
 * printing each result: another partition must not be able to change it.
 * Used by configs/isolation.dts. */
#include "keel.h"

#define AREA_WORDS (512 * 1024 / 8) /* 512 KiB */

static uint64_t area[AREA_WORDS];

static uint64_t pattern(unsigned long i)
{
    return 0x5eed000000000000ull ^ (i * 0x9e3779b97f4a7c15ull);
}

int keel_main(unsigned vcpu)
{
    (void)vcpu;
    for (unsigned long i = 0; i < AREA_WORDS; i++) {
        area[i] = pattern(i);
    }
    keel_printf("pattern written at %p (%lu KiB)\n", (void *)area,
                (unsigned long)sizeof(area) / 1024);
    for (unsigned long check = 1;; check++) {
        unsigned long bad = 0;
        for (unsigned long i = 0; i < AREA_WORDS; i++) {
            bad += (area[i] != pattern(i));
        }
        keel_printf("check %lu: %s (%lu words differ)\n", check,
                    bad ? "PATTERN CHANGED" : "pattern intact", bad);
        keel_sleep_us(100000);
    }
}
