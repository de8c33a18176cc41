/* Per-CPU data and stacks. */
#include "cpu.h"

#include <keel/compiler.h>

struct cpu cpus[KEEL_MAX_CPUS];
struct cpu_stack cpu_stacks[KEEL_MAX_CPUS] KEEL_SECTION(".stacks") KEEL_ALIGNED(4096);
static uint8_t cpu_fatal_stacks[KEEL_MAX_CPUS][CPU_FATAL_STACK_SIZE] KEEL_ALIGNED(16);

void cpu_prepare(unsigned index, uint64_t mpidr, unsigned board_index)
{
    struct cpu *c = &cpus[index];

    c->board_index = board_index;
    c->index = index;
    c->mpidr = mpidr;
    c->stack_top = (uint64_t)(uintptr_t)(cpu_stacks[index].stack + CPU_STACK_SIZE);
    c->fatal_stack_top = (uint64_t)(uintptr_t)(cpu_fatal_stacks[index] + CPU_FATAL_STACK_SIZE);
}

int cpu_from_board_index(unsigned board_index)
{
    for (unsigned i = 0; i < KEEL_MAX_CPUS; i++) {
        if (cpus[i].online && cpus[i].board_index == board_index) {
            return (int)i;
        }
    }
    return -1;
}
