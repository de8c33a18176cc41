/* Decoding trapped loads and stores from their syndrome, for every access
 * size, sign extension and register width, and refusing what cannot be
 * emulated. */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../vcpu/mmio.h"

#define ISV  (1ull << 24)
#define IL   (1ull << 25)
#define DABT (0x24ull << 26)

static uint64_t esr(unsigned sas, bool sse, unsigned srt, bool sf, bool wnr)
{
    return DABT | IL | ISV | (uint64_t)sas << 22 | (uint64_t)sse << 21 | (uint64_t)srt << 16 |
           (uint64_t)sf << 15 | (uint64_t)wnr << 6 | 0x7; /* DFSC: translation fault L3 */
}

static void test_every_size(void **state)
{
    (void)state;
    struct mmio_access a;
    for (unsigned sas = 0; sas < 4; sas++) {
        for (unsigned wnr = 0; wnr < 2; wnr++) {
            assert_int_equal(mmio_decode(esr(sas, false, 5, true, wnr), &a), 0);
            assert_int_equal(a.size, 1u << sas);
            assert_int_equal(a.reg, 5);
            assert_int_equal(a.write, wnr);
            assert_true(a.reg64);
            assert_false(a.sign_extend);
        }
    }
}

static void test_store_values(void **state)
{
    (void)state;
    struct mmio_access a;
    const uint64_t reg = 0x1122334455667788ull;
    const uint64_t want[4] = {0x88, 0x7788, 0x55667788, reg};
    for (unsigned sas = 0; sas < 4; sas++) {
        mmio_decode(esr(sas, false, 3, true, true), &a);
        assert_int_equal(mmio_store_value(&a, reg), want[sas]);
    }
    mmio_decode(esr(2, false, 31, false, true), &a); /* str wzr */
    assert_int_equal(a.reg, 31);
    assert_int_equal(mmio_store_value(&a, reg), 0);
}

static void test_load_extension(void **state)
{
    (void)state;
    struct mmio_access a;
    /* ldrb w0: zero-extended */
    mmio_decode(esr(0, false, 0, false, false), &a);
    assert_int_equal(mmio_load_result(&a, 0xfffffff0ull), 0xf0);
    /* ldrsb x0: sign-extended to 64 bits */
    mmio_decode(esr(0, true, 0, true, false), &a);
    assert_int_equal(mmio_load_result(&a, 0x80), 0xffffffffffffff80ull);
    assert_int_equal(mmio_load_result(&a, 0x7f), 0x7f);
    /* ldrsh w0: sign-extended to 32 bits only */
    mmio_decode(esr(1, true, 0, false, false), &a);
    assert_int_equal(mmio_load_result(&a, 0x8001), 0xffff8001ull);
    /* ldrsw x0 */
    mmio_decode(esr(2, true, 0, true, false), &a);
    assert_int_equal(mmio_load_result(&a, 0x80000000ull), 0xffffffff80000000ull);
    /* ldr w0: upper half cleared */
    mmio_decode(esr(2, false, 0, false, false), &a);
    assert_int_equal(mmio_load_result(&a, 0xdeadbeefcafef00dull), 0xcafef00dull);
    /* ldr x0 */
    mmio_decode(esr(3, false, 0, true, false), &a);
    assert_int_equal(mmio_load_result(&a, 0xdeadbeefcafef00dull), 0xdeadbeefcafef00dull);
}

static void test_refused(void **state)
{
    (void)state;
    struct mmio_access a;
    assert_int_equal(mmio_decode(esr(2, false, 0, false, false) & ~ISV, &a), -1); /* ldp, etc. */
    assert_int_equal(mmio_decode(esr(2, false, 0, false, false) & ~IL, &a), -1);  /* 16-bit */
}

/* A completed load lands in its register (extended); a store, or a load
 * into xzr, changes no register; a store takes its register's value (xzr:
 * 0). */
static void test_complete(void **state)
{
    (void)state;
    uint64_t x[31] = {0};
    struct mmio_access a = {.size = 1, .reg = 3, .sign_extend = true, .reg64 = true};

    mmio_complete(&a, 0x80, x);
    assert_int_equal(x[3], 0xffffffffffffff80ull);
    a.write = true;
    mmio_complete(&a, 0x1, x);
    assert_int_equal(x[3], 0xffffffffffffff80ull);
    a.reg = 31; /* a store of xzr stores 0, not what lies past x30 */
    assert_int_equal(mmio_value_to_store(&a, x), 0);
    a.reg = 3;
    assert_int_equal(mmio_value_to_store(&a, x), 0x80);
    a.write = false;
    assert_int_equal(mmio_value_to_store(&a, x), 0);
    a.reg = 31;
    mmio_complete(&a, 0x1, x);
    for (unsigned i = 0; i < 31; i++) {
        assert_int_equal(x[i], i == 3 ? 0xffffffffffffff80ull : 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_size),     cmocka_unit_test(test_store_values),
        cmocka_unit_test(test_load_extension), cmocka_unit_test(test_refused),
        cmocka_unit_test(test_complete),
    };
    return cmocka_run_group_tests_name("mmio", tests, NULL, NULL);
}
