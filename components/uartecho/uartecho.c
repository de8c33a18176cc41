/*
 * uartecho: drives its virtual PL011 (the board's console UART address,
 * QEMU virt 0x09000000, INTID 33) with the receive interrupt. It shows a
 * prompt "NAME> " (no newline: Keel shows it when the component waits),
 * echoes what is typed, and at Enter writes "echo: LINE" through the
 * UART. It also reports on the hypercall console when it is ready.
 * Used by tests/integration/console.cmake (configs/console.dts).
 */
#include "keel.h"

#include <stddef.h>

#define UART_BASE  0x09000000ul
#define UART_INTID 33u
#define DR         0x00
#define FR         0x18
#define LCR_H      0x2c
#define CR         0x30
#define IMSC       0x38
#define FR_RXFE    (1u << 4)
#define INT_RX     (1u << 4)
#define INT_RT     (1u << 6)
#define LINE_MAX   64
#define RING       128

static char name[33];
static volatile uint8_t ring[RING];
static volatile unsigned ring_in, ring_out;

/* Single loads and stores: Keel emulates the UART from the trap syndrome. */
static uint32_t uart_read(unsigned off)
{
    uint32_t v;
    __asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(UART_BASE + off) : "memory");
    return v;
}

static void uart_write(unsigned off, uint32_t v)
{
    __asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(UART_BASE + off) : "memory");
}

static void uart_puts(const char *s)
{
    for (; *s != '\0'; s++) {
        uart_write(DR, (uint8_t)*s);
    }
}

/* The receive interrupt: empty the FIFO (the line drops before the EOI). */
static void on_rx(uint32_t intid, void *arg)
{
    (void)intid;
    (void)arg;
    while ((uart_read(FR) & FR_RXFE) == 0) {
        uint8_t c = (uint8_t)uart_read(DR);
        if (ring_in - ring_out < RING) {
            ring[ring_in % RING] = c;
            ring_in++;
        }
    }
}

static void prompt(void)
{
    uart_puts(name);
    uart_puts("> ");
}

/* One typed byte: echo it; at Enter, answer with the line. */
static void take(uint8_t c, char *line, unsigned *len)
{
    char s[2] = {(char)c, '\0'};

    if (c == '\r' || c == '\n') {
        line[*len] = '\0';
        uart_puts("\r\necho: ");
        uart_puts(line);
        uart_puts("\r\n");
        *len = 0;
        prompt();
    } else if (c >= 0x20 && c < 0x7f && *len + 1 < LINE_MAX) {
        line[(*len)++] = (char)c;
        uart_puts(s);
    }
}

int keel_main(unsigned vcpu)
{
    char line[LINE_MAX];
    unsigned len = 0;

    (void)vcpu;
    keel_self_name(name, sizeof(name));
    if (keel_gic_init() != 0 || keel_irq_register(UART_INTID, on_rx, NULL) != 0 ||
        keel_irq_enable(UART_INTID) != 0) {
        keel_printf("uartecho: cannot set up the interrupt\n");
        return 1;
    }
    uart_write(LCR_H, 0x70); /* 8 bits, FIFO on */
    uart_write(CR, 0x301);   /* UART, TX, RX on */
    uart_write(IMSC, INT_RX | INT_RT);
    keel_printf("uartecho: ready\n");
    prompt();
    for (;;) {
        keel_wait_for_interrupt();
        while (ring_out != ring_in) {
            take(ring[ring_out % RING], line, &len);
            ring_out++;
        }
    }
}
