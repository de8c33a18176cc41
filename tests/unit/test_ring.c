/*
 * The single-producer, single-consumer message ring of the component
 * runtime (components/runtime/ring.c), on the host: set-up and attach,
 * fill and drain, wrap-around with every size, full and empty, buffers too
 * small, a peer that scribbles over the indexes, 100k random messages
 * against a model, and a producer and a consumer on two threads.
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../components/runtime/ring.h"

#define SMALL_SIZE    (RING_HEADER_SIZE + 256)
#define MEDIUM_SIZE   (RING_HEADER_SIZE + 4096)
#define MAX_TEST_LEN  600
#define RANDOM_COUNT  100000
#define THREAD_COUNT  400000
#define THREAD_MAXLEN 300

static _Alignas(64) uint8_t mem[64 * 1024];

/* Message content derived from its sequence number. */
static uint8_t content_byte(uint64_t seq, size_t i)
{
    return (uint8_t)(seq * 131 + i * 7 + (seq >> 8));
}

static void make_message(uint8_t *buf, uint64_t seq, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        buf[i] = content_byte(seq, i);
    }
}

static int message_ok(const uint8_t *buf, uint64_t seq, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (buf[i] != content_byte(seq, i)) {
            return 0;
        }
    }
    return 1;
}

/* A small deterministic generator (xorshift64*). */
static uint64_t next_random(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545f4914f6cdd1dull;
}

static void test_init_and_attach(void **state)
{
    struct ring p, c;

    (void)state;
    memset(mem, 0xa5, sizeof(mem));
    assert_int_equal(ring_init(&p, mem, RING_MIN_SIZE - 1), -1);
    assert_int_equal(ring_init(&p, mem + 4, SMALL_SIZE), -1);
    memset(mem, 0, sizeof(mem));
    assert_int_equal(ring_attach(&c, mem, SMALL_SIZE), -1); /* nobody made it yet */
    assert_int_equal(ring_init(&p, mem, SMALL_SIZE + 5), 0);
    assert_int_equal(p.capacity, 256);
    assert_int_equal(ring_max_len(&p), 248);
    assert_int_equal(ring_free(&p), 256);
    assert_int_equal(ring_attach(&c, mem, SMALL_SIZE + 4096), -1); /* another size */
    assert_int_equal(ring_attach(&c, mem, SMALL_SIZE), 0);
    assert_ptr_equal(c.data, mem + RING_HEADER_SIZE);
    assert_int_equal(offsetof(struct ring_shared, head) % RING_CACHE_LINE, 0);
    assert_int_equal(offsetof(struct ring_shared, tail) % RING_CACHE_LINE, 0);
    assert_true(offsetof(struct ring_shared, tail) - offsetof(struct ring_shared, head) >=
                RING_CACHE_LINE);
    assert_true(sizeof(struct ring_shared) <= RING_HEADER_SIZE);
}

static void test_fill_then_drain(void **state)
{
    struct ring p, c;
    uint8_t msg[24], buf[64];
    size_t len;
    uint64_t pushed = 0;

    (void)state;
    assert_int_equal(ring_init(&p, mem, MEDIUM_SIZE), 0);
    assert_int_equal(ring_attach(&c, mem, MEDIUM_SIZE), 0);
    assert_int_equal(ring_pop(&c, buf, sizeof(buf), &len), RING_EMPTY);
    for (;; pushed++) {
        make_message(msg, pushed, sizeof(msg));
        if (ring_push(&p, msg, sizeof(msg)) != RING_OK) {
            break;
        }
    }
    assert_int_equal(pushed, 4096 / (RING_RECORD_HDR + 24)); /* 32-byte records */
    assert_int_equal(ring_free(&p), 0);
    assert_int_equal(ring_push(&p, msg, 0), RING_FULL);
    for (uint64_t seq = 0; seq < pushed; seq++) {
        assert_int_equal(ring_pop(&c, buf, sizeof(buf), &len), RING_OK);
        assert_int_equal(len, sizeof(msg));
        assert_true(message_ok(buf, seq, len));
    }
    assert_int_equal(ring_pop(&c, buf, sizeof(buf), &len), RING_EMPTY);
    assert_int_equal(ring_free(&p), 4096);
}

/* For every length 0..MAX_TEST_LEN, enough messages of that length to
 * cross the end of the data several times, at every alignment the record
 * size allows. */
