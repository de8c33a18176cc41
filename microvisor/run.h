/* Running vCPUs on a physical CPU: the scheduling loop and the entry
 * points the vectors call (through vcpu/entry.S). Every handler returns
 * the vCPU to enter next. */
#ifndef KEEL_RUN_H
#define KEEL_RUN_H

#include "../vcpu/vcpu.h"

/* Chooses the next vCPU for this CPU, idling in WFI until there is one,
 * and loads its state. Never returns NULL. */
struct vcpu *run_next(void);

/* Enters the scheduler for good (after boot). */
KEEL_NORETURN void run_start(void);

struct cpu;
/* w, of this CPU c, was just woken or given an interrupt: if it outranks
 * what runs, it is handed the CPU directly on the way out (no scheduler
 * pass); if it ties, or nothing runnable runs, the way out asks for a full
 * reschedule; if it ranks lower, or runs already, nothing changes. */
void run_offer(struct cpu *c, struct vcpu *w);

/* Makes another CPU reschedule soon (a physical SGI). */
void run_kick(unsigned cpu);

/* A vCPU used FP/SIMD while another vCPU's state was in the registers:
 * switches them over. */
struct vcpu *run_take_fp(struct vcpu *v);

/* Installs the scheduler's timer and kick handlers on this CPU. */
void run_init_cpu(void);

/* Lets Keel itself use FP/SIMD (libfdt may) on this CPU: the owner's
 * registers are saved first. run_fp_return traps FP/SIMD again, so the
 * next vCPU to use it reloads its own. */
void run_fp_borrow(void);
void run_fp_return(void);

/* Waits until vCPU v (made VCPU_OFF and kicked) has left the guest. */
void run_wait_out_of_guest(const struct vcpu *v);

struct vcpu *vcpu_handle_sync(struct vcpu *v);
struct vcpu *vcpu_handle_wfi(struct vcpu *v);
/* After vcpu/wfi_block.S blocked v, with c->preempted to go back to. */
struct vcpu *vcpu_wfi_blocked(struct vcpu *v);

/* HVC #0 (see vcpu/entry.S): vcpu_hvc_fast, given the function ID, runs
 * with only x0..x18 and x30 saved and tells what is left to do (in x0) and
 * for which vCPU (in x1: the entry code needs it back and has nowhere else
 * to keep it); vcpu_hvc_slow, with every register saved, does it. */
#define HVC_DONE        0 /* performed: resume v at once */
#define HVC_DONE_SWITCH 1 /* performed: v may not simply continue */
#define HVC_NOT_FAST    2 /* not performed: a hypercall of the full path */
#define HVC_OUTCOMES    3 /* any other value: the vCPU to enter, loaded */
struct hvc_outcome {
    uintptr_t outcome;
    struct vcpu *v;
};
struct hvc_outcome vcpu_hvc_fast(uint32_t fn, struct vcpu *v);
struct vcpu *vcpu_hvc_slow(struct vcpu *v, unsigned outcome);
/* After a send that vcpu/chan_send.S performed and that handed the CPU to
 * c->handoff, with v saved whole: the switch. */
struct vcpu *vcpu_hvc_sent(struct vcpu *v);
struct vcpu *vcpu_handle_irq(struct vcpu *v);
struct vcpu *vcpu_handle_serror(struct vcpu *v);

#endif
