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

void console_write(const char *s, size_t n)
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
