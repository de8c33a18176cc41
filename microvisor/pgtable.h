/*
 * A generic VMSAv8-64 translation-table builder for the 4 KiB granule, used
 * for Keel's own EL2 stage-1 tables and (later) for stage-2 vspaces. It
 * knows descriptor types and levels; the caller supplies attribute bits.
 * Tables come from a fixed page pool: nothing is allocated after boot.
 */
#ifndef KEEL_PGTABLE_H
#define KEEL_PGTABLE_H

#include <keel/types.h>

#define PAGE_SIZE  4096ull
#define PAGE_SHIFT 12
#define PT_ENTRIES 512

#define PTE_VALID     (1ull << 0)
#define PTE_TABLE     (1ull << 1) /* levels 0-2: table; level 3: page */
#define PTE_ADDR_MASK 0x0000fffffffff000ull
#define PTE_ATTR_MASK (~PTE_ADDR_MASK & ~3ull)

struct page_pool {
    uint8_t *base; /* page aligned; identity mapped (VA == PA) */
    size_t nr_pages;
    size_t used;
};

struct pgtable {
    uint64_t *root;
    unsigned start_level; /* 0 for a 48-bit input range, 1 for 39-bit */
    struct page_pool *pool;
};

/* Returns a zeroed page from the pool, or NULL when it is exhausted. */
void *page_pool_alloc(struct page_pool *pool);

int pgtable_init(struct pgtable *pt, struct page_pool *pool, unsigned start_level);

/*
 * Maps [va, va + size) to [pa, pa + size) with the given attribute bits,
 * using 1 GiB and 2 MiB blocks where alignment allows. Addresses and size
 * must be page aligned. Returns 0, -1 on bad arguments, -2 if part of the
 * range is already mapped, -3 if the pool ran out.
 */
int pgtable_map(struct pgtable *pt, uint64_t va, paddr_t pa, uint64_t size, uint64_t attrs);

/* Looks va up. Returns 0 with the output address, attribute bits and the
 * size of the block or page mapping it; or -1 if va is not mapped, with
 * map_size the size of the aligned unmapped region around va. */
int pgtable_lookup(const struct pgtable *pt, uint64_t va, paddr_t *pa, uint64_t *attrs,
                   uint64_t *map_size);

#endif
