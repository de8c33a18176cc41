/* Channel endpoint state: see chan_state.h. */
#include "chan_state.h"

#include <stddef.h>

void chan_state_deliver(struct chan_state *s, uint64_t bits)
{
    __atomic_fetch_or(&s->pending, bits, __ATOMIC_RELEASE);
    __atomic_fetch_add(&s->merged, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&s->received, 1, __ATOMIC_RELAXED);
}

void chan_state_take(struct chan_state *s, uint64_t *bits, uint64_t *merged)
{
    *bits = __atomic_exchange_n(&s->pending, 0, __ATOMIC_ACQUIRE);
    *merged = __atomic_exchange_n(&s->merged, 0, __ATOMIC_RELAXED);
}

void chan_state_peek(const struct chan_state *s, uint64_t *bits, uint64_t *received)
{
    *bits = __atomic_load_n(&s->pending, __ATOMIC_ACQUIRE);
    *received = __atomic_load_n(&s->received, __ATOMIC_RELAXED);
}

void chan_state_drop(struct chan_state *s)
{
    __atomic_store_n(&s->pending, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&s->merged, 0, __ATOMIC_RELAXED);
}

void *chan_lookup(void *const *table, unsigned count, uint64_t index, unsigned *misses)
{
    if (index < count && table[index] != NULL) {
        return table[index];
    }
    (*misses)++;
    return NULL;
}
