/* The physical console. */
#include "console.h"

#include "cpu.h"
#include "spinlock.h"
#include <keel/arch.h>

static const struct uart_ops *uart;
static const struct keel_driver *uart_driver;
static paddr_t uart_base;
static struct spinlock lock = SPINLOCK_INIT;
static volatile int lock_owner = -1;
static int open_line = -1; /* whose unfinished line the terminal shows, or -1 */

void console_use(const struct keel_driver *drv, paddr_t base)
{
    uart_driver = drv;
    uart = (drv != NULL) ? drv->ops : NULL;
    uart_base = base;
    if (uart != NULL) {
        uart->init(base);
    }
}

const struct keel_driver *console_driver(void)
{
    return uart_driver;
}
paddr_t console_base(void)
{
    return uart_base;
}

static void write_raw(const char *s, size_t n)
{
    if (uart == NULL) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            uart->putc(uart_base, '\r');
        }
        uart->putc(uart_base, s[i]);
    }
}

void console_write_as(int owner, const char *s, size_t n)
{
    if (open_line >= 0 && open_line != owner && n > 0) {
        write_raw("\n", 1); /* end someone's unfinished line first */
        open_line = -1;
    }
    write_raw(s, n);
}

void console_write(const char *s, size_t n)
{
    console_write_as(-1, s, n);
}

void console_set_open(int owner)
{
    open_line = owner;
}

int console_open_owner(void)
{
    return open_line;
}

int console_getc(void)
{
    return (uart != NULL && uart->getc != NULL) ? uart->getc(uart_base) : -1;
}

int console_rx_irq(bool enable)
{
    if (uart == NULL || uart->rx_irq == NULL) {
        return -1;
    }
    uart->rx_irq(uart_base, enable);
    return 0;
}

void console_lock(void)
{
    spin_lock(&lock);
    lock_owner = (int)arch_this_cpu()->index;
}

void console_unlock(void)
{
    lock_owner = -1;
    spin_unlock(&lock);
}

void console_break_lock(void)
{
    if (lock_owner == (int)arch_this_cpu()->index) {
        console_unlock();
    }
}