static void test_wrap_around_every_size(void **state)
{
    struct ring p, c;
    uint8_t msg[MAX_TEST_LEN], buf[MAX_TEST_LEN];
    size_t len;
    uint64_t seq = 0;

    (void)state;
    assert_int_equal(ring_init(&p, mem, RING_HEADER_SIZE + 1000), 0);
    assert_int_equal(ring_attach(&c, mem, RING_HEADER_SIZE + 1000), 0);
    for (size_t size = 0; size <= MAX_TEST_LEN; size++) {
        for (unsigned round = 0; round < 8; round++, seq++) {
            make_message(msg, seq, size);
            assert_int_equal(ring_push(&p, msg, size), RING_OK);
            assert_int_equal(ring_pop(&c, buf, sizeof(buf), &len), RING_OK);
            assert_int_equal(len, size);
            assert_true(message_ok(buf, seq, size));
        }
    }
    assert_int_equal(ring_pop(&c, buf, sizeof(buf), &len), RING_EMPTY);
    assert_true(p.head > 50 * p.capacity); /* wrapped many times */
}

static void test_full_empty_and_limits(void **state)
{
    struct ring p, c;
    uint8_t msg[256], buf[256];
    size_t len = 12345;

    (void)state;
    make_message(msg, 7, sizeof(msg));
    assert_int_equal(ring_init(&p, mem, SMALL_SIZE), 0);
    assert_int_equal(ring_attach(&c, mem, SMALL_SIZE), 0);
    assert_int_equal(ring_push(&p, msg, 249), RING_TOO_BIG);
    assert_int_equal(ring_push(&p, msg, 248), RING_OK); /* exactly the whole ring */
    assert_int_equal(ring_push(&p, msg, 0), RING_FULL);
    assert_int_equal(ring_pop(&c, buf, 100, &len), RING_TOO_BIG);
    assert_int_equal(len, 248); /* told how much it needs; the record stays */
    assert_int_equal(ring_pop(&c, buf, sizeof(buf), &len), RING_OK);
    assert_memory_equal(buf, msg, 248);
    assert_int_equal(ring_pop(&c, buf, sizeof(buf), &len), RING_EMPTY);
    /* A zero-length message is a message. */
    assert_int_equal(ring_push(&p, msg, 0), RING_OK);
    assert_int_equal(ring_pop(&c, buf, 0, &len), RING_OK);
    assert_int_equal(len, 0);
    /* ring_skip drops what does not fit. */
    assert_int_equal(ring_push(&p, msg, 100), RING_OK);
    assert_int_equal(ring_push(&p, msg + 1, 3), RING_OK);
    assert_int_equal(ring_pop(&c, buf, 10, &len), RING_TOO_BIG);
    assert_int_equal(ring_skip(&c), RING_OK);
    assert_int_equal(ring_pop(&c, buf, 10, &len), RING_OK);
    assert_int_equal(len, 3);
    assert_memory_equal(buf, msg + 1, 3);
    assert_int_equal(ring_skip(&c), RING_EMPTY);
}

/* A peer that writes nonsense into the shared indexes or a record header
 * gets RING_CORRUPT; nothing is read or written outside. */
static void test_corrupt_peer(void **state)
{
    struct ring p, c;
    uint8_t msg[16] = {0}, buf[16];
    size_t len;

    (void)state;
    assert_int_equal(ring_init(&p, mem, SMALL_SIZE), 0);
    assert_int_equal(ring_attach(&c, mem, SMALL_SIZE), 0);
    p.shared->head = 1000000; /* far beyond the capacity */
    assert_int_equal(ring_pop(&c, buf, sizeof(buf), &len), RING_CORRUPT);
    p.shared->head = 4; /* not a whole record */
    assert_int_equal(ring_pop(&c, buf, sizeof(buf), &len), RING_CORRUPT);
    p.shared->head = 0;
    assert_int_equal(ring_push(&p, msg, 8), RING_OK);
    c.data[0] ^= 0x40; /* the length no longer matches its check */
    assert_int_equal(ring_pop(&c, buf, sizeof(buf), &len), RING_CORRUPT);
    c.data[0] ^= 0x40;
    *(uint64_t *)(void *)c.data = 200ull | (uint64_t)(uint32_t)~200u << 32; /* past head */
    assert_int_equal(ring_pop(&c, buf, sizeof(buf), &len), RING_CORRUPT);
    c.shared->tail = p.head + 8; /* the consumer claims more than was pushed */
    assert_int_equal(ring_push(&p, msg, 8), RING_CORRUPT);
    assert_int_equal(ring_free(&p), 0);
}

/* RANDOM_COUNT messages of random sizes, pushed and popped in random
 * bursts, checked against the sequence they were pushed in. */
