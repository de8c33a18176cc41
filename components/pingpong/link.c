/* The ping/pong link: see link.h. */
#include "link.h"

#include <string.h>

#define FNV_PRIME       0x100000001b3ull
#define MARK_TTBR1      0x0001000040000000ull /* ASID 1, a table at 1 GiB */
#define MARK_CONTEXTIDR 0x5a5aull
#define MARK_MAIR       0x4404ffull
#define ATTACH_WAIT_US  1000u
#define ATTACH_REPORT   1000u /* waits before saying that it is still waiting */

static void link_irq(uint32_t intid, void *arg)
{
    struct link *l = arg;
    uint64_t bits, merged;

    (void)intid;
    l->interrupts++;
    if (keel_chan_receive(LINK_ENDPOINT, &bits, &merged) != 0) {
        l->errors++;
        return;
    }
    l->bits |= bits;
    l->sends += merged;
}

static int fail(const struct link *l, const char *what, int rc)
{
    keel_printf("%s: %s failed (%d)\n", l->name, what, rc);
    return -1;
}

static int open_channel(struct link *l)
{
    int rc = keel_gic_init();

    if (rc != 0) {
        return fail(l, "keel_gic_init", rc);
    }
    rc = keel_chan_info(LINK_ENDPOINT, &l->info);
    if (rc != 0) {
        return fail(l, "keel_chan_info", rc);
    }
    if (l->info.shm_base == 0 || l->info.shm_size < 2ull * (RING_MIN_SIZE + 2 * LINK_MAX_LEN)) {
        keel_printf("%s: the channel's shared memory is too small (%lu bytes)\n", l->name,
                    (unsigned long)l->info.shm_size);
        return -1;
    }
    rc = keel_irq_register(l->info.virq, link_irq, l);
    if (rc == 0) {
        rc = keel_irq_enable(l->info.virq);
    }
    return rc == 0 ? 0 : fail(l, "enabling the channel's virq", rc);
}

int link_open(struct link *l, const char *name, bool tx_first)
{
    l->name = name;
    if (open_channel(l) != 0) {
        return -1;
    }
    size_t half = (size_t)(l->info.shm_size / 2) & ~(size_t)(RING_CACHE_LINE - 1);
    uint8_t *first = (uint8_t *)(uintptr_t)l->info.shm_base;
    uint8_t *second = first + half;
    if (ring_init(&l->tx, tx_first ? first : second, half) != 0) {
        return fail(l, "ring_init", -1);
    }
    for (unsigned waits = 1; ring_attach(&l->rx, tx_first ? second : first, half) != 0; waits++) {
        if (waits % ATTACH_REPORT == 0) {
            keel_printf("%s: still waiting for the peer's ring\n", l->name);
        }
        keel_sleep_us(ATTACH_WAIT_US);
    }
    /* Bits sent before the virq was enabled are pending still: take them. */
    uint64_t bits = 0;
    keel_chan_receive(LINK_ENDPOINT, &bits, 0);
    l->bits |= bits;
    return 0;
}

uint64_t link_take_bits(struct link *l, uint64_t expected)
{
    uint64_t bits = l->bits;

    l->bits = 0;
    if (bits & ~expected) {
        l->errors++;
    }
    return bits & expected;
}

void link_ring(struct link *l, uint64_t bit)
{
    if (keel_chan_send(LINK_ENDPOINT, bit) != 0) {
        l->errors++;
    }
}

size_t link_request_len(uint64_t seq)
{
    return LINK_MIN_LEN + (size_t)((seq * 37) % (LINK_MAX_LEN - LINK_MIN_LEN + 1));
}

void link_make_request(uint8_t *buf, uint64_t seq, size_t len)
{
    memcpy(buf, &seq, sizeof(seq));
    for (size_t i = sizeof(seq); i < len; i++) {
        buf[i] = (uint8_t)(seq * 13 + i * 101);
    }
}

uint64_t link_digest(const uint8_t *p, size_t n)
{
    uint64_t h = LINK_CHECKSUM_SEED;

    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * FNV_PRIME;
    }
    return h;
}

uint64_t link_fold(uint64_t checksum, uint64_t digest)
{
    return (checksum ^ digest) * FNV_PRIME;
}

void link_mark_translation_regs(void)
{
    __asm__ volatile("msr ttbr1_el1, %0\n"
                     "msr contextidr_el1, %1\n"
                     "msr mair_el1, %2\n"
                     "isb"
                     :
                     : "r"(MARK_TTBR1), "r"(MARK_CONTEXTIDR), "r"(MARK_MAIR));
}

static unsigned check_one(const struct link *l, const char *reg, uint64_t is, uint64_t want)
{
    if (is == want) {
        return 0;
    }
    keel_printf("%s: %s is 0x%lx, not 0x%lx\n", l->name, reg, (unsigned long)is,
                (unsigned long)want);
    return 1;
}

unsigned link_check_translation_regs(const struct link *l, bool marked)
{
    uint64_t ttbr1, contextidr, mair;

    __asm__ volatile("mrs %0, ttbr1_el1\n"
                     "mrs %1, contextidr_el1\n"
                     "mrs %2, mair_el1"
                     : "=r"(ttbr1), "=r"(contextidr), "=r"(mair));
    unsigned wrong = check_one(l, "TTBR1_EL1", ttbr1, marked ? MARK_TTBR1 : 0) +
                     check_one(l, "CONTEXTIDR_EL1", contextidr, marked ? MARK_CONTEXTIDR : 0) +
                     check_one(l, "MAIR_EL1", mair, marked ? MARK_MAIR : 0);
    if (wrong == 0) {
        keel_printf("%s: %s translation registers kept\n", l->name, marked ? "its own" : "shared");
    }
    return wrong;
}
