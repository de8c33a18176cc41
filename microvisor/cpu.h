/* Per-physical-CPU state. TPIDR_EL2 points at the running CPU's entry. */
#ifndef KEEL_CPU_H
#define KEEL_CPU_H

#include "scheduler.h"
#include <keel/board.h>
#include <keel/types.h>

#define KEEL_MAX_CPUS        BOARD_MAX_CPUS
#define CPU_STACK_SIZE       16384
#define CPU_GUARD_SIZE       4096
#define CPU_FATAL_STACK_SIZE 4096

struct cpu {
    uint64_t stack_top;       /* used by assembly: see offsets.c */
    uint64_t fatal_stack_top; /* used by assembly */
    unsigned index;           /* 0 is the boot CPU */
    uint64_t mpidr;
    volatile bool online;
    volatile bool in_fatal;
    volatile uint32_t timer_irqs;
    unsigned board_index;  /* position in the platform DTB's /cpus */
    struct sched sched;    /* the vCPUs that run here */
    struct vcpu *loaded;   /* whose EL1 registers are in the hardware */
    struct vcpu *fp_owner; /* whose FP/SIMD registers are in the hardware */
    bool vm_shared_loaded; /* the hardware's EL1 translation registers hold
                              the shared reset values (struct vcpu) */
    keel_flag need_resched;
    struct vcpu *handoff;           /* woke on this CPU and outranks the running vCPU */
    struct vcpu *preempted;         /* what the last handoff took the CPU from */
    struct vcpu *volatile in_guest; /* the vCPU executing at EL1 now (NULL: Keel runs) */
};

/* Each CPU's stack sits above an unmapped guard page. */
struct cpu_stack {
    uint8_t guard[CPU_GUARD_SIZE];
    uint8_t stack[CPU_STACK_SIZE];
};

extern struct cpu cpus[KEEL_MAX_CPUS];
extern struct cpu_stack cpu_stacks[KEEL_MAX_CPUS];

/* Fills in cpus[i] for a CPU with this MPIDR (stacks included). */
void cpu_prepare(unsigned index, uint64_t mpidr, unsigned board_index);

/* The Keel index of the online CPU at this board index, or -1. */
int cpu_from_board_index(unsigned board_index);

#endif
