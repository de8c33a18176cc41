/*
 * Secondary CPUs: started one by one with PSCI CPU_ON, each brings up its
 * GIC interface, proves its EL2 timer interrupt arrives, and reports in.
 */
#include "boot.h"

#include "cpu.h"
#include "irq.h"
#include "log.h"
#include "run.h"
#include <keel/arch.h>
#include <keel/psci.h>
#include <keel/timer.h>

#define TIMER_TEST_US  200
#define TIMER_WAIT_US  1000000 /* generous: a loaded host may stall QEMU for long */
#define CPU_ON_WAIT_US 2000000

extern char secondary_entry[];

static void timer_test_handler(uint32_t intid)
{
    (void)intid;
    timer_stop();
    arch_this_cpu()->timer_irqs++;
}

/* Waits (in WFE, woken by the event stream or an interrupt) until *flag
 * becomes true or the timeout passes. */
static bool wait_until(const volatile bool *flag, uint64_t timeout_us)
{
    uint64_t deadline = timer_now() + timer_ticks_from_us(timeout_us);

    while (!*flag) {
        if (timer_now() >= deadline) {
            return false;
        }
        arch_wait_for_event();
    }
    return true;
}

static bool timer_test(struct cpu *c)
{
    volatile bool fired = false;
    uint64_t deadline = timer_now() + timer_ticks_from_us(TIMER_WAIT_US);

    timer_arm_at(timer_now() + timer_ticks_from_us(TIMER_TEST_US));
    arch_irq_enable();
    while (c->timer_irqs == 0 && timer_now() < deadline) {
        arch_wait_for_event();
    }
    arch_irq_disable();
    arch_irq_enable(); /* one more window: it may be pending but not yet taken */
    arch_irq_disable();
    fired = c->timer_irqs != 0;
    timer_stop();
    return fired;
}

int boot_cpu_local_init(unsigned index)
{
    struct cpu *c = &cpus[index];
    uint32_t intid = boot_board.timer.intid_hyp;

    if (irq_init_cpu(index, c->mpidr) != 0) {
        log_error("cpu %u: no GIC interface found for mpidr 0x%llx", index,
                  (unsigned long long)c->mpidr);
        return -1;
    }
    irq_register(intid, timer_test_handler);
    irq_enable(intid, index);
    if (!timer_test(c)) {
        log_error("cpu %u: EL2 timer interrupt (INTID %u) never arrived", index, intid);
        return -1;
    }
    log_info("cpu %u online: mpidr 0x%llx, GIC interface up, EL2 timer INTID %u ok", index,
             (unsigned long long)c->mpidr, intid);
    c->online = true;
    arch_send_event();
    return 0;
}

void secondary_main(void)
{
    struct cpu *c = arch_this_cpu();

    if (boot_cpu_local_init(c->index) != 0) {
        arch_halt();
    }
    boot_wait_release();
    run_init_cpu();
    run_start();
}

static bool start_one(unsigned index, uint64_t mpidr, unsigned board_index)
{
    struct cpu *c = &cpus[index];

    cpu_prepare(index, mpidr, board_index);
    arch_dcache_clean_range(c, sizeof(*c));
    int64_t rc = psci_cpu_on(mpidr, pa_init((uintptr_t)secondary_entry), (uintptr_t)c);
    if (rc != PSCI_SUCCESS) {
        log_error("cpu %u (mpidr 0x%llx): PSCI CPU_ON failed: %s", index, (unsigned long long)mpidr,
                  psci_strerror(rc));
        return false;
    }
    if (!wait_until(&c->online, CPU_ON_WAIT_US)) {
        log_error("cpu %u (mpidr 0x%llx) did not come online", index, (unsigned long long)mpidr);
        return false;
    }
    return true;
}

unsigned smp_start_secondaries(const struct board *b)
{
    unsigned online = 1;
    unsigned next = 1;
    uint64_t self = arch_mpidr();

    for (unsigned i = 0; i < b->nr_cpus; i++) {
        if (b->cpus[i].mpidr == self) {
            continue;
        }
        if (start_one(next, b->cpus[i].mpidr, i)) {
            online++;
        }
        next++;
    }
    return online;
}
