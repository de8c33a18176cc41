/*
 * Structure offsets and sizes that assembly uses, generated from C so that
 * they cannot drift: the build compiles this file to assembly and turns each
 * OFFSET line into a #define in offsets.h.
 */
#include "../vcpu/vcpu.h"
#include "chan.h"
#include "cpu.h"
#include "exception.h"
#include "partition.h"
#include "run.h"
#include <keel/hypercall.h>

#include <stddef.h>

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %0\"" : : "i"(val))

void offsets(void);
void offsets(void)
{
    DEFINE(CPU_STACK_TOP, offsetof(struct cpu, stack_top));
    DEFINE(CPU_FATAL_STACK_TOP, offsetof(struct cpu, fatal_stack_top));
    DEFINE(CPU_SIZE, sizeof(struct cpu));
    DEFINE(CPU_STACK_SLOT, sizeof(struct cpu_stack));
    DEFINE(FRAME_SIZE, sizeof(struct exc_frame));
    DEFINE(FRAME_SP, offsetof(struct exc_frame, sp));
    DEFINE(FRAME_ELR, offsetof(struct exc_frame, elr));
    DEFINE(FRAME_SPSR, offsetof(struct exc_frame, spsr));
    DEFINE(FRAME_ESR, offsetof(struct exc_frame, esr));
    DEFINE(FRAME_FAR, offsetof(struct exc_frame, far));
    DEFINE(FRAME_KIND, offsetof(struct exc_frame, kind));
    DEFINE(VCPU_REGS_SIZE, sizeof(struct vcpu_regs));
    DEFINE(VCPU_PC, offsetof(struct vcpu, regs.pc));
    DEFINE(VCPU_PSTATE, offsetof(struct vcpu, regs.pstate));
    DEFINE(VCPU_PART, offsetof(struct vcpu, part));
    DEFINE(PARTITION_ENDPOINTS, offsetof(struct partition, endpoints));
    DEFINE(PARTITION_MAX_ENDPOINTS, CONFIG_MAX_ENDPOINTS);
    DEFINE(ENDPOINT_PENDING, offsetof(struct chan_endpoint, st.pending));
    DEFINE(ENDPOINT_MERGED, offsetof(struct chan_endpoint, st.merged));
    DEFINE(HC_CHAN_RECEIVE, KEEL_HC_CHAN_RECEIVE);
    DEFINE(HVC_OUTCOMES, HVC_OUTCOMES);
}
