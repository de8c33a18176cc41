/* vCPU reset state. */
#include "vcpu.h"

#include <keel/aarch64/sysreg.h>
#include <stddef.h>
#include <string.h>

/* vcpu/sysregs.S moves them in this order, two at a time. */
#define SYSREG_AT(field, n)                                                                        \
    _Static_assert(offsetof(struct vcpu_sysregs, field) == sizeof(uint64_t) * (n), #field)
SYSREG_AT(sctlr, 0);
SYSREG_AT(contextidr, 6);
SYSREG_AT(vbar, 7);
SYSREG_AT(sp_el0, 11);
SYSREG_AT(esr, 15);
SYSREG_AT(par, 19);
SYSREG_AT(csselr, 22);
SYSREG_AT(cntv_ctl, 23);
SYSREG_AT(cntv_cval, 24);
SYSREG_AT(vmpidr, 25);

#define PSTATE_EL1H_MASKED 0x3c5ull      /* D, A, I, F masked; EL1 using SP_EL1 */
#define SCTLR_EL1_RESET    0x30d00800ull /* RES1 bits; MMU and caches off */

void vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t x0)
{
    memset(&v->regs, 0, sizeof(v->regs));
    memset(&v->sys, 0, sizeof(v->sys));
    memset(&v->fp, 0, sizeof(v->fp));
    v->mdscr = 0;
    v->regs.pc = entry;
    v->regs.pstate = PSTATE_EL1H_MASKED;
    v->regs.x[0] = x0;
    v->sys.sctlr = SCTLR_EL1_RESET;
    v->sys.vmpidr = (1ull << 31) | v->index;
    v->vm_shared = true;
    v->hcr |= HCR_TVM;
    v->wake_at = 0;
    v->state = VCPU_RUNNABLE;
}
