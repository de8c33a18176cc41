/* The fatal-exception dump: what happened, where, and every register. */
#include "exception.h"

#include "cpu.h"
#include "log.h"
#include <keel/arch.h>

static bool esr_has_far(uint32_t ec)
{
    return ec == 0x20 || ec == 0x21 || ec == 0x22 || ec == 0x24 || ec == 0x25 || ec == 0x34 ||
           ec == 0x35;
}

static void dump_registers(const struct exc_frame *f)
{
    for (unsigned i = 0; i < 30; i += 3) {
        log_fatal("  x%-2u %016llx  x%-2u %016llx  x%-2u %016llx", i, (unsigned long long)f->x[i],
                  i + 1, (unsigned long long)f->x[i + 1], i + 2, (unsigned long long)f->x[i + 2]);
    }
    log_fatal("  x30 %016llx  sp  %016llx", (unsigned long long)f->x[30],
              (unsigned long long)f->sp);
}

void exception_fatal(struct exc_frame *f)
{
    struct cpu *c = arch_this_cpu();
    uint32_t ec = (uint32_t)(f->esr >> 26) & 0x3f;

    if (c->in_fatal) {
        arch_halt(); /* faulted while reporting a fault */
    }
    c->in_fatal = true;
    log_fatal_begin();
    log_fatal("unexpected exception: %s", exc_kind_name(f->kind));
    log_fatal("  ESR %08llx: class 0x%02x %s, ISS 0x%07llx", (unsigned long long)f->esr, ec,
              esr_class_name(ec), (unsigned long long)(f->esr & 0x1ffffff));
    if (esr_has_far(ec)) {
        log_fatal("  FAR %016llx", (unsigned long long)f->far);
    }
    if (ec >= 0x20 && ec <= 0x25 && ec != 0x22 && ec != 0x23) {
        bool data = ec >= 0x24;
        log_fatal("  %s abort: %s%s, FSC 0x%02x %s", data ? "data" : "instruction",
                  data ? ((f->esr & (1u << 6)) ? "write" : "read") : "fetch",
                  (f->esr & (1u << 9)) ? " (external)" : "", (unsigned)(f->esr & 0x3f),
                  abort_fsc_name((uint32_t)f->esr));
    }
    log_fatal("  ELR %016llx  SPSR %08llx", (unsigned long long)f->elr,
              (unsigned long long)f->spsr);
    dump_registers(f);
    log_fatal("cpu %u halted", c->index);
    arch_halt();
}
