/* The console mux: see console_mux.h and docs/console.md. */
#include "console_mux.h"

#include "console.h"
#include <keel/format.h>
#include <string.h>

#define ESC     0x1b
#define ESC_ONE 1 /* after ESC */
#define ESC_CSI 2 /* after ESC [ */
#define NOTE    128

void mux_stream_reset(struct mux_stream *st)
{
    memset(st, 0, sizeof(*st));
}

/* Escape-sequence filter: true if c belongs to a sequence (drop it). */
static bool in_escape(uint8_t *state, uint8_t c)
{
    if (*state == ESC_ONE) {
        *state = (c == '[') ? ESC_CSI : 0;
        return true;
    }
    if (*state == ESC_CSI) {
        if (c >= 0x40 && c <= 0x7e) {
            *state = 0; /* the final byte */
        }
        return true;
    }
    if (c == ESC) {
        *state = ESC_ONE;
        return true;
    }
    return false;
}

static bool is_control(uint8_t c)
{
    return (c < 0x20 && c != '\t') || c == 0x7f;
}

/* Keeps what a written unfinished line shows, to repeat it after an
 * interruption: printable text, with backspaces and '\r' applied. */
static void remember(struct mux_stream *st, uint8_t c)
{
    if (in_escape(&st->shown_esc, c)) {
        return;
    }
    if (c == '\b' || c == 0x7f) {
        st->shown_len -= st->shown_len > 0 ? 1 : 0;
    } else if (c == '\r') {
        st->shown_len = 0;
    } else if (!is_control(c) && st->shown_len < MUX_LINE_MAX) {
        st->shown[st->shown_len++] = (char)c;
    }
}

static void emit(struct mux_stream *st, int owner, const char *tag, bool complete)
{
    console_lock();
    if (console_open_owner() != owner) {
        console_write_as(owner, tag, strlen(tag));
        console_write_as(owner, st->shown, st->shown_len);
    }
    console_write_as(owner, st->buf, st->len);
    if (complete) {
        console_write_as(owner, "\n", 1);
        console_set_open(-1);
        st->shown_len = 0;
        st->shown_esc = 0;
    } else {
        console_set_open(owner);
        for (unsigned i = 0; i < st->len; i++) {
            remember(st, (uint8_t)st->buf[i]);
        }
    }
    console_unlock();
    st->len = 0;
    st->since = 0;
}

static void append(struct mux_stream *st, int owner, const char *tag, uint8_t c, uint64_t now)
{
    if (st->len == 0) {
        st->since = now;
    }
    st->buf[st->len++] = (char)c;
    if (st->len == MUX_LINE_MAX) {
        emit(st, owner, tag, false);
    }
}

void mux_stream_put(struct mux_stream *st, int owner, const char *tag, uint8_t c, bool raw,
                    uint64_t now)
{
    if (st->cr) {
        st->cr = false;
        if (c != '\n' && raw) {
            append(st, owner, tag, '\r', now);
        }
    }
    if (c == '\r') {
        st->cr = true;
    } else if (c == '\n') {
        emit(st, owner, tag, true);
    } else if (raw || (!in_escape(&st->esc, c) && !is_control(c))) {
        append(st, owner, tag, c, now);
    }
}

void mux_stream_flush(struct mux_stream *st, int owner, const char *tag)
{
    if (st->len > 0) {
        emit(st, owner, tag, false);
    }
}

bool mux_stream_stale(const struct mux_stream *st, uint64_t now, uint64_t age)
{
    return st->len > 0 && now - st->since >= age;
}

void mux_stream_reprint(struct mux_stream *st, int owner, const char *tag)
{
    if (st->len > 0) {
        emit(st, owner, tag, false);
        return;
    }
    console_lock();
    if (st->shown_len > 0 && console_open_owner() != owner) {
        console_write_as(owner, tag, strlen(tag));
        console_write_as(owner, st->shown, st->shown_len);
        console_set_open(owner);
    }
    console_unlock();
}

