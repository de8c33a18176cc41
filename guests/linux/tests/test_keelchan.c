/*
 * keelchan on the host, against a fake /dev/keel device: the system calls
 * it makes (open, read, write, poll, mmap, fstat, fopen of the sysfs
 * attribute) are redirected to a fake channel whose peer answers at once,
 * as components/echo and components/producer do (include/keel/demo.h).
 * The fake can leave a stale reply pending, spoil a reply or a byte of the
 * stream, or stay silent, and keelchan must notice each.
 */
#define _GNU_SOURCE

/* keelchan.c's calls go to the fakes below, and so do the declarations
 * in the system headers it includes. */
#define main             keelchan_main
#define open             fake_open
#define close            fake_close
#define read             fake_read
#define write            fake_write
#define poll             fake_poll
#define mmap             fake_mmap
#define munmap           fake_munmap
#define fstat            fake_fstat
#define fopen            fake_fopen
#define REPLY_TIMEOUT_MS 50
/* The whole program, static functions and all. */
// NOLINTNEXTLINE(bugprone-suspicious-include)
#include "../user/keelchan.c"
#undef main
#undef open
#undef close
#undef read
#undef write
#undef poll
#undef mmap
#undef munmap
#undef fstat
#undef fopen

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#define FAKE_FD      42
#define FAKE_MAJOR   250
#define FAKE_MINOR   3
#define FAKE_SHM     65536u
#define FAKE_ECHO    "/dev/keel/echo"
#define FAKE_STREAM  "/dev/keel/stream"
#define FAKE_SYSATTR "/sys/dev/char/250:3/shm_size"

struct fake {
    bool stream; /* which service answers */
    uint64_t pending, merged;
    uint64_t stale;            /* left pending at open */
    unsigned long requests;    /* requests seen */
    unsigned long spoil_at;    /* the reply to that request is wrong (0: none) */
    unsigned long silent_at;   /* that request gets no reply (0: none) */
    unsigned long bad_byte_at; /* that NEXT's chunk has a wrong byte (0: none) */
    /* the producer, its memory in fake_shm */
    bool open;
    uint32_t seed, crc;
    uint64_t offset;
};

static struct fake fake;
static uint8_t fake_shm[FAKE_SHM] __attribute__((aligned(4096)));

static uint64_t stream_answer(struct fake *f, uint32_t op, uint32_t seq, uint32_t value)
{
    struct keel_demo_stream_hdr *h = (void *)fake_shm;
    uint8_t *data = fake_shm + KEEL_DEMO_STREAM_HDR_SIZE;

    switch (op) {
    case KEEL_DEMO_OP_STREAM_OPEN:
        f->open = true;
        f->seed = value;
        f->offset = 0;
        f->crc = 0;
        return keel_demo_msg(op | KEEL_DEMO_REPLY, seq, FAKE_SHM - KEEL_DEMO_STREAM_HDR_SIZE);
    case KEEL_DEMO_OP_STREAM_NEXT:
        for (uint32_t i = 0; i < value; i++) {
            data[i] = keel_demo_stream_byte(f->seed, f->offset + i);
        }
        if (f->requests == f->bad_byte_at) {
            data[value / 2] ^= 0x10;
        }
        f->crc = keel_demo_crc32(f->crc, data, value);
        *h = (struct keel_demo_stream_hdr){.magic = KEEL_DEMO_STREAM_MAGIC,
                                           .seq = seq,
                                           .offset = f->offset,
                                           .len = value,
                                           .seed = f->seed,
                                           .total = f->offset + value};
        f->offset += value;
        return keel_demo_msg(op | KEEL_DEMO_REPLY, seq, value);
    case KEEL_DEMO_OP_STREAM_CLOSE:
        return keel_demo_msg(op | KEEL_DEMO_REPLY, seq, f->crc);
    default:
        return keel_demo_msg(KEEL_DEMO_OP_ERROR, seq, KEEL_DEMO_ERR_OP);
    }
}

