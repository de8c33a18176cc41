/*
 * producer: the stream producer of the Linux demo (include/keel/demo.h).
 * Its endpoint 0's channel has shared memory: a header, then the data
 * area. OPEN starts a stream (value: its seed) and is answered with the
 * data area's size; each NEXT fills the data area with the next bytes of
 * the stream and the header with where they are, and is answered with
 * their count; CLOSE is answered with the CRC-32 of everything written
 * since OPEN. The channel is only the doorbell: a reply is sent once the
 * data and the header are written. Lines it prints:
 *   producer: ready on endpoint 0 (virq 65), data area 65472 bytes
 *   producer: stream 3 closed after 1048576 bytes, crc32 0x...
 */
#include "../demo/msgchan.h"

#include <stddef.h>

#define PRODUCER_ENDPOINT 0

struct producer {
    struct msgchan chan;
    volatile struct keel_demo_stream_hdr *hdr;
    volatile uint8_t *data;
    uint32_t capacity; /* bytes in the data area; 0: no usable memory */
    bool open;
    uint32_t seed;
    uint64_t offset; /* bytes written since OPEN */
    uint32_t crc;
    unsigned long streams;
};

static struct producer producer;

/* The next len bytes of the stream, into the data area: whole words where
 * the stream offset is a multiple of 8. */
static void fill(struct producer *p, uint32_t len)
{
    volatile uint8_t *dst = p->data;
    uint64_t off = p->offset;
    uint32_t i = 0;

    for (; i < len && (off + i) % 8 != 0; i++) {
        dst[i] = keel_demo_stream_byte(p->seed, off + i);
    }
    for (; len - i >= 8; i += 8) {
        uint64_t w = keel_demo_stream_word(p->seed, (off + i) / 8);
        if ((uintptr_t)(dst + i) % 8 == 0) {
            *(volatile uint64_t *)(dst + i) = w;
            continue;
        }
        for (unsigned b = 0; b < 8; b++) {
            dst[i + b] = (uint8_t)(w >> (8 * b));
        }
    }
    for (; i < len; i++) {
        dst[i] = keel_demo_stream_byte(p->seed, off + i);
    }
    p->crc = keel_demo_crc32(p->crc, (const uint8_t *)p->data, len);
    p->offset += len;
}

static uint64_t next_chunk(struct producer *p, uint32_t seq, uint32_t len)
{
    if (!p->open) {
        return keel_demo_msg(KEEL_DEMO_OP_ERROR, seq, KEEL_DEMO_ERR_STATE);
    }
    if (len > p->capacity) {
        return keel_demo_msg(KEEL_DEMO_OP_ERROR, seq, KEEL_DEMO_ERR_TOO_BIG);
    }
    p->hdr->magic = 0; /* not valid while it changes */
    fill(p, len);
    p->hdr->seq = seq;
    p->hdr->offset = p->offset - len;
    p->hdr->len = len;
    p->hdr->seed = p->seed;
    p->hdr->total = p->offset;
    p->hdr->magic = KEEL_DEMO_STREAM_MAGIC;
    return keel_demo_msg(KEEL_DEMO_OP_STREAM_NEXT | KEEL_DEMO_REPLY, seq, len);
}

static uint64_t answer(struct producer *p, uint64_t msg, uint64_t merged)
{
    uint32_t op = keel_demo_op(msg), seq = keel_demo_seq(msg), value = keel_demo_value(msg);

    if (merged != 1) {
        return keel_demo_msg(KEEL_DEMO_OP_ERROR, seq, KEEL_DEMO_ERR_OP);
    }
    if (p->capacity == 0 && (op == KEEL_DEMO_OP_STREAM_OPEN || op == KEEL_DEMO_OP_STREAM_NEXT)) {
        return keel_demo_msg(KEEL_DEMO_OP_ERROR, seq, KEEL_DEMO_ERR_NOSHM);
    }
    switch (op) {
    case KEEL_DEMO_OP_STREAM_OPEN:
        p->open = true;
        p->seed = value;
        p->offset = 0;
        p->crc = 0;
        p->streams++;
        p->hdr->magic = 0;
        return keel_demo_msg(op | KEEL_DEMO_REPLY, seq, p->capacity);
    case KEEL_DEMO_OP_STREAM_NEXT:
        return next_chunk(p, seq, value);
    case KEEL_DEMO_OP_STREAM_CLOSE:
        if (!p->open) {
            return keel_demo_msg(KEEL_DEMO_OP_ERROR, seq, KEEL_DEMO_ERR_STATE);
        }
        p->open = false;
        keel_printf("producer: stream %lu closed after %lu bytes, crc32 0x%08x\n", p->streams,
                    (unsigned long)p->offset, p->crc);
        return keel_demo_msg(op | KEEL_DEMO_REPLY, seq, p->crc);
    default:
        return keel_demo_msg(KEEL_DEMO_OP_ERROR, seq, KEEL_DEMO_ERR_OP);
    }
}

int keel_main(unsigned vcpu)
{
    struct producer *p = &producer;
    uint64_t msg, merged;

    (void)vcpu;
    if (msgchan_open(&p->chan, "producer", PRODUCER_ENDPOINT) != 0) {
        return 1;
    }
    uint64_t base = p->chan.info.shm_base, size = p->chan.info.shm_size;
    if (base != 0 && size >= KEEL_DEMO_STREAM_HDR_SIZE + 64) {
        p->hdr = (volatile struct keel_demo_stream_hdr *)(uintptr_t)base;
        p->data = (volatile uint8_t *)(uintptr_t)(base + KEEL_DEMO_STREAM_HDR_SIZE);
        size -= KEEL_DEMO_STREAM_HDR_SIZE;
        p->capacity = size > 0xfffffff8u ? 0xfffffff8u : (uint32_t)size;
        p->hdr->magic = 0;
        keel_printf("producer: ready on endpoint %d (virq %u), data area %u bytes\n",
                    PRODUCER_ENDPOINT, p->chan.info.virq, p->capacity);
    } else {
        keel_printf("producer: endpoint %d has no usable shared memory: every request fails\n",
                    PRODUCER_ENDPOINT);
    }
    for (;;) {
        msgchan_wait(&p->chan, 0, &msg, &merged);
        msgchan_send(&p->chan, answer(p, msg, merged));
    }
}
