/*
 * A single-producer, single-consumer ring of variable-size messages in
 * memory shared by two partitions (a channel's shared memory). Freestanding
 * and free of hypercalls: the channel is the doorbell (the producer sends a
 * bit after pushing, the consumer drains when its virq says so), the ring
 * only moves bytes. Tested on the host by tests/unit/test_ring.c.
 *
 * Layout of the shared memory (8-byte aligned; 64 recommended):
 *
 *   offset   0  magic "KRNG", version, capacity   (written once, by init)
 *   offset  64  head: bytes ever pushed           (written by the producer)
 *   offset 128  tail: bytes ever popped           (written by the consumer)
 *   offset 192  data: capacity bytes, capacity = (size - 192) rounded down to 8
 *
 * head and tail are free-running 64-bit byte counts (they never wrap in
 * practice); a byte's place in data is its count modulo capacity. Each on
 * its own 64-byte cache line, so the two sides do not fight over a line.
 *
 * A message is a record: an 8-byte header (the length, and its complement
 * as a check) and the bytes, padded to 8. A record that reaches the end of
 * data continues at its start (records are split, no padding record; the
 * header itself never splits since everything is 8-aligned). So a message
 * of up to capacity - 8 bytes always fits in an empty ring.
 *
 * Ordering: the producer writes a record, then publishes head with a
 * release store; the consumer reads head with an acquire load, copies the
 * record out, then publishes tail with a release store, which the producer
 * reads with an acquire load before it reuses the space.
 *
 * Each side keeps its own index in its struct ring and only reads the
 * other's from shared memory, checking it: a peer that scribbles over the
 * ring makes push or pop return RING_CORRUPT, never makes them read or
 * write outside the ring or the caller's buffer.
 */
#ifndef KEEL_RING_H
#define KEEL_RING_H

#include <stddef.h>
#include <stdint.h>

#define RING_MAGIC       0x474e524bu /* "KRNG" */
#define RING_VERSION     1u
#define RING_CACHE_LINE  64u
#define RING_HEADER_SIZE 192u /* 3 cache lines, before the data */
#define RING_RECORD_HDR  8u
#define RING_MIN_SIZE    (RING_HEADER_SIZE + 16u)

/* Results of push and pop. */
#define RING_OK      0
#define RING_EMPTY   (-1) /* pop: no message */
#define RING_FULL    (-1) /* push: not enough room now */
#define RING_TOO_BIG (-2) /* push: never fits; pop: not into this buffer */
#define RING_CORRUPT (-3) /* the shared indexes or a record header are wrong */

/* The shared part, at the start of the memory. */
struct ring_shared {
    _Alignas(RING_CACHE_LINE) uint32_t magic;
    uint32_t version;
    uint64_t capacity;
    _Alignas(RING_CACHE_LINE) uint64_t head;
    _Alignas(RING_CACHE_LINE) uint64_t tail;
};

/* One side's handle, in its own memory. */
struct ring {
    struct ring_shared *shared;
    uint8_t *data;
    uint64_t capacity; /* bytes of data, a multiple of 8 */
    uint64_t head;     /* the producer's own count */
    uint64_t tail;     /* the consumer's own count */
};

/* Makes an empty ring in mem (size bytes), by one side only, before the
 * other attaches: writes the indexes, then the magic (release). 0, or -1 if
 * mem is not 8-byte aligned or size < RING_MIN_SIZE. */
int ring_init(struct ring *r, void *mem, size_t size);
/* Attaches to the ring the other side made in mem (same size): 0, or -1 if
 * there is none (yet: no magic), or it does not match (version, size). */
int ring_attach(struct ring *r, void *mem, size_t size);

/* The longest message the ring can carry: capacity - 8. */
size_t ring_max_len(const struct ring *r);
/* Bytes free for records (the producer's view). */
size_t ring_free(const struct ring *r);

/* Producer: copies len bytes in as one message. RING_OK, RING_FULL (try
 * again after the consumer drained), RING_TOO_BIG (len > ring_max_len),
 * RING_CORRUPT. */
int ring_push(struct ring *r, const void *data, size_t len);
/* Consumer: copies the next message into buf (cap bytes) and sets *len to
 * its length. RING_OK, RING_EMPTY, RING_TOO_BIG (*len is set; the message
 * stays: pop again with a larger buffer, or ring_skip it), RING_CORRUPT. */
int ring_pop(struct ring *r, void *buf, size_t cap, size_t *len);
/* Consumer: drops the next message. RING_OK, RING_EMPTY, RING_CORRUPT. */
int ring_skip(struct ring *r);

#endif
