/*
 * keelchan: talks to Keel channels from Linux userspace through the
 * keel_chan module's /dev/keel/<name> devices (docs/linux.md).
 *
 *   keelchan echo DEV N          N requests to the native echo service, every
 *                                reply checked: "keelchan: echo N messages ok"
 *   keelchan stream DEV BYTES    BYTES from the native producer through the
 *                                shared memory, every byte and the CRC-32
 *                                checked: "keelchan: stream N bytes ok crc32 0x..."
 *   keelchan send DEV VALUE      sends one u64 (decimal or 0x...)
 *   keelchan recv DEV [MS]       waits (at most MS ms) for bits and prints them
 *   keelchan info DEV            the endpoint, peer and shared memory size
 *   keelchan map DEV             maps the shared memory, checks it holds what
 *                                is written and that bad mappings are refused
 *                                (no hypercall: works without Keel)
 *
 * The protocols are in include/keel/demo.h. Exit status: 0 when all went
 * well, 1 when a check failed or the peer did not answer, 2 for a usage
 * error or a device that is not there.
 */
#define _GNU_SOURCE
#include <keel/demo.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#ifndef REPLY_TIMEOUT_MS /* tests make it shorter */
#define REPLY_TIMEOUT_MS 5000
#endif
#define HELLO_TRIES 5

struct chan {
    const char *path;
    int fd;
    uint32_t seq; /* the last request's */
};

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fputs("keelchan: ", stdout);
    vprintf(fmt, ap);
    putchar('\n');
    fflush(stdout);
    va_end(ap);
}

static int chan_open(struct chan *c, const char *path)
{
    c->path = path;
    c->seq = 0;
    c->fd = open(path, O_RDWR | O_CLOEXEC);
    if (c->fd < 0) {
        int err = errno;
        say("%s: %s", path, err == ENOENT ? "no such device" : strerror(err));
        return err == ENOENT ? 2 : 1;
    }
    return 0;
}

static int chan_send(struct chan *c, uint64_t bits)
{
    ssize_t n = write(c->fd, &bits, sizeof(bits));

    if (n != (ssize_t)sizeof(bits)) {
        say("%s: send: %s", c->path, n < 0 ? strerror(errno) : "short write");
        return -1;
    }
    return 0;
}

/* Waits at most timeout_ms (-1: for ever) for bits. 1 with *bits and
 * *merged, 0 on timeout, -1 on error. */
static int chan_recv(struct chan *c, int timeout_ms, uint64_t *bits, uint64_t *merged)
{
    uint64_t buf[2];

    for (;;) {
        struct pollfd p = {.fd = c->fd, .events = POLLIN};
        int rc = poll(&p, 1, timeout_ms);
        if (rc < 0 && errno == EINTR) {
            continue;
        }
        if (rc < 0) {
            say("%s: poll: %s", c->path, strerror(errno));
            return -1;
        }
        if (rc == 0) {
            return 0;
        }
        ssize_t n = read(c->fd, buf, sizeof(buf));
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            continue; /* another reader took them */
        }
        if (n != (ssize_t)sizeof(buf)) {
            say("%s: read: %s", c->path, n < 0 ? strerror(errno) : "short read");
            return -1;
        }
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        *bits = buf[0];
        *merged = buf[1];
        return 1;
    }
}

/* Throws away whatever is pending (a stale reply from before a restart). */
static void chan_drain(struct chan *c)
{
    uint64_t bits, merged;

    while (chan_recv(c, 0, &bits, &merged) == 1) {
    }
}

/* One request, its reply. 1 with *reply, 0 when none came in time, -1. */
static int request(struct chan *c, uint32_t op, uint32_t value, uint64_t *reply)
{
    uint64_t merged;

    c->seq = (c->seq + 1) & KEEL_DEMO_SEQ_MASK;
    if (chan_send(c, keel_demo_msg(op, c->seq, value)) != 0) {
        return -1;
    }
    return chan_recv(c, REPLY_TIMEOUT_MS, reply, &merged);
}

static bool reply_ok(const struct chan *c, uint64_t reply, uint32_t op)
{
    return keel_demo_op(reply) == (op | KEEL_DEMO_REPLY) && keel_demo_seq(reply) == c->seq;
}

static void describe(const char *what, const struct chan *c, uint64_t reply, uint64_t want)
{
    if (keel_demo_op(reply) == KEEL_DEMO_OP_ERROR) {
        say("%s: %s: the peer answered error %" PRIu32 " (seq %" PRIu32 ")", c->path, what,
            keel_demo_value(reply), keel_demo_seq(reply));
    } else {
        say("%s: %s: got 0x%016" PRIx64 ", want 0x%016" PRIx64, c->path, what, reply, want);
    }
}

