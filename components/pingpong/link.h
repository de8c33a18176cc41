/*
 * What ping and pong share: the protocol over their channel (`link` in
 * configs/pingpong*.dts) and the code that sets it up.
 *
 * The channel's shared memory is split in two halves, one ring per
 * direction: the first carries requests from ping to pong, the second
 * replies from pong to ping. Each side makes (ring_init) the ring it
 * writes and attaches to the one it reads. The channel is the doorbell:
 * ping sends LINK_BIT_REQUEST and pong LINK_BIT_REPLY every
 * LINK_DOORBELL_EVERY messages pushed and after each batch, so that the
 * other side starts while this one is still busy. A receiver drains its
 * ring whenever it finds its bit pending, so one interrupt may stand for
 * many sends (the channel merges them) and many messages.
 *
 * Request `seq`: link_request_len(seq) bytes (8..200), the first 8 the
 * sequence number, the others derived from it. Reply: the sequence number
 * and the digest (FNV-1a, 64 bits) of the request as pong received it.
 * Both sides fold the digests into one checksum, in sequence order: the two
 * checksums are equal when every message arrived intact.
 */
#ifndef PINGPONG_LINK_H
#define PINGPONG_LINK_H

#include "keel.h"
#include "ring.h"

#include <stdbool.h>
#include <stddef.h>

#ifndef PINGPONG_MESSAGES
#define PINGPONG_MESSAGES 10000u
#endif
#define LINK_ENDPOINT       0
#define LINK_BIT_REQUEST    (1u << 0) /* ping -> pong: requests to drain */
#define LINK_BIT_REPLY      (1u << 1) /* pong -> ping: replies to drain */
#define LINK_MIN_LEN        8u
#define LINK_MAX_LEN        200u
#define LINK_WINDOW         64u /* requests in flight: both rings never fill */
#define LINK_DOORBELL_EVERY 16u /* a doorbell every so many messages, and after a batch */
#define LINK_CHECKSUM_SEED  0xcbf29ce484222325ull

struct link_reply {
    uint64_t seq;
    uint64_t digest;
};

struct link {
    const char *name; /* "ping" or "pong", for messages */
    struct keel_chan_info info;
    struct ring tx, rx;
    volatile uint64_t bits; /* doorbell bits the handler received, not yet taken */
    unsigned long interrupts;
    unsigned long sends;  /* sends of the peer, as counted by Keel's merging */
    unsigned long errors; /* failed hypercalls and unexpected bits */
};

/* Brings up the GIC, the channel's virq and both rings; ping (tx_first)
 * writes the first half, pong the second. Waits until the peer has made
 * its ring. 0, or -1 after printing why. */
int link_open(struct link *l, const char *name, bool tx_first);
/* With interrupts masked: the doorbell bits received so far, cleared. */
uint64_t link_take_bits(struct link *l, uint64_t expected);
/* Rings the peer's doorbell. */
void link_ring(struct link *l, uint64_t bit);

/* Keel's switches keep each component's EL1 translation registers, which
 * these two components do not use (their MMU stays off). ping marks some
 * with values of its own, which makes them its own (Keel moves them on
 * every switch from then on); pong leaves its at their reset value (0),
 * shared with every component that never writes one. After the run, each
 * checks them: the number of wrong ones, each printed. */
void link_mark_translation_regs(void);
unsigned link_check_translation_regs(const struct link *l, bool marked);

size_t link_request_len(uint64_t seq);
void link_make_request(uint8_t *buf, uint64_t seq, size_t len);
uint64_t link_digest(const uint8_t *p, size_t n);
uint64_t link_fold(uint64_t checksum, uint64_t digest);

#endif
