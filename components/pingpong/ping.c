/*
 * ping: sends PINGPONG_MESSAGES requests of 8 to 200 bytes to pong through
 * a ring in their channel's shared memory, at most LINK_WINDOW in flight,
 * ringing pong's doorbell as it goes (link.h), and checks every reply: its
 * sequence number and the digest pong computed of the request, which must
 * be the digest of what ping sent. Prints one final line:
 *   ping: done 10000 messages, 0 errors, checksum 0x...
 * the same checksum as pong's when all went well (pingpong/link.h). Used
 * by configs/pingpong.dts, configs/pingpong-same-cpu.dts, configs/snoop.dts.
 */
#include "link.h"

struct ping {
    struct link link;
    uint64_t sent, replied;
    uint64_t checksum;
    unsigned long errors; /* wrong replies and ring failures */
    bool broken;          /* the reply ring is corrupt: stop */
};

static struct ping ping;

/* Pushes requests while the window and the ring allow, ringing pong's
 * doorbell on the way and at the end. How many. */
static unsigned push_requests(struct ping *p)
{
    uint8_t buf[LINK_MAX_LEN];
    unsigned pushed = 0;

    while (p->sent < PINGPONG_MESSAGES && p->sent - p->replied < LINK_WINDOW) {
        size_t len = link_request_len(p->sent);
        link_make_request(buf, p->sent, len);
        int rc = ring_push(&p->link.tx, buf, len);
        if (rc != RING_OK) {
            p->errors += rc != RING_FULL;
            break;
        }
        p->sent++;
        if (++pushed % LINK_DOORBELL_EVERY == 0) {
            link_ring(&p->link, LINK_BIT_REQUEST);
        }
    }
    if (pushed % LINK_DOORBELL_EVERY != 0) {
        link_ring(&p->link, LINK_BIT_REQUEST);
    }
    return pushed;
}

static void check_reply(struct ping *p, const struct link_reply *r, size_t len)
{
    uint8_t buf[LINK_MAX_LEN];
    size_t n = link_request_len(p->replied);

    link_make_request(buf, p->replied, n);
    if (len != sizeof(*r) || r->seq != p->replied || r->digest != link_digest(buf, n)) {
        p->errors++;
    }
    p->checksum = link_fold(p->checksum, r->digest);
    p->replied++;
}

static void drain_replies(struct ping *p)
{
    struct link_reply reply;
    size_t len;

    for (;;) {
        int rc = ring_pop(&p->link.rx, &reply, sizeof(reply), &len);
        if (rc == RING_EMPTY) {
            return;
        }
        if (rc == RING_TOO_BIG && ring_skip(&p->link.rx) == RING_OK) {
            p->errors++; /* not a reply: drop it */
            continue;
        }
        if (rc != RING_OK || p->replied >= p->sent) { /* corrupt, or a reply to nothing */
            p->errors++;
            p->broken = rc != RING_OK;
            return;
        }
        check_reply(p, &reply, len);
    }
}

static void run(struct ping *p)
{
    while (p->replied < PINGPONG_MESSAGES && !p->broken) {
        unsigned pushed = push_requests(p);
        if (link_take_bits(&p->link, LINK_BIT_REPLY) & LINK_BIT_REPLY) {
            drain_replies(p);
        } else if (pushed == 0) {
            keel_wait_for_interrupt();
        }
    }
}

int keel_main(unsigned vcpu)
{
    struct ping *p = &ping;

    (void)vcpu;
    p->checksum = LINK_CHECKSUM_SEED;
    if (link_open(&p->link, "ping", true) != 0) {
        return 1;
    }
    keel_printf("ping: sending %u messages on endpoint %d (virq %u, %lu bytes shared)\n",
                PINGPONG_MESSAGES, LINK_ENDPOINT, p->link.info.virq,
                (unsigned long)p->link.info.shm_size);
    link_mark_translation_regs();
    uint64_t start = keel_counter();
    run(p);
    p->errors += link_check_translation_regs(&p->link, true);
    uint64_t us = (keel_counter() - start) * 1000000u / keel_counter_freq();
    keel_printf("ping: %lu replies in %lu us, %lu interrupts for %lu doorbells\n",
                (unsigned long)p->replied, (unsigned long)us, p->link.interrupts, p->link.sends);
    keel_printf("ping: done %lu messages, %lu errors, checksum 0x%016lx\n",
                (unsigned long)p->replied, p->errors + p->link.errors, (unsigned long)p->checksum);
    for (;;) {
        keel_wait_for_interrupt();
        link_take_bits(&p->link, LINK_BIT_REPLY);
    }
}
