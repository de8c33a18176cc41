/*
 * PSCI for guests (Arm DEN0022, version 1.0), by HVC or SMC: a partition's
 * vCPUs are its CPUs. A Linux partition starts with vCPU 0 only and brings
 * the others up with CPU_ON; SYSTEM_OFF and SYSTEM_RESET apply the
 * partition's fault policy, never to the machine. Every argument is
 * checked: a bad one gets PSCI's error code, nothing else happens.
 */
#include "cpu.h"
#include "partition.h"
#include "run.h"
#include "trap.h"
#include <keel/arch.h>
#include <keel/psci.h>

#define PSCI_1_0     0x10000u
#define SMC32_FN(fn) (((fn)&0x40000000u) == 0)

#define RET(v, e) ((v)->regs.x[0] = (uint64_t)(int64_t)(e))

/* The vCPU of p that MPIDR value `mpidr` names (Aff0 = its index), or NULL. */
static struct vcpu *vcpu_by_mpidr(struct partition *p, uint64_t mpidr)
{
    if (mpidr >= p->cfg->nr_vcpus) { /* so Aff3..Aff1 are 0 */
        return NULL;
    }
    return &p->vcpus[mpidr];
}

static void cpu_on(struct vcpu *v, bool smc32)
{
    struct partition *p = v->part;
    uint64_t mask = smc32 ? 0xffffffffull : ~0ull;
    uint64_t entry = v->regs.x[2] & mask, context = v->regs.x[3] & mask;
    struct vcpu *t = vcpu_by_mpidr(p, v->regs.x[1] & mask);

    if (t == NULL) {
        RET(v, PSCI_INVALID_PARAMS);
        return;
    }
    if ((entry & 3) != 0 || entry < p->cfg->mem_ipa ||
        entry - p->cfg->mem_ipa >= p->cfg->mem_size) {
        RET(v, PSCI_INVALID_ADDR);
        return;
    }
    spin_lock(&p->vgic_lock); /* vCPU state changes are under it (vgic_vcpu.c) */
    if (t->reset_pending) {
        RET(v, PSCI_ON_PENDING);
    } else if (t->state != VCPU_OFF) {
        RET(v, PSCI_ALREADY_ON);
    } else {
        t->boot_pc = entry;
        t->boot_x0 = context;
        t->reset_pending = true;
        t->state = VCPU_RUNNABLE;
        RET(v, PSCI_SUCCESS);
    }
    spin_unlock(&p->vgic_lock);
    if (v->regs.x[0] == PSCI_SUCCESS) {
        if (t->cpu != arch_this_cpu()->index) {
            run_kick(t->cpu);
        } else {
            arch_this_cpu()->need_resched = true;
        }
    }
}

static void affinity_info(struct vcpu *v, bool smc32)
{
    uint64_t mask = smc32 ? 0xffffffffull : ~0ull;
    struct vcpu *t = vcpu_by_mpidr(v->part, v->regs.x[1] & mask);

    if (t == NULL || (v->regs.x[2] & mask) != 0) { /* only level 0 is asked about */
        RET(v, PSCI_INVALID_PARAMS);
    } else if (t->reset_pending) {
        RET(v, PSCI_AFFINITY_ON_PENDING);
    } else {
        RET(v, t->state == VCPU_OFF ? PSCI_AFFINITY_OFF : PSCI_AFFINITY_ON);
    }
}

static struct vcpu *cpu_off(struct vcpu *v)
{
    spin_lock(&v->part->vgic_lock);
    v->state = VCPU_OFF;
    spin_unlock(&v->part->vgic_lock);
    return v; /* the run loop switches away from a vCPU that is not runnable */
}

static bool implemented(uint32_t fn)
{
    switch (fn) {
    case PSCI_VERSION:
    case PSCI_CPU_SUSPEND_32:
    case PSCI_CPU_SUSPEND_64:
    case PSCI_CPU_OFF:
    case PSCI_CPU_ON_32:
    case PSCI_CPU_ON_64:
    case PSCI_AFFINITY_INFO_32:
    case PSCI_AFFINITY_INFO_64:
    case PSCI_MIGRATE_INFO_TYPE:
    case PSCI_SYSTEM_OFF:
    case PSCI_SYSTEM_RESET:
    case PSCI_FEATURES:
        return true;
    default:
        return false;
    }
}

struct vcpu *hypercall_psci(struct vcpu *v)
{
    uint32_t fn = (uint32_t)v->regs.x[0];

    switch (fn) {
    case PSCI_VERSION:
        RET(v, PSCI_1_0);
        break;
    case PSCI_CPU_SUSPEND_32:
    case PSCI_CPU_SUSPEND_64:
        RET(v, PSCI_SUCCESS); /* a standby state, woken at once: allowed */
        break;
    case PSCI_CPU_OFF:
        return cpu_off(v);
    case PSCI_CPU_ON_32:
    case PSCI_CPU_ON_64:
        cpu_on(v, SMC32_FN(fn));
        break;
    case PSCI_AFFINITY_INFO_32:
    case PSCI_AFFINITY_INFO_64:
        affinity_info(v, SMC32_FN(fn));
        break;
    case PSCI_MIGRATE_INFO_TYPE:
        RET(v, PSCI_TOS_NOT_PRESENT);
        break;
    case PSCI_FEATURES:
        RET(v, implemented((uint32_t)v->regs.x[1]) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED);
        break;
    case PSCI_SYSTEM_OFF:
        return partition_fault(v, "asked to power off (PSCI SYSTEM_OFF)");
    case PSCI_SYSTEM_RESET:
        return partition_fault(v, "asked to reset (PSCI SYSTEM_RESET)");
    default:
        RET(v, PSCI_NOT_SUPPORTED);
        break;
    }
    return v;
}
