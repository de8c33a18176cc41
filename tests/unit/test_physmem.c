/* Boot-time physical memory for partitions: RAM minus reserved ranges,
 * fixed claims and aligned allocations. */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "physmem.h"
#include <string.h>

#define MiB (1ull << 20)

static struct board b;
static struct physmem pm;

static int setup(void **state)
{
    (void)state;
    memset(&b, 0, sizeof(b));
    b.nr_mem = 2;
    b.mem[0] = (struct pa_range){pa_init(0x40000000), 1024 * MiB};
    b.mem[1] = (struct pa_range){pa_init(0x800000000ull), 512 * MiB};
    board_add_reserved(&b, pa_init(0x40200000), 0x81000);    /* the image */
    board_add_reserved(&b, pa_init(0x48000000), 0x100000);   /* the DTB */
    board_add_reserved(&b, pa_init(0x800000000ull), 0x1000); /* firmware */
    return physmem_init(&pm, &b);
}

static void test_reserved_removed(void **state)
{
    (void)state;
    assert_int_equal(pm.nr, 4);
    assert_int_equal(pa_addr(pm.free[0].base), 0x40000000);
    assert_int_equal(pm.free[0].size, 2 * MiB);
    assert_int_equal(pa_addr(pm.free[1].base), 0x40281000);
    assert_int_equal(pa_addr(pm.free[2].base), 0x48100000);
    assert_int_equal(pa_addr(pm.free[3].base), 0x800001000ull);
    assert_int_equal(physmem_free_bytes(&pm), 1536 * MiB - 0x81000 - 0x100000 - 0x1000);
}

static void test_aligned_alloc(void **state)
{
    (void)state;
    paddr_t a, c;
    assert_int_equal(physmem_alloc(&pm, 2 * MiB, 2 * MiB, &a), 0);
    assert_int_equal(pa_addr(a), 0x40000000);
    assert_int_equal(physmem_alloc(&pm, 2 * MiB, 2 * MiB, &c), 0);
    assert_int_equal(pa_addr(c), 0x40400000); /* next 2 MiB boundary after the image */
    assert_int_equal(physmem_alloc(&pm, 4096 * MiB, 4096, &c), -1);
}

static void test_claim(void **state)
{
    (void)state;
    assert_int_equal(physmem_claim(&pm, pa_init(0x50000000), 16 * MiB), 0);
    assert_int_equal(physmem_claim(&pm, pa_init(0x50800000), 1 * MiB), -1); /* taken */
    assert_int_equal(physmem_claim(&pm, pa_init(0x40200000), 4096), -1);    /* reserved */
    assert_int_equal(physmem_claim(&pm, pa_init(0x7ff00000), 2 * MiB), -1); /* past RAM */
    assert_int_equal(physmem_claim(&pm, pa_init(0x7ff00000), 1 * MiB), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_reserved_removed, setup),
        cmocka_unit_test_setup(test_aligned_alloc, setup),
        cmocka_unit_test_setup(test_claim, setup),
    };
    return cmocka_run_group_tests_name("physmem", tests, NULL, NULL);
}
