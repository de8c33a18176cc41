/* The freestanding formatter against what printf would print. */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <keel/format.h>
#include <stdio.h>
#include <string.h>

/* These tests feed the formatter bad formats and NULL on purpose. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wformat-extra-args"

#define CHECK_FMT(expect, ...)                                                                     \
    do {                                                                                           \
        char buf_[128];                                                                            \
        size_t n_ = fmt_format(buf_, sizeof(buf_), __VA_ARGS__);                                   \
        assert_string_equal(buf_, expect);                                                         \
        assert_int_equal(n_, strlen(expect));                                                      \
    } while (0)

static void test_integers(void **state)
{
    (void)state;
    CHECK_FMT("0", "%d", 0);
    CHECK_FMT("-42", "%d", -42);
    CHECK_FMT("-2147483648", "%d", (int)INT32_MIN);
    CHECK_FMT("4294967295", "%u", 0xffffffffu);
    CHECK_FMT("18446744073709551615", "%llu", 0xffffffffffffffffull);
    CHECK_FMT("-9223372036854775808", "%lld", (long long)INT64_MIN);
    CHECK_FMT("deadbeef", "%x", 0xdeadbeefu);
    CHECK_FMT("DEADBEEF", "%X", 0xdeadbeefu);
    CHECK_FMT("0x1f", "%#x", 0x1fu);
    CHECK_FMT("17", "%o", 15u);
    CHECK_FMT("+5", "%+d", 5);
    CHECK_FMT(" 5", "% d", 5);
    CHECK_FMT("255", "%hhu", 0x1ffu);
    CHECK_FMT("-1", "%hd", 0xffff);
    CHECK_FMT("123456789012", "%zu", (size_t)123456789012ull);
}

static void test_width_precision(void **state)
{
    (void)state;
    CHECK_FMT("   42", "%5d", 42);
    CHECK_FMT("42   |", "%-5d|", 42);
    CHECK_FMT("00042", "%05d", 42);
    CHECK_FMT("-0042", "%05d", -42);
    CHECK_FMT("  042", "%5.3d", 42);
    CHECK_FMT("0000000000001000", "%016llx", 0x1000ull);
    CHECK_FMT("   ab", "%*x", 5, 0xabu);
    CHECK_FMT("", "%.0d", 0);
    CHECK_FMT("x0  ", "%-4s", "x0");
    CHECK_FMT("  abc", "%5s", "abc");
    CHECK_FMT("ab", "%.2s", "abcdef");
}

static void test_strings_chars_pointers(void **state)
{
    (void)state;
    CHECK_FMT("hello world", "%s %s", "hello", "world");
    CHECK_FMT("(null)", "%s", (char *)NULL);
    CHECK_FMT("c=Z", "c=%c", 'Z');
    CHECK_FMT("100%", "100%%");
    CHECK_FMT("0x40000000", "%p", (void *)0x40000000ul);
}

static void test_unknown_and_truncated(void **state)
{
    char small[8];
    (void)state;
    CHECK_FMT("%y", "%y");
    CHECK_FMT("trailing %", "trailing %");
    size_t n = fmt_format(small, sizeof(small), "%s", "0123456789");
    assert_int_equal(n, 10);
    assert_string_equal(small, "0123456");
    n = fmt_format(small, 0, "abc");
    assert_int_equal(n, 3);
}

static void test_matches_libc(void **state)
{
    static const long long values[] = {0, 1, -1, 7, 4096, -123456789, 0x7fffffffffffffffll};
    char ours[64], libc[64];
    (void)state;
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        fmt_format(ours, sizeof(ours), "[%lld|%12lld|%-12lld|%012llx]", values[i], values[i],
                   values[i], (unsigned long long)values[i]);
        snprintf(libc, sizeof(libc), "[%lld|%12lld|%-12lld|%012llx]", values[i], values[i],
                 values[i], (unsigned long long)values[i]);
        assert_string_equal(ours, libc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_width_precision),
        cmocka_unit_test(test_strings_chars_pointers),
        cmocka_unit_test(test_unknown_and_truncated),
        cmocka_unit_test(test_matches_libc),
    };
    return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
