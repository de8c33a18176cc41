/* The per-CPU run loop: see run.h. */
#include "run.h"

#include "boot.h"
#include "cpu.h"
#include "irq.h"
#include "log.h"
#include "partition.h"
#include "trap.h"
#include <keel/arch.h>
#include <keel/timer.h>

#define SGI_KICK 0

static void on_timer(uint32_t intid)
{
    (void)intid;
    timer_stop();
    arch_this_cpu()->need_resched = true;
}

static void on_kick(uint32_t intid)
{
    (void)intid;
    arch_this_cpu()->need_resched = true;
}

void run_init_cpu(void)
{
    struct cpu *c = arch_this_cpu();

    irq_register(boot_board.timer.intid_hyp, on_timer);
    irq_register(SGI_KICK, on_kick);
    irq_enable(SGI_KICK, c->index);
    arch_stage2_init_cpu();
}

void run_kick(unsigned cpu)
{
    irq_send_sgi(SGI_KICK, cpus[cpu].mpidr);
}

static void load(struct cpu *c, struct vcpu *v)
{
    if (c->loaded == v) {
        return;
    }
    if (c->loaded != NULL) {
        vcpu_save_sysregs(c->loaded);
        vcpu_save_fp(&c->loaded->fp);
    }
    vcpu_restore_sysregs(v);
    vcpu_restore_fp(&v->fp);
    c->loaded = v;
}

static void arm_timer(struct cpu *c, struct vcpu *chosen, uint64_t now)
{
    uint64_t next = sched_next_event(&c->sched, chosen, now, timer_ticks_from_us(SCHED_SLICE_US));

    if (next != 0) {
        timer_arm_at(next);
    } else {
        timer_stop();
    }
}

struct vcpu *run_next(void)
{
    struct cpu *c = arch_this_cpu();

    for (;;) {
        uint64_t now = timer_now();
        struct vcpu *v = sched_pick(&c->sched, now);
        c->need_resched = false;
        arm_timer(c, v, now);
        if (v != NULL) {
            load(c, v);
            return v;
        }
        arch_irq_enable();
        arch_wait_for_interrupt();
        arch_irq_disable();
    }
}

void run_start(void)
{
    vcpu_resume(run_next());
}

/* What every exit from a guest checks before going back. */
static struct vcpu *continue_or_switch(struct vcpu *v)
{
    struct cpu *c = arch_this_cpu();

    if (v->reset_pending) {
        v->reset_pending = false;
        vcpu_reset(v, v->part->cfg->entry);
        c->loaded = NULL;
    }
    if (v->state != VCPU_RUNNABLE || c->need_resched) {
        return run_next();
    }
    return v;
}

struct vcpu *vcpu_handle_sync(struct vcpu *v)
{
    struct vcpu *next = trap_sync(v);
    return next != v ? next : continue_or_switch(v);
}

struct vcpu *vcpu_handle_irq(struct vcpu *v)
{
    irq_handle();
    return continue_or_switch(v);
}

struct vcpu *vcpu_handle_serror(struct vcpu *v)
{
    return partition_fault(v, "SError (asynchronous abort)");
}
