/* A fake UART behind the real console.c, for host tests. */
#ifndef KEEL_CONSOLE_FAKE_H
#define KEEL_CONSOLE_FAKE_H

#include "console.h"
#include <stddef.h>

#define FAKE_CONSOLE_MAX 8192

/* What was written since the last reset, NUL-terminated. */
extern char fake_console_out[FAKE_CONSOLE_MAX];
extern size_t fake_console_len;

/* Starts the console on the fake UART, empty, no line open. */
void fake_console_reset(void);
/* Bytes console_getc() returns next (the string must outlive the test). */
void fake_console_type(const char *s);

#endif
