/* Matching device-tree nodes to the driver table. */
#include <keel/driver.h>
#include <libfdt.h>

const struct keel_driver *driver_match(const void *fdt, int node, enum driver_class cls)
{
    for (unsigned i = 0; i < keel_drivers_count; i++) {
        const struct keel_driver *d = &keel_drivers[i];
        if (d->cls == cls && fdt_node_check_compatible(fdt, node, d->compatible) == 0) {
            return d;
        }
    }
    return NULL;
}

const struct keel_driver *driver_find_uart_kind(unsigned kind)
{
    for (unsigned i = 0; i < keel_drivers_count; i++) {
        if (keel_drivers[i].cls == DRIVER_UART && keel_drivers[i].variant == kind) {
            return &keel_drivers[i];
        }
    }
    return NULL;
}
