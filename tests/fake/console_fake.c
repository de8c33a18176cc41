/* The host side of the physical console for tests that link the real
 * microvisor/console.c: a UART that records what is written, typed bytes
 * to read back, and the arch hooks the console lock needs (one CPU). */
#include "console_fake.h"

#include "cpu.h"
#include <keel/arch.h>
#include <string.h>

char fake_console_out[FAKE_CONSOLE_MAX];
size_t fake_console_len;
static const char *typed;
static struct cpu the_cpu;

static void fake_init(paddr_t base)
{
    (void)base;
}

static void fake_putc(paddr_t base, char c)
{
    (void)base;
    if (fake_console_len + 1 < FAKE_CONSOLE_MAX) {
        fake_console_out[fake_console_len++] = c;
        fake_console_out[fake_console_len] = '\0';
    }
}

static int fake_getc(paddr_t base)
{
    (void)base;
    return (typed != NULL && *typed != '\0') ? (uint8_t)*typed++ : -1;
}

static const struct uart_ops fake_ops = {fake_init, fake_putc, fake_getc, NULL};
static const struct keel_driver fake_driver = {"fake", DRIVER_UART, 0, "fake", &fake_ops};

void fake_console_reset(void)
{
    console_use(&fake_driver, pa_init(0));
    console_set_open(-1);
    fake_console_out[0] = '\0';
    fake_console_len = 0;
    typed = NULL;
}

void fake_console_type(const char *s)
{
    typed = s;
}

struct cpu *arch_this_cpu(void)
{
    return &the_cpu;
}

void arch_wait_for_event(void) {}

void arch_send_event(void) {}

uint32_t arch_wait_for_change(const uint32_t *p, uint32_t seen)
{
    (void)seen;
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}
