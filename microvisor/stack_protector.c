/* Stack-smashing protection for Keel's own code and for libfdt, which
 * Debian builds with -fstack-protector-strong. */
#include "log.h"
#include <keel/arch.h>
#include <keel/compiler.h>
#include <stdint.h>

uintptr_t __stack_chk_guard = 0x5a17c0de2b0b5eedull;

KEEL_NORETURN void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
    log_fatal("stack corruption detected");
    arch_halt();
}
