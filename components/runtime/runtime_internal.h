/* What the runtime's files share and components do not see. */
#ifndef KEEL_RUNTIME_INTERNAL_H
#define KEEL_RUNTIME_INTERNAL_H

#include "keel.h"

#include <stdbool.h>
#include <stdint.h>

/* The calling vCPU's index, which crt0.S keeps in TPIDR_EL1. */
static inline unsigned runtime_vcpu(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, tpidr_el1" : "=r"(v));
    return (unsigned)v;
}

/* gic.c: where the partition's GIC is, set by keel_gic_init(). */
struct runtime_gic {
    unsigned version;  /* 2 or 3; 0 until keel_gic_init() */
    uint64_t gicd;     /* distributor */
    uint64_t cpu_base; /* GICv3: redistributor of vCPU 0; GICv2: GICC */
};
extern struct runtime_gic runtime_gic;

#define RUNTIME_GICC_IAR      0x000c
#define RUNTIME_GICC_EOIR     0x0010
#define RUNTIME_INTID_SPECIAL 1020 /* 1020..1023: nothing to handle */

/* The IRQ path's view of the calling vCPU's CPU interface, inline and
 * one function per GIC version (the path tests the version once): the raw
 * IAR value of the interrupt it acknowledges, the INTID in it, and ending
 * it (EOImode 0: priority drop and deactivation). INTIDs from
 * RUNTIME_INTID_SPECIAL up mean nothing to handle. */
static inline uint32_t runtime_gicv3_ack(void)
{
    uint64_t iar;
    __asm__ volatile("mrs %0, S3_0_C12_C12_0; dsb sy" : "=r"(iar)::"memory"); /* ICC_IAR1_EL1 */
    return (uint32_t)iar;
}

static inline uint32_t runtime_gicv3_intid(uint32_t iar)
{
    return iar & 0xffffffu;
}

static inline void runtime_gicv3_eoi(uint32_t iar)
{
    __asm__ volatile("msr S3_0_C12_C12_1, %0; isb" : : "r"((uint64_t)iar) : "memory");
}

static inline uint32_t runtime_gicv2_ack(uint64_t gicc)
{
    uint32_t iar;
    __asm__ volatile("ldr %w0, [%1, %2]; dsb sy"
                     : "=r"(iar)
                     : "r"(gicc), "i"(RUNTIME_GICC_IAR)
                     : "memory");
    return iar;
}

static inline uint32_t runtime_gicv2_intid(uint32_t iar)
{
    return iar & 0x3ffu;
}

static inline void runtime_gicv2_eoi(uint64_t gicc, uint32_t iar)
{
    __asm__ volatile("str %w0, [%1, %2]"
                     :
                     : "r"(iar), "r"(gicc), "i"(RUNTIME_GICC_EOIR)
                     : "memory");
}

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
