/* Physical interrupt dispatch; see irq.h. */
#include "irq.h"

#include "log.h"
#include <keel/driver.h>

static const struct irqchip_ops *chip;
static const struct board_gic *gic_desc;
static irq_handler_t handlers[IRQ_MAX_INTID];
static bool forwarded[IRQ_MAX_INTID]; /* deactivated by a guest, not by Keel */

int irq_init(const struct board_gic *gic)
{
    if (gic->driver == NULL || gic->driver->ops == NULL) {
        return -1;
    }
    chip = gic->driver->ops;
    gic_desc = gic;
    return chip->init_dist(gic);
}

int irq_init_cpu(unsigned cpu, uint64_t mpidr)
{
    return chip->init_cpu(gic_desc, cpu, mpidr);
}

void irq_register(uint32_t intid, irq_handler_t handler)
{
    if (intid < IRQ_MAX_INTID) {
        handlers[intid] = handler;
    }
}

void irq_enable(uint32_t intid, unsigned cpu)
{
    chip->enable(intid, cpu);
}

void irq_send_sgi(uint32_t sgi, uint64_t target_mpidr)
{
    chip->send_sgi(sgi, target_mpidr);
}

void irq_forward(uint32_t intid, irq_handler_t handler)
{
    if (intid < IRQ_MAX_INTID) {
        forwarded[intid] = true;
        handlers[intid] = handler;
    }
}

void irq_clear_active(uint32_t intid)
{
    chip->clear_active(intid);
}

void irq_handle(void)
{
    uint32_t intid;
    uint32_t iar = chip->ack(&intid);

    if (intid >= IRQ_MAX_INTID) {
        return; /* spurious: nothing to end */
    }
    if (handlers[intid] != NULL) {
        handlers[intid](intid);
    } else {
        log_warn("irq: INTID %u has no handler", intid);
    }
    chip->eoi(iar);
    if (!forwarded[intid] || handlers[intid] == NULL) {
        chip->deactivate(iar);
    }
}
