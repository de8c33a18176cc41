/*
 * The channel part of the config checks (microvisor/config_channels.c):
 * good/channels.dts with every field, endpoint numbering past a refused
 * channel, and the invariants the channel runtime relies on, checked after
 * every parse of every test (damaged blobs included). The bad channel
 * configs run with the others in test_config.c.
 */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_config.h"
#include <keel/compiler.h>
#include <stdlib.h>
#include <string.h>

static void check_endpoint(const struct config_channel *ch, const struct config_endpoint *ep,
                           bool virqs[][CONFIG_VIRQ_LAST + 1])
{
    assert_true(ep->partition >= 0 && (unsigned)ep->partition < cfg.nr_partitions);
    const struct config_partition *p = &cfg.parts[ep->partition];
    assert_true(p->ok);
    assert_in_range(ep->virq, CONFIG_VIRQ_FIRST, CONFIG_VIRQ_LAST);
    assert_false(virqs[ep->partition][ep->virq]);
    virqs[ep->partition][ep->virq] = true;
    if (ch->shm_size == 0) {
        assert_int_equal(ep->shm_ipa, 0);
        return;
    }
    assert_true(ep->shm_ipa != 0 && ep->shm_ipa % 4096 == 0);
    assert_true(ep->shm_ipa + ch->shm_size > ep->shm_ipa);
    assert_true(ep->shm_ipa + ch->shm_size <= (1ull << 39));
    assert_true(ep->shm_ipa >= p->mem_ipa + p->mem_size ||
                ep->shm_ipa + ch->shm_size <= p->mem_ipa);
}

/* What the channel runtime relies on, whatever the input: an accepted
 * channel joins two accepted partitions, endpoints numbered 0, 1, 2... per
 * partition, virqs of the virtual GIC used once per partition, and a shared
 * region (if any) of whole pages, outside the partition's memory. */
void check_channel_invariants(void)
{
    static bool virqs[CONFIG_MAX_PARTITIONS][CONFIG_VIRQ_LAST + 1];
    unsigned endpoints[CONFIG_MAX_PARTITIONS] = {0};

    memset(virqs, 0, sizeof(virqs));
    assert_true(cfg.nr_channels <= CONFIG_MAX_CHANNELS);
    for (unsigned i = 0; i < cfg.nr_channels; i++) {
        const struct config_channel *ch = &cfg.chans[i];
        if (!ch->ok) {
            continue;
        }
        assert_int_not_equal(ch->ep[0].partition, ch->ep[1].partition);
        assert_true(ch->shm_size <= (64u << 20) && ch->shm_size % 4096 == 0);
        for (unsigned e = 0; e < 2; e++) {
            check_endpoint(ch, &ch->ep[e], virqs);
            assert_int_equal(ch->ep[e].index, endpoints[ch->ep[e].partition]++);
            assert_true(ch->ep[e].index < CONFIG_MAX_ENDPOINTS);
        }
    }
}

struct ep_want {
    const char *part;
    unsigned index;
    uint32_t virq;
    uint64_t shm_ipa;
};

/* good/channels.dts, as its comments explain the addresses. */
static const struct {
    const char *name;
    uint64_t shm_size;
    struct ep_want ep[2];
} channels_want[] = {
    {"ping", 0x10000, {{"alpha", 0, 64, 0x40200000}, {"beta", 0, 65, 0x80400000}}},
    {"pong", 0x200000, {{"beta", 1, 66, 0x50000000}, {"alpha", 1, 67, 0x60000000}}},
    {"log", 0x1000, {{"gamma", 0, 64, 0x04200000}, {"alpha", 2, 68, 0x40400000}}},
    {"bell", 0, {{"gamma", 1, 65, 0}, {"beta", 2, 70, 0}}},
    {"bulk", 0x200000, {{"gamma", 2, 66, 0x04400000}, {"beta", 3, 71, 0x80600000}}},
};

static void check_channels(void)
{
    assert_int_equal(cfg.nr_partitions, 3);
    assert_int_equal(cfg.nr_channels, ARRAY_SIZE(channels_want));
    for (unsigned i = 0; i < ARRAY_SIZE(channels_want); i++) {
        const struct config_channel *ch = &cfg.chans[i];
        assert_string_equal(ch->name, channels_want[i].name);
        assert_true(ch->ok);
        assert_int_equal(ch->shm_size, channels_want[i].shm_size);
        for (unsigned e = 0; e < 2; e++) {
            const struct ep_want *w = &channels_want[i].ep[e];
            assert_int_equal(ch->ep[e].partition, find_part(w->part) - cfg.parts);
            assert_int_equal(ch->ep[e].index, w->index);
            assert_int_equal(ch->ep[e].virq, w->virq);
            assert_int_equal(ch->ep[e].shm_ipa, w->shm_ipa);
        }
    }
}

void test_channels(void **state)
{
    (void)state;
    void *blob = load_config("good", "channels");
    for (int gic = 0; gic < 2; gic++) { /* the same addresses on either GIC */
        load_board(gic == 0 ? VIRT_GICV3_DTB : VIRT_GICV2_DTB);
        if (parse(blob) != 0) {
            print_messages();
            fail();
        }
        check_channels();
        assert_true(find_part("alpha")->ok && find_part("beta")->ok && find_part("gamma")->ok);
        assert_int_equal(find_part("gamma")->mem_ipa, 0x03e00000);
        assert_int_equal(find_part("beta")->mem_size, 0x300000);
    }
    load_board(VIRT_GICV3_DTB);
    free(blob);
}

/* A refused channel takes no endpoint number: bell, after the refused pong,
 * is endpoint 1 in both partitions. */
void test_refused_channel_numbering(void **state)
{
    (void)state;
    void *blob = load_config("bad", "chan-virq-twice");
    assert_int_equal(parse(blob), 1);
    assert_int_equal(cfg.nr_channels, 3);
    assert_false(cfg.chans[1].ok);
    const struct config_channel *bell = find_chan("bell");
    assert_true(bell->ok);
    assert_int_equal(bell->ep[0].partition, 1);
    assert_int_equal(bell->ep[0].index, 1);
    assert_int_equal(bell->ep[0].virq, 67);
    assert_int_equal(bell->ep[1].partition, 0);
    assert_int_equal(bell->ep[1].index, 1);
    assert_int_equal(bell->ep[1].virq, 68);
    assert_int_equal(bell->shm_size, 0);
    free(blob);
}