static uint64_t echo_answer(uint32_t op, uint32_t seq, uint32_t value)
{
    if (op != KEEL_DEMO_OP_ECHO_HELLO && op != KEEL_DEMO_OP_ECHO_COMPUTE) {
        return keel_demo_msg(KEEL_DEMO_OP_ERROR, seq, KEEL_DEMO_ERR_OP);
    }
    return keel_demo_msg(op | KEEL_DEMO_REPLY, seq, keel_demo_echo_fn(value, seq));
}

int fake_open(const char *path, int flags, ...)
{
    (void)flags;
    if (strcmp(path, FAKE_ECHO) != 0 && strcmp(path, FAKE_STREAM) != 0) {
        errno = ENOENT;
        return -1;
    }
    fake.stream = strcmp(path, FAKE_STREAM) == 0;
    fake.pending = fake.stale;
    fake.merged = fake.stale ? 1 : 0;
    return FAKE_FD;
}

int fake_close(int fd)
{
    assert_int_equal(fd, FAKE_FD);
    return 0;
}

ssize_t fake_write(int fd, const void *buf, size_t n)
{
    uint64_t msg;

    assert_int_equal(fd, FAKE_FD);
    if (n != sizeof(msg)) {
        errno = EINVAL;
        return -1;
    }
    memcpy(&msg, buf, sizeof(msg));
    fake.requests++;
    if (fake.requests == fake.silent_at) {
        return (ssize_t)n;
    }
    uint32_t op = keel_demo_op(msg), seq = keel_demo_seq(msg), value = keel_demo_value(msg);
    uint64_t reply =
        fake.stream ? stream_answer(&fake, op, seq, value) : echo_answer(op, seq, value);
    if (fake.requests == fake.spoil_at) {
        reply ^= 1u << 7;
    }
    fake.pending |= reply;
    fake.merged++;
    return (ssize_t)n;
}

ssize_t fake_read(int fd, void *buf, size_t n)
{
    uint64_t out[2] = {fake.pending, fake.merged};

    assert_int_equal(fd, FAKE_FD);
    if (n < sizeof(uint64_t)) {
        errno = EINVAL;
        return -1;
    }
    if (fake.merged == 0) {
        errno = EAGAIN;
        return -1;
    }
    n = n >= sizeof(out) ? sizeof(out) : sizeof(uint64_t);
    memcpy(buf, out, n);
    fake.pending = 0;
    fake.merged = 0;
    return (ssize_t)n;
}

int fake_poll(struct pollfd *fds, nfds_t n, int timeout)
{
    (void)timeout;
    assert_int_equal(n, 1);
    assert_int_equal(fds[0].fd, FAKE_FD);
    fds[0].revents = (short)(POLLOUT | (fake.merged ? POLLIN : 0));
    return (fds[0].events & fds[0].revents) ? 1 : 0;
}

void *fake_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    (void)addr;
    (void)prot;
    assert_int_equal(fd, FAKE_FD);
    if (!fake.stream || !(flags & MAP_SHARED) || off != 0 || len > FAKE_SHM) {
        errno = EINVAL;
        return MAP_FAILED;
    }
    return fake_shm;
}

int fake_munmap(void *addr, size_t len)
{
    (void)len;
    assert_ptr_equal(addr, fake_shm);
    return 0;
}

int fake_fstat(int fd, struct stat *st)
{
    assert_int_equal(fd, FAKE_FD);
    memset(st, 0, sizeof(*st));
    st->st_mode = S_IFCHR | 0600;
    st->st_rdev = makedev(FAKE_MAJOR, FAKE_MINOR);
    return 0;
}

FILE *fake_fopen(const char *path, const char *mode)
{
    static char size[16];

    assert_string_equal(mode, "r");
    if (strcmp(path, FAKE_SYSATTR) != 0) {
        errno = ENOENT;
        return NULL;
    }
    snprintf(size, sizeof(size), "%u\n", fake.stream ? FAKE_SHM : 0u);
    return fmemopen(size, strlen(size), "r");
}

