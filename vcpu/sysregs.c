/* Saving and restoring a vCPU's EL1 system registers (aarch64). */
#include "vcpu.h"

#include <keel/aarch64/sysreg.h>

void vcpu_save_sysregs(struct vcpu *v)
{
    struct vcpu_sysregs *s = &v->sys;

    s->sctlr = read_sysreg(sctlr_el1);
    s->ttbr0 = read_sysreg(ttbr0_el1);
    s->ttbr1 = read_sysreg(ttbr1_el1);
    s->tcr = read_sysreg(tcr_el1);
    s->mair = read_sysreg(mair_el1);
    s->amair = read_sysreg(amair_el1);
    s->vbar = read_sysreg(vbar_el1);
    s->contextidr = read_sysreg(contextidr_el1);
    s->tpidr_el0 = read_sysreg(tpidr_el0);
    s->tpidrro_el0 = read_sysreg(tpidrro_el0);
    s->tpidr_el1 = read_sysreg(tpidr_el1);
    s->sp_el0 = read_sysreg(sp_el0);
    s->sp_el1 = read_sysreg(sp_el1);
    s->elr_el1 = read_sysreg(elr_el1);
    s->spsr_el1 = read_sysreg(spsr_el1);
    s->esr = read_sysreg(esr_el1);
    s->far = read_sysreg(far_el1);
    s->afsr0 = read_sysreg(afsr0_el1);
    s->afsr1 = read_sysreg(afsr1_el1);
    s->par = read_sysreg(par_el1);
    s->cpacr = read_sysreg(cpacr_el1);
    s->cntkctl = read_sysreg(cntkctl_el1);
    s->csselr = read_sysreg(csselr_el1);
    s->cntv_ctl = read_sysreg(cntv_ctl_el0);
    s->cntv_cval = read_sysreg(cntv_cval_el0);
    /* a stopped vtimer must not keep its PPI asserted for the next vCPU */
    write_sysreg(cntv_ctl_el0, 0);
}

void vcpu_restore_sysregs(const struct vcpu *v)
{
    const struct vcpu_sysregs *s = &v->sys;

    write_sysreg(sctlr_el1, s->sctlr);
    write_sysreg(ttbr0_el1, s->ttbr0);
    write_sysreg(ttbr1_el1, s->ttbr1);
    write_sysreg(tcr_el1, s->tcr);
    write_sysreg(mair_el1, s->mair);
    write_sysreg(amair_el1, s->amair);
    write_sysreg(vbar_el1, s->vbar);
    write_sysreg(contextidr_el1, s->contextidr);
    write_sysreg(tpidr_el0, s->tpidr_el0);
    write_sysreg(tpidrro_el0, s->tpidrro_el0);
    write_sysreg(tpidr_el1, s->tpidr_el1);
    write_sysreg(sp_el0, s->sp_el0);
    write_sysreg(sp_el1, s->sp_el1);
    write_sysreg(elr_el1, s->elr_el1);
    write_sysreg(spsr_el1, s->spsr_el1);
    write_sysreg(esr_el1, s->esr);
    write_sysreg(far_el1, s->far);
    write_sysreg(afsr0_el1, s->afsr0);
    write_sysreg(afsr1_el1, s->afsr1);
    write_sysreg(par_el1, s->par);
    write_sysreg(cpacr_el1, s->cpacr);
    write_sysreg(cntkctl_el1, s->cntkctl);
    write_sysreg(csselr_el1, s->csselr);
    write_sysreg(cntv_cval_el0, s->cntv_cval);
    write_sysreg(cntv_ctl_el0, s->cntv_ctl);
    write_sysreg(vmpidr_el2, s->vmpidr);
    write_sysreg(hcr_el2, v->hcr);
    write_sysreg(vttbr_el2, v->vttbr);
    isb();
}
