/* Kernel log: each line prefixed with the CPU number, whole lines written
 * under the console lock so that CPUs do not interleave mid-line. */
#ifndef KEEL_LOG_H
#define KEEL_LOG_H

#include <keel/compiler.h>

enum log_level { LOG_FATAL, LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

#ifndef KEEL_LOG_LEVEL
#define KEEL_LOG_LEVEL LOG_INFO
#endif

void log_printf(enum log_level level, const char *fmt, ...) KEEL_PRINTF(2, 3);

/* Makes the calling CPU's fatal report get through even if it held the
 * console lock when it faulted. */
void log_fatal_begin(void);

#define log_fatal(...) log_printf(LOG_FATAL, __VA_ARGS__)
#define log_error(...) log_printf(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  log_printf(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_printf(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_printf(LOG_DEBUG, __VA_ARGS__)

#endif
