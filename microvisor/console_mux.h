/*
 * The console mux: one physical UART shared by every partition's console
 * (docs/console.md). Pure logic over console.h (lock, write): unit tested
 * on the host against a fake console.
 *
 * Output: each partition stream is buffered a line at a time and written
 * tagged with the partition's name ("[name] text"); Keel's own lines and
 * other partitions' lines never land inside it. A line left unfinished on
 * the terminal (a prompt, flushed when the partition went idle) is
 * continued by its own stream; anything else ends it with a newline first,
 * and the stream's next output repeats the unfinished part after its tag.
 *
 * Input: bytes typed go to the partition that has input focus, except for
 * the escape Ctrl-] (0x1d) and the command key after it.
 */
#ifndef KEEL_CONSOLE_MUX_H
#define KEEL_CONSOLE_MUX_H

#include <keel/config.h>
#include <keel/types.h>

#define MUX_LINE_MAX  120
#define MUX_TAG_MAX   (CONFIG_NAME_LEN + 8)
#define MUX_MAX_PARTS CONFIG_MAX_PARTITIONS
#define MUX_ESCAPE    0x1d /* Ctrl-] */

/* One partition output stream (a vPL011's transmitted bytes). */
struct mux_stream {
    char buf[MUX_LINE_MAX]; /* not written yet */
    unsigned len;
    char shown[MUX_LINE_MAX]; /* the unfinished line already on the terminal */
    unsigned shown_len;
    uint8_t shown_esc; /* escape-sequence state of what shown keeps */
    uint8_t esc;       /* 0; 1: after ESC; 2: inside ESC [ ... (filtered) */
    bool cr;           /* a '\r' held back: dropped if '\n' follows */
    uint64_t since;    /* when the oldest byte in buf arrived; 0: buf empty */
};

void mux_stream_reset(struct mux_stream *st);

/*
 * One byte a partition transmitted, at time now (counter ticks, non-zero).
 * owner identifies the stream on the terminal (>= 0), tag is what starts
 * its lines ("[name] "). "\r\n" becomes one newline; a line is written at
 * '\n' or when MUX_LINE_MAX bytes wait. raw (the stream has input focus):
 * other control bytes and escape sequences pass, for the user's terminal;
 * otherwise tabs stay, escape sequences (ESC [ ... final byte, or ESC and
 * one byte) and other control bytes are dropped. Bytes >= 0x80 (UTF-8)
 * always pass. Takes the console lock when it writes.
 */
void mux_stream_put(struct mux_stream *st, int owner, const char *tag, uint8_t c, bool raw,
                    uint64_t now);

/* Writes what waits as an unfinished line (the partition went idle, or it
 * waited too long). Takes the console lock if there is anything. */
void mux_stream_flush(struct mux_stream *st, int owner, const char *tag);

/* True if bytes have waited since before now - age. */
bool mux_stream_stale(const struct mux_stream *st, uint64_t now, uint64_t age);

/* Shows the stream's unfinished line again (focus came to it). */
void mux_stream_reprint(struct mux_stream *st, int owner, const char *tag);

/* Writes one whole line, tagged (a native's hypercall output). */
void mux_write_line(int owner, const char *tag, const char *s, size_t n);

/* "[name] " or, for a partition with several vCPUs, "[name.vcpu] ". */
void mux_tag(char tag[MUX_TAG_MAX], const char *name, unsigned nr_vcpus, unsigned vcpu);

/* Input. */
struct mux_part {
    const char *name;
    bool is_linux;
    bool usable; /* created at boot: input can go to it */
};

struct console_mux {
    struct mux_part parts[MUX_MAX_PARTS];
    unsigned nr;    /* partitions, in config order */
    unsigned focus; /* the one input goes to; nr: none */
    bool escape;    /* Ctrl-] typed: the next byte is a command */
    /* "running", "stopped"...: for the list command; may be NULL */
    const char *(*state)(unsigned index);
};

/* Records partition `index` (usable: it was created). */
void mux_add(struct console_mux *m, unsigned index, const char *name, bool is_linux, bool usable);
/* Focus on the first Linux partition, else on the first partition. */
void mux_focus_initial(struct console_mux *m);

/*
 * One byte typed. Returns it (0..255) if it goes to the focused partition,
 * or -1 if the mux consumed it. Ctrl-] then:
 *   l        lists the partitions (number, name, kind, state, focus)
 *   n        moves input to the next partition
 *   1 .. 9   moves input to that partition (numbered from 1, config order)
 *   Ctrl-]   sends one Ctrl-] to the focused partition
 *   anything else prints the list of commands.
 * A focus change prints "keel: console input -> NAME". With no partition,
 * every byte is consumed.
 */
int mux_input(struct console_mux *m, uint8_t c);

#endif
