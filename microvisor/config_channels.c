/*
 * Channels: two endpoints in two partitions, the virq each raises, and
 * optionally a shared-memory region mapped into both. Read after every
 * partition, in file order; each channel is checked against the partitions
 * and the accepted channels before it. A problem refuses the channel, never
 * its partitions. Schema, the default-address and endpoint-numbering rules:
 * docs/config.md#channels.
 */
#include "config_internal.h"

#include <keel/format.h>
#include <libfdt.h>
#include <string.h>

#define SHM_MAX       (64ull << 20)
#define SHM_ALIGN     (2ull << 20) /* default addresses are 2 MiB aligned */
#define LABEL_LEN     (CONFIG_NAME_LEN + 16)
#define USE_WHAT_LEN  80
#define LIMIT_MESSAGE "(1 << 39, the smallest guest address space Keel supports)"

/* Every range place_default() may have to step over, plus one. */
#define PLACE_TRIES (1 + CONFIG_MAX_DEVICES + 2 + BOARD_MAX_REDIST + CONFIG_MAX_CHANNELS + 1)

static const char *const channels_props[] = {"phandle", NULL};
static const char *const channel_props[] = {
    "endpoints", "virqs", "shared-memory-size", "shared-memory-addresses", "phandle", NULL};

/* One channel being read. */
struct chan_parse {
    struct cfg_node n;
    struct config_channel *ch;
    unsigned index;       /* in config.chans */
    const char *names[2]; /* as 'endpoints' gives them, or NULL */
    bool usable[2];       /* ep[i].partition is an accepted partition */
};

/* Something in a partition's guest-physical space that a range overlaps. */
struct ipa_use {
    char what[USE_WHAT_LEN]; /* "its memory", "its device 'rtc@9010000'", ... */
    uint64_t base, size;
};

/* "partition 'alpha'", or "endpoint 1" when 'endpoints' gave no name. */
static void ep_label(const struct chan_parse *cp, unsigned i, char *buf, size_t len)
{
    if (cp->names[i] != NULL) {
        fmt_format(buf, len, "partition '%.*s'", CONFIG_NAME_LEN, cp->names[i]);
    } else {
        fmt_format(buf, len, "endpoint %u", i);
    }
}

/* Whether [a, a + as) and [b, b + bs) overlap; never overflows. */
static bool ranges_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
    return as != 0 && bs != 0 && (a >= b ? a - b < bs : b - a < as);
}

/* Whether [base, base + size) overlaps [ub, ub + us); if so, *out is it,
 * described as `what` and `name` (quoted), if not NULL. */
static bool use_hit(uint64_t base, uint64_t size, uint64_t ub, uint64_t us, const char *what,
                    const char *name, struct ipa_use *out)
{
    if (!ranges_overlap(base, size, ub, us)) {
        return false;
    }
    fmt_format(out->what, sizeof(out->what), "%s%s%s%s", what, name != NULL ? " '" : "",
               name != NULL ? name : "", name != NULL ? "'" : "");
    out->base = ub;
    out->size = us;
    return true;
}

/* Where every partition sees the virtual GIC: the board's own addresses. */
static bool gic_hit(const struct board_gic *g, uint64_t base, uint64_t size, struct ipa_use *out)
{
    if (use_hit(base, size, pa_addr(g->dist.base), g->dist.size, "the virtual GIC's distributor",
                NULL, out) ||
        use_hit(base, size, pa_addr(g->cpuif.base), g->cpuif.size,
                "the virtual GIC's CPU interface", NULL, out)) {
        return true;
    }
    for (unsigned i = 0; i < g->nr_redist && i < BOARD_MAX_REDIST; i++) {
        if (use_hit(base, size, pa_addr(g->redist[i].base), g->redist[i].size,
                    "the virtual GIC's redistributors", NULL, out)) {
            return true;
        }
    }
    return false;
}

/*
 * The first thing of partition pi that [base, base + size) overlaps, in a
 * fixed order: its memory, its devices, the virtual GIC and console UART, then the shared
 * regions of the accepted channels before `upto`.
 */
