/* Stage-2 translation on aarch64: VTCR_EL2, descriptor attributes, VTTBR. */
#include "../../vspace.h"

#include <keel/aarch64/sysreg.h>

#define S2_MEMATTR_NORMAL_WB    (0xfull << 2)
#define S2_MEMATTR_DEVICE_nGnRE (0x1ull << 2)
#define S2_AP_RW                (3ull << 6)
#define S2_SH_INNER             (3ull << 8)
#define S2_AF                   (1ull << 10)
#define S2_XN                   (2ull << 53)

static const unsigned pa_bits_of[] = {32, 36, 40, 42, 44, 48, 52};

/* A 39-bit IPA space with a single level-1 root table: enough for any
 * config (docs/config.md) and supported by every CPU with >= 40 PA bits. */
int arch_stage2_params(struct stage2_params *p)
{
    uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;

    if (parange >= sizeof(pa_bits_of) / sizeof(pa_bits_of[0]) || pa_bits_of[parange] < 40) {
        return -1;
    }
    p->ipa_bits = 39;
    p->start_level = 1;
    return 0;
}

void arch_stage2_init_cpu(void)
{
    uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;
    uint64_t ps = parange > 5 ? 5 : parange;
    uint64_t vtcr = (64 - 39)      /* T0SZ */
                    | (1ull << 6)  /* SL0: start at level 1 */
                    | (1ull << 8)  /* IRGN0: write-back */
                    | (1ull << 10) /* ORGN0: write-back */
                    | (3ull << 12) /* SH0: inner shareable */
                    | (ps << 16)   /* PS */
                    | (1ull << 31);
    write_sysreg(vtcr_el2, vtcr);
    isb();
}

uint64_t arch_stage2_attrs(enum vspace_kind kind)
{
    if (kind == VSPACE_DEVICE) {
        return S2_MEMATTR_DEVICE_nGnRE | S2_AP_RW | S2_AF | S2_XN;
    }
    return S2_MEMATTR_NORMAL_WB | S2_AP_RW | S2_SH_INNER | S2_AF;
}

uint64_t arch_vttbr(const struct vspace *vs)
{
    return (uint64_t)vs->vmid << 48 | (uint64_t)(uintptr_t)vs->pt.root;
}

void arch_stage2_flush(const struct vspace *vs)
{
    uint64_t old = read_sysreg(vttbr_el2);

    write_sysreg(vttbr_el2, arch_vttbr(vs));
    isb();
    __asm__ volatile("dsb ishst; tlbi vmalls12e1is; dsb ish; isb" ::: "memory");
    write_sysreg(vttbr_el2, old);
    isb();
}
