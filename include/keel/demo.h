/*
 * The demo protocols between Linux (guests/linux/user/keelchan.c) and the
 * native services components/echo and components/producer. Plain C, no
 * library: included by native components, by Linux userspace and by host
 * tests.
 *
 * Every message is one channel payload, a u64:
 *
 *   63      56 55                 32 31                               0
 *   +---------+---------------------+---------------------------------+
 *   |   op    |    seq (24 bits)    |          value (32 bits)        |
 *   +---------+---------------------+---------------------------------+
 *
 * One request is outstanding at a time, so the bits that arrive (which OR
 * together until received) are exactly one message. A reply carries the
 * request's op with bit 7 set (KEEL_DEMO_REPLY) and the request's seq, or
 * KEEL_DEMO_OP_ERROR with the seq and a KEEL_DEMO_ERR_* value.
 *
 * Echo (channel "echo"): HELLO starts a session: the service takes its seq
 * as the last one seen and forgets everything else, so a client that
 * restarted (or a stale reply) never confuses it. COMPUTE asks for
 * keel_demo_echo_fn(value, seq); the reply carries it as its value. The
 * HELLO reply's value is the function of the HELLO's value too.
 *
 * Stream (channel "stream", with shared memory): the region starts with a
 * struct keel_demo_stream_hdr (one cache line); the data area follows it.
 * OPEN (value = seed) starts a stream of keel_demo_stream_byte(seed, i)
 * bytes at offset 0; the reply's value is the data area's size. NEXT
 * (value = bytes wanted, at most the data area's size) makes the producer
 * write the next chunk at the start of the data area and fill the header;
 * the reply's value is the chunk's length (0: never, the stream is
 * endless). CLOSE ends the stream; the reply's value is the CRC-32 of
 * every byte the producer wrote since OPEN.
 */
#ifndef KEEL_DEMO_H
#define KEEL_DEMO_H

#include <stddef.h>
#include <stdint.h>

#define KEEL_DEMO_OP_SHIFT  56
#define KEEL_DEMO_SEQ_SHIFT 32
#define KEEL_DEMO_SEQ_MASK  0xffffffu

#define KEEL_DEMO_REPLY 0x80u

/* Echo service. */
#define KEEL_DEMO_OP_ECHO_HELLO   0x01u
#define KEEL_DEMO_OP_ECHO_COMPUTE 0x02u
/* Stream producer. */
#define KEEL_DEMO_OP_STREAM_OPEN  0x11u
#define KEEL_DEMO_OP_STREAM_NEXT  0x12u
#define KEEL_DEMO_OP_STREAM_CLOSE 0x13u
/* Any service: the request could not be served (value: KEEL_DEMO_ERR_*). */
#define KEEL_DEMO_OP_ERROR 0xffu

#define KEEL_DEMO_ERR_OP      1u /* unknown op (or several requests merged) */
#define KEEL_DEMO_ERR_STATE   2u /* NEXT or CLOSE without OPEN */
#define KEEL_DEMO_ERR_NOSHM   3u /* the channel has no usable shared memory */
#define KEEL_DEMO_ERR_TOO_BIG 4u /* NEXT asked for more than the data area */

#define KEEL_DEMO_STREAM_MAGIC    0x4b535452u /* "KSTR" */
#define KEEL_DEMO_STREAM_HDR_SIZE 64u

/* At the start of the stream channel's shared memory. The producer writes
 * the data, then the header, then sends the reply. */
struct keel_demo_stream_hdr {
    uint32_t magic;  /* KEEL_DEMO_STREAM_MAGIC once a chunk is there */
    uint32_t seq;    /* the NEXT request this chunk answers */
    uint64_t offset; /* where in the stream the chunk's first byte is */
    uint32_t len;    /* bytes in the chunk, from KEEL_DEMO_STREAM_HDR_SIZE */
    uint32_t seed;   /* the stream's seed (OPEN's value) */
    uint64_t total;  /* bytes written since OPEN, this chunk included */
    uint8_t reserved[KEEL_DEMO_STREAM_HDR_SIZE - 32];
};

static inline uint64_t keel_demo_msg(uint32_t op, uint32_t seq, uint32_t value)
{
    return ((uint64_t)(op & 0xffu) << KEEL_DEMO_OP_SHIFT) |
           ((uint64_t)(seq & KEEL_DEMO_SEQ_MASK) << KEEL_DEMO_SEQ_SHIFT) | value;
}

static inline uint32_t keel_demo_op(uint64_t msg)
{
    return (uint32_t)(msg >> KEEL_DEMO_OP_SHIFT) & 0xffu;
}

static inline uint32_t keel_demo_seq(uint64_t msg)
{
    return (uint32_t)(msg >> KEEL_DEMO_SEQ_SHIFT) & KEEL_DEMO_SEQ_MASK;
}

static inline uint32_t keel_demo_value(uint64_t msg)
{
    return (uint32_t)msg;
}

/* What the echo service computes for a COMPUTE (and HELLO) request. */
static inline uint32_t keel_demo_echo_fn(uint32_t value, uint32_t seq)
{
    uint32_t x = value ^ (seq * 0x9e3779b9u);

    x ^= x >> 16;
    x *= 0x85ebca6bu;
    x ^= x >> 13;
    x *= 0xc2b2ae35u;
    x ^= x >> 16;
    return x;
}

/* Byte i of the stream with this seed: bytes 8k..8k+7 are the little-endian
 * bytes of one 64-bit word, a mix of k and the seed. */
static inline uint64_t keel_demo_stream_word(uint32_t seed, uint64_t k)
{
    uint64_t z = k + ((uint64_t)seed << 32) + 0x9e3779b97f4a7c15ull;

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline uint8_t keel_demo_stream_byte(uint32_t seed, uint64_t i)
{
    return (uint8_t)(keel_demo_stream_word(seed, i / 8) >> (8 * (i % 8)));
}

/* CRC-32 (IEEE 802.3, as zlib's crc32()), in steps: start with 0, feed
 * each piece with the previous result. Four bits at a time (a 16-entry
 * table), small enough for a header. */
static inline uint32_t keel_demo_crc32(uint32_t crc, const void *data, size_t len)
{
    static const uint32_t nibble[16] = {
        0x00000000u, 0x1db71064u, 0x3b6e20c8u, 0x26d930acu, 0x76dc4190u, 0x6b6b51f4u,
        0x4db26158u, 0x5005713cu, 0xedb88320u, 0xf00f9344u, 0xd6d6a3e8u, 0xcb61b38cu,
        0x9b64c2b0u, 0x86d3d2d4u, 0xa00ae278u, 0xbdbdf21cu,
    };
    const uint8_t *p = data;

    crc = ~crc;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        crc = (crc >> 4) ^ nibble[crc & 0xfu];
        crc = (crc >> 4) ^ nibble[crc & 0xfu];
    }
    return ~crc;
}

#endif
