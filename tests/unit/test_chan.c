/* Channel endpoint state: sends OR together until received, the merge and
 * total counters, endpoint numbers a partition does not have, and no bit
 * lost under concurrent senders. */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "chan_state.h"
#include <pthread.h>
#include <string.h>

static void test_send_receive_merge(void **state)
{
    (void)state;
    struct chan_state s = {0};
    uint64_t bits, merged, received;

    chan_state_deliver(&s, 0x1);
    chan_state_deliver(&s, 0x4);
    chan_state_deliver(&s, 0x1);
    chan_state_peek(&s, &bits, &received);
    assert_int_equal(bits, 0x5); /* peek does not clear */
    assert_int_equal(received, 3);
    chan_state_take(&s, &bits, &merged);
    assert_int_equal(bits, 0x5);
    assert_int_equal(merged, 3); /* three sends merged into these bits */
    chan_state_take(&s, &bits, &merged);
    assert_int_equal(bits, 0);
    assert_int_equal(merged, 0);
    chan_state_deliver(&s, 0); /* a send with no bits still counts */
    chan_state_take(&s, &bits, &merged);
    assert_int_equal(bits, 0);
    assert_int_equal(merged, 1);
    chan_state_peek(&s, &bits, &received);
    assert_int_equal(received, 4);
}

static void test_drop_on_restart(void **state)
{
    (void)state;
    struct chan_state s = {0};
    uint64_t bits, merged, received;

    chan_state_deliver(&s, 0xff);
    chan_state_drop(&s);
    chan_state_take(&s, &bits, &merged);
    assert_int_equal(bits, 0);
    assert_int_equal(merged, 0);
    chan_state_peek(&s, &bits, &received);
    assert_int_equal(received, 1); /* the total survives */
}

static void test_lookup_only_own_endpoints(void **state)
{
    (void)state;
    int a, b;
    void *table[4] = {&a, NULL, &b, NULL};
    unsigned misses = 0;

    assert_ptr_equal(chan_lookup(table, 4, 0, &misses), &a);
    assert_ptr_equal(chan_lookup(table, 4, 2, &misses), &b);
    assert_int_equal(misses, 0);
    assert_null(chan_lookup(table, 4, 1, &misses)); /* a hole */
    assert_null(chan_lookup(table, 4, 4, &misses)); /* past the table */
    assert_null(chan_lookup(table, 4, 1000, &misses));
    assert_null(chan_lookup(table, 4, UINT64_MAX, &misses)); /* -1 */
    assert_null(chan_lookup(table, 4, 1ull << 32, &misses)); /* would be 0 if truncated */
    assert_int_equal(misses, 5);
}

#define SENDS_PER_THREAD 200000

static struct chan_state shared;
static volatile int go;

static void *sender(void *arg)
{
    uint64_t bit = (uint64_t)(uintptr_t)arg;
    while (!go) {
    }
    for (int i = 0; i < SENDS_PER_THREAD; i++) {
        chan_state_deliver(&shared, bit);
    }
    return NULL;
}

static void test_concurrent_senders_lose_nothing(void **state)
{
    (void)state;
    pthread_t t[2];
    uint64_t seen = 0, merged_total = 0, bits, merged;

    memset(&shared, 0, sizeof(shared));
    pthread_create(&t[0], NULL, sender, (void *)(uintptr_t)0x10);
    pthread_create(&t[1], NULL, sender, (void *)(uintptr_t)0x20);
    go = 1;
    for (int i = 0; i < 100000; i++) {
        chan_state_take(&shared, &bits, &merged);
        seen |= bits;
        merged_total += merged;
    }
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    chan_state_take(&shared, &bits, &merged);
    seen |= bits;
    merged_total += merged;
    assert_int_equal(seen, 0x30);
    assert_int_equal(merged_total, 2 * SENDS_PER_THREAD); /* every send counted once */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_send_receive_merge),
        cmocka_unit_test(test_drop_on_restart),
        cmocka_unit_test(test_lookup_only_own_endpoints),
        cmocka_unit_test(test_concurrent_senders_lose_nothing),
    };
    return cmocka_run_group_tests_name("chan", tests, NULL, NULL);
}
