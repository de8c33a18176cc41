/*
 * A partition's memory: its size, where the guest sees it (memory-base,
 * entry) and, optionally, where it lies in host memory (physical-base).
 * Also the checks between partitions: fixed ranges that overlap, and more
 * memory asked for than the board has free (channels' shared memory too).
 */
#include "config_internal.h"

#include <keel/format.h>

#define SIZE_STR_LEN 24

/* Bytes of [bank) covered by the board's reserved ranges, each byte once
 * even where reserved ranges overlap: a sweep from the bank's start. */
static uint64_t reserved_in_bank(const struct board *b, const struct pa_range *bank)
{
    uint64_t pos = pa_addr(bank->base);
    uint64_t end = pa_range_end(bank);
    uint64_t covered = 0;

    for (unsigned round = 0; round <= b->nr_reserved; round++) {
        uint64_t next_start = end, next_end = end;
        for (unsigned i = 0; i < b->nr_reserved; i++) {
            uint64_t s = pa_addr(b->reserved[i].base);
            uint64_t e = pa_range_end(&b->reserved[i]);
            s = MAX(s, pos);
            e = MIN(e, end);
            if (s < e && s < next_start) {
                next_start = s;
                next_end = e;
            }
        }
        if (next_start >= end) {
            break;
        }
        covered += next_end - next_start;
        pos = next_end;
    }
    return covered;
}

static uint64_t board_free_memory(const struct board *b)
{
    uint64_t total = 0;

    for (unsigned i = 0; i < b->nr_mem; i++) {
        total += b->mem[i].size - reserved_in_bank(b, &b->mem[i]);
    }
    return total;
}

static bool parse_size(const struct cfg_node *n)
{
    uint64_t size;
    int rc = cfg_get_u64(n, "memory-size", &size);

    if (rc == 0) {
        cfg_missing(n, "memory-size", "<0x0 0x200000>");
    } else if (rc > 0 && (size == 0 || !IS_ALIGNED(size, CONFIG_PAGE_SIZE))) {
        cfg_problem(n, "memory-size", "is 0x%llx; it must be a non-zero multiple of 4 KiB (0x1000)",
                    (unsigned long long)size);
    } else if (rc > 0) {
        n->part->mem_size = size;
        return true;
    }
    return false;
}

/* True (reported) if guest memory [base, base+size) covers an address where
 * every partition sees its virtual GIC: the board's GIC registers. */
static bool overlaps_vgic(const struct cfg_node *n, uint64_t base, uint64_t size)
{
    const struct board_gic *g = &n->ctx->b->gic;
    const struct pa_range mem = {pa_init(base), size};
    const struct pa_range *frames[2 + BOARD_MAX_REDIST] = {&g->dist, &g->cpuif};

    for (unsigned i = 0; i < g->nr_redist; i++) {
        frames[2 + i] = &g->redist[i];
    }
    for (unsigned i = 0; i < 2 + g->nr_redist; i++) {
        if (frames[i]->size != 0 && pa_ranges_overlap(&mem, frames[i])) {
            cfg_problem(n, "memory-base",
                        "[0x%llx, 0x%llx) covers the virtual GIC at 0x%llx (every partition "
                        "sees its GIC at the board's GIC addresses)",
                        (unsigned long long)base, (unsigned long long)pa_range_end(&mem),
                        (unsigned long long)pa_addr(frames[i]->base));
            return true;
        }
    }
    return false;
}

/* True (reported) if guest memory covers the console UART's address, where
 * every partition sees its virtual PL011. */
static bool overlaps_vuart(const struct cfg_node *n, uint64_t base, uint64_t size)
{
    const struct pa_range mem = {pa_init(base), size};
    const struct pa_range *uart = &n->ctx->b->uart.regs;

    if (uart->size != 0 && pa_ranges_overlap(&mem, uart)) {
        cfg_problem(n, "memory-base",
                    "[0x%llx, 0x%llx) covers the virtual console UART at 0x%llx (every partition "
                    "sees its console at the board's console UART address)",
                    (unsigned long long)base, (unsigned long long)pa_range_end(&mem),
                    (unsigned long long)pa_addr(uart->base));
        return true;
    }
    return false;
}

/* memory-base, and that the memory ends below the IPA limit. */
static bool parse_ipa(const struct cfg_node *n, bool size_ok)
{
    struct config_partition *p = n->part;
    uint64_t base = CONFIG_DEFAULT_MEM_IPA;
    int rc = cfg_get_u64(n, "memory-base", &base);

    if (rc < 0) {
        return false;
    }
    p->mem_ipa = base;
    if (!IS_ALIGNED(base, CONFIG_PAGE_SIZE)) {
        cfg_problem(n, "memory-base", "0x%llx is not 4 KiB aligned", (unsigned long long)base);
        return false;
    }
    if (size_ok && (base + p->mem_size < base || base + p->mem_size > CONFIG_IPA_LIMIT)) {
        cfg_problem(n, "memory-base",
                    "0x%llx + memory-size 0x%llx ends past 0x%llx (1 << 39, the smallest guest "
                    "address space Keel supports)",
                    (unsigned long long)base, (unsigned long long)p->mem_size,
                    (unsigned long long)CONFIG_IPA_LIMIT);
        return false;
    }
    if (p->kind == PARTITION_LINUX && !IS_ALIGNED(base, CONFIG_LINUX_ALIGN)) {
        cfg_problem(n, "memory-base",
                    "0x%llx is not 2 MiB aligned (a Linux kernel is placed at a 2 MiB boundary)",
                    (unsigned long long)base);
        return false;
    }
    return size_ok && !overlaps_vgic(n, base, p->mem_size) && !overlaps_vuart(n, base, p->mem_size);
}

