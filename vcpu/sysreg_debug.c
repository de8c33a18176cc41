/*
 * The debug system registers (op0 = 2: MDSCR_EL1, the OS lock, the
 * breakpoint and watchpoint registers, the debug comms channel), all
 * trapped by MDCR_EL2.TDA/TDOSA/TDRA so that no guest can arm a breakpoint
 * or watchpoint that would fire in Keel or another partition. A guest sees
 * a debug unit that is present and never fires: MDSCR_EL1 reads back what
 * it wrote, OSLSR_EL1 says the OS lock is implemented and unlocked, every
 * other register reads as zero and ignores writes.
 */
#include "../microvisor/trap.h"

#define SYSREG_MDSCR_EL1 SYSREG(2ull, 0ull, 0ull, 2ull, 2ull)
#define SYSREG_OSLSR_EL1 SYSREG(2ull, 0ull, 1ull, 1ull, 4ull)
#define OSLSR_OSLM_IMPL  (1ull << 3) /* OSLM = 0b10: the OS lock is implemented */

bool vcpu_sysreg_debug(struct vcpu *v, uint64_t esr)
{
    uint64_t reg = esr & SYSREG_MASK;
    unsigned rt = (unsigned)(esr >> 5) & 31;
    bool read = (esr & ESR_SYSREG_READ) != 0;
    uint64_t val = 0;

    if (((esr >> 20) & 3) != 2) {
        return false;
    }
    if (!read) {
        if (reg == SYSREG_MDSCR_EL1 && rt != 31) {
            v->mdscr = v->regs.x[rt];
        } else if (reg == SYSREG_MDSCR_EL1) {
            v->mdscr = 0;
        }
        return true;
    }
    if (reg == SYSREG_MDSCR_EL1) {
        val = v->mdscr;
    } else if (reg == SYSREG_OSLSR_EL1) {
        val = OSLSR_OSLM_IMPL;
    }
    if (rt != 31) {
        v->regs.x[rt] = val;
    }
    return true;
}
