/* Cadence UART (Xilinx Zynq / ZynqMP "xuartps"): polled I/O. */
#include <keel/driver.h>
#include <keel/mmio.h>

#define CDNS_CR   0x00
#define CDNS_IDR  0x0c
#define CDNS_SR   0x2c
#define CDNS_FIFO 0x30

#define CR_RXEN    (1u << 2)
#define CR_TXEN    (1u << 4)
#define SR_RXEMPTY (1u << 1)
#define SR_TXFULL  (1u << 4)

static void cdns_init(paddr_t base)
{
    mmio_write32(base, CDNS_IDR, 0xffffffffu);
    mmio_write32(base, CDNS_CR, CR_RXEN | CR_TXEN);
}

static void cdns_putc(paddr_t base, char c)
{
    while ((mmio_read32(base, CDNS_SR) & SR_TXFULL) != 0) {
    }
    mmio_write32(base, CDNS_FIFO, (uint8_t)c);
}

static int cdns_getc(paddr_t base)
{
    if ((mmio_read32(base, CDNS_SR) & SR_RXEMPTY) != 0) {
        return -1;
    }
    return (int)(mmio_read32(base, CDNS_FIFO) & 0xff);
}

const struct uart_ops cadence_uart_ops = {
    .init = cdns_init,
    .putc = cdns_putc,
    .getc = cdns_getc,
};
