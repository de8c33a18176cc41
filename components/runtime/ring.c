/* The single-producer, single-consumer message ring: see ring.h. */
#include "ring.h"

#include <string.h>

static uint64_t record_size(uint64_t len)
{
    return RING_RECORD_HDR + ((len + 7) & ~7ull);
}

static uint64_t record_header(uint32_t len)
{
    return (uint64_t)len | (uint64_t)(uint32_t)~len << 32;
}

static int layout(struct ring *r, void *mem, size_t size)
{
    if (mem == NULL || ((uintptr_t)mem & 7) != 0 || size < RING_MIN_SIZE) {
        return -1;
    }
    r->shared = mem;
    r->data = (uint8_t *)mem + RING_HEADER_SIZE;
    r->capacity = (size - RING_HEADER_SIZE) & ~(size_t)7;
    return 0;
}

int ring_init(struct ring *r, void *mem, size_t size)
{
    if (layout(r, mem, size) != 0) {
        return -1;
    }
    struct ring_shared *sh = r->shared;
    __atomic_store_n(&sh->magic, 0u, __ATOMIC_RELAXED);
    sh->version = RING_VERSION;
    sh->capacity = r->capacity;
    __atomic_store_n(&sh->head, 0ull, __ATOMIC_RELAXED);
    __atomic_store_n(&sh->tail, 0ull, __ATOMIC_RELAXED);
    r->head = 0;
    r->tail = 0;
    __atomic_store_n(&sh->magic, RING_MAGIC, __ATOMIC_RELEASE);
    return 0;
}

int ring_attach(struct ring *r, void *mem, size_t size)
{
    if (layout(r, mem, size) != 0) {
        return -1;
    }
    struct ring_shared *sh = r->shared;
    if (__atomic_load_n(&sh->magic, __ATOMIC_ACQUIRE) != RING_MAGIC ||
        sh->version != RING_VERSION || sh->capacity != r->capacity) {
        return -1;
    }
    r->head = __atomic_load_n(&sh->head, __ATOMIC_ACQUIRE);
    r->tail = __atomic_load_n(&sh->tail, __ATOMIC_ACQUIRE);
    return 0;
}

size_t ring_max_len(const struct ring *r)
{
    uint64_t max = r->capacity - RING_RECORD_HDR;
    return max > UINT32_MAX ? UINT32_MAX : (size_t)max;
}

/* The consumer's count as the producer may trust it, or -1ull. */
static uint64_t producer_view_of_tail(const struct ring *r)
{
    uint64_t tail = __atomic_load_n(&r->shared->tail, __ATOMIC_ACQUIRE);
    uint64_t used = r->head - tail;

    return (used > r->capacity || (used & 7) != 0) ? ~0ull : tail;
}

size_t ring_free(const struct ring *r)
{
    uint64_t tail = producer_view_of_tail(r);
    return tail == ~0ull ? 0 : (size_t)(r->capacity - (r->head - tail));
}

/* Copies n bytes to/from the data at count `at`, continuing at the start
 * of data past its end. */
static void copy_in(struct ring *r, uint64_t at, const void *src, size_t n)
{
    uint64_t pos = at % r->capacity;
    size_t first = (size_t)(r->capacity - pos) < n ? (size_t)(r->capacity - pos) : n;

    memcpy(r->data + pos, src, first);
    memcpy(r->data, (const uint8_t *)src + first, n - first);
}

static void copy_out(const struct ring *r, uint64_t at, void *dst, size_t n)
{
    uint64_t pos = at % r->capacity;
    size_t first = (size_t)(r->capacity - pos) < n ? (size_t)(r->capacity - pos) : n;

    memcpy(dst, r->data + pos, first);
    memcpy((uint8_t *)dst + first, r->data, n - first);
}

int ring_push(struct ring *r, const void *data, size_t len)
{
    if (len > ring_max_len(r)) {
        return RING_TOO_BIG;
    }
    uint64_t tail = producer_view_of_tail(r);
    if (tail == ~0ull) {
        return RING_CORRUPT;
    }
    uint64_t need = record_size(len);
    if (r->capacity - (r->head - tail) < need) {
        return RING_FULL;
    }
    uint64_t *hdr = (uint64_t *)(void *)(r->data + r->head % r->capacity);
    __atomic_store_n(hdr, record_header((uint32_t)len), __ATOMIC_RELAXED);
    copy_in(r, r->head + RING_RECORD_HDR, data, len);
    r->head += need;
    __atomic_store_n(&r->shared->head, r->head, __ATOMIC_RELEASE);
    return RING_OK;
}

/* The length of the next record, checked against what the producer has
 * published: RING_OK with *len and *size set, RING_EMPTY, RING_CORRUPT. */
static int next_record(const struct ring *r, uint64_t *len, uint64_t *size)
{
    uint64_t head = __atomic_load_n(&r->shared->head, __ATOMIC_ACQUIRE);
    uint64_t avail = head - r->tail;

    if (avail == 0) {
        return RING_EMPTY;
    }
    if (avail > r->capacity || (avail & 7) != 0) {
        return RING_CORRUPT;
    }
    const uint64_t *hdr = (const uint64_t *)(const void *)(r->data + r->tail % r->capacity);
    uint64_t h = __atomic_load_n(hdr, __ATOMIC_RELAXED); /* read once: the peer may change it */
    uint32_t n = (uint32_t)h;
    if ((uint32_t)(h >> 32) != (uint32_t)~n || record_size(n) > avail) {
        return RING_CORRUPT;
    }
    *len = n;
    *size = record_size(n);
    return RING_OK;
}

static void consume(struct ring *r, uint64_t size)
{
    r->tail += size;
    __atomic_store_n(&r->shared->tail, r->tail, __ATOMIC_RELEASE);
}

int ring_pop(struct ring *r, void *buf, size_t cap, size_t *len)
{
    uint64_t n, size;
    int rc = next_record(r, &n, &size);

    if (rc != RING_OK) {
        return rc;
    }
    if (len != NULL) {
        *len = (size_t)n;
    }
    if (n > cap) {
        return RING_TOO_BIG;
    }
    copy_out(r, r->tail + RING_RECORD_HDR, buf, (size_t)n);
    consume(r, size);
    return RING_OK;
}

int ring_skip(struct ring *r)
{
    uint64_t n, size;
    int rc = next_record(r, &n, &size);

    if (rc == RING_OK) {
        consume(r, size);
    }
    return rc;
}
