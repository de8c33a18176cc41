/*
 * A vCPU: the only schedulable thing. Its general registers are saved by
 * the exception vectors straight into `regs` (which must stay first: see
 * vcpu/entry.S), its EL1 system registers by vcpu_save/vcpu_restore when
 * the physical CPU switches to another vCPU.
 */
#ifndef KEEL_VCPU_H
#define KEEL_VCPU_H

#include "vgic_hw.h"
#include <keel/compiler.h>
#include <keel/types.h>

struct partition;

struct vcpu_regs {
    uint64_t x[31];
    uint64_t pc;     /* ELR_EL2 */
    uint64_t pstate; /* SPSR_EL2 */
    uint64_t pad;
};

/* The EL1 state a guest owns. The first seven are its translation
 * registers, which vm_shared (struct vcpu) lets a switch leave alone. */
struct vcpu_sysregs {
    uint64_t sctlr, ttbr0, ttbr1, tcr, mair, amair, contextidr;
    uint64_t vbar;
    uint64_t tpidr_el0, tpidrro_el0, tpidr_el1, sp_el0, sp_el1, elr_el1, spsr_el1;
    uint64_t esr, far, afsr0, afsr1, par, cpacr, cntkctl, csselr;
    uint64_t cntv_ctl, cntv_cval, vmpidr;
};

/* FP/SIMD state: v0..v31, FPSR, FPCR (layout used by vcpu/fp.S). */
struct vcpu_fp {
    uint64_t q[64];
    uint64_t fpsr;
    uint64_t fpcr;
};

enum vcpu_state {
    VCPU_OFF,      /* not started, or its partition stopped */
    VCPU_RUNNABLE, /* wants a CPU */
    VCPU_BLOCKED,  /* waits in WFI, until wake_at (0: no deadline) */
};

struct vcpu {
    struct vcpu_regs regs; /* first: the vectors save into it */
    struct vcpu_sysregs sys;
    struct vcpu_fp fp;
    struct partition *part;
    unsigned index;       /* within its partition */
    unsigned cpu;         /* Keel CPU index it runs on */
    unsigned sched_slot;  /* its place in that CPU's run set (scheduler.h) */
    bool shares_priority; /* another vCPU of that set has its priority */
    unsigned priority;    /* 0 (lowest) .. 255 */
    enum vcpu_state state;
    uint64_t wake_at;               /* counter value at which a blocked vCPU becomes runnable */
    uint64_t hcr;                   /* HCR_EL2 while it runs */
    uint64_t vttbr;                 /* its vspace */
    keel_flag reset_pending;        /* to restart at boot_pc/boot_x0 before it next runs */
    uint64_t boot_pc, boot_x0;      /* where (and with which x0) it (re)starts */
    struct vgic_cpu_regs vgic_regs; /* its virtual CPU interface, when not loaded */
    struct vgic_lrs lrs;            /* which list registers it holds */
    keel_flag vgic_dirty;           /* its vGIC has news: refill the LRs on entry */
    uint64_t mdscr;                 /* MDSCR_EL1 as the guest sees it (sysreg_debug.c) */
    /* Its translation registers (the first seven of sys) still hold their
     * reset values, as those of every such vCPU do: HCR_EL2.TVM traps its
     * first write to one (sysreg_vm.c), after which they are its own. A
     * switch between two such vCPUs moves none of them. */
    bool vm_shared;
};

/* Puts the vCPU in its reset state: pc = entry, x0 as given, EL1h with
 * interrupts masked, EL1 system registers at their reset values (MMU and
 * caches off), runnable. */
void vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t x0);

/* A switch of the EL1 system registers (vcpu/sysregs.S): saves them into
 * `out` (NULL: nothing to keep), its translation registers only unless
 * `out_shared` (they hold the shared reset values), and stops the virtual
 * timer; then loads `in`, its translation registers only unless
 * `in_shared` (the hardware has those values already), and VMPIDR_EL2. */
void vcpu_switch_sysregs(struct vcpu_sysregs *out, bool out_shared, const struct vcpu_sysregs *in,
                         bool in_shared);

/* Saves / restores FP/SIMD registers (vcpu/fp.S). Keel itself never uses
 * them after boot, so they belong to the loaded vCPU. */
void vcpu_save_fp(struct vcpu_fp *fp);
void vcpu_restore_fp(const struct vcpu_fp *fp);

/* Enters the guest: restores v's general registers and ERETs. */
KEEL_NORETURN void vcpu_resume(struct vcpu *v);

#endif
