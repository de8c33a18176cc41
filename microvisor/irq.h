/* Physical interrupts taken at EL2: the GIC driver chosen at boot and a
 * handler per INTID. */
#ifndef KEEL_IRQ_H
#define KEEL_IRQ_H

#include <keel/board.h>
#include <stdint.h>

#define IRQ_MAX_INTID 1020
#define IRQ_SPURIOUS  1023

typedef void (*irq_handler_t)(uint32_t intid);

/* Selects the GIC driver and initialises the distributor (boot CPU). */
int irq_init(const struct board_gic *gic);
/* Initialises the calling CPU's GIC interface. */
int irq_init_cpu(unsigned cpu, uint64_t mpidr);

void irq_register(uint32_t intid, irq_handler_t handler);
void irq_enable(uint32_t intid, unsigned cpu);
void irq_send_sgi(uint32_t sgi, uint64_t target_mpidr);

/* A physical interrupt passed through to a guest: handler makes it pending
 * in the guest's vGIC with the HW bit, and the guest's end of interrupt
 * deactivates it, not Keel. */
void irq_forward(uint32_t intid, irq_handler_t handler);
/* Deactivates a forwarded SPI whose guest will not (it stopped). */
void irq_clear_active(uint32_t intid);

/* Called by the vectors for an IRQ taken at EL2. */
void irq_handle(void);

#endif