/* A number for this run: sequence numbers and stream seeds start there. */
static uint32_t run_nonce(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint32_t)getpid() * 7919u + (uint32_t)ts.tv_nsec + (uint32_t)ts.tv_sec;
}

/* The value a session's first reply must carry: the echo function of the
 * HELLO's value, or the stream's data area size (ctx). */
typedef uint32_t (*first_value_fn)(uint32_t value, uint32_t seq, uint32_t ctx);

static uint32_t echo_value(uint32_t value, uint32_t seq, uint32_t ctx)
{
    (void)ctx;
    return keel_demo_echo_fn(value, seq);
}

static uint32_t fixed_value(uint32_t value, uint32_t seq, uint32_t ctx)
{
    (void)value;
    (void)seq;
    return ctx;
}

/* Starts a session with a request that resets the peer (echo HELLO, stream
 * OPEN): a fresh sequence number, stale replies drained first and, if one
 * slipped in (the reply is not exactly the one expected), the request
 * repeated. 0, or -1 (said). */
static int start_session(struct chan *c, uint32_t op, uint32_t value, first_value_fn want_value,
                         uint32_t ctx)
{
    uint64_t reply = 0, want = 0;

    c->seq = run_nonce() & KEEL_DEMO_SEQ_MASK;
    for (int tries = 0; tries < HELLO_TRIES; tries++) {
        chan_drain(c);
        int rc = request(c, op, value, &reply);
        if (rc < 0) {
            return -1;
        }
        if (rc == 0) {
            say("%s: no answer from the peer within %d ms", c->path, REPLY_TIMEOUT_MS);
            return -1;
        }
        want = keel_demo_msg(op | KEEL_DEMO_REPLY, c->seq, want_value(value, c->seq, ctx));
        if (reply == want) {
            return 0;
        }
    }
    char what[48];
    snprintf(what, sizeof(what), "no good answer to %d session starts", HELLO_TRIES);
    describe(what, c, reply, want);
    return -1;
}

static int cmd_echo(const char *path, unsigned long count)
{
    struct chan c;
    int rc = chan_open(&c, path);

    if (rc != 0) {
        return rc;
    }
    uint64_t reply, want;
    uint32_t nonce = run_nonce();
    if (start_session(&c, KEEL_DEMO_OP_ECHO_HELLO, nonce, echo_value, 0) != 0) {
        return 1;
    }
    for (unsigned long i = 1; i <= count; i++) {
        uint32_t value = (uint32_t)(i * 2654435761u) ^ nonce;
        rc = request(&c, KEEL_DEMO_OP_ECHO_COMPUTE, value, &reply);
        if (rc <= 0) {
            if (rc == 0) {
                say("echo message %lu: no reply within %d ms", i, REPLY_TIMEOUT_MS);
            }
            return 1;
        }
        want = keel_demo_msg(KEEL_DEMO_OP_ECHO_COMPUTE | KEEL_DEMO_REPLY, c.seq,
                             keel_demo_echo_fn(value, c.seq));
        if (reply != want) {
            char what[48];
            snprintf(what, sizeof(what), "echo message %lu bad", i);
            describe(what, &c, reply, want);
            return 1;
        }
    }
    say("echo %lu messages ok", count);
    close(c.fd);
    return 0;
}

/* The size of the device's shared memory, from sysfs (keel_chan's shm_size). */
static int shm_size_of(int fd, uint64_t *size)
{
    struct stat st;
    char path[96];

    if (fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode)) {
        return -1;
    }
    snprintf(path, sizeof(path), "/sys/dev/char/%u:%u/shm_size", major(st.st_rdev),
             minor(st.st_rdev));
    FILE *f = fopen(path, "r");
    if (!f) {
        return -1;
    }
    int ok = fscanf(f, "%" SCNu64, size) == 1;
    fclose(f);
    return ok ? 0 : -1;
}

/* Checks a chunk against the stream it should be part of. The index of the
 * first wrong byte, or len. */
static size_t check_chunk(const volatile uint8_t *data, size_t len, uint32_t seed, uint64_t offset,
                          uint8_t *copy)
{
    for (size_t i = 0; i < len; i++) {
        copy[i] = data[i];
    }
    for (size_t i = 0; i < len; i++) {
        if (copy[i] != keel_demo_stream_byte(seed, offset + i)) {
            return i;
        }
    }
    return len;
}

struct stream {
    struct chan c;
    volatile uint8_t *shm;
    uint64_t shm_size;
    uint32_t seed;
    uint64_t done;
    uint32_t crc;
    uint8_t *copy;
};

