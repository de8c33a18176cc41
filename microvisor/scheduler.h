/*
 * The per-CPU scheduler: fixed priorities, round robin with a time slice
 * among the runnable vCPUs of the highest priority, tickless (the EL2
 * timer is armed only when a slice must end or a sleeper must wake).
 * vCPUs never migrate: each belongs to the run set of its CPU. Pure logic,
 * no hardware: unit tested on the host.
 */
#ifndef KEEL_SCHED_H
#define KEEL_SCHED_H

#include "../vcpu/vcpu.h"

#define SCHED_MAX_VCPUS 16
#define SCHED_SLICE_US  10000

struct sched {
    struct vcpu *vcpus[SCHED_MAX_VCPUS];
    unsigned nr;
    struct vcpu *current; /* the vCPU last chosen, or NULL (idle) */
};

/* Adds v (its priority set) to the run set; marks the vCPUs that share
 * their priority with another of the set (vcpu.shares_priority: only those
 * ever need a time slice). -1 if the set is full. */
int sched_add(struct sched *s, struct vcpu *v);

/* Wakes blocked vCPUs whose deadline has passed, then chooses the next vCPU:
 * the highest priority runnable one, taking turns with the ones of equal
 * priority after `current`. Returns NULL when nothing is runnable. */
struct vcpu *sched_pick(struct sched *s, uint64_t now);

/* When the timer must next fire for this choice: the end of chosen's slice
 * if another vCPU of its priority is runnable, or the earliest wake-up of
 * a blocked vCPU, whichever comes first; 0 if neither (tickless). */
uint64_t sched_next_event(const struct sched *s, const struct vcpu *chosen, uint64_t now,
                          uint64_t slice);

#endif
