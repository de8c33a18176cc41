/* The per-CPU run loop: see run.h. */
#include "run.h"

#include "../vcpu/vgic_vcpu.h"
#include "boot.h"
#include "chan.h"
#include "cpu.h"
#include "irq.h"
#include "log.h"
#include "partition.h"
#include "trap.h"
#include <keel/aarch64/sysreg.h>
#include <keel/arch.h>
#include <keel/timer.h>

#define SGI_KICK     0
#define PPI_VTIMER   27
#define CNTV_IMASK   2ull
#define CPTR_FP_ON   0x33ffull                  /* RES1 bits, nothing trapped */
#define CPTR_FP_TRAP (0x33ffull | (1ull << 10)) /* TFP: FP/SIMD traps to EL2 */

static uint64_t slice_ticks; /* SCHED_SLICE_US in counter ticks */

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

/* The loaded vCPU's virtual timer fired: mask it (the guest unmasks it when
 * it re-arms) and make its virtual PPI pending. */
static void on_vtimer(uint32_t intid)
{
    struct vcpu *v = arch_this_cpu()->loaded;

    write_sysreg(cntv_ctl_el0, read_sysreg(cntv_ctl_el0) | CNTV_IMASK);
    if (v != NULL) {
        vgic_partition_raise(v->part, v->index, intid);
    }
}

/* The list registers ran low (underflow): the entry path refills them. */
static void on_maintenance(uint32_t intid)
{
    (void)intid;
    struct vcpu *v = arch_this_cpu()->loaded;
    if (v != NULL) {
        v->vgic_dirty = true;
    }
}

void run_init_cpu(void)
{
    struct cpu *c = arch_this_cpu();

    slice_ticks = timer_ticks_from_us(SCHED_SLICE_US);
    irq_register(boot_board.timer.intid_hyp, on_timer);
    irq_register(SGI_KICK, on_kick);
    irq_enable(SGI_KICK, c->index);
    irq_register(PPI_VTIMER, on_vtimer);
    irq_enable(PPI_VTIMER, c->index);
    irq_register(boot_board.gic.maint_intid, on_maintenance);
    irq_enable(boot_board.gic.maint_intid, c->index);
    arch_stage2_init_cpu();
}

void run_kick(unsigned cpu)
{
    irq_send_sgi(SGI_KICK, cpus[cpu].mpidr);
}

/* A start or restart asked for from anywhere (partition restart, PSCI
 * CPU_ON) is carried out here, by the vCPU's own CPU, before it runs. */
static void apply_reset(struct cpu *c, struct vcpu *v)
{
    v->reset_pending = false;
    vcpu_reset(v, v->boot_pc, v->boot_x0);
    if (c->loaded == v) {
        c->loaded = NULL; /* the hardware holds its old EL1 registers: reload */
    }
    if (c->fp_owner == v) {
        c->fp_owner = NULL; /* and start its FP afresh */
    }
}

static void load(struct cpu *c, struct vcpu *v)
{
    if (v->reset_pending) {
        apply_reset(c, v);
    }
    if (c->loaded == v) {
        return;
    }
    struct vcpu *out = c->loaded;
    /* translation registers shared by both vCPUs stay as they are */
    if (out != NULL) {
        vcpu_switch_sysregs(&out->sys, out->vm_shared, &v->sys, v->vm_shared & c->vm_shared_loaded);
    } else {
        vcpu_switch_sysregs(NULL, false, &v->sys, false);
    }
    c->vm_shared_loaded = v->vm_shared;
    write_sysreg(hcr_el2, v->hcr);
    write_sysreg(vttbr_el2, v->vttbr);
    vgic_vcpu_switch(out, v);
    /* FP/SIMD is switched lazily: the registers stay the last user's until
     * another vCPU touches them (trap_fp). */
    write_sysreg(cptr_el2, c->fp_owner == v ? CPTR_FP_ON : CPTR_FP_TRAP);
    /* No ISB: the ERET into v synchronises all of the above. Keel itself
     * relies on none of it before then, except a refill, which reads the
     * virtual interface back and synchronises first (vgic_vcpu_fill_lrs). */
    c->loaded = v;
}

static void arm_timer(struct cpu *c, struct vcpu *chosen, uint64_t now)
{
    uint64_t next = sched_next_event(&c->sched, chosen, now, slice_ticks);

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
        c->handoff = NULL;
        c->preempted = NULL;
        arm_timer(c, v, now);
        if (v != NULL) {
            load(c, v);
            return v;
        }
        /* WFI with interrupts masked still wakes on a pending one; only
         * then are they unmasked, so one that arrived since the pick above
         * cannot be taken before the WFI and leave it asleep. */
        arch_wait_for_interrupt();
        arch_irq_enable();
        arch_irq_disable();
    }
}

struct vcpu *run_take_fp(struct vcpu *v)
{
    struct cpu *c = arch_this_cpu();

