/* Physical memory for partitions: the board's RAM minus everything
 * reserved (the Keel image with its payload, the DTB, firmware ranges).
 * Used only at boot; nothing is allocated after. */
#ifndef KEEL_PHYSMEM_H
#define KEEL_PHYSMEM_H

#include <keel/board.h>

#define PHYSMEM_MAX_RANGES 32

struct physmem {
    struct pa_range free[PHYSMEM_MAX_RANGES];
    unsigned nr;
};

/* Starts from the board's memory banks minus its reserved ranges. */
int physmem_init(struct physmem *pm, const struct board *b);
/* Takes [base, base + size) out of the free ranges; -1 unless all free. */
int physmem_claim(struct physmem *pm, paddr_t base, uint64_t size);
/* Takes size bytes at an `align`-aligned address (lowest first fit). */
int physmem_alloc(struct physmem *pm, uint64_t size, uint64_t align, paddr_t *out);
uint64_t physmem_free_bytes(const struct physmem *pm);

#endif
