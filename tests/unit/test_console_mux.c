/* The console mux on the host, over the real console.c and a fake UART:
 * tagging, line buffering, unfinished lines and who may continue them,
 * control bytes, the escape commands and the input focus. */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../fake/console_fake.h"
#include "console_mux.h"
#include <string.h>

#define A 1 /* terminal owners */
#define B 2

static struct mux_stream sa, sb;
static struct console_mux m;
static uint64_t now = 1;

static int setup(void **state)
{
    (void)state;
    fake_console_reset();
    mux_stream_reset(&sa);
    mux_stream_reset(&sb);
    memset(&m, 0, sizeof(m));
    now = 1;
    return 0;
}

/* The terminal shows exactly this ("\n" is written as "\r\n"). */
static void expect(const char *want)
{
    char full[FAKE_CONSOLE_MAX];
    size_t n = 0;
    for (; *want != '\0' && n + 2 < sizeof(full); want++) {
        if (*want == '\n') {
            full[n++] = '\r';
        }
        full[n++] = *want;
    }
    full[n] = '\0';
    assert_string_equal(fake_console_out, full);
}

static void put(struct mux_stream *st, int owner, const char *tag, const char *s, bool raw)
{
    for (; *s != '\0'; s++) {
        mux_stream_put(st, owner, tag, (uint8_t)*s, raw, now++);
    }
}

static void test_lines_are_tagged(void **state)
{
    (void)state;
    put(&sa, A, "[alpha] ", "hello\r\nworld\n", false);
    expect("[alpha] hello\n[alpha] world\n");
}

static void test_nothing_before_newline(void **state)
{
    (void)state;
    put(&sa, A, "[alpha] ", "no newline yet", false);
    expect("");
    put(&sa, A, "[alpha] ", "\n", false);
    expect("[alpha] no newline yet\n");
}

static void test_streams_do_not_interleave(void **state)
{
    (void)state;
    put(&sa, A, "[a] ", "one ", false);
    put(&sb, B, "[b] ", "two ", false);
    put(&sa, A, "[a] ", "three\n", false);
    put(&sb, B, "[b] ", "four\n", false);
    expect("[a] one three\n[b] two four\n");
}

static void test_full_line_is_written(void **state)
{
    (void)state;
    char line[MUX_LINE_MAX + 1];
    memset(line, 'x', MUX_LINE_MAX);
    line[MUX_LINE_MAX] = '\0';
    put(&sa, A, "[a] ", line, false);
    assert_int_equal(fake_console_len, 4 + MUX_LINE_MAX); /* written, left open */
    assert_int_equal(console_open_owner(), A);
    put(&sa, A, "[a] ", "y\n", false);
    assert_int_equal(fake_console_len, 4 + MUX_LINE_MAX + 3); /* continued: no second tag */
}

static void test_idle_flush_and_continue(void **state)
{
    (void)state;
    put(&sa, A, "[linux] ", "root@debian:~# ", true);
    mux_stream_flush(&sa, A, "[linux] ");
    expect("[linux] root@debian:~# ");
    assert_int_equal(console_open_owner(), A);
    put(&sa, A, "[linux] ", "l", true); /* the echo of a typed key */
    mux_stream_flush(&sa, A, "[linux] ");
    put(&sa, A, "[linux] ", "s\r\n", true);
    expect("[linux] root@debian:~# ls\n");
    assert_int_equal(console_open_owner(), -1);
}

static void test_others_end_an_open_line(void **state)
{
    (void)state;
    put(&sa, A, "[linux] ", "login: ", true);
    mux_stream_flush(&sa, A, "[linux] ");
    put(&sb, B, "[b] ", "tick\n", false);
    console_lock();
    console_write("[0] keel line\n", 14);
    console_unlock();
    put(&sa, A, "[linux] ", "r", true);
    mux_stream_flush(&sa, A, "[linux] ");
    /* the unfinished part is repeated after the tag */
    expect("[linux] login: \n[b] tick\n[0] keel line\n[linux] login: r");
}

