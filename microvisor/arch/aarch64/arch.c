/* The aarch64 implementation of include/keel/arch.h. */
#include <keel/aarch64/sysreg.h>
#include <keel/arch.h>

void arch_set_this_cpu(struct cpu *c)
{
    write_sysreg(tpidr_el2, (uintptr_t)c);
}

uint64_t arch_mpidr(void)
{
    return read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
}

void arch_halt(void)
{
    __asm__ volatile("msr daifset, #0xf" ::: "memory");
    for (;;) {
        wfi();
    }
}

void arch_irq_enable(void)
{
    __asm__ volatile("msr daifclr, #2; isb" ::: "memory");
}
void arch_irq_disable(void)
{
    __asm__ volatile("msr daifset, #2" ::: "memory");
}
void arch_wait_for_event(void)
{
    wfe();
}
void arch_cpu_relax(void)
{
    __asm__ volatile("yield" ::: "memory");
}
void arch_send_event(void)
{
    dsb(ish);
    sev();
}
uint32_t arch_wait_for_change(const uint32_t *p, uint32_t seen)
{
    uint32_t v;

    __asm__ volatile("ldaxr %w0, [%1]\n"
                     "cmp %w0, %w2\n"
                     "b.ne 1f\n"
                     "wfe\n"
                     "ldar %w0, [%1]\n"
                     "1:"
                     : "=&r"(v)
                     : "r"(p), "r"(seen)
                     : "cc", "memory");
    return v;
}
void arch_wait_for_interrupt(void)
{
    wfi();
}

unsigned arch_current_el(void)
{
    return (unsigned)(read_sysreg(CurrentEL) >> 2) & 3;
}
