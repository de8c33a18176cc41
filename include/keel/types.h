/*
 * Basic types. Physical addresses are a distinct type so that a physical
 * address cannot be used as a pointer, or mixed with a guest address,
 * without saying so (pa_init / pa_addr).
 */
#ifndef KEEL_TYPES_H
#define KEEL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A flag that another CPU may set, read on hot paths: a whole word, since
 * GCC tests a volatile bool it has loaded with an extra TST (LDRB, TST,
 * B.NE) where a word takes one CBNZ. Holds 0 or 1 (false or true). */
typedef volatile uint32_t keel_flag;

typedef struct {
    uint64_t pa;
} paddr_t;

static inline paddr_t pa_init(uint64_t a)
{
    return (paddr_t){a};
}
static inline uint64_t pa_addr(paddr_t p)
{
    return p.pa;
}
static inline paddr_t pa_add(paddr_t p, uint64_t n)
{
    return (paddr_t){p.pa + n};
}

/* A [base, base + size) range of physical addresses. */
struct pa_range {
    paddr_t base;
    uint64_t size;
};

static inline uint64_t pa_range_end(const struct pa_range *r)
{
    return pa_addr(r->base) + r->size;
}

static inline bool pa_ranges_overlap(const struct pa_range *a, const struct pa_range *b)
{
    return pa_addr(a->base) < pa_range_end(b) && pa_addr(b->base) < pa_range_end(a);
}

#endif
