/* Cadence UART (Xilinx Zynq / ZynqMP "xuartps"): polled output; input
 * polled or by the receive interrupt (trigger level 1, and the timeout). */
#include <keel/driver.h>
#include <keel/mmio.h>

#define CDNS_CR     0x00
#define CDNS_IER    0x08
#define CDNS_IDR    0x0c
#define CDNS_ISR    0x14
#define CDNS_RXTOUT 0x1c
#define CDNS_RXWM   0x20
#define CDNS_SR     0x2c
#define CDNS_FIFO   0x30

#define CR_RXEN    (1u << 2)
#define CR_TXEN    (1u << 4)
#define SR_RXEMPTY (1u << 1)
#define SR_TXFULL  (1u << 4)
#define INT_RXTRIG (1u << 0)
#define INT_TOUT   (1u << 8)
#define INT_RX_ALL 0x1e7u /* RXTRIG, RXEMPTY, RXFULL, RXOVR, FRAME, PARE, TOUT */

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
        /* all read: clear the sticky status, then look again (a byte that
         * came meanwhile is taken now rather than left without interrupt) */
        mmio_write32(base, CDNS_ISR, INT_RX_ALL);
        if ((mmio_read32(base, CDNS_SR) & SR_RXEMPTY) != 0) {
            return -1;
        }
    }
    return (int)(mmio_read32(base, CDNS_FIFO) & 0xff);
}

static void cdns_rx_irq(paddr_t base, bool enable)
{
    mmio_write32(base, CDNS_IDR, INT_RX_ALL);
    mmio_write32(base, CDNS_ISR, INT_RX_ALL);
    if (enable) {
        mmio_write32(base, CDNS_RXWM, 1);
        mmio_write32(base, CDNS_RXTOUT, 10);
        mmio_write32(base, CDNS_IER, INT_RXTRIG | INT_TOUT);
    }
}

const struct uart_ops cadence_uart_ops = {
    .init = cdns_init,
    .putc = cdns_putc,
    .getc = cdns_getc,
    .rx_irq = cdns_rx_irq,
};
