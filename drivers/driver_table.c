/*
 * Every driver Keel has, chosen by `compatible`. Earlier entries win when a
 * node lists several. A port to a new board adds a line here only if the
 * board needs a new driver; otherwise its device tree is enough.
 */
#include <keel/driver.h>
#include <keel/image.h>

extern const struct irqchip_ops gicv2_ops;
extern const struct irqchip_ops gicv3_ops;
extern const struct uart_ops pl011_ops;
extern const struct uart_ops cadence_uart_ops;

const struct keel_driver keel_drivers[] = {
    {"arm,gic-v3", DRIVER_IRQCHIP, 3, "gicv3", &gicv3_ops},
    {"arm,gic-400", DRIVER_IRQCHIP, 2, "gicv2", &gicv2_ops},
    {"arm,cortex-a15-gic", DRIVER_IRQCHIP, 2, "gicv2", &gicv2_ops},
    {"arm,pl011", DRIVER_UART, KEEL_UART_PL011, "pl011", &pl011_ops},
    {"cdns,uart-r1p12", DRIVER_UART, KEEL_UART_CADENCE, "cadence-uart", &cadence_uart_ops},
    {"xlnx,xuartps", DRIVER_UART, KEEL_UART_CADENCE, "cadence-uart", &cadence_uart_ops},
    {"arm,armv8-timer", DRIVER_TIMER, 0, "arch-timer", NULL},
    {"arm,psci-1.0", DRIVER_PSCI, 0, "psci-1.0", NULL},
    {"arm,psci-0.2", DRIVER_PSCI, 0, "psci-0.2", NULL},
};

const unsigned keel_drivers_count = sizeof(keel_drivers) / sizeof(keel_drivers[0]);
