/* Exceptions injected into a guest at EL1. The vCPU is loaded: its EL1
 * registers are the hardware's. */
#include "../microvisor/trap.h"

#include <keel/aarch64/sysreg.h>

#define PSTATE_MODE_MASK   0xfull
#define PSTATE_EL1T        0x4ull
#define PSTATE_EL1H        0x5ull
#define PSTATE_EL1H_MASKED 0x3c5ull

/* Offset of the vector entry for a synchronous exception taken from the
 * mode the guest was in. */
static uint64_t sync_vector_offset(uint64_t pstate)
{
    switch (pstate & PSTATE_MODE_MASK) {
    case PSTATE_EL1T:
        return 0x000;
    case PSTATE_EL1H:
        return 0x200;
    default:
        return 0x400; /* from EL0 (AArch64) */
    }
}

void vcpu_inject_sync(struct vcpu *v, uint64_t esr, uint64_t far)
{
    uint64_t vbar = read_sysreg(vbar_el1);

    write_sysreg(elr_el1, v->regs.pc);
    write_sysreg(spsr_el1, v->regs.pstate);
    write_sysreg(esr_el1, esr);
    write_sysreg(far_el1, far);
    v->regs.pc = vbar + sync_vector_offset(v->regs.pstate);
    v->regs.pstate = PSTATE_EL1H_MASKED;
}

bool vcpu_in_own_vectors(const struct vcpu *v)
{
    uint64_t vbar = read_sysreg(vbar_el1);
    return v->regs.pc >= vbar && v->regs.pc < vbar + 0x800;
}
