/*
 * The translation registers a vCPU shares until it writes one (struct
 * vcpu, vm_shared). HCR_EL2.TVM traps EL1 writes to SCTLR, TTBR0/1, TCR,
 * ESR, FAR, AFSR0/1, MAIR, AMAIR and CONTEXTIDR_EL1; the first one a vCPU
 * makes is performed here and turns TVM off for it: from then on its
 * translation registers are its own and a switch moves them. A native
 * component that never writes one (its MMU stays off) never traps, and a
 * switch between two such components moves none of them. A Linux guest
 * traps once, early in its boot.
 */
#include "../microvisor/cpu.h"
#include "../microvisor/trap.h"
#include <keel/aarch64/sysreg.h>
#include <keel/arch.h>

#define EL1_REG(crn, crm, op2) SYSREG(3ull, 0ull, crn##ull, crm##ull, op2##ull)

/* Performs a write to one of the registers TVM covers; false if reg is
 * none of them. */
static bool write_tvm_reg(uint64_t reg, uint64_t val)
{
    switch (reg) {
    case EL1_REG(1, 0, 0):
        write_sysreg(sctlr_el1, val);
        break;
    case EL1_REG(2, 0, 0):
        write_sysreg(ttbr0_el1, val);
        break;
    case EL1_REG(2, 0, 1):
        write_sysreg(ttbr1_el1, val);
        break;
    case EL1_REG(2, 0, 2):
        write_sysreg(tcr_el1, val);
        break;
    case EL1_REG(5, 1, 0):
        write_sysreg(afsr0_el1, val);
        break;
    case EL1_REG(5, 1, 1):
        write_sysreg(afsr1_el1, val);
        break;
    case EL1_REG(5, 2, 0):
        write_sysreg(esr_el1, val);
        break;
    case EL1_REG(6, 0, 0):
        write_sysreg(far_el1, val);
        break;
    case EL1_REG(10, 2, 0):
        write_sysreg(mair_el1, val);
        break;
    case EL1_REG(10, 3, 0):
        write_sysreg(amair_el1, val);
        break;
    case EL1_REG(13, 0, 1):
        write_sysreg(contextidr_el1, val);
        break;
    default:
        return false;
    }
    return true;
}

bool vcpu_sysreg_vm(struct vcpu *v, uint64_t esr)
{
    unsigned rt = (unsigned)(esr >> 5) & 31;

    if ((esr & ESR_SYSREG_READ) != 0 ||
        !write_tvm_reg(esr & SYSREG_MASK, rt == 31 ? 0 : v->regs.x[rt])) {
        return false;
    }
    if (v->vm_shared) {
        v->vm_shared = false; /* the hardware holds its own values now */
        arch_this_cpu()->vm_shared_loaded = false;
    }
    v->hcr &= ~HCR_TVM;
    write_sysreg(hcr_el2, v->hcr);
    return true;
}