void mux_write_line(int owner, const char *tag, const char *s, size_t n)
{
    console_lock();
    console_write_as(owner, tag, strlen(tag));
    console_write_as(owner, s, n);
    console_write_as(owner, "\n", 1);
    console_set_open(-1);
    console_unlock();
}

void mux_tag(char tag[MUX_TAG_MAX], const char *name, unsigned nr_vcpus, unsigned vcpu)
{
    if (nr_vcpus > 1) {
        fmt_format(tag, MUX_TAG_MAX, "[%s.%u] ", name, vcpu);
    } else {
        fmt_format(tag, MUX_TAG_MAX, "[%s] ", name);
    }
}

/* ---- Input -------------------------------------------------------------- */

static void note(const char *s)
{
    size_t n = strlen(s);

    console_lock();
    console_write(s, n);
    console_write("\n", 1);
    console_unlock();
}

void mux_add(struct console_mux *m, unsigned index, const char *name, bool is_linux, bool usable)
{
    if (index >= MUX_MAX_PARTS) {
        return;
    }
    m->parts[index] = (struct mux_part){name, is_linux, usable && name != NULL};
    if (index >= m->nr) {
        m->nr = index + 1;
    }
    m->focus = m->nr;
}

void mux_focus_initial(struct console_mux *m)
{
    m->focus = m->nr;
    for (unsigned i = 0; i < m->nr && m->focus == m->nr; i++) {
        if (m->parts[i].usable && m->parts[i].is_linux) {
            m->focus = i;
        }
    }
    for (unsigned i = 0; i < m->nr && m->focus == m->nr; i++) {
        if (m->parts[i].usable) {
            m->focus = i;
        }
    }
}

static void focus_on(struct console_mux *m, unsigned i)
{
    char line[NOTE];

    if (i >= m->nr || !m->parts[i].usable) {
        fmt_format(line, sizeof(line),
                   "keel: no partition %u to give input to (Ctrl-] l lists them)", i + 1);
    } else {
        m->focus = i;
        fmt_format(line, sizeof(line), "keel: console input -> %s", m->parts[i].name);
    }
    note(line);
}

static void focus_next(struct console_mux *m)
{
    for (unsigned n = 1; n <= m->nr; n++) {
        unsigned i = (m->focus + n) % m->nr;
        if (m->parts[i].usable) {
            focus_on(m, i);
            return;
        }
    }
    note("keel: no partition to give input to");
}

static void list(const struct console_mux *m)
{
    char line[NOTE];

    note("keel: partitions (> has console input):");
    for (unsigned i = 0; i < m->nr; i++) {
        const struct mux_part *p = &m->parts[i];
        const char *state = !p->usable ? "not started" : m->state ? m->state(i) : "";
        fmt_format(line, sizeof(line), "keel: %c %u %-16s %-6s %s", i == m->focus ? '>' : ' ',
                   i + 1, p->name ? p->name : "?", p->is_linux ? "linux" : "native", state);
        note(line);
    }
}

static void help(void)
{
    note("keel: console commands: Ctrl-] then l (list), n (next partition), 1-9 (that "
         "partition), Ctrl-] (send Ctrl-])");
}

int mux_input(struct console_mux *m, uint8_t c)
{
    bool focused = m->focus < m->nr;

    if (!m->escape) {
        if (c == MUX_ESCAPE) {
            m->escape = true;
            return -1;
        }
        return focused ? c : -1;
    }
    m->escape = false;
    if (c == MUX_ESCAPE) {
        return focused ? c : -1;
    }
    if (c == 'l') {
        list(m);
    } else if (c == 'n') {
        focus_next(m);
    } else if (c >= '1' && c <= '9') {
        focus_on(m, (unsigned)(c - '1'));
    } else {
        help();
    }
    return -1;
}
