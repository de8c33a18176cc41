/* The physical console: one UART, chosen at boot. */
#ifndef KEEL_CONSOLE_H
#define KEEL_CONSOLE_H

#include <keel/driver.h>
#include <stddef.h>

/* Starts using drv at base. A NULL driver leaves the console silent. */
void console_use(const struct keel_driver *drv, paddr_t base);
const struct keel_driver *console_driver(void);
paddr_t console_base(void);

/* Writes n bytes, turning "\n" into "\r\n". The caller holds the lock. */
void console_write(const char *s, size_t n);

void console_lock(void);
void console_unlock(void);
/* Drops the lock if the calling CPU holds it (fatal path only). */
void console_break_lock(void);

#endif