static int run(const char *cmd, const char *dev, const char *arg)
{
    char *argv[] = {"keelchan", (char *)cmd, (char *)dev, (char *)arg, NULL};

    return keelchan_main(arg ? 4 : 3, argv);
}

static int setup(void **state)
{
    (void)state;
    memset(&fake, 0, sizeof(fake));
    return 0;
}

static void echo_ok(void **state)
{
    (void)state;
    assert_int_equal(run("echo", FAKE_ECHO, "1000"), 0);
    assert_int_equal(fake.requests, 1001); /* HELLO and 1000 */
}

static void echo_drains_a_stale_reply(void **state)
{
    (void)state;
    fake.stale = keel_demo_msg(KEEL_DEMO_OP_ECHO_COMPUTE | KEEL_DEMO_REPLY, 12, 0xdead);
    assert_int_equal(run("echo", FAKE_ECHO, "10"), 0);
}

static void echo_retries_a_spoiled_hello(void **state)
{
    (void)state;
    fake.spoil_at = 1; /* as if a late stale reply merged into it */
    assert_int_equal(run("echo", FAKE_ECHO, "10"), 0);
    assert_int_equal(fake.requests, 2 + 10);
}

static void echo_bad_reply_fails(void **state)
{
    (void)state;
    fake.spoil_at = 5;
    assert_int_equal(run("echo", FAKE_ECHO, "10"), 1);
    assert_int_equal(fake.requests, 5);
}

static void echo_no_reply_fails(void **state)
{
    (void)state;
    fake.silent_at = 3;
    assert_int_equal(run("echo", FAKE_ECHO, "10"), 1);
    assert_int_equal(fake.requests, 3);
}

static void no_device(void **state)
{
    (void)state;
    assert_int_equal(run("echo", "/dev/keel/secret", "10"), 2);
    assert_int_equal(run("info", "/dev/keel/secret", NULL), 2);
}

static void stream_ok(void **state)
{
    (void)state;
    assert_int_equal(run("stream", FAKE_STREAM, "1048576"), 0);
    assert_int_equal(fake.offset, 1048576);
    /* OPEN, 17 chunks (16 full ones of 65472 bytes and the rest), CLOSE */
    assert_int_equal(fake.requests, 1 + 17 + 1);
}

static void stream_odd_size_ok(void **state)
{
    (void)state;
    assert_int_equal(run("stream", FAKE_STREAM, "100003"), 0);
    assert_int_equal(fake.offset, 100003);
}

static void stream_bad_byte_fails(void **state)
{
    (void)state;
    fake.bad_byte_at = 4;
    assert_int_equal(run("stream", FAKE_STREAM, "1048576"), 1);
    assert_int_equal(fake.requests, 4);
}

static void stream_bad_crc_fails(void **state)
{
    (void)state;
    fake.spoil_at = 1 + 2 + 1; /* OPEN, 2 chunks, CLOSE */
    assert_int_equal(run("stream", FAKE_STREAM, "100000"), 1);
}

static void usage_errors(void **state)
{
    (void)state;
    assert_int_equal(run("echo", FAKE_ECHO, "ten"), 2);
    assert_int_equal(run("frobnicate", FAKE_ECHO, NULL), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(echo_ok, setup),
        cmocka_unit_test_setup(echo_drains_a_stale_reply, setup),
        cmocka_unit_test_setup(echo_retries_a_spoiled_hello, setup),
        cmocka_unit_test_setup(echo_bad_reply_fails, setup),
        cmocka_unit_test_setup(echo_no_reply_fails, setup),
        cmocka_unit_test_setup(no_device, setup),
        cmocka_unit_test_setup(stream_ok, setup),
        cmocka_unit_test_setup(stream_odd_size_ok, setup),
        cmocka_unit_test_setup(stream_bad_byte_fails, setup),
        cmocka_unit_test_setup(stream_bad_crc_fails, setup),
        cmocka_unit_test_setup(usage_errors, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
