/*
 * pong: drains ping's requests whenever its doorbell bit is pending,
 * checks each one's length, sequence number and content, and answers each
 * with a reply (its sequence number and the digest of what arrived) in the
 * other ring, ringing ping's doorbell as it goes (link.h). Prints one final
 * line after PINGPONG_MESSAGES requests:
 *   pong: done 10000 messages, 0 errors, checksum 0x...
 * the same checksum as ping's when all went well (pingpong/link.h).
 */
#include "link.h"

#include <string.h>

struct pong {
    struct link link;
    uint64_t received;
    uint64_t checksum;
    unsigned long errors; /* wrong requests and ring failures */
    bool broken;          /* a ring is corrupt: stop */
};

static struct pong pong;

static bool request_ok(const struct pong *p, const uint8_t *buf, size_t len)
{
    uint8_t want[LINK_MAX_LEN];
    size_t n = link_request_len(p->received);

    if (len != n) {
        return false;
    }
    link_make_request(want, p->received, n);
    return memcmp(buf, want, n) == 0;
}

/* The reply ring cannot fill while ping keeps to its window; if it does,
 * ping is told to drain it and pong waits for the room. */
static void reply(struct pong *p, uint64_t seq, uint64_t digest)
{
    struct link_reply r = {.seq = seq, .digest = digest};

    for (;;) {
        int rc = ring_push(&p->link.tx, &r, sizeof(r));
        if (rc == RING_OK) {
            return;
        }
        if (rc != RING_FULL) {
            p->errors++;
            p->broken = true;
            return;
        }
        link_ring(&p->link, LINK_BIT_REPLY);
        keel_yield();
    }
}

static void answer(struct pong *p, const uint8_t *buf, size_t len)
{
    uint64_t seq = ~0ull;
    uint64_t digest = link_digest(buf, len);

    if (len >= sizeof(seq)) {
        memcpy(&seq, buf, sizeof(seq));
    }
    if (!request_ok(p, buf, len)) {
        p->errors++;
    }
    p->checksum = link_fold(p->checksum, digest);
    reply(p, seq, digest);
    p->received++;
}

/* Answers every request in the ring, ringing ping's doorbell on the way
 * and at the end. How many. */
static unsigned drain_requests(struct pong *p)
{
    uint8_t buf[LINK_MAX_LEN];
    size_t len;
    unsigned answered = 0;

    while (p->received < PINGPONG_MESSAGES && !p->broken) {
        int rc = ring_pop(&p->link.rx, buf, sizeof(buf), &len);
        if (rc == RING_EMPTY) {
            break;
        }
        if (rc != RING_OK) { /* corrupt, or longer than any request */
            p->errors++;
            p->broken = true;
            break;
        }
        answer(p, buf, len);
        if (++answered % LINK_DOORBELL_EVERY == 0) {
            link_ring(&p->link, LINK_BIT_REPLY);
        }
    }
    if (answered % LINK_DOORBELL_EVERY != 0) {
        link_ring(&p->link, LINK_BIT_REPLY);
    }
    return answered;
}

static void run(struct pong *p)
{
    while (p->received < PINGPONG_MESSAGES && !p->broken) {
        if (link_take_bits(&p->link, LINK_BIT_REQUEST) == 0) {
            keel_wait_for_interrupt();
        } else {
            drain_requests(p);
        }
    }
}

int keel_main(unsigned vcpu)
{
    struct pong *p = &pong;

    (void)vcpu;
    p->checksum = LINK_CHECKSUM_SEED;
    if (link_open(&p->link, "pong", false) != 0) {
        return 1;
    }
    keel_printf("pong: answering on endpoint %d (virq %u)\n", LINK_ENDPOINT, p->link.info.virq);
    run(p);
    p->errors += link_check_translation_regs(&p->link, false);
    keel_printf("pong: %lu requests, %lu interrupts for %lu doorbells\n",
                (unsigned long)p->received, p->link.interrupts, p->link.sends);
    keel_printf("pong: done %lu messages, %lu errors, checksum 0x%016lx\n",
                (unsigned long)p->received, p->errors + p->link.errors, (unsigned long)p->checksum);
    for (;;) {
        keel_wait_for_interrupt();
        link_take_bits(&p->link, LINK_BIT_REQUEST);
    }
}
