/* The physical console: one UART, chosen at boot. */
#ifndef KEEL_CONSOLE_H
#define KEEL_CONSOLE_H

#include <keel/driver.h>
#include <stddef.h>

/* Starts using drv at base. A NULL driver leaves the console silent. */
void console_use(const struct keel_driver *drv, paddr_t base);
const struct keel_driver *console_driver(void);
paddr_t console_base(void);

/* Writes n bytes, turning "\n" into "\r\n". The caller holds the lock.
 * If a partition's unfinished line is open on the terminal (a prompt), it
 * is ended with a newline first: Keel's lines never splice into it. */
void console_write(const char *s, size_t n);

/* The same for a partition's output stream `owner` (>= 0): its own open
 * line is continued, another's ended first. console_set_open records
 * whose line is left unfinished (-1: none, the terminal is at the start of
 * a line). The caller holds the lock. */
void console_write_as(int owner, const char *s, size_t n);
void console_set_open(int owner);
int console_open_owner(void);

/* A received byte, or -1. */
int console_getc(void);
/* Turns the UART's receive interrupt on or off: 0, or -1 if the driver
 * has none. */
int console_rx_irq(bool enable);

void console_lock(void);
void console_unlock(void);
/* Drops the lock if the calling CPU holds it (fatal path only). */
void console_break_lock(void);

#endif