static void test_reprint(void **state)
{
    (void)state;
    put(&sa, A, "[a] ", "$ ", true);
    mux_stream_flush(&sa, A, "[a] ");
    put(&sb, B, "[b] ", "x\n", false);
    mux_stream_reprint(&sa, A, "[a] ");
    mux_stream_reprint(&sa, A, "[a] "); /* already showing: nothing */
    expect("[a] $ \n[b] x\n[a] $ ");
}

static void test_repeat_applies_backspace(void **state)
{
    (void)state;
    put(&sa, A, "[a] ", "$ lx\b \bs", true);
    mux_stream_flush(&sa, A, "[a] ");
    put(&sb, B, "[b] ", "x\n", false);
    mux_stream_reprint(&sa, A, "[a] ");
    expect("[a] $ lx\b \bs\n[b] x\n[a] $ ls");
}

static void test_unfocused_control_filtered(void **state)
{
    (void)state;
    put(&sa, A, "[a] ",
        "\x1b[1;32mOK\x1b[0m\ttab\x07"
        "bell\x1b"
        "cZ\r\n",
        false);
    put(&sa, A, "[a] ",
        "caf\xc3\xa9"
        "\n",
        false); /* UTF-8 passes */
    expect("[a] OK\ttabbellZ\n[a] caf\xc3\xa9"
           "\n");
}

static void test_focused_control_passes(void **state)
{
    (void)state;
    put(&sa, A, "[a] ",
        "\x1b[6n\x08"
        "x\ry\r\n",
        true);
    expect("[a] \x1b[6n\x08"
           "x\ry\n");
}

static void test_stale(void **state)
{
    (void)state;
    assert_false(mux_stream_stale(&sa, 100, 10));
    mux_stream_put(&sa, A, "[a] ", 'x', false, 50);
    assert_false(mux_stream_stale(&sa, 55, 10));
    assert_true(mux_stream_stale(&sa, 60, 10));
}

static void test_native_lines(void **state)
{
    (void)state;
    char tag[MUX_TAG_MAX];
    mux_tag(tag, "pair", 2, 1);
    assert_string_equal(tag, "[pair.1] ");
    mux_tag(tag, "solo", 1, 0);
    assert_string_equal(tag, "[solo] ");
    put(&sa, A, "[a] ", "$ ", true);
    mux_stream_flush(&sa, A, "[a] ");
    mux_write_line(7, tag, "count 1", 7);
    expect("[a] $ \n[solo] count 1\n");
}

/* ---- input ---- */

static const char *state_of(unsigned i)
{
    return i == 1 ? "stopped" : "running";
}

static void three_partitions(void)
{
    mux_add(&m, 0, "alpha", false, true);
    mux_add(&m, 1, "beta", false, true);
    mux_add(&m, 2, "linux", true, true);
    m.state = state_of;
}

static void test_initial_focus_prefers_linux(void **state)
{
    (void)state;
    three_partitions();
    mux_focus_initial(&m);
    assert_int_equal(m.focus, 2);
    memset(&m, 0, sizeof(m));
    mux_add(&m, 0, "gone", false, false);
    mux_add(&m, 1, "alpha", false, true);
    mux_add(&m, 2, "beta", false, true);
    mux_focus_initial(&m);
    assert_int_equal(m.focus, 1); /* the first one that was created */
    memset(&m, 0, sizeof(m));
    mux_focus_initial(&m);
    assert_int_equal(m.focus, 0); /* none: focus == nr */
    assert_int_equal(mux_input(&m, 'x'), -1);
}

static void test_bytes_go_to_focus(void **state)
{
    (void)state;
    three_partitions();
    mux_focus_initial(&m);
    assert_int_equal(mux_input(&m, 'a'), 'a');
    assert_int_equal(mux_input(&m, 0x03), 0x03); /* Ctrl-C is the partition's */
    assert_int_equal(mux_input(&m, 0x1b), 0x1b);
    expect("");
}

static void test_escape_switches(void **state)
{
    (void)state;
    three_partitions();
    mux_focus_initial(&m);
    assert_int_equal(mux_input(&m, MUX_ESCAPE), -1);
    assert_int_equal(mux_input(&m, 'n'), -1);
    assert_int_equal(m.focus, 0); /* wraps around */
    assert_int_equal(mux_input(&m, MUX_ESCAPE), -1);
    assert_int_equal(mux_input(&m, '2'), -1);
    assert_int_equal(m.focus, 1);
    assert_int_equal(mux_input(&m, 'q'), 'q');
    expect("keel: console input -> alpha\nkeel: console input -> beta\n");
}

