/* Partition creation, and what happens when one cannot go on. */
#include "partition.h"

#include "../vcpu/vgic_vcpu.h"
#include "chan.h"
#include "cpu.h"
#include "irq.h"
#include "linux_boot.h"
#include "log.h"
#include "run.h"
#include <keel/arch.h>
#include <keel/format.h>
#include <stdarg.h>
#include <string.h>

#define S2_POOL_PAGES       128
#define PARTITION_MEM_ALIGN (2ull << 20)
#define FAULT_LOG_LIMIT     16

/* HCR_EL2 for a native partition: stage 2 on, IRQ/FIQ/SError to EL2, EL1
 * stage 1 off treated as cacheable (DC), WFI/WFE and SMC trapped, and the
 * implementation-defined, auxiliary and set/way registers trapped. */
#define HCR_NATIVE                                                                                 \
    ((1ull << 0) | (1ull << 1) | (1ull << 3) | (1ull << 4) | (1ull << 5) | (1ull << 12) |          \
     (1ull << 13) | (1ull << 14) | (1ull << 19) | (1ull << 20) | (1ull << 21) | (1ull << 22) |     \
     (1ull << 31))

/* A Linux partition: the same, but its EL1 stage 1 is its own business (no
 * DC: it starts with caches off and turns them on, as on hardware). */
#define HCR_DC    (1ull << 12)
#define HCR_LINUX (HCR_NATIVE & ~HCR_DC)

struct partition partitions[CONFIG_MAX_PARTITIONS];
const struct config *partitions_config;
static uint8_t s2_pool_pages[S2_POOL_PAGES][PAGE_SIZE] KEEL_SECTION(".pgtables") KEEL_ALIGNED(4096);
static struct page_pool s2_pool = {(uint8_t *)s2_pool_pages, S2_POOL_PAGES, 0};

