/* Boot-time physical memory allocator: see physmem.h. */
#include "physmem.h"

#include <keel/compiler.h>

static int remove_at(struct physmem *pm, unsigned i, uint64_t lo, uint64_t hi)
{
    struct pa_range *r = &pm->free[i];
    uint64_t rlo = pa_addr(r->base), rhi = pa_range_end(r);

    if (lo > rlo && hi < rhi) { /* split in two */
        if (pm->nr >= PHYSMEM_MAX_RANGES) {
            return -1;
        }
        for (unsigned j = pm->nr; j > i + 1; j--) {
            pm->free[j] = pm->free[j - 1];
        }
        pm->nr++;
        pm->free[i + 1] = (struct pa_range){pa_init(hi), rhi - hi};
        r->size = lo - rlo;
        return 0;
    }
    if (lo <= rlo && hi >= rhi) { /* all of it */
        for (unsigned j = i; j + 1 < pm->nr; j++) {
            pm->free[j] = pm->free[j + 1];
        }
        pm->nr--;
        return 0;
    }
    if (lo <= rlo) {
        *r = (struct pa_range){pa_init(hi), rhi - hi};
    } else {
        r->size = lo - rlo;
    }
    return 0;
}

/* Removes [lo, hi) from every free range it touches. */
static int subtract(struct physmem *pm, uint64_t lo, uint64_t hi)
{
    for (unsigned i = 0; i < pm->nr;) {
        uint64_t rlo = pa_addr(pm->free[i].base), rhi = pa_range_end(&pm->free[i]);
        if (hi <= rlo || lo >= rhi) {
            i++;
            continue;
        }
        unsigned before = pm->nr;
        if (remove_at(pm, i, lo, hi) != 0) {
            return -1;
        }
        i += (pm->nr >= before) ? 1 : 0;
    }
    return 0;
}

int physmem_init(struct physmem *pm, const struct board *b)
{
    pm->nr = 0;
    for (unsigned i = 0; i < b->nr_mem && i < PHYSMEM_MAX_RANGES; i++) {
        pm->free[pm->nr++] = b->mem[i];
    }
    for (unsigned i = 0; i < b->nr_reserved; i++) {
        uint64_t lo = ALIGN_DOWN(pa_addr(b->reserved[i].base), 4096ull);
        uint64_t hi = ALIGN_UP(pa_range_end(&b->reserved[i]), 4096ull);
        if (subtract(pm, lo, hi) != 0) {
            return -1;
        }
    }
    return 0;
}

int physmem_claim(struct physmem *pm, paddr_t base, uint64_t size)
{
    uint64_t lo = pa_addr(base), hi = lo + size;

    for (unsigned i = 0; i < pm->nr; i++) {
        if (lo >= pa_addr(pm->free[i].base) && hi <= pa_range_end(&pm->free[i]) && hi > lo) {
            return remove_at(pm, i, lo, hi);
        }
    }
    return -1;
}

int physmem_alloc(struct physmem *pm, uint64_t size, uint64_t align, paddr_t *out)
{
    for (unsigned i = 0; i < pm->nr && size > 0; i++) {
        uint64_t lo = ALIGN_UP(pa_addr(pm->free[i].base), align);
        if (lo >= pa_addr(pm->free[i].base) && lo + size <= pa_range_end(&pm->free[i])) {
            *out = pa_init(lo);
            return remove_at(pm, i, lo, lo + size);
        }
    }
    return -1;
}

uint64_t physmem_free_bytes(const struct physmem *pm)
{
    uint64_t total = 0;

    for (unsigned i = 0; i < pm->nr; i++) {
        total += pm->free[i].size;
    }
    return total;
}
