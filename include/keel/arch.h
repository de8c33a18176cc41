/*
 * The architecture interface. Generic code calls only these; aarch64
 * implements them in microvisor/arch/aarch64, and tests/fake provides a
 * host version so unit tests link the real generic code.
 */
#ifndef KEEL_ARCH_H
#define KEEL_ARCH_H

#include <keel/compiler.h>
#include <keel/types.h>

struct cpu;

/* The calling CPU's per-CPU data. */
#ifdef KEEL_EL2
/* The running CPU's struct cpu (TPIDR_EL2): inline, it is on every path. */
static inline struct cpu *arch_this_cpu(void)
{
    struct cpu *c;
    __asm__("mrs %0, tpidr_el2" : "=r"(c));
    return c;
}
#else
struct cpu *arch_this_cpu(void); /* host tests: a fake */
#endif
void arch_set_this_cpu(struct cpu *c);
uint64_t arch_mpidr(void);

/* Stops the calling CPU for good: interrupts masked, waits forever. */
KEEL_NORETURN void arch_halt(void);

void arch_irq_enable(void);
void arch_irq_disable(void);
void arch_wait_for_event(void);
/* A busy-wait's pause (YIELD): lets a sibling hardware thread, or QEMU's
 * next CPU under -icount, make progress. */
void arch_cpu_relax(void);
void arch_send_event(void);
/* Returns *p (load-acquire) once it may differ from `seen`: if it still
 * holds `seen`, first sleeps (WFE) with the exclusive monitor armed on p,
 * so that any store to p ends the sleep without the storer sending an
 * event. May return `seen` again (a spurious wake): callers loop. */
uint32_t arch_wait_for_change(const uint32_t *p, uint32_t seen);
void arch_wait_for_interrupt(void);

/* Cleans the data cache to the point of coherency for [p, p + size). */
void arch_dcache_clean_range(const void *p, size_t size);

/* Invalidates all instruction caches (after code was written). */
void arch_icache_invalidate_all(void);

/* SMC Calling Convention conduits (x0..x3 in, x0 out). */
uint64_t arch_smc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
uint64_t arch_hvc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

/* Exception level the CPU is at (1, 2 or 3). */
unsigned arch_current_el(void);

#endif
