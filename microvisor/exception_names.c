/* Names of exception classes (ESR_ELx.EC) and vector kinds, for dumps. */
#include "exception.h"

#include <keel/compiler.h>

static const struct {
    uint8_t ec;
    const char *name;
} ec_names[] = {
    {0x00, "unknown reason"},
    {0x01, "WFI/WFE"},
    {0x07, "SVE/SIMD/FP access"},
    {0x0e, "illegal execution state"},
    {0x11, "SVC (AArch32)"},
    {0x12, "HVC (AArch32)"},
    {0x13, "SMC (AArch32)"},
    {0x15, "SVC (AArch64)"},
    {0x16, "HVC (AArch64)"},
    {0x17, "SMC (AArch64)"},
    {0x18, "MSR/MRS/system instruction"},
    {0x19, "SVE access"},
    {0x20, "instruction abort (lower EL)"},
    {0x21, "instruction abort (same EL)"},
    {0x22, "PC alignment fault"},
    {0x24, "data abort (lower EL)"},
    {0x25, "data abort (same EL)"},
    {0x26, "SP alignment fault"},
    {0x28, "FP exception (AArch32)"},
    {0x2c, "FP exception (AArch64)"},
    {0x2f, "SError"},
    {0x30, "breakpoint (lower EL)"},
    {0x31, "breakpoint (same EL)"},
    {0x32, "software step (lower EL)"},
    {0x33, "software step (same EL)"},
    {0x34, "watchpoint (lower EL)"},
    {0x35, "watchpoint (same EL)"},
    {0x38, "BKPT (AArch32)"},
    {0x3c, "BRK (AArch64)"},
};

const char *esr_class_name(uint32_t ec)
{
    for (unsigned i = 0; i < ARRAY_SIZE(ec_names); i++) {
        if (ec_names[i].ec == ec) {
            return ec_names[i].name;
        }
    }
    return "reserved";
}

const char *exc_kind_name(uint64_t kind)
{
    static const char *const names[] = {
        "sync from EL2 (SP0)",
        "IRQ from EL2 (SP0)",
        "FIQ from EL2 (SP0)",
        "SError from EL2 (SP0)",
        "sync from EL2",
        "IRQ from EL2",
        "FIQ from EL2",
        "SError from EL2",
        "sync from lower EL (AArch64)",
        "IRQ from lower EL (AArch64)",
        "FIQ from lower EL (AArch64)",
        "SError from lower EL (AArch64)",
        "sync from lower EL (AArch32)",
        "IRQ from lower EL (AArch32)",
        "FIQ from lower EL (AArch32)",
        "SError from lower EL (AArch32)",
    };
    return kind < ARRAY_SIZE(names) ? names[kind] : "unknown vector";
}

const char *abort_fsc_name(uint32_t fsc)
{
    switch (fsc & 0x3f) {
    case 0x04:
    case 0x05:
    case 0x06:
    case 0x07:
        return "translation fault";
    case 0x09:
    case 0x0a:
    case 0x0b:
        return "access flag fault";
    case 0x0d:
    case 0x0e:
    case 0x0f:
        return "permission fault";
    case 0x10:
        return "synchronous external abort";
    case 0x11:
        return "synchronous tag check fault";
    case 0x14:
    case 0x15:
    case 0x16:
    case 0x17:
        return "synchronous external abort on table walk";
    case 0x21:
        return "alignment fault";
    case 0x30:
        return "TLB conflict abort";
    default:
        return (fsc & 0x3c) == 0 ? "address size fault" : "other fault";
    }
}
