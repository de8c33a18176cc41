/* Exceptions taken to EL2 that Keel does not handle: decoded and fatal. */
#ifndef KEEL_EXCEPTION_H
#define KEEL_EXCEPTION_H

#include <keel/compiler.h>
#include <stdint.h>

/* Which vector the exception came through. */
enum exc_kind {
    EXC_CUR_SP0_SYNC,
    EXC_CUR_SP0_IRQ,
    EXC_CUR_SP0_FIQ,
    EXC_CUR_SP0_SERROR,
    EXC_CUR_SPX_SYNC,
    EXC_CUR_SPX_IRQ,
    EXC_CUR_SPX_FIQ,
    EXC_CUR_SPX_SERROR,
    EXC_LOW64_SYNC,
    EXC_LOW64_IRQ,
    EXC_LOW64_FIQ,
    EXC_LOW64_SERROR,
    EXC_LOW32_SYNC,
    EXC_LOW32_IRQ,
    EXC_LOW32_FIQ,
    EXC_LOW32_SERROR,
};

/* Saved by the vectors; the layout is used by assembly (offsets.c). */
struct exc_frame {
    uint64_t x[31];
    uint64_t sp;
    uint64_t elr;
    uint64_t spsr;
    uint64_t esr;
    uint64_t far;
    uint64_t kind;
    uint64_t pad;
};

/* The name of an ESR_ELx exception class, e.g. "data abort (same EL)". */
const char *esr_class_name(uint32_t ec);
const char *exc_kind_name(uint64_t kind);
/* The name of an abort's fault status code (ISS.DFSC / ISS.IFSC). */
const char *abort_fsc_name(uint32_t fsc);

KEEL_NORETURN void exception_fatal(struct exc_frame *f);

#endif
