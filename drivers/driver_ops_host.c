/* Host builds link the real driver table; its ops point here, since the
 * host has no GIC or UART to drive. Nothing calls them on the host. */
#include <keel/driver.h>

const struct irqchip_ops gicv2_ops;
const struct irqchip_ops gicv3_ops;
const struct uart_ops pl011_ops;
const struct uart_ops cadence_uart_ops;