static void test_escape_literal_and_errors(void **state)
{
    (void)state;
    three_partitions();
    mux_add(&m, 3, "refused", false, false);
    mux_focus_initial(&m);
    assert_int_equal(mux_input(&m, MUX_ESCAPE), -1);
    assert_int_equal(mux_input(&m, MUX_ESCAPE), MUX_ESCAPE); /* sent once */
    assert_int_equal(mux_input(&m, 'z'), 'z');
    mux_input(&m, MUX_ESCAPE);
    mux_input(&m, '4'); /* not created */
    mux_input(&m, MUX_ESCAPE);
    mux_input(&m, '9'); /* no such */
    assert_int_equal(m.focus, 2);
    fake_console_reset();
    mux_input(&m, MUX_ESCAPE);
    mux_input(&m, '?');
    assert_non_null(strstr(fake_console_out, "keel: console commands: Ctrl-] then l"));
    assert_int_equal(m.focus, 2);
    fake_console_reset();
    mux_input(&m, MUX_ESCAPE);
    mux_input(&m, 'n'); /* skips the one that was not created */
    assert_int_equal(m.focus, 0);
}

static void test_no_partition_messages(void **state)
{
    (void)state;
    three_partitions();
    mux_add(&m, 3, "refused", false, false);
    mux_focus_initial(&m);
    mux_input(&m, MUX_ESCAPE);
    mux_input(&m, '4');
    mux_input(&m, MUX_ESCAPE);
    mux_input(&m, '9');
    expect("keel: no partition 4 to give input to (Ctrl-] l lists them)\n"
           "keel: no partition 9 to give input to (Ctrl-] l lists them)\n");
}

static void test_list(void **state)
{
    (void)state;
    three_partitions();
    mux_add(&m, 3, "refused", false, false);
    mux_focus_initial(&m);
    mux_input(&m, MUX_ESCAPE);
    mux_input(&m, 'l');
    expect("keel: partitions (> has console input):\n"
           "keel:   1 alpha            native running\n"
           "keel:   2 beta             native stopped\n"
           "keel: > 3 linux            linux  running\n"
           "keel:   4 refused          native not started\n");
}

static void test_list_breaks_open_line(void **state)
{
    (void)state;
    three_partitions();
    mux_focus_initial(&m);
    put(&sa, A, "[linux] ", "# ", true);
    mux_stream_flush(&sa, A, "[linux] ");
    mux_input(&m, MUX_ESCAPE);
    mux_input(&m, '1');
    expect("[linux] # \nkeel: console input -> alpha\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_lines_are_tagged, setup),
        cmocka_unit_test_setup(test_nothing_before_newline, setup),
        cmocka_unit_test_setup(test_streams_do_not_interleave, setup),
        cmocka_unit_test_setup(test_full_line_is_written, setup),
        cmocka_unit_test_setup(test_idle_flush_and_continue, setup),
        cmocka_unit_test_setup(test_others_end_an_open_line, setup),
        cmocka_unit_test_setup(test_reprint, setup),
        cmocka_unit_test_setup(test_repeat_applies_backspace, setup),
        cmocka_unit_test_setup(test_unfocused_control_filtered, setup),
        cmocka_unit_test_setup(test_focused_control_passes, setup),
        cmocka_unit_test_setup(test_stale, setup),
        cmocka_unit_test_setup(test_native_lines, setup),
        cmocka_unit_test_setup(test_initial_focus_prefers_linux, setup),
        cmocka_unit_test_setup(test_bytes_go_to_focus, setup),
        cmocka_unit_test_setup(test_escape_switches, setup),
        cmocka_unit_test_setup(test_escape_literal_and_errors, setup),
        cmocka_unit_test_setup(test_no_partition_messages, setup),
        cmocka_unit_test_setup(test_list, setup),
        cmocka_unit_test_setup(test_list_breaks_open_line, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
