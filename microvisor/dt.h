/* Device-tree reading helpers on top of libfdt: addresses translated
 * through `ranges`, interrupts decoded for the GIC. Boot time only. */
#ifndef KEEL_DT_H
#define KEEL_DT_H

#include <keel/types.h>

/* Reads reg entry `index` of node and translates it to a physical address.
 * Returns 0, -1 if there is no such entry, -2 if it cannot be translated. */
int dt_read_reg(const void *fdt, int node, int index, struct pa_range *out);

/* Number of entries in the node's reg property (0 if none). */
int dt_reg_count(const void *fdt, int node);

/* Decodes interrupt `index` of node (3-cell GIC binding) into a GIC INTID.
 * Returns 0, -1 if absent, -2 if malformed. */
int dt_read_irq(const void *fdt, int node, int index, uint32_t *intid);

/* Number of interrupts the node lists (0 if none). */
int dt_irq_count(const void *fdt, int node);

/* True unless the node's status says it is disabled. */
bool dt_is_enabled(const void *fdt, int node);

/* Writes the node's full path, or "<unknown>", into buf. */
void dt_path(const void *fdt, int node, char *buf, size_t len);

/* Reads a big-endian cell sequence of `cells` 32-bit words as one number. */
uint64_t dt_read_cells(const void *p, int cells);

#endif