static bool find_use(const struct cfg_ctx *ctx, unsigned pi, unsigned upto, uint64_t base,
                     uint64_t size, struct ipa_use *out)
{
    const struct config_partition *p = &ctx->c->parts[pi];

    if (use_hit(base, size, p->mem_ipa, p->mem_size, "its memory", NULL, out)) {
        return true;
    }
    for (unsigned k = 0; k < p->nr_devices && k < CONFIG_MAX_DEVICES; k++) {
        const struct config_device *d = &p->devices[k];
        if (use_hit(base, size, pa_addr(d->regs.base), d->regs.size, "its device", d->name, out)) {
            return true;
        }
    }
    if (gic_hit(&ctx->b->gic, base, size, out) ||
        use_hit(base, size, pa_addr(ctx->b->uart.regs.base), ctx->b->uart.regs.size,
                "the virtual console UART", NULL, out)) {
        return true;
    }
    for (unsigned j = 0; j < upto; j++) {
        const struct config_channel *o = &ctx->c->chans[j];
        for (unsigned e = 0; e < 2 && o->ok && o->shm_size != 0; e++) {
            if (o->ep[e].partition == (int)pi &&
                use_hit(base, size, o->ep[e].shm_ipa, o->shm_size, "the shared memory of channel",
                        o->name, out)) {
                return true;
            }
        }
    }
    return false;
}

/*
 * The default address of `size` bytes in partition pi: the first 2 MiB
 * aligned address at or above the end of its memory where they overlap
 * nothing find_use() knows, below the IPA limit. Each step moves past the
 * end of something overlapped, which can then never be overlapped again.
 */
static bool place_default(const struct cfg_ctx *ctx, unsigned pi, unsigned upto, uint64_t size,
                          uint64_t *out)
{
    const struct config_partition *p = &ctx->c->parts[pi];
    uint64_t at = ALIGN_UP(p->mem_ipa + p->mem_size, SHM_ALIGN);
    struct ipa_use u;

    for (unsigned tries = 0; tries < PLACE_TRIES; tries++) {
        if (at > CONFIG_IPA_LIMIT || size > CONFIG_IPA_LIMIT - at) {
            return false;
        }
        if (!find_use(ctx, pi, upto, at, size, &u)) {
            *out = at;
            return true;
        }
        if (u.base >= CONFIG_IPA_LIMIT || u.size >= CONFIG_IPA_LIMIT - u.base) {
            return false;
        }
        at = ALIGN_UP(u.base + u.size, SHM_ALIGN);
    }
    return false;
}

