/* Kernel log: see log.h. */
#include "log.h"

#include "console.h"
#include "cpu.h"
#include <keel/arch.h>
#include <keel/format.h>
#include <stdarg.h>

#define LOG_LINE_MAX 256

static const char *const level_tags[] = {"FATAL: ", "error: ", "warning: ", "", ""};

void log_printf(enum log_level level, const char *fmt, ...)
{
    char line[LOG_LINE_MAX];
    va_list ap;

    if (level > KEEL_LOG_LEVEL) {
        return;
    }
    size_t n = fmt_format(line, sizeof(line), "[%u] %s", arch_this_cpu()->index, level_tags[level]);
    va_start(ap, fmt);
    n += fmt_vformat(line + n, sizeof(line) - n, fmt, ap);
    va_end(ap);
    if (n > sizeof(line) - 2) {
        n = sizeof(line) - 2;
    }
    line[n++] = '\n';
    console_lock();
    console_write(line, n);
    console_unlock();
}

void log_fatal_begin(void)
{
    console_break_lock();
}
