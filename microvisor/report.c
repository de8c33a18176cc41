/* Boot banner and the ready line. */
#include "report.h"

#include "log.h"
#include "mm.h"
#include <keel/driver.h>

static unsigned long long mib(uint64_t bytes)
{
    return (unsigned long long)(bytes >> 20);
}

static void report_memory(const struct board *b)
{
    for (unsigned i = 0; i < b->nr_mem; i++) {
        log_info("  memory   0x%010llx-0x%010llx (%llu MiB)",
                 (unsigned long long)pa_addr(b->mem[i].base),
                 (unsigned long long)pa_range_end(&b->mem[i]) - 1, mib(b->mem[i].size));
    }
    for (unsigned i = 0; i < b->nr_reserved; i++) {
        log_info("  reserved 0x%010llx-0x%010llx", (unsigned long long)pa_addr(b->reserved[i].base),
                 (unsigned long long)pa_range_end(&b->reserved[i]) - 1);
    }
}

static void report_gic(const struct board_gic *g)
{
    log_info("  gic      %s (%s) GICD 0x%llx maintenance INTID %u", g->path, g->driver->name,
             (unsigned long long)pa_addr(g->dist.base), g->maint_intid);
    for (unsigned i = 0; i < g->nr_redist; i++) {
        log_info("           GICR 0x%llx size 0x%llx",
                 (unsigned long long)pa_addr(g->redist[i].base),
                 (unsigned long long)g->redist[i].size);
    }
    if (g->version == 2) {
        log_info("           GICC 0x%llx GICH 0x%llx GICV 0x%llx",
                 (unsigned long long)pa_addr(g->cpuif.base),
                 (unsigned long long)pa_addr(g->hyp.base),
                 (unsigned long long)pa_addr(g->vcpu.base));
    }
}

void report_board(const struct board *b)
{
    log_info("board: %s", b->model);
    report_memory(b);
    for (unsigned i = 0; i < b->nr_cpus; i++) {
        log_info("  cpu      mpidr 0x%llx", (unsigned long long)b->cpus[i].mpidr);
    }
    if (b->nr_cpus_ignored != 0) {
        log_warn("board: %u CPUs beyond the %d Keel supports are left off", b->nr_cpus_ignored,
                 BOARD_MAX_CPUS);
    }
    report_gic(&b->gic);
    log_info("  uart     %s (%s) at 0x%llx INTID %u", b->uart.path, b->uart.driver->name,
             (unsigned long long)pa_addr(b->uart.regs.base), b->uart.intid);
    log_info("  timer    hyp INTID %u, virt INTID %u, phys INTID %u", b->timer.intid_hyp,
             b->timer.intid_virt, b->timer.intid_phys);
    log_info("  psci     %s via %s", b->psci.driver->name,
             b->psci.method == PSCI_METHOD_SMC ? "smc" : "hvc");
}

void report_ready(const struct board *b, unsigned online, unsigned partitions)
{
    unsigned used, total;

    mm_pool_usage(&used, &total);
    log_info("keel: ready cpus=%u gic=v%u uart=%s@0x%llx mem=%lluMiB timer-irq=%u "
             "pgtables=%u/%u partitions=%u",
             online, b->gic.version, b->uart.driver->name,
             (unsigned long long)pa_addr(b->uart.regs.base), mib(board_mem_total(b)),
             b->timer.intid_hyp, used, total, partitions);
}