static void test_random_messages(void **state)
{
    struct ring p, c;
    uint8_t msg[MAX_TEST_LEN], buf[MAX_TEST_LEN];
    uint64_t rnd = 0x1234567, sent = 0, received = 0;
    size_t len, lens[4096] = {0};

    (void)state;
    assert_int_equal(ring_init(&p, mem, MEDIUM_SIZE + 40), 0);
    assert_int_equal(ring_attach(&c, mem, MEDIUM_SIZE + 40), 0);
    while (received < RANDOM_COUNT) {
        unsigned burst = (unsigned)(next_random(&rnd) % 16);
        for (unsigned i = 0; i < burst && sent < RANDOM_COUNT; i++) {
            size_t n = (size_t)(next_random(&rnd) % MAX_TEST_LEN);
            make_message(msg, sent, n);
            if (ring_push(&p, msg, n) != RING_OK) {
                break;
            }
            lens[sent++ % 4096] = n;
        }
        burst = (unsigned)(next_random(&rnd) % 16);
        for (unsigned i = 0; i < burst; i++) {
            int rc = ring_pop(&c, buf, sizeof(buf), &len);
            if (rc == RING_EMPTY) {
                break;
            }
            assert_int_equal(rc, RING_OK);
            assert_int_equal(len, lens[received % 4096]);
            assert_true(message_ok(buf, received, len));
            received++;
        }
    }
    assert_int_equal(sent, RANDOM_COUNT);
    assert_int_equal(ring_pop(&c, buf, sizeof(buf), &len), RING_EMPTY);
}

struct thread_ring {
    struct ring ring;
    unsigned long full, empty;
    unsigned long bad; /* consumer: messages with a wrong length or content */
};

static size_t thread_len(uint64_t seq)
{
    return (size_t)((seq * 2654435761u) % THREAD_MAXLEN);
}

static void *producer(void *arg)
{
    struct thread_ring *t = arg;
    uint8_t msg[THREAD_MAXLEN];

    for (uint64_t seq = 0; seq < THREAD_COUNT;) {
        size_t n = thread_len(seq);
        make_message(msg, seq, n);
        if (n >= 8) {
            memcpy(msg, &seq, sizeof(seq));
        }
        if (ring_push(&t->ring, msg, n) == RING_OK) {
            seq++;
        } else {
            t->full++;
            sched_yield();
        }
    }
    return NULL;
}

static void *consumer(void *arg)
{
    struct thread_ring *t = arg;
    uint8_t buf[THREAD_MAXLEN], want[THREAD_MAXLEN];
    size_t len;

    for (uint64_t seq = 0; seq < THREAD_COUNT;) {
        int rc = ring_pop(&t->ring, buf, sizeof(buf), &len);
        if (rc == RING_EMPTY) {
            t->empty++;
            sched_yield();
            continue;
        }
        size_t n = thread_len(seq);
        make_message(want, seq, n);
        if (n >= 8) {
            memcpy(want, &seq, sizeof(seq));
        }
        t->bad += rc != RING_OK || len != n || memcmp(buf, want, n) != 0;
        seq++;
    }
    return NULL;
}

/* A producer and a consumer thread, a small ring so that both often find
 * it full or empty: every message arrives, in order, intact. */
static void test_two_threads(void **state)
{
    struct thread_ring prod = {0}, cons = {0};
    pthread_t tp, tc;

    (void)state;
    assert_int_equal(ring_init(&prod.ring, mem, RING_HEADER_SIZE + 2048), 0);
    assert_int_equal(ring_attach(&cons.ring, mem, RING_HEADER_SIZE + 2048), 0);
    assert_int_equal(pthread_create(&tc, NULL, consumer, &cons), 0);
    assert_int_equal(pthread_create(&tp, NULL, producer, &prod), 0);
    assert_int_equal(pthread_join(tp, NULL), 0);
    assert_int_equal(pthread_join(tc, NULL), 0);
    assert_int_equal(cons.bad, 0);
    assert_int_equal(prod.ring.head, cons.ring.tail);
    print_message("two threads: %d messages, producer found it full %lu times, consumer "
                  "found it empty %lu times\n",
                  THREAD_COUNT, prod.full, cons.empty);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_and_attach),
        cmocka_unit_test(test_fill_then_drain),
        cmocka_unit_test(test_wrap_around_every_size),
        cmocka_unit_test(test_full_empty_and_limits),
        cmocka_unit_test(test_corrupt_peer),
        cmocka_unit_test(test_random_messages),
        cmocka_unit_test(test_two_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