/* One NEXT request and its chunk. 0, or 1 on failure (said). */
static int stream_chunk(struct stream *s, uint32_t want)
{
    uint64_t reply;
    int rc = request(&s->c, KEEL_DEMO_OP_STREAM_NEXT, want, &reply);

    if (rc <= 0) {
        if (rc == 0) {
            say("stream at byte %" PRIu64 ": no reply within %d ms", s->done, REPLY_TIMEOUT_MS);
        }
        return 1;
    }
    if (!reply_ok(&s->c, reply, KEEL_DEMO_OP_STREAM_NEXT) || keel_demo_value(reply) != want) {
        describe("stream chunk", &s->c, reply,
                 keel_demo_msg(KEEL_DEMO_OP_STREAM_NEXT | KEEL_DEMO_REPLY, s->c.seq, want));
        return 1;
    }
    const volatile struct keel_demo_stream_hdr *h = (const volatile void *)s->shm;
    if (h->magic != KEEL_DEMO_STREAM_MAGIC || h->seq != s->c.seq || h->offset != s->done ||
        h->len != want || h->seed != s->seed || h->total != s->done + want) {
        say("stream at byte %" PRIu64 ": bad chunk header (magic 0x%08" PRIx32 " seq %" PRIu32
            " offset %" PRIu64 " len %" PRIu32 ")",
            s->done, h->magic, h->seq, h->offset, h->len);
        return 1;
    }
    size_t good = check_chunk(s->shm + KEEL_DEMO_STREAM_HDR_SIZE, want, s->seed, s->done, s->copy);
    if (good != want) {
        say("stream byte %" PRIu64 " is 0x%02x, want 0x%02x", s->done + good, s->copy[good],
            keel_demo_stream_byte(s->seed, s->done + good));
        return 1;
    }
    s->crc = keel_demo_crc32(s->crc, s->copy, want);
    s->done += want;
    return 0;
}

static int stream_run(struct stream *s, uint64_t bytes)
{
    uint64_t reply;
    uint64_t cap = s->shm_size - KEEL_DEMO_STREAM_HDR_SIZE;

    s->seed = run_nonce() * 0x01000193u + 1u;
    if (start_session(&s->c, KEEL_DEMO_OP_STREAM_OPEN, s->seed, fixed_value, (uint32_t)cap) != 0) {
        return 1;
    }
    while (s->done < bytes) {
        uint64_t want = bytes - s->done < cap ? bytes - s->done : cap;
        if (stream_chunk(s, (uint32_t)want) != 0) {
            return 1;
        }
    }
    int rc = request(&s->c, KEEL_DEMO_OP_STREAM_CLOSE, 0, &reply);
    uint64_t want = keel_demo_msg(KEEL_DEMO_OP_STREAM_CLOSE | KEEL_DEMO_REPLY, s->c.seq, s->crc);
    if (rc <= 0 || reply != want) {
        if (rc == 0) {
            say("stream close: no reply within %d ms", REPLY_TIMEOUT_MS);
        } else if (rc > 0) {
            describe("stream close (the producer's CRC-32)", &s->c, reply, want);
        }
        return 1;
    }
    say("stream %" PRIu64 " bytes ok crc32 0x%08" PRIx32, s->done, s->crc);
    return 0;
}

static int cmd_stream(const char *path, uint64_t bytes)
{
    struct stream s = {0};
    int rc = chan_open(&s.c, path);

    if (rc != 0) {
        return rc;
    }
    if (shm_size_of(s.c.fd, &s.shm_size) != 0 || s.shm_size < KEEL_DEMO_STREAM_HDR_SIZE + 64 ||
        s.shm_size > UINT32_MAX) {
        say("%s: no usable shared memory", path);
        return 1;
    }
    void *map = mmap(NULL, s.shm_size, PROT_READ, MAP_SHARED, s.c.fd, 0);
    if (map == MAP_FAILED) {
        say("%s: mmap: %s", path, strerror(errno));
        return 1;
    }
    s.shm = map;
    s.copy = malloc(s.shm_size);
    rc = s.copy ? stream_run(&s, bytes) : 1;
    free(s.copy);
    munmap(map, s.shm_size);
    close(s.c.fd);
    return rc;
}

static int cmd_send(const char *path, uint64_t value)
{
    struct chan c;
    int rc = chan_open(&c, path);

    if (rc != 0) {
        return rc;
    }
    rc = chan_send(&c, value) == 0 ? 0 : 1;
    close(c.fd);
    return rc;
}

static int cmd_recv(const char *path, int timeout_ms)
{
    struct chan c;
    uint64_t bits, merged;
    int rc = chan_open(&c, path);

    if (rc != 0) {
        return rc;
    }
    rc = chan_recv(&c, timeout_ms, &bits, &merged);
    close(c.fd);
    if (rc == 0) {
        say("%s: nothing within %d ms", path, timeout_ms);
        return 1;
    }
    if (rc < 0) {
        return 1;
    }
    printf("0x%016" PRIx64 " merged %" PRIu64 "\n", bits, merged);
    return 0;
}

