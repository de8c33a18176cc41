/* ARM PrimeCell UART (PL011): polled output; input polled or by the receive
 * interrupt (RX and receive timeout, both cleared by reading the FIFO empty). */
#include <keel/driver.h>
#include <keel/mmio.h>

#define PL011_DR    0x00
#define PL011_FR    0x18
#define PL011_LCR_H 0x2c
#define PL011_CR    0x30
#define PL011_IMSC  0x38
#define PL011_ICR   0x44

#define FR_RXFE         (1u << 4)
#define FR_TXFF         (1u << 5)
#define CR_UARTEN       (1u << 0)
#define CR_TXE          (1u << 8)
#define CR_RXE          (1u << 9)
#define LCR_H_WLEN8_FEN 0x70u
#define INT_RX          (1u << 4)
#define INT_RT          (1u << 6)

static void pl011_init(paddr_t base)
{
    uint32_t want = CR_UARTEN | CR_TXE | CR_RXE;

    /* Keep the baud rate the firmware chose; only make sure it is on. */
    if ((mmio_read32(base, PL011_CR) & want) != want) {
        mmio_write32(base, PL011_CR, 0);
        mmio_write32(base, PL011_LCR_H, LCR_H_WLEN8_FEN);
        mmio_write32(base, PL011_CR, want);
    }
    mmio_write32(base, PL011_IMSC, 0);
}

static void pl011_putc(paddr_t base, char c)
{
    while ((mmio_read32(base, PL011_FR) & FR_TXFF) != 0) {
    }
    mmio_write32(base, PL011_DR, (uint8_t)c);
}

static int pl011_getc(paddr_t base)
{
    if ((mmio_read32(base, PL011_FR) & FR_RXFE) != 0) {
        return -1;
    }
    return (int)(mmio_read32(base, PL011_DR) & 0xff);
}

static void pl011_rx_irq(paddr_t base, bool enable)
{
    mmio_write32(base, PL011_ICR, INT_RX | INT_RT);
    mmio_write32(base, PL011_IMSC, enable ? (INT_RX | INT_RT) : 0);
}

const struct uart_ops pl011_ops = {
    .init = pl011_init,
    .putc = pl011_putc,
    .getc = pl011_getc,
    .rx_irq = pl011_rx_irq,
};
