/* The per-CPU scheduler: priority order, round robin with time slices,
 * blocking and waking, tickless deadlines. */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "scheduler.h"
#include <string.h>

#define SLICE 100

static struct sched s;
static struct vcpu v[4];

static int setup(void **state)
{
    (void)state;
    memset(&s, 0, sizeof(s));
    memset(v, 0, sizeof(v));
    for (unsigned i = 0; i < 4; i++) {
        v[i].index = i;
        v[i].state = VCPU_RUNNABLE;
        assert_int_equal(sched_add(&s, &v[i]), 0);
    }
    return 0;
}

static void test_highest_priority_first(void **state)
{
    (void)state;
    v[2].priority = 5;
    assert_ptr_equal(sched_pick(&s, 0), &v[2]);
    assert_ptr_equal(sched_pick(&s, 0), &v[2]); /* alone at its priority: keeps the CPU */
    assert_int_equal(sched_next_event(&s, &v[2], 0, SLICE), 0); /* tickless */
    v[2].state = VCPU_BLOCKED;
    assert_ptr_equal(sched_pick(&s, 0), &v[3]); /* the lower ones take turns */
    assert_ptr_equal(sched_pick(&s, 0), &v[0]);
    assert_ptr_equal(sched_pick(&s, 0), &v[1]);
    assert_ptr_equal(sched_pick(&s, 0), &v[3]);
}

static void test_round_robin_rotation(void **state)
{
    (void)state;
    assert_ptr_equal(sched_pick(&s, 0), &v[0]);
    assert_int_equal(sched_next_event(&s, &v[0], 1000, SLICE), 1000 + SLICE);
    assert_ptr_equal(sched_pick(&s, 0), &v[1]);
    assert_ptr_equal(sched_pick(&s, 0), &v[2]);
    assert_ptr_equal(sched_pick(&s, 0), &v[3]);
    assert_ptr_equal(sched_pick(&s, 0), &v[0]);
}

static void test_block_and_wake(void **state)
{
    (void)state;
    for (unsigned i = 1; i < 4; i++) {
        v[i].state = VCPU_OFF;
    }
    v[0].state = VCPU_BLOCKED;
    v[0].wake_at = 500;
    assert_null(sched_pick(&s, 100));                              /* idle */
    assert_int_equal(sched_next_event(&s, NULL, 100, SLICE), 500); /* wake-up armed */
    assert_ptr_equal(sched_pick(&s, 500), &v[0]);                  /* woken at its deadline */
    assert_int_equal(v[0].state, VCPU_RUNNABLE);
    assert_int_equal(v[0].wake_at, 0);
}

static void test_blocked_forever_and_preemption_deadline(void **state)
{
    (void)state;
    v[0].state = VCPU_BLOCKED; /* WFI with no timer: never woken by time */
    v[0].wake_at = 0;
    v[1].priority = 1;
    v[2].state = VCPU_OFF;
    v[3].state = VCPU_BLOCKED;
    v[3].priority = 9;
    v[3].wake_at = 7000;
    assert_ptr_equal(sched_pick(&s, 5000), &v[1]);
    /* a higher-priority sleeper wakes at 7000: the timer must fire then */
    assert_int_equal(sched_next_event(&s, &v[1], 5000, SLICE), 7000);
    assert_ptr_equal(sched_pick(&s, 7000), &v[3]);
    assert_ptr_equal(sched_pick(&s, 7001), &v[3]);
}

static void test_full(void **state)
{
    (void)state;
    struct vcpu extra = {0};
    for (unsigned i = 4; i < SCHED_MAX_VCPUS; i++) {
        assert_int_equal(sched_add(&s, &extra), 0);
    }
    assert_int_equal(sched_add(&s, &extra), -1);
}

/* Only a vCPU that shares its priority with another of its CPU ever needs
 * a time slice (a handoff to it arms one). */
static void test_shares_priority(void **state)
{
    (void)state;
    struct sched t = {0};
    struct vcpu a[3] = {{.priority = 3}, {.priority = 5}, {.priority = 3}};
    for (unsigned i = 0; i < 3; i++) {
        assert_int_equal(sched_add(&t, &a[i]), 0);
        assert_int_equal(a[i].sched_slot, i);
    }
    assert_true(a[0].shares_priority);
    assert_false(a[1].shares_priority);
    assert_true(a[2].shares_priority);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_highest_priority_first, setup),
        cmocka_unit_test_setup(test_round_robin_rotation, setup),
        cmocka_unit_test_setup(test_block_and_wake, setup),
        cmocka_unit_test_setup(test_blocked_forever_and_preemption_deadline, setup),
        cmocka_unit_test_setup(test_full, setup),
        cmocka_unit_test(test_shares_priority),
    };
    return cmocka_run_group_tests_name("sched", tests, NULL, NULL);
}
