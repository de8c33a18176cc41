/*
 * The state of a channel endpoint and the operations on it: pure logic
 * with atomics, no hardware, unit tested on the host (tests/unit/test_chan.c).
 * microvisor/chan.c adds the interrupt and the hypercall around it.
 */
#ifndef KEEL_CHAN_STATE_H
#define KEEL_CHAN_STATE_H

#include <stdint.h>

/* pending and merged form one 16-byte-aligned pair: Keel's assembly
 * (vcpu/chan_send.S, vcpu/entry.S) updates both with one exclusive pair
 * access. Each word alone is what the functions below update atomically. */
struct chan_state {
    _Alignas(16) uint64_t pending; /* bits sent to this endpoint, not yet received */
    uint64_t merged;               /* sends since the last receive */
    uint64_t received;             /* sends since boot */
};

/* A send arrives: ORs bits in and counts it. Safe against concurrent
 * sends and receives. */
void chan_state_deliver(struct chan_state *s, uint64_t bits);

/* Takes (and clears) the pending bits and how many sends they gather. */
void chan_state_take(struct chan_state *s, uint64_t *bits, uint64_t *merged);

/* Reads without clearing. */
void chan_state_peek(const struct chan_state *s, uint64_t *bits, uint64_t *received);

/* Drops what is pending (its partition restarted); the total stays. */
void chan_state_drop(struct chan_state *s);

/* Entry `index` of a partition's endpoint table of `count` entries, or NULL
 * (and *misses counted) if the partition has no such endpoint. */
void *chan_lookup(void *const *table, unsigned count, uint64_t index, unsigned *misses);

#endif
