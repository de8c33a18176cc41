/*
 * The IRQ path of a native component: the handler table, the dispatch that
 * vectors.S calls, masking and waiting.
 *
 * One IRQ exception acknowledges one interrupt, calls its handler and ends
 * it; another one pending is taken as the next exception, as soon as the
 * return unmasks IRQs (that costs less than asking the CPU interface once
 * more every time, in the usual case of one). An INTID with no handler is
 * counted and ended; an exception that finds nothing is counted as
 * spurious.
 */
#include "keel.h"
#include "runtime_internal.h"

#define NR_PRIVATE 32 /* SGIs and PPIs, banked per vCPU */

struct irq_slot {
    keel_irq_handler handler;
    void *arg;
};

static struct irq_slot private_slots[KEEL_MAX_VCPUS][NR_PRIVATE];
static struct irq_slot spi_slots[KEEL_IRQ_LIMIT - NR_PRIVATE];
static struct keel_irq_stats stats[KEEL_MAX_VCPUS];

static struct irq_slot *slot(unsigned vcpu, uint32_t intid)
{
    if (intid < NR_PRIVATE) {
        return &private_slots[vcpu][intid];
    }
    return intid < KEEL_IRQ_LIMIT ? &spi_slots[intid - NR_PRIVATE] : 0;
}

int keel_irq_register(uint32_t intid, keel_irq_handler handler, void *arg)
{
    struct irq_slot *s = slot(runtime_vcpu(), intid);

    if (s == 0) {
        return KEEL_E_INVALID;
    }
    /* Masked, so that this vCPU's IRQ path never sees a half-written slot. */
    uint64_t daif;
    __asm__ volatile("mrs %0, daif; msr daifset, #2" : "=r"(daif)::"memory");
    s->arg = arg;
    __atomic_store_n(&s->handler, handler, __ATOMIC_RELEASE);
    __asm__ volatile("msr daif, %0" : : "r"(daif) : "memory");
    return 0;
}

/* One acknowledged INTID: its handler, counted. False if it was a special
 * INTID (nothing acknowledged, nothing to end). */
static inline bool dispatch(uint32_t intid)
{
    unsigned vcpu = runtime_vcpu();
    struct keel_irq_stats *st = &stats[vcpu];

    if (intid >= RUNTIME_INTID_SPECIAL) {
        st->spurious++;
        return false;
    }
    struct irq_slot *s = slot(vcpu, intid);
    keel_irq_handler handler = s ? __atomic_load_n(&s->handler, __ATOMIC_ACQUIRE) : 0;
    if (handler) {
        handler(intid, s->arg);
        st->handled++;
    } else {
        st->unhandled++;
    }
    return true;
}

void runtime_irq(void)
{
    if (runtime_gic.version == 3) {
        uint32_t iar = runtime_gicv3_ack();
        if (dispatch(runtime_gicv3_intid(iar))) {
            runtime_gicv3_eoi(iar);
        }
        return;
    }
    uint32_t iar = runtime_gicv2_ack(runtime_gic.cpu_base);
    if (dispatch(runtime_gicv2_intid(iar))) {
        runtime_gicv2_eoi(runtime_gic.cpu_base,
                          iar); /* read again: less to keep across the handler */
    }
}

void keel_irq_unmask(void)
{
    __asm__ volatile("msr daifclr, #2; isb" ::: "memory");
}

void keel_irq_mask(void)
{
    __asm__ volatile("msr daifset, #2" ::: "memory");
}

/* WFI wakes on a pending interrupt even while PSTATE.I masks it: the
 * interrupt is then taken when the mask drops, before this returns. */
void keel_wait_for_interrupt(void)
{
    uint64_t daif;

    __asm__ volatile("mrs %0, daif\n"
                     "msr daifset, #2\n"
                     "dsb sy\n"
                     "wfi\n"
                     "msr daifclr, #2\n"
                     "isb\n"
                     "msr daifset, #2\n"
                     "msr daif, %0"
                     : "=&r"(daif)
                     :
                     : "memory");
}

void keel_irq_stats(struct keel_irq_stats *out)
{
    *out = stats[runtime_vcpu()];
    out->entries = out->handled + out->unhandled + out->spurious; /* one each */
}