    write_sysreg(cptr_el2, CPTR_FP_ON); /* Keel's own saving and loading needs it */
    isb();
    if (c->fp_owner != v) {
        if (c->fp_owner != NULL) {
            vcpu_save_fp(&c->fp_owner->fp);
        }
        vcpu_restore_fp(&v->fp);
        c->fp_owner = v;
    }
    return v; /* the guest retries the instruction */
}

static struct vcpu *enter(struct vcpu *next);

void run_start(void)
{
    vcpu_resume(enter(run_next()));
}

void run_fp_borrow(void)
{
    struct cpu *c = arch_this_cpu();

    write_sysreg(cptr_el2, CPTR_FP_ON);
    isb();
    if (c->fp_owner != NULL) {
        vcpu_save_fp(&c->fp_owner->fp);
        c->fp_owner = NULL;
    }
}

void run_fp_return(void)
{
    write_sysreg(cptr_el2, CPTR_FP_TRAP);
    isb();
}

void run_wait_out_of_guest(const struct vcpu *v)
{
    const struct cpu *c = &cpus[v->cpu];

    while (c->in_guest == v) {
        arch_cpu_relax();
    }
}

KEEL_INLINE void run_offer(struct cpu *c, struct vcpu *w)
{
    const struct vcpu *cur = c->loaded;

    if (cur == w) {
        return;
    }
    if (cur != NULL && cur->state == VCPU_RUNNABLE) {
        if (w->priority < cur->priority) {
            return;
        }
        if (w->priority > cur->priority &&
            (c->handoff == NULL || w->priority > c->handoff->priority)) {
            c->handoff = w;
            return;
        }
    }
    c->need_resched = true;
}

/* The direct switch to c->handoff: no scheduler pass. If a vCPU of the
 * same priority as the handed-off one may want the CPU too, the EL2 timer
 * is made to fire at the end of a slice at the latest, so that it still
 * gets its turn; the deadlines of sleepers that matter are armed already
 * (arm_timer chose for a lower priority). */
static KEEL_INLINE struct vcpu *take_handoff(struct cpu *c)
{
    struct vcpu *w = c->handoff;

    c->handoff = NULL;
    if (w->state != VCPU_RUNNABLE) {
        return run_next();
    }
    if (w->shares_priority) {
        uint64_t end = timer_now() + slice_ticks;
        if (!timer_armed_before(end)) {
            timer_arm_at(end);
        }
    }
    c->preempted = c->loaded;
    c->sched.current = w;
    load(c, w);
    return w;
}

/*
 * v, which a handoff gave the CPU, blocked with nothing else new on this
 * CPU (no reschedule asked for): the vCPU it preempted is what the
 * scheduler chose last and would choose again, so it gets the CPU back
 * without a scheduler pass. The timer still serves what it did for that
 * vCPU (a slice end, a sleeper's deadline: either asks for a reschedule),
 * plus v's own deadline if it has one. NULL if this does not apply.
 */
static KEEL_INLINE struct vcpu *return_from_handoff(struct cpu *c, struct vcpu *v)
{
    struct vcpu *p = c->preempted;

    c->preempted = NULL;
    if (p == NULL || p->state != VCPU_RUNNABLE || v->state != VCPU_BLOCKED || c->need_resched) {
        return NULL;
    }
    if (v->wake_at != 0 && !timer_armed_before(v->wake_at)) {
        timer_arm_at(v->wake_at);
    }
    c->sched.current = p;
    load(c, p);
    return p;
}

/* What every exit from a guest checks before going back. */
static KEEL_INLINE struct vcpu *continue_or_switch(struct vcpu *v)
{
    struct cpu *c = arch_this_cpu();

    if (v->reset_pending) {
        apply_reset(c, v);
        load(c, v);
    }
    if (v->state != VCPU_RUNNABLE || c->need_resched) {
        struct vcpu *p = c->handoff == NULL ? return_from_handoff(c, v) : NULL;
        c->handoff = NULL;
        return p != NULL ? p : run_next();
    }
    if (c->handoff != NULL) {
        return take_handoff(c);
    }
    return v;
}

/* Every handler: the vGIC's list registers are synced after the exit and
 * refilled for whichever vCPU is entered next. */
static struct vcpu *enter(struct vcpu *next)
{
    vgic_vcpu_enter(next);
    arch_this_cpu()->in_guest = next;
    return next;
}

struct vcpu *vcpu_handle_sync(struct vcpu *v)
{
    arch_this_cpu()->in_guest = NULL;
    vgic_vcpu_exit(v);
    struct vcpu *next = trap_sync(v);
    return enter(next != v ? next : continue_or_switch(v));
}

/* WFI, the usual way a vCPU gives up its CPU: the vector (see
 * microvisor/arch/aarch64/vectors.S) recognises its syndrome, and
 * vcpu/wfi_block.S comes here, without the general decode, for every case
 * but its own (a handed-to vCPU blocking, back to the one it preempted). */
