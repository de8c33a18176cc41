/*
 * Channels: the one IPC primitive. A send ORs payload bits into the peer
 * endpoint's pending word and raises the peer's virq; bits OR together
 * until received, so no notification is lost, and a counter says how many
 * sends were merged. O(1), no allocation, no lock but the peer vGIC's
 * (never held across a world switch).
 */
#ifndef KEEL_CHAN_H
#define KEEL_CHAN_H

#include "../vcpu/vcpu.h"
#include "chan_state.h"
#include "physmem.h"
#include <keel/config.h>

struct chan_endpoint {
    /* first: the exclusive accesses of a send and a receive (which take no
     * offset) then reach the pending word at the endpoint's own address */
    struct chan_state st;
    struct partition *part;
    struct chan_endpoint *peer;
    const struct config_endpoint *cfg;
    struct vgic_irq *irq; /* the state of its virq in its partition's vGIC */
    uint32_t virq;        /* cfg->virq */
    uint64_t shm_size;    /* the channel's shared region (0: none) */
};

/* Creates the config's channels between partitions that were created:
 * shared memory from free RAM, mapped into both. Call after
 * partitions_create. Returns how many were created. */
unsigned channels_create(const struct config *c, struct physmem *pm);

/* KEEL_HC_CHAN_*, given as `call` = the function ID (x0) minus
 * KEEL_HC_CHAN_SEND (0..3): the endpoint number in x1 must be one of the
 * caller's.
 * True if the call was a send, which may have woken a vCPU (see
 * vgic_partition_raise); the others only read or clear the caller's own
 * endpoint. */
bool chan_hypercall(struct vcpu *v, uint32_t call);

/* Sends bits from ep to its peer. */
void chan_send(struct chan_endpoint *ep, uint64_t bits);

/* A partition restarted: what was pending for it is dropped. */
void chan_partition_restarted(struct partition *p);

#endif
