/* What the runtime's files share and components do not see. */
#ifndef KEEL_RUNTIME_INTERNAL_H
#define KEEL_RUNTIME_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

/* The calling vCPU's index, which crt0.S keeps in TPIDR_EL1. */
static inline unsigned runtime_vcpu(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, tpidr_el1" : "=r"(v));
    return (unsigned)v;
}

/* gic.c: the calling vCPU's CPU interface. runtime_gic_ack() returns the
 * raw IAR value, runtime_gic_intid() the INTID in it (>= 1020: special,
 * nothing to handle), runtime_gic_eoi() ends the interrupt (EOImode 0:
 * priority drop and deactivation). */
uint32_t runtime_gic_ack(void);
uint32_t runtime_gic_intid(uint32_t iar);
void runtime_gic_eoi(uint32_t iar);
/* True once keel_gic_init() succeeded on the calling vCPU. */
bool runtime_gic_ready(void);

/* irq.c: the IRQ path, called by vectors.S with the caller-saved
 * registers saved. */
void runtime_irq(void);

/* timer.c: the virtual timer registers. */
static inline void runtime_cntv_write(uint64_t cval, uint64_t ctl)
{
    __asm__ volatile("msr cntv_cval_el0, %0; msr cntv_ctl_el0, %1; isb" : : "r"(cval), "r"(ctl));
}

static inline void runtime_cntv_disable(void)
{
    __asm__ volatile("msr cntv_ctl_el0, xzr; isb");
}

#endif
