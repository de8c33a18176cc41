/*
 * Drivers are chosen by the `compatible` strings of the platform device
 * tree from one table (drivers/driver_table.c), never by #ifdef. Each entry
 * names a class and an ops structure of that class.
 */
#ifndef KEEL_DRIVER_H
#define KEEL_DRIVER_H

#include <keel/board.h>
#include <keel/types.h>

enum driver_class {
    DRIVER_IRQCHIP,
    DRIVER_UART,
    DRIVER_TIMER,
    DRIVER_PSCI,
};

struct keel_driver {
    const char *compatible;
    enum driver_class cls;
    unsigned variant; /* GIC version; UART kind (enum keel_uart_kind) */
    const char *name;
    const void *ops; /* struct irqchip_ops, struct uart_ops; NULL if none */
};

extern const struct keel_driver keel_drivers[];
extern const unsigned keel_drivers_count;

/* The first table entry of class cls that the node is compatible with. */
const struct keel_driver *driver_match(const void *fdt, int node, enum driver_class cls);

/* The UART driver for a kind recorded in the image info, or NULL. */
const struct keel_driver *driver_find_uart_kind(unsigned kind);

struct uart_ops {
    void (*init)(paddr_t base);
    void (*putc)(paddr_t base, char c);
    int (*getc)(paddr_t base); /* -1 if nothing is waiting */
    /* Turns the receive interrupt on or off: raised while received bytes
     * wait; getc() returning -1 (all read) lowers it. */
    void (*rx_irq)(paddr_t base, bool enable);
};

struct irqchip_ops {
    int (*init_dist)(const struct board_gic *gic);
    int (*init_cpu)(const struct board_gic *gic, unsigned cpu, uint64_t mpidr);
    /* Acknowledges the highest-priority interrupt: returns the token to pass
     * to eoi, and its INTID in *intid (1023: none). */
    uint32_t (*ack)(uint32_t *intid);
    /* Drops the running priority (EOImode 1); the interrupt stays active
     * until deactivate() — or, forwarded to a guest with the HW bit, until
     * the guest's virtual EOI deactivates it. */
    void (*eoi)(uint32_t token);
    void (*deactivate)(uint32_t token);
    /* Clears the active state of an SPI from any CPU (a forwarded
     * interrupt whose guest stopped). */
    void (*clear_active)(uint32_t intid);
    void (*enable)(uint32_t intid, unsigned cpu);
    void (*send_sgi)(uint32_t sgi, uint64_t target_mpidr);
};

#endif
