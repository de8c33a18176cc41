/* The ARM generic timer as seen from EL2: the counter and the EL2 physical
 * timer (CNTHP_*_EL2). Matched by "arm,armv8-timer". */
#include <keel/aarch64/sysreg.h>
#include <keel/timer.h>

uint64_t timer_now(void)
{
    isb();
    return read_sysreg(cntpct_el0);
}

uint64_t timer_freq(void)
{
    return read_sysreg(cntfrq_el0) & 0xffffffffu;
}

uint64_t timer_ticks_from_us(uint64_t us)
{
    return us * timer_freq() / 1000000u;
}

void timer_arm_at(uint64_t deadline)
{
    write_sysreg(cnthp_cval_el2, deadline);
    write_sysreg(cnthp_ctl_el2, CNT_CTL_ENABLE);
    isb();
}

void timer_stop(void)
{
    write_sysreg(cnthp_ctl_el2, CNT_CTL_IMASK);
    isb();
}

bool timer_armed_before(uint64_t deadline)
{
    uint64_t ctl = read_sysreg(cnthp_ctl_el2);

    return (ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) == CNT_CTL_ENABLE &&
           read_sysreg(cnthp_cval_el2) <= deadline;
}