struct vcpu *vcpu_handle_wfi(struct vcpu *v)
{
    arch_this_cpu()->in_guest = NULL;
    vgic_vcpu_exit(v);
    v->regs.pc += 4;
    trap_wfi(v);
    return enter(continue_or_switch(v));
}

/* The WFI fast path (vcpu/wfi_block.S) blocked v, which a hand-off had
 * given the CPU, with nothing else due here: the CPU goes back to the vCPU
 * the hand-off preempted, as return_from_handoff does (v has no deadline). */
struct vcpu *vcpu_wfi_blocked(struct vcpu *v)
{
    struct cpu *c = arch_this_cpu();
    struct vcpu *p = c->preempted;

    (void)v;
    c->preempted = NULL;
    c->sched.current = p;
    load(c, p);
    return enter(p);
}

/* A send handed the CPU to c->handoff, with nothing else to do for v: what
 * vcpu_hvc_slow would do then, without its tests. */
static KEEL_INLINE struct vcpu *hvc_handoff(struct cpu *c, struct vcpu *v)
{
    c->in_guest = NULL;
    vgic_vcpu_exit(v);
    return enter(take_handoff(c));
}

/* Any fast call but the null one: n = the function ID - KEEL_HC_BASE. Out
 * of line, so that the null call needs no stack frame. */
static KEEL_NOINLINE struct hvc_outcome hvc_fast_call(uint32_t n, struct vcpu *v)
{
    uint32_t call = n - (KEEL_HC_CHAN_SEND - KEEL_HC_BASE);
    if (call > KEEL_HC_CHAN_INFO - KEEL_HC_CHAN_SEND) {
        return (struct hvc_outcome){hypercall_info(v) ? HVC_DONE : HVC_NOT_FAST, v};
    }
    if (!chan_hypercall(v, call)) {
        return (struct hvc_outcome){HVC_DONE, v};
    }
    /* a send may have woken a vCPU that takes this CPU, or v itself */
    struct cpu *c = arch_this_cpu();
    if (c->handoff != NULL && !c->need_resched && v->state == VCPU_RUNNABLE && !v->reset_pending) {
        return (struct hvc_outcome){(uintptr_t)hvc_handoff(c, v), v};
    }
    bool more = c->need_resched | (c->handoff != NULL) | v->vgic_dirty;
    return (struct hvc_outcome){more ? HVC_DONE_SWITCH : HVC_DONE, v};
}

/*
 * The HVC fast path (vcpu/entry.S): only the caller-saved registers x0..x18
 * and x30 are in v->regs; the guest's x19..x29 are still live, preserved by
 * C, and its ELR/SPSR are still in the hardware. A fast hypercall that
 * leaves v running with nothing new to look at returns at once; anything
 * else completes the save and goes the whole way (vcpu_hvc_slow). None of
 * these calls stops, restarts or blocks v itself; whoever does that from
 * another CPU kicks v's CPU, and the kick's exit takes the whole way.
 */
struct hvc_outcome vcpu_hvc_fast(uint32_t fn, struct vcpu *v)
{
    /* one constant for all the tests (GCC would compare fn with three) */
    uint32_t n = fn - KEEL_HC_BASE;
    KEEL_OPAQUE(n);
    if (n == KEEL_HC_VERSION - KEEL_HC_BASE) { /* the null call: the least it can cost */
        v->regs.x[0] = KEEL_ABI_VERSION;
        return (struct hvc_outcome){HVC_DONE, v};
    }
    return hvc_fast_call(n, v);
}

/* The send fast path (vcpu/chan_send.S) woke c->handoff, which outranks v,
 * and saved all of v: what vcpu_hvc_fast does after such a send. The fast
 * path found no reschedule asked for and v runnable; only a restart asked
 * for from another CPU since then takes the whole way. */
struct vcpu *vcpu_hvc_sent(struct vcpu *v)
{
    if (v->reset_pending) {
        return vcpu_hvc_slow(v, HVC_DONE_SWITCH);
    }
    return hvc_handoff(arch_this_cpu(), v);
}

struct vcpu *vcpu_hvc_slow(struct vcpu *v, unsigned outcome)
{
    if (outcome == HVC_NOT_FAST) {
        return vcpu_handle_sync(v);
    }
    arch_this_cpu()->in_guest = NULL;
    vgic_vcpu_exit(v);
    return enter(continue_or_switch(v));
}

struct vcpu *vcpu_handle_irq(struct vcpu *v)
{
    arch_this_cpu()->in_guest = NULL;
    vgic_vcpu_exit(v);
    irq_handle();
    return enter(continue_or_switch(v));
}

struct vcpu *vcpu_handle_serror(struct vcpu *v)
{
    arch_this_cpu()->in_guest = NULL;
    vgic_vcpu_exit(v);
    return enter(partition_fault(v, "SError (asynchronous abort)"));
}