static void parse_entry(const struct cfg_node *n, bool mem_ok)
{
    struct config_partition *p = n->part;
    uint64_t entry = p->mem_ipa;
    uint64_t end = p->mem_ipa + p->mem_size;
    int rc = cfg_get_u64(n, "entry", &entry);

    if (rc < 0) {
        return;
    }
    p->entry = entry;
    if (rc > 0 && p->kind == PARTITION_LINUX) {
        cfg_problem(n, "entry",
                    "is not for kind = \"linux\" (the kernel's Image header says "
                    "where it starts)");
    } else if (rc > 0 && !IS_ALIGNED(entry, 4)) {
        cfg_problem(n, "entry", "0x%llx is not 4-byte aligned (an instruction address)",
                    (unsigned long long)entry);
    } else if (rc > 0 && mem_ok && (entry < p->mem_ipa || entry - p->mem_ipa >= p->mem_size)) {
        cfg_problem(n, "entry", "0x%llx is outside the partition's memory [0x%llx, 0x%llx)",
                    (unsigned long long)entry, (unsigned long long)p->mem_ipa,
                    (unsigned long long)end);
    }
}

static void check_inside_ram(const struct cfg_node *n, uint64_t base, uint64_t size)
{
    const struct board *b = n->ctx->b;
    uint64_t end = base + size;

    for (unsigned i = 0; i < b->nr_mem; i++) {
        uint64_t bank = pa_addr(b->mem[i].base);
        if (base >= bank && base - bank <= b->mem[i].size &&
            size <= b->mem[i].size - (base - bank)) {
            return;
        }
    }
    cfg_problem(n, "physical-base",
                "[0x%llx, 0x%llx) is outside the board's memory: more memory than the board has "
                "there (RAM starts at 0x%llx%s)",
                (unsigned long long)base, (unsigned long long)end,
                (unsigned long long)(b->nr_mem > 0 ? pa_addr(b->mem[0].base) : 0),
                b->nr_mem > 1 ? ", in several banks" : "");
}

static void check_not_reserved(const struct cfg_node *n, const struct pa_range *r)
{
    const struct board *b = n->ctx->b;

    for (unsigned i = 0; i < b->nr_reserved; i++) {
        if (b->reserved[i].size != 0 && pa_ranges_overlap(r, &b->reserved[i])) {
            cfg_problem(n, "physical-base",
                        "[0x%llx, 0x%llx) overlaps reserved memory [0x%llx, "
                        "0x%llx)",
                        (unsigned long long)pa_addr(r->base), (unsigned long long)pa_range_end(r),
                        (unsigned long long)pa_addr(b->reserved[i].base),
                        (unsigned long long)pa_range_end(&b->reserved[i]));
            return;
        }
    }
}

static void parse_physical(const struct cfg_node *n, bool size_ok)
{
    struct config_partition *p = n->part;
    uint64_t base;

    if (cfg_get_u64(n, "physical-base", &base) <= 0) {
        return;
    }
    p->mem_phys_fixed = true;
    p->mem_phys = base;
    if (!IS_ALIGNED(base, CONFIG_PAGE_SIZE)) {
        cfg_problem(n, "physical-base", "0x%llx is not 4 KiB aligned", (unsigned long long)base);
        return;
    }
    if (!size_ok) {
        return;
    }
    if (base + p->mem_size < base) {
        cfg_problem(n, "physical-base", "0x%llx + memory-size overflows", (unsigned long long)base);
        return;
    }
    struct pa_range r = {pa_init(base), p->mem_size};
    check_inside_ram(n, base, p->mem_size);
    check_not_reserved(n, &r);
}

void cfg_parse_memory(const struct cfg_node *n)
{
    bool size_ok = parse_size(n);
    bool mem_ok = parse_ipa(n, size_ok);

    parse_entry(n, mem_ok);
    parse_physical(n, size_ok);
}

static void check_fixed_overlap(const struct cfg_node *n, unsigned index)
{
    const struct config_partition *p = n->part;
    struct pa_range mine = {pa_init(p->mem_phys), p->mem_size};

    for (unsigned i = 0; i < index; i++) {
        const struct config_partition *q = &n->ctx->c->parts[i];
        struct pa_range theirs = {pa_init(q->mem_phys), q->mem_size};
        if (q->ok && q->mem_phys_fixed && pa_ranges_overlap(&mine, &theirs)) {
            cfg_problem(n, "physical-base",
                        "[0x%llx, 0x%llx) overlaps the memory of partition '%s' [0x%llx, 0x%llx)",
                        (unsigned long long)p->mem_phys, (unsigned long long)pa_range_end(&mine),
                        q->name, (unsigned long long)q->mem_phys,
                        (unsigned long long)pa_range_end(&theirs));
            return;
        }
    }
}

void cfg_check_memory_claims(const struct cfg_node *n, unsigned index)
{
    const struct config_partition *p = n->part;
    uint64_t need = p->mem_size;

    if (p->mem_phys_fixed) {
        check_fixed_overlap(n, index);
        if (!p->ok) {
            return;
        }
    }
    for (unsigned i = 0; i < index; i++) {
        if (n->ctx->c->parts[i].ok) {
            need += n->ctx->c->parts[i].mem_size;
        }
    }
    cfg_check_budget(n, "memory-size", "partitions", need);
}

void cfg_check_budget(const struct cfg_node *n, const char *prop, const char *who, uint64_t need)
{
    uint64_t avail = board_free_memory(n->ctx->b);

    if (need > avail) {
        char need_str[SIZE_STR_LEN], avail_str[SIZE_STR_LEN];
        cfg_format_size(need_str, sizeof(need_str), need);
        cfg_format_size(avail_str, sizeof(avail_str), avail);
        cfg_problem(n, prop, "%s need %s, the board has %s free", who, need_str, avail_str);
    }
}
