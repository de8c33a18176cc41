/* The names the fatal dump prints for exception classes and vectors. */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "exception.h"

static void test_classes(void **state)
{
    (void)state;
    assert_string_equal(esr_class_name(0x25), "data abort (same EL)");
    assert_string_equal(esr_class_name(0x24), "data abort (lower EL)");
    assert_string_equal(esr_class_name(0x21), "instruction abort (same EL)");
    assert_string_equal(esr_class_name(0x16), "HVC (AArch64)");
    assert_string_equal(esr_class_name(0x18), "MSR/MRS/system instruction");
    assert_string_equal(esr_class_name(0x3c), "BRK (AArch64)");
    assert_string_equal(esr_class_name(0x00), "unknown reason");
    assert_string_equal(esr_class_name(0x3f), "reserved");
}

static void test_kinds(void **state)
{
    (void)state;
    assert_string_equal(exc_kind_name(EXC_CUR_SPX_SYNC), "sync from EL2");
    assert_string_equal(exc_kind_name(EXC_LOW64_SYNC), "sync from lower EL (AArch64)");
    assert_string_equal(exc_kind_name(EXC_LOW32_SERROR), "SError from lower EL (AArch32)");
    assert_string_equal(exc_kind_name(99), "unknown vector");
}

static void test_fault_status_codes(void **state)
{
    (void)state;
    assert_string_equal(abort_fsc_name(0x07), "translation fault");
    assert_string_equal(abort_fsc_name(0x0f), "permission fault");
    assert_string_equal(abort_fsc_name(0x10), "synchronous external abort");
    assert_string_equal(abort_fsc_name(0x21), "alignment fault");
    assert_string_equal(abort_fsc_name(0x02), "address size fault");
    assert_string_equal(abort_fsc_name(0x3d), "other fault");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_fault_status_codes),
    };
    return cmocka_run_group_tests_name("exception_names", tests, NULL, NULL);
}
