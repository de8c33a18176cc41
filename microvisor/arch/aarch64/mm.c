/* EL2 stage-1 translation: MAIR/TCR settings and attribute encodings. */
#include "../../mm.h"

#include "../../cpu.h"
#include "../../pgtable.h"
#include <keel/aarch64/sysreg.h>
#include <keel/arch.h>
#include <keel/compiler.h>

#define MM_POOL_PAGES 64

/* MAIR_EL2 attribute indexes. */
#define MAIR_IDX_DEVICE_nGnRnE 0
#define MAIR_IDX_NORMAL        1
#define MAIR_IDX_DEVICE_nGnRE  2
#define MAIR_VALUE             (0x00ull << 0 | 0xffull << 8 | 0x04ull << 16)

#define ATTR_IDX(i) ((uint64_t)(i) << 2)
#define ATTR_AP_RO  (2ull << 6)
#define ATTR_SH_IS  (3ull << 8)
#define ATTR_AF     (1ull << 10)
#define ATTR_XN     (1ull << 54)

#define TCR_T0SZ_48    16ull
#define TCR_IRGN0_WBWA (1ull << 8)
#define TCR_ORGN0_WBWA (1ull << 10)
#define TCR_SH0_IS     (3ull << 12)
#define TCR_PS_SHIFT   16
#define TCR_EL2_RES1   ((1ull << 31) | (1ull << 23))

struct el2_mmu_regs {
    uint64_t mair;
    uint64_t tcr;
    uint64_t ttbr;
};

extern char _head[], __text_end[], __rodata_start[], __rodata_end[], __data_start[];
extern char __stacks_start[], __stacks_end[], __image_end[];

struct el2_mmu_regs el2_mmu_regs;
static uint8_t pool_pages[MM_POOL_PAGES][PAGE_SIZE] KEEL_SECTION(".pgtables") KEEL_ALIGNED(4096);
static struct page_pool pool;
static struct pgtable el2_pt;

static uint64_t kind_attrs(enum mm_kind kind)
{
    uint64_t normal = ATTR_IDX(MAIR_IDX_NORMAL) | ATTR_SH_IS | ATTR_AF;

    switch (kind) {
    case MM_TEXT:
        return normal | ATTR_AP_RO;
    case MM_RODATA:
        return normal | ATTR_AP_RO | ATTR_XN;
    case MM_DATA:
        return normal | ATTR_XN;
    default:
        return ATTR_IDX(MAIR_IDX_DEVICE_nGnRE) | ATTR_AF | ATTR_XN;
    }
}

static uint64_t addr_of(const void *p)
{
    return (uint64_t)(uintptr_t)p;
}

/*
 * Maps [base, base + size) page-rounded. Parts already mapped with the same
 * attributes are accepted (a device listed twice, RAM around the DTB);
 * parts mapped otherwise are an error (-2).
 */
int mm_map(paddr_t base, uint64_t size, enum mm_kind kind)
{
    uint64_t a = ALIGN_DOWN(pa_addr(base), PAGE_SIZE);
    uint64_t end = ALIGN_UP(pa_addr(base) + size, PAGE_SIZE);
    uint64_t attrs = kind_attrs(kind);

    if (end <= a) {
        return -1;
    }
    while (a < end) {
        paddr_t pa;
        uint64_t old, slot;
        bool mapped = pgtable_lookup(&el2_pt, a, &pa, &old, &slot) == 0;
        uint64_t next = ALIGN_DOWN(a, slot) + slot;
        if (next > end) {
            next = end;
        }
        if (mapped && (old != attrs || pa_addr(pa) != a)) {
            return -2;
        }
        if (!mapped) {
            int rc = pgtable_map(&el2_pt, a, pa_init(a), next - a, attrs);
            if (rc != 0) {
                return rc;
            }
        }
        a = next;
    }
    return 0;
}

static int map_span(const void *from, const void *to, enum mm_kind kind)
{
    return mm_map(pa_init(addr_of(from)), addr_of(to) - addr_of(from), kind);
}

int mm_init(void)
{
    pool = (struct page_pool){(uint8_t *)pool_pages, MM_POOL_PAGES, 0};
    if (pgtable_init(&el2_pt, &pool, 0) != 0) {
        return -3;
    }
    int rc = map_span(_head, __text_end, MM_TEXT);
    rc = rc ?: map_span(__rodata_start, __rodata_end, MM_RODATA);
    rc = rc ?: map_span(__data_start, __stacks_start, MM_DATA);
    for (unsigned i = 0; i < KEEL_MAX_CPUS && rc == 0; i++) {
        rc = map_span(cpu_stacks[i].stack, cpu_stacks[i].stack + CPU_STACK_SIZE, MM_DATA);
    }
    if (rc == 0 && addr_of(__image_end) > addr_of(__stacks_end)) {
        rc = map_span(__stacks_end, __image_end, MM_DATA);
    }
    return rc;
}

void mm_enable(void)
{
    uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;
    uint64_t ps = parange > 5 ? 5 : parange; /* 48 bits at most with a 48-bit VA */

    el2_mmu_regs.mair = MAIR_VALUE;
    el2_mmu_regs.tcr = TCR_T0SZ_48 | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_IS |
                       ps << TCR_PS_SHIFT | TCR_EL2_RES1;
    el2_mmu_regs.ttbr = addr_of(el2_pt.root);
    dsb(ish);
    extern void mmu_enable_el2(uint64_t mair, uint64_t tcr, uint64_t ttbr);
    mmu_enable_el2(el2_mmu_regs.mair, el2_mmu_regs.tcr, el2_mmu_regs.ttbr);
    arch_dcache_clean_range(&el2_mmu_regs, sizeof(el2_mmu_regs));
}

void mm_pool_usage(unsigned *used, unsigned *total)
{
    *used = (unsigned)pool.used;
    *total = (unsigned)pool.nr_pages;
}

struct pa_range mm_image_range(void)
{
    return (struct pa_range){pa_init(addr_of(_head)), addr_of(__image_end) - addr_of(_head)};
}