static int find_partition(const struct config *c, const char *name)
{
    for (unsigned i = 0; i < c->nr_partitions; i++) {
        if (strcmp(c->parts[i].name, name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* 'endpoints': exactly two strings, into cp->names. */
static bool read_names(struct chan_parse *cp)
{
    const char *example = "two partition names, e.g. endpoints = \"alpha\", \"beta\";";
    int len;
    const char *p = fdt_getprop(cp->n.ctx->cfg, cp->n.offset, "endpoints", &len);
    const char *names[2] = {NULL, NULL};
    unsigned count = 0;

    if (p == NULL) {
        cfg_missing(&cp->n, "endpoints", "\"alpha\", \"beta\"");
        return false;
    }
    if (len < 1 || p[len - 1] != '\0') {
        cfg_problem(&cp->n, "endpoints", "is not a list of strings; expected %s", example);
        return false;
    }
    for (int off = 0; off < len; off += (int)strnlen(p + off, (size_t)(len - off)) + 1) {
        if (count < 2) {
            names[count] = p + off;
        }
        count++;
    }
    if (count != 2) {
        cfg_problem(&cp->n, "endpoints", "lists %u partition%s; a channel has exactly %s", count,
                    count == 1 ? "" : "s", example);
        return false;
    }
    cp->names[0] = names[0];
    cp->names[1] = names[1];
    return true;
}

/* The two partitions: they exist, differ, and are accepted. */
static void parse_endpoints(struct chan_parse *cp)
{
    const struct config *c = cp->n.ctx->c;

    if (!read_names(cp)) {
        return;
    }
    if (strcmp(cp->names[0], cp->names[1]) == 0) {
        cfg_problem(&cp->n, "endpoints",
                    "both endpoints are partition '%.32s'; a channel joins two different "
                    "partitions",
                    cp->names[0]);
        return;
    }
    for (unsigned i = 0; i < 2; i++) {
        int pi = find_partition(c, cp->names[i]);
        cp->ch->ep[i].partition = pi;
        if (pi < 0) {
            cfg_problem(&cp->n, "endpoints", "no partition \"%.32s\"", cp->names[i]);
        } else if (!c->parts[pi].ok) {
            cfg_problem(&cp->n, "endpoints",
                        "partition '%s' is refused (see its own messages), so this channel is "
                        "refused too",
                        c->parts[pi].name);
        } else {
            cp->usable[i] = true;
        }
    }
}

/* Endpoint i's virq is not already an interrupt of its partition. */
static void check_virq_free(const struct chan_parse *cp, unsigned i)
{
    const struct config *c = cp->n.ctx->c;
    int pi = cp->ch->ep[i].partition;
    const struct config_partition *p = &c->parts[pi];
    uint32_t virq = cp->ch->ep[i].virq;

    for (unsigned k = 0; k < p->nr_devices && k < CONFIG_MAX_DEVICES; k++) {
        for (unsigned m = 0; m < p->devices[k].nr_irqs && m < CONFIG_MAX_DEVICE_IRQS; m++) {
            if (p->devices[k].irqs[m] == virq) {
                cfg_problem(&cp->n, "virqs",
                            "INTID %u is already used in partition '%s' by its "
                            "device '%s'",
                            virq, p->name, p->devices[k].name);
                return;
            }
        }
    }
    for (unsigned j = 0; j < cp->index; j++) {
        const struct config_channel *o = &c->chans[j];
        for (unsigned e = 0; e < 2 && o->ok; e++) {
            if (o->ep[e].partition == pi && o->ep[e].virq == virq) {
                cfg_problem(&cp->n, "virqs",
                            "INTID %u is already used in partition '%s' by "
                            "channel '%s'",
                            virq, p->name, o->name);
                return;
            }
        }
    }
}

/* 'virqs': one INTID per endpoint, an SPI of the virtual GIC, free. */
static void parse_virqs(struct chan_parse *cp)
{
    const void *cells;
    unsigned count;
    int rc = cfg_get_cells(&cp->n, "virqs", &cells, &count);

    if (rc == 0) {
        cfg_missing(&cp->n, "virqs", "<64 65>");
    }
    if (rc <= 0) {
        return;
    }
    if (count != 2) {
        cfg_problem(&cp->n, "virqs",
                    "lists %u INTID%s; expected one per endpoint, e.g. virqs = <64 65>;", count,
                    count == 1 ? "" : "s");
        return;
    }
    for (unsigned i = 0; i < 2; i++) {
        uint32_t virq = cfg_cell(cells, i);
        cp->ch->ep[i].virq = virq;
        if (virq < CONFIG_VIRQ_FIRST || virq > CONFIG_VIRQ_LAST) {
            cfg_problem(&cp->n, "virqs", "INTID %u is not an SPI of the virtual GIC (%d to %d)",
                        virq, CONFIG_VIRQ_FIRST, CONFIG_VIRQ_LAST);
        } else if (virq == cp->n.ctx->b->uart.intid) {
            cfg_problem(&cp->n, "virqs",
                        "INTID %u is the virtual console UART's (every partition has one)", virq);
        } else if (cp->usable[i]) {
            check_virq_free(cp, i);
        }
    }
}

/* 'shared-memory-size': a non-zero multiple of 4 KiB, at most 64 MiB. */
static void parse_size(struct chan_parse *cp)
{
    uint64_t size;

    if (cfg_get_u64(&cp->n, "shared-memory-size", &size) <= 0) {
        return;
    }
    if (size == 0 || !IS_ALIGNED(size, CONFIG_PAGE_SIZE) || size > SHM_MAX) {
        cfg_problem(&cp->n, "shared-memory-size",
                    "is 0x%llx; it must be a non-zero multiple of 4 KiB (0x1000), at most 64 MiB "
                    "(0x%llx)",
                    (unsigned long long)size, (unsigned long long)SHM_MAX);
        return;
    }
    cp->ch->shm_size = size;
}

/* An explicit address for endpoint i; with the size once that is valid. */
static void check_address(struct chan_parse *cp, unsigned i, uint64_t addr)
{
    const char *prop = "shared-memory-addresses";
    unsigned long long a = addr, size = cp->ch->shm_size, end = addr + size;
    char label[LABEL_LEN];
    struct ipa_use u;

    ep_label(cp, i, label, sizeof(label));
    if (addr == 0) {
        cfg_problem(&cp->n, prop,
                    "0x0 (in %s): address 0 cannot be used (0 means no shared memory)", label);
    } else if (!IS_ALIGNED(addr, CONFIG_PAGE_SIZE)) {
        cfg_problem(&cp->n, prop, "0x%llx (in %s) is not 4 KiB aligned", a, label);
    } else if (size == 0) {
        return; /* the size is wrong: reported already */
    } else if (end < a) {
        cfg_problem(&cp->n, prop, "0x%llx + shared-memory-size 0x%llx (in %s) overflows", a, size,
                    label);
    } else if (end > CONFIG_IPA_LIMIT) {
        cfg_problem(&cp->n, prop, "[0x%llx, 0x%llx) in %s ends past 0x%llx " LIMIT_MESSAGE, a, end,
                    label, (unsigned long long)CONFIG_IPA_LIMIT);
    } else if (cp->usable[i] &&
               find_use(cp->n.ctx, (unsigned)cp->ch->ep[i].partition, cp->index, addr, size, &u)) {
        unsigned long long ub = u.base, ue = ub + u.size;
        cfg_problem(&cp->n, prop, "[0x%llx, 0x%llx) in %s overlaps %s [0x%llx, 0x%llx)", a, end,
                    label, u.what, ub, ue);
    } else {
        cp->ch->ep[i].shm_ipa = addr;
    }
}

/* 'shared-memory-addresses': one address (two cells) per endpoint. Returns
 * whether the property is there. */
static bool parse_addresses(struct chan_parse *cp)
{
    const char *prop = "shared-memory-addresses";
    const void *cells;
    unsigned count;
    int rc = cfg_get_cells(&cp->n, prop, &cells, &count);
    bool sized = fdt_getprop(cp->n.ctx->cfg, cp->n.offset, "shared-memory-size", NULL) != NULL;

    if (rc <= 0) {
        return rc < 0;
    }
    if (!sized) {
        cfg_problem(&cp->n, prop, "is only allowed with shared-memory-size");
    } else if (count != 4) {
        cfg_problem(&cp->n, prop,
                    "has %u cell%s; expected one address (two cells) per endpoint, e.g. "
                    "<0x0 0x50000000 0x0 0x50000000>",
                    count, count == 1 ? "" : "s");
    } else {
        for (unsigned i = 0; i < 2; i++) {
            check_address(cp, i,
                          ((uint64_t)cfg_cell(cells, 2 * i) << 32) | cfg_cell(cells, 2 * i + 1));
        }
    }
    return true;
}

/* Endpoint numbers: how many accepted channels before this one each
 * partition is an endpoint of. */
static void number_endpoints(struct chan_parse *cp)
{
    const struct config *c = cp->n.ctx->c;

    for (unsigned i = 0; i < 2; i++) {
        int pi = cp->ch->ep[i].partition;
        unsigned count = 0;
        for (unsigned j = 0; j < cp->index; j++) {
            const struct config_channel *o = &c->chans[j];
            count += o->ok && (o->ep[0].partition == pi || o->ep[1].partition == pi);
        }
        if (count >= CONFIG_MAX_ENDPOINTS) {
            cfg_problem(&cp->n, "endpoints", "partition '%s' already has %d endpoints (at most %d)",
                        c->parts[pi].name, CONFIG_MAX_ENDPOINTS, CONFIG_MAX_ENDPOINTS);
        }
        cp->ch->ep[i].index = count;
    }
}

/* The default addresses, and the memory total with this region in it. */
static void place_shared(struct chan_parse *cp, bool explicit)
{
    const struct cfg_ctx *ctx = cp->n.ctx;
    struct config_channel *ch = cp->ch;
    uint64_t need = ch->shm_size;

    for (unsigned i = 0; i < 2 && !explicit; i++) {
        unsigned pi = (unsigned)ch->ep[i].partition;
        if (!place_default(ctx, pi, cp->index, ch->shm_size, &ch->ep[i].shm_ipa)) {
            cfg_problem(&cp->n, "shared-memory-size",
                        "0x%llx bytes do not fit in partition '%s' at a 2 MiB aligned address "
                        "above its memory and below 0x%llx; give shared-memory-addresses",
                        (unsigned long long)ch->shm_size, ctx->c->parts[pi].name,
                        (unsigned long long)CONFIG_IPA_LIMIT);
            return;
        }
    }
    for (unsigned i = 0; i < ctx->c->nr_partitions; i++) {
        need += ctx->c->parts[i].ok ? ctx->c->parts[i].mem_size : 0;
    }
    for (unsigned j = 0; j < cp->index; j++) {
        need += ctx->c->chans[j].ok ? ctx->c->chans[j].shm_size : 0;
    }
    cfg_check_budget(&cp->n, "shared-memory-size", "partitions and channels", need);
}

static void check_name_and_shape(struct chan_parse *cp)
{
    const struct config *c = cp->n.ctx->c;
    int child;

    if (cfg_parse_name(&cp->n, cp->ch->name, "channel")) {
        for (unsigned j = 0; j < cp->index; j++) {
            if (strcmp(c->chans[j].name, cp->ch->name) == 0) {
                cfg_problem(&cp->n, NULL, "channel name given twice");
            }
        }
    }
    cfg_check_props(&cp->n, channel_props);
    fdt_for_each_subnode(child, cp->n.ctx->cfg, cp->n.offset)
    {
        struct cfg_node cn;
        cfg_node_init(&cn, cp->n.ctx, child, cp->n.path, NULL);
        cn.chan = cp->ch;
        cfg_problem(&cn, NULL, "unknown node (a channel has no child nodes)");
    }
}

static void parse_channel(struct cfg_ctx *ctx, int node, unsigned index)
{
    struct chan_parse cp = {.ch = &ctx->c->chans[index], .index = index};
    struct config_channel *ch = cp.ch;

    memset(ch, 0, sizeof(*ch));
    ch->ok = true;
    ch->ep[0].partition = ch->ep[1].partition = -1;
    cfg_node_init(&cp.n, ctx, node, "/channels", NULL);
    cp.n.chan = ch;
    check_name_and_shape(&cp);
    parse_endpoints(&cp);
    parse_virqs(&cp);
    parse_size(&cp);
    bool explicit = parse_addresses(&cp);
    /* an endpoint is unusable only after a reported problem; this makes
     * sure no accepted channel can name a partition that is not */
    ch->ok = ch->ok && cp.usable[0] && cp.usable[1];
    if (ch->ok) {
        number_endpoints(&cp);
    }
    if (ch->ok && ch->shm_size != 0) {
        place_shared(&cp, explicit);
    }
}

void cfg_parse_channels(struct cfg_ctx *ctx, int channels)
{
    struct cfg_node n;
    int child;

    cfg_node_init(&n, ctx, channels, "", NULL);
    cfg_check_props(&n, channels_props);
    fdt_for_each_subnode(child, ctx->cfg, channels)
    {
        if (ctx->c->nr_channels == CONFIG_MAX_CHANNELS) {
            struct cfg_node cn;
            cfg_node_init(&cn, ctx, child, n.path, NULL);
            cfg_problem(&cn, NULL, "more than %d channels: this one is refused",
                        CONFIG_MAX_CHANNELS);
            continue;
        }
        parse_channel(ctx, child, ctx->c->nr_channels++);
    }
}
