/* The translation-table builder, run on the host and checked by walking
 * the tables it built. */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pgtable.h"
#include <stdlib.h>

#define POOL_PAGES 32
#define GiB        (1ull << 30)
#define MiB        (1ull << 20)
#define ATTRS      0x704ull /* any attribute bits: AF, SH, AttrIndx 1 */

static uint8_t pool_mem[POOL_PAGES][PAGE_SIZE] __attribute__((aligned(4096)));
static struct page_pool pool;
static struct pgtable pt;

static int setup(void **state)
{
    (void)state;
    pool = (struct page_pool){(uint8_t *)pool_mem, POOL_PAGES, 0};
    return pgtable_init(&pt, &pool, 0);
}

static void expect_map(uint64_t va, uint64_t pa, uint64_t size)
{
    paddr_t out;
    uint64_t attrs, map_size;
    assert_int_equal(pgtable_lookup(&pt, va, &out, &attrs, &map_size), 0);
    assert_int_equal(pa_addr(out), pa);
    assert_int_equal(attrs, ATTRS);
    assert_int_equal(map_size, size);
}

static void test_blocks_where_aligned(void **state)
{
    (void)state;
    /* 1 GiB + 2 MiB + 8 KiB starting on a 1 GiB boundary */
    assert_int_equal(pgtable_map(&pt, GiB, pa_init(GiB), GiB + 2 * MiB + 8192, ATTRS), 0);
    expect_map(GiB, GiB, GiB);
    expect_map(GiB + 12345, GiB + 12345, GiB);
    expect_map(2 * GiB, 2 * GiB, 2 * MiB);
    expect_map(2 * GiB + 2 * MiB, 2 * GiB + 2 * MiB, PAGE_SIZE);
    expect_map(2 * GiB + 2 * MiB + 4096, 2 * GiB + 2 * MiB + 4096, PAGE_SIZE);
    paddr_t out;
    uint64_t attrs, size;
    assert_int_equal(pgtable_lookup(&pt, 2 * GiB + 2 * MiB + 8192, &out, &attrs, &size), -1);
    assert_int_equal(size, PAGE_SIZE);
    assert_int_equal(pgtable_lookup(&pt, 0, &out, &attrs, &size), -1);
    assert_int_equal(size, GiB);
    /* root, one L1, one L2, one L3 */
    assert_int_equal(pool.used, 4);
}

static void test_unaligned_pa_uses_pages(void **state)
{
    (void)state;
    /* VA 2 MiB aligned but PA only 4 KiB aligned: no block possible */
    assert_int_equal(pgtable_map(&pt, 4 * MiB, pa_init(0x80001000), 2 * MiB, ATTRS), 0);
    expect_map(4 * MiB, 0x80001000, PAGE_SIZE);
    expect_map(6 * MiB - 4096, 0x80001000 + 2 * MiB - 4096, PAGE_SIZE);
}

static void test_overlap_refused(void **state)
{
    (void)state;
    assert_int_equal(pgtable_map(&pt, 2 * MiB, pa_init(2 * MiB), 2 * MiB, ATTRS), 0);
    assert_int_equal(pgtable_map(&pt, 3 * MiB, pa_init(3 * MiB), PAGE_SIZE, ATTRS), -2);
    assert_int_equal(pgtable_map(&pt, 0, pa_init(0), 4 * MiB, ATTRS), -2);
    /* a page mapped first, then a block over it is refused too */
    assert_int_equal(pgtable_map(&pt, 8 * MiB, pa_init(8 * MiB), PAGE_SIZE, ATTRS), 0);
    assert_int_equal(pgtable_map(&pt, 8 * MiB, pa_init(8 * MiB), 2 * MiB, ATTRS), -2);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    assert_int_equal(pgtable_map(&pt, 0x1001, pa_init(0x1000), PAGE_SIZE, ATTRS), -1);
    assert_int_equal(pgtable_map(&pt, 0x1000, pa_init(0x1800), PAGE_SIZE, ATTRS), -1);
    assert_int_equal(pgtable_map(&pt, 0x1000, pa_init(0x1000), 100, ATTRS), -1);
    assert_int_equal(pgtable_map(&pt, 0x1000, pa_init(0x1000), 0, ATTRS), -1);
    assert_int_equal(pgtable_map(&pt, 1ull << 48, pa_init(0), PAGE_SIZE, ATTRS), -1);
    assert_int_equal(pgtable_map(&pt, 0, pa_init(1ull << 48), PAGE_SIZE, ATTRS), -1);
}

static void test_pool_exhaustion(void **state)
{
    (void)state;
    int rc = 0;
    /* every page in its own 1 GiB region needs an L2 and an L3 table */
    for (uint64_t i = 0; i < POOL_PAGES && rc == 0; i++) {
        rc = pgtable_map(&pt, i * GiB, pa_init(i * GiB), PAGE_SIZE, ATTRS);
    }
    assert_int_equal(rc, -3);
    assert_int_equal(pool.used, POOL_PAGES);
}

static void test_start_level_one(void **state)
{
    (void)state;
    struct pgtable pt1;
    assert_int_equal(pgtable_init(&pt1, &pool, 1), 0);
    assert_int_equal(pgtable_map(&pt1, GiB, pa_init(GiB), GiB, ATTRS), 0);
    assert_int_equal(pgtable_map(&pt1, 512 * GiB, pa_init(0), PAGE_SIZE, ATTRS), -1);
    paddr_t out;
    uint64_t attrs, size;
    assert_int_equal(pgtable_lookup(&pt1, GiB + 5, &out, &attrs, &size), 0);
    assert_int_equal(size, GiB);
    assert_int_equal(pgtable_init(&pt1, &pool, 3), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_blocks_where_aligned, setup),
        cmocka_unit_test_setup(test_unaligned_pa_uses_pages, setup),
        cmocka_unit_test_setup(test_overlap_refused, setup),
        cmocka_unit_test_setup(test_bad_arguments, setup),
        cmocka_unit_test_setup(test_pool_exhaustion, setup),
        cmocka_unit_test_setup(test_start_level_one, setup),
    };
    return cmocka_run_group_tests_name("pgtable", tests, NULL, NULL);
}
