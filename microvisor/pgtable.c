/* Translation-table builder: see pgtable.h. */
#include "pgtable.h"

#include <string.h>

static uint64_t level_shift(unsigned level)
{
    return PAGE_SHIFT + 9ull * (3 - level);
}
static uint64_t level_size(unsigned level)
{
    return 1ull << level_shift(level);
}
static unsigned level_index(uint64_t va, unsigned level)
{
    return (unsigned)((va >> level_shift(level)) & (PT_ENTRIES - 1));
}

static uint64_t *table_of(uint64_t desc)
{
    return (uint64_t *)(uintptr_t)(desc & PTE_ADDR_MASK);
}

static bool is_table(uint64_t desc, unsigned level)
{
    return level < 3 && (desc & (PTE_VALID | PTE_TABLE)) == (PTE_VALID | PTE_TABLE);
}

void *page_pool_alloc(struct page_pool *pool)
{
    if (pool->used >= pool->nr_pages) {
        return NULL;
    }
    void *page = pool->base + pool->used * PAGE_SIZE;
    pool->used++;
    memset(page, 0, PAGE_SIZE);
    return page;
}

int pgtable_init(struct pgtable *pt, struct page_pool *pool, unsigned start_level)
{
    if (start_level > 2) {
        return -1;
    }
    pt->pool = pool;
    pt->start_level = start_level;
    pt->root = page_pool_alloc(pool);
    return pt->root != NULL ? 0 : -3;
}

/* Can [va, va+size) -> pa be one block at this level? */
static bool fits_block(unsigned level, uint64_t va, uint64_t pa, uint64_t size)
{
    uint64_t bs = level_size(level);
    return level >= 1 && (va & (bs - 1)) == 0 && (pa & (bs - 1)) == 0 && size >= bs;
}

static int map_level(struct pgtable *pt, uint64_t *table, unsigned level, uint64_t va, uint64_t pa,
                     uint64_t size, uint64_t attrs);

/* Maps the part of the range that falls in one entry of `table`. */
static int map_entry(struct pgtable *pt, uint64_t *entry, unsigned level, uint64_t va, uint64_t pa,
                     uint64_t size, uint64_t attrs)
{
    if (level == 3 || (fits_block(level, va, pa, size) && *entry == 0)) {
        if (*entry != 0) {
            return -2;
        }
        uint64_t type = (level == 3) ? (PTE_VALID | PTE_TABLE) : PTE_VALID;
        *entry = (pa & PTE_ADDR_MASK) | (attrs & PTE_ATTR_MASK) | type;
        return 0;
    }
    if (*entry == 0) {
        uint64_t *next = page_pool_alloc(pt->pool);
        if (next == NULL) {
            return -3;
        }
        *entry = (uint64_t)(uintptr_t)next | PTE_VALID | PTE_TABLE;
    } else if (!is_table(*entry, level)) {
        return -2;
    }
    return map_level(pt, table_of(*entry), level + 1, va, pa, size, attrs);
}

static int map_level(struct pgtable *pt, uint64_t *table, unsigned level, uint64_t va, uint64_t pa,
                     uint64_t size, uint64_t attrs)
{
    while (size > 0) {
        uint64_t bs = level_size(level);
        uint64_t chunk = bs - (va & (bs - 1));
        if (chunk > size) {
            chunk = size;
        }
        int rc = map_entry(pt, &table[level_index(va, level)], level, va, pa, chunk, attrs);
        if (rc != 0) {
            return rc;
        }
        va += chunk;
        pa += chunk;
        size -= chunk;
    }
    return 0;
}

int pgtable_map(struct pgtable *pt, uint64_t va, paddr_t pa, uint64_t size, uint64_t attrs)
{
    uint64_t limit = level_size(pt->start_level) * PT_ENTRIES;

    if (size == 0 || ((va | pa_addr(pa) | size) & (PAGE_SIZE - 1)) != 0 || va + size < va ||
        va + size > limit || (pa_addr(pa) & ~PTE_ADDR_MASK) != 0) {
        return -1;
    }
    return map_level(pt, pt->root, pt->start_level, va, pa_addr(pa), size, attrs);
}

int pgtable_lookup(const struct pgtable *pt, uint64_t va, paddr_t *pa, uint64_t *attrs,
                   uint64_t *map_size)
{
    const uint64_t *table = pt->root;

    for (unsigned level = pt->start_level; level <= 3; level++) {
        uint64_t desc = table[level_index(va, level)];
        if ((desc & PTE_VALID) == 0 || (level == 0 && !is_table(desc, level))) {
            *map_size = level_size(level);
            return -1;
        }
        if (is_table(desc, level)) {
            table = table_of(desc);
            continue;
        }
        uint64_t bs = level_size(level);
        *pa = pa_init((desc & PTE_ADDR_MASK & ~(bs - 1)) | (va & (bs - 1)));
        *attrs = desc & PTE_ATTR_MASK;
        *map_size = bs;
        return 0;
    }
    return -1;
}
