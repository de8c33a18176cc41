/* Hypercall dispatch: include/keel/hypercall.h is the ABI. Every argument
 * is checked; a bad one returns an error to the caller and nothing else. */
#include "chan.h"
#include "console.h"
#include "cpu.h"
#include "log.h"
#include "partition.h"
#include "trap.h"
#include <keel/format.h>
#include <keel/hypercall.h>
#include <string.h>

#define ERR(e) ((uint64_t)(int64_t)(e))

static void hc_console_write(struct vcpu *v)
{
    uint64_t *x = v->regs.x;
    uint64_t n = x[1];

    if (n > KEEL_CONSOLE_WRITE_MAX) {
        x[0] = ERR(KEEL_E_INVALID);
        return;
    }
    for (uint64_t i = 0; i < n; i++) {
        console_port_hc_put(v, (char)(x[2 + i / 8] >> (8 * (i % 8))));
    }
    x[0] = n;
}

__attribute__((noinline)) static void hc_self_name(struct vcpu *v)
{
    uint64_t *x = v->regs.x;
    const char *name = v->part->cfg->name;
    size_t len = strlen(name);

    x[1] = x[2] = x[3] = x[4] = 0;
    for (size_t i = 0; i < len && i < 32; i++) {
        x[1 + i / 8] |= (uint64_t)(uint8_t)name[i] << (8 * (i % 8));
    }
    x[0] = len;
}

__attribute__((noinline)) static struct vcpu *hc_exit(struct vcpu *v)
{
    uint64_t *x = v->regs.x;
    char reason[128];

    if (x[1] == KEEL_EXIT_FAULT) {
        fmt_format(reason, sizeof(reason),
                   "vcpu %u reported a fault (ESR 0x%llx, FAR 0x%llx, ELR 0x%llx)", v->index,
                   (unsigned long long)x[2], (unsigned long long)x[3], (unsigned long long)x[4]);
    } else {
        fmt_format(reason, sizeof(reason), "vcpu %u exited with code %llu", v->index,
                   (unsigned long long)x[1]);
    }
    return partition_fault(v, reason);
}

bool hypercall_info(struct vcpu *v)
{
    uint64_t *x = v->regs.x;

    switch ((uint32_t)x[0]) {
    case KEEL_HC_SELF:
        x[0] = v->part->index;
        x[1] = v->index;
        x[2] = v->part->cfg->nr_vcpus;
        x[3] = v->part->restarts;
        return true;
    case KEEL_HC_GIC_INFO:
        x[0] = vgic_layout.version;
        x[1] = vgic_layout.gicd;
        x[2] = vgic_layout.version == 2 ? vgic_layout.gicc : vgic_layout.gicr;
        return true;
    default:
        return false;
    }
}

struct vcpu *hypercall(struct vcpu *v)
{
    uint64_t *x = v->regs.x;

    /* the information and channel calls never come here: every HVC #0
     * takes vcpu_hvc_fast first, which performs them */
    switch ((uint32_t)x[0]) {
    case KEEL_HC_CONSOLE_WRITE:
        hc_console_write(v);
        break;
    case KEEL_HC_YIELD:
        arch_this_cpu()->need_resched = true;
        x[0] = 0;
        break;
    case KEEL_HC_SELF_NAME:
        hc_self_name(v);
        break;
    case KEEL_HC_EXIT:
        return hc_exit(v);
    default:
        return hypercall_psci(v);
    }
    return v;
}