/* Maps the whole shared region, writes a pattern and reads it back, and
 * checks that a mapping past its end and a private one are refused. It
 * makes no hypercall: the module can be tried without Keel. */
static int cmd_map(const char *path)
{
    struct chan c;
    uint64_t size;
    int rc = chan_open(&c, path);

    if (rc != 0) {
        return rc;
    }
    if (shm_size_of(c.fd, &size) != 0 || size == 0) {
        say("%s: no shared memory", path);
        close(c.fd);
        return 1;
    }
    rc = 1;
    volatile uint64_t *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, c.fd, 0);
    if (m == MAP_FAILED) {
        say("%s: mmap of %" PRIu64 " bytes: %s", path, size, strerror(errno));
        goto out;
    }
    for (uint64_t i = 0; i < size / 8; i++) {
        m[i] = keel_demo_stream_word(7, i);
    }
    for (uint64_t i = 0; i < size / 8; i++) {
        if (m[i] != keel_demo_stream_word(7, i)) {
            say("%s: word %" PRIu64 " did not keep its value", path, i);
            goto unmap;
        }
    }
    long page = sysconf(_SC_PAGESIZE);
    void *big = mmap(NULL, size + (uint64_t)page, PROT_READ, MAP_SHARED, c.fd, 0);
    void *past = mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, c.fd, (off_t)size);
    void *priv = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, c.fd, 0);
    if (big != MAP_FAILED || past != MAP_FAILED || priv != MAP_FAILED) {
        say("%s: a mapping %s was allowed", path,
            big != MAP_FAILED ? "bigger than the region"
                              : (past != MAP_FAILED ? "past the region's end" : "MAP_PRIVATE"));
        goto unmap;
    }
    say("%s: mmap of %" PRIu64 " bytes ok, oversized and private mappings refused", path, size);
    rc = 0;
unmap:
    munmap((void *)m, size);
out:
    close(c.fd);
    return rc;
}

static void print_attr(const char *dir, const char *name)
{
    char path[128], buf[64] = "?";

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (f) {
        if (!fgets(buf, sizeof(buf), f)) {
            strcpy(buf, "?");
        }
        fclose(f);
    }
    buf[strcspn(buf, "\n")] = '\0';
    printf(" %s %s", name, buf);
}

static int cmd_info(const char *path)
{
    struct chan c;
    struct stat st;
    char dir[64];
    int rc = chan_open(&c, path);

    if (rc != 0) {
        return rc;
    }
    if (fstat(c.fd, &st) != 0) {
        say("%s: %s", path, strerror(errno));
        close(c.fd);
        return 1;
    }
    snprintf(dir, sizeof(dir), "/sys/dev/char/%u:%u", major(st.st_rdev), minor(st.st_rdev));
    printf("%s:", path);
    print_attr(dir, "endpoint");
    print_attr(dir, "peer");
    print_attr(dir, "shm_base");
    print_attr(dir, "shm_size");
    putchar('\n');
    close(c.fd);
    return 0;
}

static int usage(void)
{
    fputs("usage: keelchan echo DEV N | stream DEV BYTES | send DEV VALUE | recv DEV [MS] | "
          "info DEV | map DEV\n",
          stderr);
    return 2;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;

    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno != 0 || end == s || *end != '\0' || s[0] == '-') {
        return false;
    }
    *out = v;
    return true;
}

int main(int argc, char **argv)
{
    uint64_t n = 0;

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 3) {
        return usage();
    }
    const char *cmd = argv[1], *dev = argv[2];
    if (strcmp(cmd, "echo") == 0 && argc == 4 && parse_u64(argv[3], &n)) {
        return cmd_echo(dev, (unsigned long)n);
    }
    if (strcmp(cmd, "stream") == 0 && argc == 4 && parse_u64(argv[3], &n)) {
        return cmd_stream(dev, n);
    }
    if (strcmp(cmd, "send") == 0 && argc == 4 && parse_u64(argv[3], &n)) {
        return cmd_send(dev, n);
    }
    if (strcmp(cmd, "recv") == 0 && (argc == 3 || (argc == 4 && parse_u64(argv[3], &n)))) {
        return cmd_recv(dev, argc == 3 ? -1 : (int)(n > INT32_MAX ? INT32_MAX : n));
    }
    if (strcmp(cmd, "info") == 0 && argc == 3) {
        return cmd_info(dev);
    }
    if (strcmp(cmd, "map") == 0 && argc == 3) {
        return cmd_map(dev);
    }
    return usage();
}
