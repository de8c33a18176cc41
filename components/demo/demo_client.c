/*
 * demo-client: the native stand-in for Linux's keelchan (guests/linux),
 * to test components/echo and components/producer without Linux
 * (tests/integration/configs/linux-natives.dts). Endpoint 0 is the echo
 * channel, endpoint 1 the stream channel (with shared memory). It runs
 * the protocols of include/keel/demo.h as keelchan does and checks every
 * reply:
 *   demo-client: echo 1000 messages ok
 *   demo-client: second session ok, bad op answered with error 1
 *   demo-client: stream 262144 bytes ok crc32 0x...
 *   demo-client: all passed
 * or names the first thing that went wrong and ends with
 *   demo-client: FAILED
 */
#include "msgchan.h"

#define ECHO_EP         0
#define STREAM_EP       1
#define ECHO_MESSAGES   1000u
#define STREAM_BYTES    262144u   /* 256 KiB */
#define REPLY_TIMEOUT   2000000u  /* us */
#define FIRST_SEQ       0x00fff0u /* wraps past 24 bits on the way */
#define ECHO_HELLO_WORD 0x4b45454cu

struct client {
    struct msgchan echo, stream;
    uint32_t seq;
};

static struct client client;

static int fail(const char *what, uint32_t seq, uint64_t got, uint64_t want)
{
    keel_printf("demo-client: %s (seq %u): got 0x%016lx, want 0x%016lx\n", what, seq,
                (unsigned long)got, (unsigned long)want);
    return -1;
}

/* Sends op/value at the next seq and waits for the reply. 0 with *reply, or
 * -1 (said). */
static int request(struct client *cl, struct msgchan *c, uint32_t op, uint32_t value,
                   uint64_t *reply)
{
    uint64_t merged;

    cl->seq = (cl->seq + 1) & KEEL_DEMO_SEQ_MASK;
    if (msgchan_send(c, keel_demo_msg(op, cl->seq, value)) != 0) {
        keel_printf("demo-client: send on endpoint %d failed\n", c->ep);
        return -1;
    }
    if (!msgchan_wait(c, REPLY_TIMEOUT, reply, &merged)) {
        keel_printf("demo-client: no reply to op 0x%02x seq %u on endpoint %d\n", op, cl->seq,
                    c->ep);
        return -1;
    }
    return 0;
}

/* One echo request, its reply checked. */
static int echo_one(struct client *cl, uint32_t op, uint32_t value, const char *what)
{
    uint64_t reply;

    if (request(cl, &cl->echo, op, value, &reply) != 0) {
        return -1;
    }
    uint64_t want = keel_demo_msg(op | KEEL_DEMO_REPLY, cl->seq, keel_demo_echo_fn(value, cl->seq));
    return reply == want ? 0 : fail(what, cl->seq, reply, want);
}

static int test_echo(struct client *cl)
{
    uint64_t reply;

    cl->seq = FIRST_SEQ;
    if (echo_one(cl, KEEL_DEMO_OP_ECHO_HELLO, ECHO_HELLO_WORD, "echo hello") != 0) {
        return -1;
    }
    for (uint32_t i = 1; i <= ECHO_MESSAGES; i++) {
        if (echo_one(cl, KEEL_DEMO_OP_ECHO_COMPUTE, i * 2654435761u, "echo reply") != 0) {
            return -1;
        }
    }
    keel_printf("demo-client: echo %u messages ok\n", ECHO_MESSAGES);

    /* A client that lost its place starts again with HELLO at any seq. */
    cl->seq = 77;
    if (echo_one(cl, KEEL_DEMO_OP_ECHO_HELLO, 5, "second hello") != 0 ||
        echo_one(cl, KEEL_DEMO_OP_ECHO_COMPUTE, 6, "second session") != 0 ||
        request(cl, &cl->echo, 0x42, 0, &reply) != 0) {
        return -1;
    }
    uint64_t want = keel_demo_msg(KEEL_DEMO_OP_ERROR, cl->seq, KEEL_DEMO_ERR_OP);
    if (reply != want) {
        return fail("bad op", cl->seq, reply, want);
    }
    keel_printf("demo-client: second session ok, bad op answered with error %u\n",
                keel_demo_value(reply));
    return 0;
}

