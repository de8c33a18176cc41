/* Stage-2 vspaces built on the host (arch hooks faked) and checked by
 * walking the tables: memory as blocks, devices as pages, nothing else. */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "vspace.h"

#define MiB  (1ull << 20)
#define POOL 16

static uint8_t pages[POOL][PAGE_SIZE] __attribute__((aligned(4096)));

static void test_partition_layout(void **state)
{
    (void)state;
    struct page_pool pool = {(uint8_t *)pages, POOL, 0};
    struct vspace vs;
    paddr_t pa;
    uint64_t attrs, size;

    assert_int_equal(vspace_init(&vs, &pool, 1, 7), 0);
    assert_int_equal(vs.vmid, 7);
    /* 4 MiB of RAM at IPA 0x40000000 backed at PA 0x60000000 */
    assert_int_equal(vspace_map(&vs, 0x40000000, pa_init(0x60000000), 4 * MiB, VSPACE_MEMORY), 0);
    /* a passthrough device at its own address */
    assert_int_equal(vspace_map(&vs, 0x09030000, pa_init(0x09030000), 0x1000, VSPACE_DEVICE), 0);

    assert_int_equal(vspace_translate(&vs, 0x40123456, &pa), 0);
    assert_int_equal(pa_addr(pa), 0x60123456);
    assert_int_equal(pgtable_lookup(&vs.pt, 0x40200000, &pa, &attrs, &size), 0);
    assert_int_equal(size, 2 * MiB); /* blocks */
    assert_int_equal(attrs, arch_stage2_attrs(VSPACE_MEMORY));
    assert_int_equal(pgtable_lookup(&vs.pt, 0x09030010, &pa, &attrs, &size), 0);
    assert_int_equal(size, PAGE_SIZE);
    assert_int_equal(attrs, arch_stage2_attrs(VSPACE_DEVICE));
    /* nothing else is there */
    assert_int_equal(vspace_translate(&vs, 0x40400000, &pa), -1);
    assert_int_equal(vspace_translate(&vs, 0x3ffff000, &pa), -1);
    assert_int_equal(vspace_translate(&vs, 0x09031000, &pa), -1);
    assert_int_equal(vspace_translate(&vs, 0x08000000, &pa), -1);
    /* mapping over what is there is refused */
    assert_int_equal(vspace_map(&vs, 0x40000000, pa_init(0x70000000), 4096, VSPACE_MEMORY), -2);
    /* a 39-bit IPA space: no mapping at or above 512 GiB */
    assert_int_equal(vspace_map(&vs, 1ull << 39, pa_init(0), 4096, VSPACE_MEMORY), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_partition_layout),
    };
    return cmocka_run_group_tests_name("vspace", tests, NULL, NULL);
}
