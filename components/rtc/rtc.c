/*
 * rtc: drives a passed-through PL031 real-time clock. It sets the match
 * register one second ahead and waits for the alarm interrupt, which Keel
 * forwards with the HW bit: this component's end of interrupt deactivates
 * the physical interrupt. Prints `rtc: alarm N at T` for every alarm.
 * Used by tests/integration/configs/passthrough.dts.
 */
#include "keel.h"

#include <stddef.h>

#define RTC_BASE  0x09010000ul
#define RTC_INTID 34u
#define RTCDR     0x00 /* data: seconds */
#define RTCMR     0x04 /* match */
#define RTCCR     0x0c /* control: bit 0 starts it */
#define RTCIMSC   0x10 /* interrupt mask set/clear */
#define RTCICR    0x1c /* interrupt clear */

static volatile unsigned alarms;

static uint32_t rtc_read(unsigned off)
{
    return *(volatile uint32_t *)(RTC_BASE + off);
}
static void rtc_write(unsigned off, uint32_t v)
{
    *(volatile uint32_t *)(RTC_BASE + off) = v;
}

static void on_alarm(uint32_t intid, void *arg)
{
    (void)intid;
    (void)arg;
    rtc_write(RTCICR, 1); /* the line drops before the EOI */
    alarms++;
    rtc_write(RTCMR, rtc_read(RTCDR) + 1);
}

int keel_main(unsigned vcpu)
{
    (void)vcpu;
    if (keel_gic_init() != 0 || keel_irq_register(RTC_INTID, on_alarm, NULL) != 0 ||
        keel_irq_enable(RTC_INTID) != 0) {
        keel_printf("rtc: cannot set up the interrupt\n");
        return 1;
    }
    rtc_write(RTCCR, 1);
    rtc_write(RTCMR, rtc_read(RTCDR) + 1);
    rtc_write(RTCIMSC, 1);
    for (unsigned seen = 0;;) {
        keel_wait_for_interrupt();
        if (alarms != seen) {
            seen = alarms;
            keel_printf("rtc: alarm %u at %u\n", seen, rtc_read(RTCDR));
        }
    }
}