static int stream_chunk(struct client *cl, uint32_t seed, uint64_t done, uint32_t len,
                        uint32_t *crc)
{
    uint64_t reply;
    const volatile struct keel_demo_stream_hdr *h =
        (const volatile void *)(uintptr_t)cl->stream.info.shm_base;
    const volatile uint8_t *data = (const volatile uint8_t *)h + KEEL_DEMO_STREAM_HDR_SIZE;

    if (request(cl, &cl->stream, KEEL_DEMO_OP_STREAM_NEXT, len, &reply) != 0) {
        return -1;
    }
    uint64_t want = keel_demo_msg(KEEL_DEMO_OP_STREAM_NEXT | KEEL_DEMO_REPLY, cl->seq, len);
    if (reply != want) {
        return fail("stream next", cl->seq, reply, want);
    }
    if (h->magic != KEEL_DEMO_STREAM_MAGIC || h->seq != cl->seq || h->offset != done ||
        h->len != len || h->seed != seed) {
        keel_printf("demo-client: bad chunk header at byte %lu\n", (unsigned long)done);
        return -1;
    }
    for (uint32_t i = 0; i < len; i++) {
        uint8_t b = data[i];
        if (b != keel_demo_stream_byte(seed, done + i)) {
            keel_printf("demo-client: stream byte %lu is wrong\n", (unsigned long)(done + i));
            return -1;
        }
        *crc = keel_demo_crc32(*crc, &b, 1);
    }
    return 0;
}

static int test_stream(struct client *cl)
{
    uint64_t reply, size = cl->stream.info.shm_size;
    uint32_t seed = 0x5eed0001u, crc = 0;

    if (cl->stream.info.shm_base == 0 || size < 2ull * KEEL_DEMO_STREAM_HDR_SIZE) {
        keel_printf("demo-client: the stream channel has no shared memory\n");
        return -1;
    }
    uint32_t cap = (uint32_t)(size - KEEL_DEMO_STREAM_HDR_SIZE);
    if (request(cl, &cl->stream, KEEL_DEMO_OP_STREAM_OPEN, seed, &reply) != 0) {
        return -1;
    }
    uint64_t want = keel_demo_msg(KEEL_DEMO_OP_STREAM_OPEN | KEEL_DEMO_REPLY, cl->seq, cap);
    if (reply != want) {
        return fail("stream open", cl->seq, reply, want);
    }
    /* Odd chunk sizes too, so the producer's byte paths are exercised. */
    for (uint64_t done = 0; done < STREAM_BYTES;) {
        uint32_t len = STREAM_BYTES - done < cap ? (uint32_t)(STREAM_BYTES - done) : cap;
        if (done == 0) {
            len = 13;
        }
        if (stream_chunk(cl, seed, done, len, &crc) != 0) {
            return -1;
        }
        done += len;
    }
    if (request(cl, &cl->stream, KEEL_DEMO_OP_STREAM_CLOSE, 0, &reply) != 0) {
        return -1;
    }
    want = keel_demo_msg(KEEL_DEMO_OP_STREAM_CLOSE | KEEL_DEMO_REPLY, cl->seq, crc);
    if (reply != want) {
        return fail("stream close", cl->seq, reply, want);
    }
    keel_printf("demo-client: stream %u bytes ok crc32 0x%08x\n", STREAM_BYTES, crc);
    return 0;
}

int keel_main(unsigned vcpu)
{
    struct client *cl = &client;

    (void)vcpu;
    if (msgchan_open(&cl->echo, "demo-client", ECHO_EP) != 0 ||
        msgchan_open(&cl->stream, "demo-client", STREAM_EP) != 0) {
        return 1;
    }
    keel_sleep_us(20000); /* the services set up */
    if (test_echo(cl) != 0 || test_stream(cl) != 0) {
        keel_printf("demo-client: FAILED\n");
        return 1;
    }
    keel_printf("demo-client: all passed\n");
    keel_timer_stop();
    for (;;) { /* idle, so that the services' lines stay the last */
        keel_wait_for_interrupt();
    }
}