void partition_log(struct partition *p, const char *fmt, ...)
{
    char msg[160];
    va_list ap;

    if (p->faults_logged++ >= FAULT_LOG_LIMIT) {
        return;
    }
    va_start(ap, fmt);
    fmt_vformat(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    log_warn("partition %s: %s%s", p->cfg->name, msg,
             p->faults_logged == FAULT_LOG_LIMIT ? " (further messages suppressed)" : "");
}

static void load_memory(struct partition *p)
{
    uint8_t *mem = (uint8_t *)(uintptr_t)pa_addr(p->mem);

    memcpy(mem, p->image, p->image_size);
    memset(mem + p->image_size, 0, p->cfg->mem_size - p->image_size);
    arch_dcache_clean_range(mem, p->cfg->mem_size);
    arch_icache_invalidate_all();
}

static int map_partition(struct partition *p, const struct stage2_params *s2)
{
    const struct config_partition *c = p->cfg;

    if (vspace_init(&p->vspace, &s2_pool, s2->start_level, (uint16_t)(p->index + 1)) != 0 ||
        vspace_map(&p->vspace, c->mem_ipa, p->mem, c->mem_size, VSPACE_MEMORY) != 0) {
        return -1;
    }
    for (unsigned i = 0; i < c->nr_devices; i++) {
        const struct config_device *d = &c->devices[i];
        if (vspace_map(&p->vspace, pa_addr(d->regs.base), d->regs.base,
                       ALIGN_UP(d->regs.size, PAGE_SIZE), VSPACE_DEVICE) != 0) {
            return -1;
        }
    }
    /* GICv2: the guest's GICC is the hardware's GICV frame */
    if (vgic_layout.version == 2 && vspace_map(&p->vspace, vgic_layout.gicc, vgic_layout.gicv,
                                               VGIC_GICC_SIZE, VSPACE_DEVICE) != 0) {
        return -1;
    }
    return 0;
}

/* Where vCPU v starts. A native's vCPUs all start at its entry with x0 =
 * their index; a Linux partition's vCPU 0 starts at the kernel with x0 =
 * its device tree, the others wait, off, for PSCI CPU_ON. */
static bool vcpu_start_point(const struct vcpu *v, uint64_t *pc, uint64_t *x0)
{
    const struct partition *p = v->part;

    if (p->cfg->kind == PARTITION_LINUX) {
        *pc = p->layout.kernel;
        *x0 = p->layout.dtb;
        return v->index == 0;
    }
    *pc = p->cfg->entry;
    *x0 = v->index;
    return true;
}

static void setup_vcpus(struct partition *p)
{
    for (unsigned i = 0; i < p->cfg->nr_vcpus; i++) {
        struct vcpu *v = &p->vcpus[i];
        uint64_t pc, x0;
        v->part = p;
        v->index = i;
        v->cpu = (unsigned)cpu_from_board_index(p->cfg->vcpu_cpu[i]);
        v->priority = p->cfg->priority;
        v->hcr = p->cfg->kind == PARTITION_LINUX ? HCR_LINUX : HCR_NATIVE;
        v->vttbr = arch_vttbr(&p->vspace);
        bool starts = vcpu_start_point(v, &pc, &x0);
        vcpu_reset(v, pc, x0);
        if (!starts) {
            v->state = VCPU_OFF;
        }
        sched_add(&cpus[v->cpu].sched, v);
    }
}

static const char *claim_memory(struct partition *p, struct physmem *pm)
{
    const struct config_partition *c = p->cfg;

    if (c->mem_phys_fixed) {
        p->mem = pa_init(c->mem_phys);
        return physmem_claim(pm, p->mem, c->mem_size) == 0 ? NULL : "its physical-base is not free";
    }
    if (physmem_alloc(pm, c->mem_size, PARTITION_MEM_ALIGN, &p->mem) == 0 ||
        physmem_alloc(pm, c->mem_size, PAGE_SIZE, &p->mem) == 0) {
        return NULL;
    }
    return "not enough free memory";
}

/* Why the partition cannot be created, or NULL. */
static const char *create_one(struct partition *p, const struct payload *pl, struct physmem *pm,
                              const struct stage2_params *s2)
{
    const struct config_partition *c = p->cfg;

    for (unsigned i = 0; i < c->nr_vcpus; i++) {
        if (cpu_from_board_index(c->vcpu_cpu[i]) < 0) {
            return "a CPU it runs on is not online";
        }
    }
    const char *why = NULL;
    if (c->kind == PARTITION_LINUX) {
        why = linux_boot_prepare(p, pl);
    } else {
        p->image = payload_blob(pl, c->image_index, PAYLOAD_IMAGE, &p->image_size);
        if (p->image == NULL || p->image_size > c->mem_size) {
            why = "its image is missing from the payload or larger than its memory";
        }
    }
    if (why == NULL) {
        why = claim_memory(p, pm);
    }
    if (why != NULL) {
        return why;
    }
    if (map_partition(p, s2) != 0) {
        return "its stage-2 tables cannot be built (table pool exhausted?)";
    }
    if (c->kind == PARTITION_NATIVE) {
        load_memory(p); /* a Linux partition's waits for its channels */
    }
    vgic_partition_reset(p);
    console_port_reset(p);
    setup_vcpus(p);
    return NULL;
}

static void log_partition(const struct partition *p)
{
    char where[3 * CONFIG_MAX_VCPUS + 1];
    size_t n = 0;

    for (unsigned i = 0; i < p->cfg->nr_vcpus; i++) {
        n += fmt_format(where + n, sizeof(where) - n, "%s%u", i ? "," : "", p->vcpus[i].cpu);
    }
    log_info("partition %s: %u vCPU(s) on CPU %s, %llu KiB at 0x%llx (guest 0x%llx), priority "
             "%u, image %llu bytes",
             p->cfg->name, p->cfg->nr_vcpus, where, (unsigned long long)(p->cfg->mem_size >> 10),
             (unsigned long long)pa_addr(p->mem), (unsigned long long)p->cfg->mem_ipa,
             p->cfg->priority, (unsigned long long)p->image_size);
}

static struct partition *passthrough_owner[IRQ_MAX_INTID];

/* A passed-through SPI fired: make it pending in its partition; the guest's
 * EOI deactivates it (irq_forward). */
static void on_passthrough(uint32_t intid)
{
    struct partition *p = passthrough_owner[intid];

    if (p != NULL && !p->stopped) {
        vgic_partition_raise(p, 0, intid);
    }
    /* stopped: it stays active, so it cannot fire again until a restart */
}

static void route_device_irqs(struct partition *p)
{
    for (unsigned d = 0; d < p->cfg->nr_devices; d++) {
        for (unsigned i = 0; i < p->cfg->devices[d].nr_irqs; i++) {
            uint32_t intid = p->cfg->devices[d].irqs[i];
            passthrough_owner[intid] = p;
            irq_forward(intid, on_passthrough);
            irq_enable(intid, p->vcpus[0].cpu);
        }
    }
}

static void clear_device_irqs(const struct partition *p)
{
    for (unsigned d = 0; d < p->cfg->nr_devices; d++) {
        for (unsigned i = 0; i < p->cfg->devices[d].nr_irqs; i++) {
            irq_clear_active(p->cfg->devices[d].irqs[i]);
        }
    }
}

unsigned partitions_create(const struct config *c, const struct payload *pl, struct physmem *pm)
{
    struct stage2_params s2;
    unsigned created = 0;

    partitions_config = c;
    if (arch_stage2_params(&s2) != 0) {
        log_error("partitions: the CPU's physical address range is below 40 bits");
        return 0;
    }
    for (unsigned i = 0; i < c->nr_partitions; i++) {
        struct partition *p = &partitions[i];
        p->cfg = &c->parts[i];
        p->index = i;
        if (!p->cfg->ok) {
            continue; /* the config check said why */
        }
        const char *why = create_one(p, pl, pm, &s2);
        if (why != NULL) {
            log_error("partition %s: not started: %s", p->cfg->name, why);
            continue;
        }
        p->created = true;
        route_device_irqs(p);
        created++;
        log_partition(p);
    }
    return created;
}

/* Every vCPU of p off, and out of the guest, before its memory is reloaded
 * under it: the others are kicked and waited for. */
static void stop_vcpus(struct partition *p)
{
    unsigned self = arch_this_cpu()->index;

    spin_lock(&p->vgic_lock); /* vCPU state changes are under it (vgic_vcpu.c) */
    for (unsigned i = 0; i < p->cfg->nr_vcpus; i++) {
        p->vcpus[i].state = VCPU_OFF;
        p->vcpus[i].reset_pending = false;
    }
    spin_unlock(&p->vgic_lock);
    for (unsigned i = 0; i < p->cfg->nr_vcpus; i++) {
        if (p->vcpus[i].cpu != self) {
            run_kick(p->vcpus[i].cpu);
        }
    }
    for (unsigned i = 0; i < p->cfg->nr_vcpus; i++) {
        if (p->vcpus[i].cpu != self) {
            run_wait_out_of_guest(&p->vcpus[i]);
        }
    }
}

/* Asks for the vCPUs that start at boot to start again; each one's own CPU
 * resets it before it next runs (run.c). */
static void start_vcpus(struct partition *p)
{
    for (unsigned i = 0; i < p->cfg->nr_vcpus; i++) {
        struct vcpu *v = &p->vcpus[i];
        uint64_t pc, x0;
        p->console[i].len = 0;
        if (!vcpu_start_point(v, &pc, &x0)) {
            continue; /* stays off */
        }
        spin_lock(&p->vgic_lock);
        v->boot_pc = pc;
        v->boot_x0 = x0;
        v->reset_pending = true;
        v->state = VCPU_RUNNABLE;
        spin_unlock(&p->vgic_lock);
        if (v->cpu != arch_this_cpu()->index) {
            run_kick(v->cpu);
        }
    }
}

/* Reloads p and starts it again; false if it cannot be reloaded. */
static bool restart(struct partition *p)
{
    p->restarts++;
    p->faults_logged = 0;
    if (p->cfg->kind == PARTITION_LINUX) {
        if (linux_boot_load(p) != 0) {
            return false;
        }
    } else {
        load_memory(p);
    }
    spin_lock(&p->vgic_lock);
    vgic_partition_reset(p);
    spin_unlock(&p->vgic_lock);
    console_port_reset(p);
    clear_device_irqs(p); /* forwarded ones its old run left active */
    chan_partition_restarted(p);
    arch_stage2_flush(&p->vspace);
    start_vcpus(p);
    return true;
}

void partitions_load_linux(void)
{
    for (unsigned i = 0; i < CONFIG_MAX_PARTITIONS; i++) {
        struct partition *p = &partitions[i];
        if (!p->created || p->cfg->kind != PARTITION_LINUX) {
            continue;
        }
        if (linux_boot_load(p) != 0) {
            p->stopped = true;
            for (unsigned v = 0; v < p->cfg->nr_vcpus; v++) {
                p->vcpus[v].state = VCPU_OFF;
            }
            log_error("partition %s: not started: its kernel cannot be loaded", p->cfg->name);
        }
    }
}

struct vcpu *partition_fault(struct vcpu *v, const char *reason)
{
    struct partition *p = v->part;
    const struct config_partition *c = p->cfg;

    spin_lock(&p->lock);
    if (v->state == VCPU_OFF || v->reset_pending) {
        spin_unlock(&p->lock); /* another of its vCPUs already stopped it */
        return run_next();
    }
    stop_vcpus(p);
    const char *why_stopped = "";
    if (c->fault_policy == FAULT_RESTART && p->restarts >= c->restart_limit) {
        why_stopped = " (restart limit reached)";
    } else if (c->fault_policy == FAULT_RESTART && !restart(p)) {
        why_stopped = " (it cannot be reloaded)";
    }
    if (c->fault_policy == FAULT_RESTART && why_stopped[0] == '\0') {
        log_warn("partition %s: %s; restarted (%u of %u)", c->name, reason, p->restarts,
                 c->restart_limit);
    } else {
        p->stopped = true;
        log_warn("partition %s: %s; stopped%s", c->name, reason, why_stopped);
    }
    spin_unlock(&p->lock);
    return run_next();
}
