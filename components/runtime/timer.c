/*
 * The virtual timer (CNTV, PPI 27) of each vCPU: sleeping and a periodic
 * interrupt.
 *
 * Keel injects the timer's PPI when it expires and may set CNTV_CTL.IMASK
 * while the interrupt is pending, so the handler always writes the new
 * compare value first and then CTL = ENABLE with IMASK clear. A one-shot
 * expiry (keel_sleep_us with the GIC up) switches the timer off instead:
 * the timer's output is a level, which would otherwise fire again at once.
 */
#include "keel.h"
#include "runtime_internal.h"

#define CNTV_CTL_ENABLE  1u
#define CNTV_CTL_ISTATUS 4u
#define US_PER_S         1000000u
#define MAX_PERIOD_US    (3600ull * US_PER_S)

struct vtimer {
    uint64_t period;   /* ticks of keel_counter(); 0: not periodic */
    uint64_t deadline; /* when the next periodic tick is due */
    keel_timer_handler handler;
    bool registered; /* timer_irq is the vCPU's PPI 27 handler */
};

static struct vtimer vtimers[KEEL_MAX_VCPUS];

static uint64_t us_to_ticks(uint64_t us)
{
    return us * keel_counter_freq() / US_PER_S;
}

static void timer_irq(uint32_t intid, void *arg)
{
    struct vtimer *t = arg;

    (void)intid;
    if (t->period == 0) {
        /* A sleep's one-shot: the sleeper looks at the counter. A late tick
         * of an earlier sleep may arrive after the timer was re-armed: then
         * the timer stays armed (and unmasked: Keel masks it when it
         * forwards a tick). */
        uint64_t ctl;
        __asm__ volatile("mrs %0, cntv_ctl_el0" : "=r"(ctl));
        if (ctl & CNTV_CTL_ISTATUS) {
            runtime_cntv_disable();
        } else if (ctl & CNTV_CTL_ENABLE) {
            __asm__ volatile("msr cntv_ctl_el0, %0; isb" : : "r"((uint64_t)CNTV_CTL_ENABLE));
        }
        return;
    }
    uint64_t expiry = t->deadline;
    uint64_t now = keel_counter();
    uint64_t next = expiry + t->period;
    if (next <= now) { /* missed ticks: the next one still ahead */
        next += ((now - next) / t->period + 1) * t->period;
    }
    t->deadline = next;
    runtime_cntv_write(next, CNTV_CTL_ENABLE);
    if (t->handler) {
        t->handler(expiry);
    }
}

static int take_timer_irq(struct vtimer *t)
{
    if (!t->registered) {
        int rc = keel_irq_register(KEEL_IRQ_VTIMER, timer_irq, t);
        if (rc == 0) {
            rc = keel_irq_enable(KEEL_IRQ_VTIMER);
        }
        if (rc != 0) {
            return rc;
        }
        t->registered = true;
    }
    return 0;
}

static uint64_t mask_irqs(void)
{
    uint64_t daif;
    __asm__ volatile("mrs %0, daif; msr daifset, #2" : "=r"(daif)::"memory");
    return daif;
}

static void restore_irqs(uint64_t daif)
{
    __asm__ volatile("msr daif, %0" : : "r"(daif) : "memory");
}

int keel_timer_start_periodic(uint64_t period_us, keel_timer_handler handler)
{
    struct vtimer *t = &vtimers[runtime_vcpu()];

    if (period_us == 0 || period_us > MAX_PERIOD_US || us_to_ticks(period_us) == 0 ||
        !runtime_gic_ready()) {
        return KEEL_E_INVALID;
    }
    uint64_t daif = mask_irqs(); /* no tick while the state changes */
    int rc = take_timer_irq(t);
    if (rc == 0) {
        t->handler = handler;
        t->period = us_to_ticks(period_us);
        t->deadline = keel_counter() + t->period;
        runtime_cntv_write(t->deadline, CNTV_CTL_ENABLE);
    }
    restore_irqs(daif);
    return rc;
}

void keel_timer_stop(void)
{
    struct vtimer *t = &vtimers[runtime_vcpu()];

    runtime_cntv_disable();
    t->period = 0;
    t->handler = 0;
}

/* Without the GIC: WFI wakes when the timer's condition is met (Keel waits
 * for the armed, unmasked timer); interrupts stay masked throughout. */
static void sleep_until_polling(uint64_t until)
{
    runtime_cntv_write(until, CNTV_CTL_ENABLE);
    while (keel_counter() < until) {
        __asm__ volatile("wfi");
    }
    runtime_cntv_disable();
}

void keel_sleep_us(uint64_t us)
{
    uint64_t until = keel_counter() + us_to_ticks(us);
    struct vtimer *t = &vtimers[runtime_vcpu()];

    if (!runtime_gic_ready() || (t->period == 0 && take_timer_irq(t) != 0)) {
        sleep_until_polling(until);
        return;
    }
    uint64_t daif = mask_irqs();
    bool one_shot = t->period == 0; /* else the periodic ticks wake it */
    if (one_shot) {
        runtime_cntv_write(until, CNTV_CTL_ENABLE);
    }
    while (keel_counter() < until) {
        keel_wait_for_interrupt();
    }
    if (one_shot) {
        runtime_cntv_disable();
    }
    restore_irqs(daif);
}
