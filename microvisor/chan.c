/* Channels: see chan.h. */
#include "chan.h"

#include "../vcpu/vgic_vcpu.h"
#include "log.h"
#include "partition.h"
#include <keel/hypercall.h>
#include <string.h>

#define ERR(e) ((uint64_t)(int64_t)(e))

struct channel {
    struct chan_endpoint ep[2]; /* first: they are 16-byte aligned (chan_state.h) */
    const struct config_channel *cfg;
    paddr_t shm;
};

static struct channel channels[CONFIG_MAX_CHANNELS];

static const char *map_shared(struct channel *ch, struct physmem *pm)
{
    uint64_t size = ch->cfg->shm_size;
    uint64_t align = size >= (2ull << 20) ? (2ull << 20) : 4096;

    if (size == 0) {
        return NULL;
    }
    if (physmem_alloc(pm, size, align, &ch->shm) != 0) {
        return "not enough free memory for its shared region";
    }
    memset((void *)(uintptr_t)pa_addr(ch->shm), 0, size);

    for (unsigned i = 0; i < 2; i++) {
        struct partition *p = ch->ep[i].part;
        if (vspace_map(&p->vspace, ch->cfg->ep[i].shm_ipa, ch->shm, size, VSPACE_MEMORY) != 0) {
            return "its shared region cannot be mapped";
        }
    }
    return NULL;
}

static const char *create_one(struct channel *ch, struct physmem *pm)
{
    for (unsigned i = 0; i < 2; i++) {
        struct partition *p = &partitions[ch->cfg->ep[i].partition];
        if (!p->created) {
            return "one of its partitions did not start";
        }
        ch->ep[i].part = p;
        ch->ep[i].cfg = &ch->cfg->ep[i];
        ch->ep[i].peer = &ch->ep[1 - i];
        ch->ep[i].virq = ch->cfg->ep[i].virq;
        ch->ep[i].shm_size = ch->cfg->shm_size;
    }
    const char *why = map_shared(ch, pm);
    if (why != NULL) {
        return why;
    }
    for (unsigned i = 0; i < 2; i++) {
        struct chan_endpoint *ep = &ch->ep[i];
        ep->irq = vgic_irq(&ep->part->vgic, 0, ep->cfg->virq); /* stays put */
        ep->part->endpoints[ep->cfg->index] = ep;
    }
    return NULL;
}

unsigned channels_create(const struct config *c, struct physmem *pm)
{
    unsigned created = 0;

    for (unsigned i = 0; i < c->nr_channels; i++) {
        struct channel *ch = &channels[i];
        ch->cfg = &c->chans[i];
        if (!ch->cfg->ok) {
            continue;
        }
        const char *why = create_one(ch, pm);
        if (why != NULL) {
            log_error("channel %s: not created: %s", ch->cfg->name, why);
            continue;
        }
        created++;
        log_info("channel %s: %s endpoint %u (virq %u) <-> %s endpoint %u (virq %u), shared %llu "
                 "KiB",
                 ch->cfg->name, ch->ep[0].part->cfg->name, ch->cfg->ep[0].index,
                 ch->cfg->ep[0].virq, ch->ep[1].part->cfg->name, ch->cfg->ep[1].index,
                 ch->cfg->ep[1].virq, (unsigned long long)(ch->cfg->shm_size >> 10));
    }
    return created;
}

void chan_send(struct chan_endpoint *ep, uint64_t bits)
{
    struct chan_endpoint *peer = ep->peer;

    chan_state_deliver(&peer->st, bits);
    if (!peer->part->stopped) {
        vgic_partition_raise_irq(peer->part, 0, peer->virq, peer->irq);
    }
}

static struct chan_endpoint *lookup(struct vcpu *v, uint64_t index)
{
    struct partition *p = v->part;

    struct chan_endpoint *ep = chan_lookup((void *const *)p->endpoints, CONFIG_MAX_ENDPOINTS, index,
                                           &p->bad_endpoint_calls);
    if (ep != NULL) {
        return ep;
    }
    partition_log(p, "vcpu %u: channel call on endpoint %llu, which it does not have (%u so far)",
                  v->index, (unsigned long long)index, p->bad_endpoint_calls);
    return NULL;
}

bool chan_hypercall(struct vcpu *v, uint32_t call)
{
    uint64_t *x = v->regs.x;
    struct chan_endpoint *ep = lookup(v, x[1]);

    if (ep == NULL) {
        x[0] = ERR(KEEL_E_INVALID);
        return false;
    }
    if (call == 0) { /* KEEL_HC_CHAN_SEND, the hot one, first */
        x[0] = 0;
        chan_send(ep, x[2]);
        return true;
    }
    switch (call + KEEL_HC_CHAN_SEND) {
    case KEEL_HC_CHAN_RECEIVE: /* usually a leaf in vcpu/entry.S */
        chan_state_take(&ep->st, &x[1], &x[2]);
        break;
    case KEEL_HC_CHAN_STATUS:
        chan_state_peek(&ep->st, &x[1], &x[3]);
        x[2] = ep->peer->part->stopped ? 0 : 1;
        break;
    default: /* KEEL_HC_CHAN_INFO */
        x[1] = ep->cfg->virq;
        x[2] = ep->cfg->shm_ipa;
        x[3] = ep->shm_size;
        x[4] = ep->peer->part->index;
        break;
    }
    x[0] = 0;
    return false;
}

void chan_partition_restarted(struct partition *p)
{
    for (unsigned i = 0; i < CONFIG_MAX_ENDPOINTS; i++) {
        if (p->endpoints[i] != NULL) {
            chan_state_drop(&p->endpoints[i]->st);
        }
    }
}
