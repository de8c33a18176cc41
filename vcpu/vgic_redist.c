/*
 * The GICv3 side of the vGIC model (see vgic.h and vgic_dist.c): the
 * distributor with affinity routing always on (GICD_CTLR.ARE and DS read
 * as one), the per-vCPU redistributors (RD_base + SGI_base) and
 * ICC_SGI1R_EL1.
 *
 * GICD_TYPER reports ITLinesNumber and IDbits = 9 only: no LPIs, no MBIS,
 * no extended SPIs, A3V = 0, RSS = 0 and CPUNumber = 0 (affinity routing
 * cannot be disabled). IROUTER stores Aff3 anyway and ICC_SGI1R_EL1's RS
 * field is decoded: neither matters while Aff0 is the only nonzero level.
 * GICR_WAKER.ProcessorSleep resets to 1 and is only stored: it does not
 * hold interrupts back (vgic_next_pending ignores it).
 */
#include "vgic_dist_internal.h"

#define GICD_CTLR        0x0000u
#define GICD_TYPER       0x0004u
#define GICD_IIDR        0x0008u
#define GICD_IROUTER     0x6000u
#define GICD_IROUTER_END 0x8000u

#define GICD_CTLR_ARE        (1u << 4)
#define GICD_CTLR_DS         (1u << 6)
#define GICD_TYPER_IDBITS(n) ((uint32_t)(n) << 19)

#define IROUTER_MASK 0xff80ffffffull /* Aff3, IRM, Aff2, Aff1, Aff0 */

#define GICR_CTLR     0x0000u
#define GICR_IIDR     0x0004u
#define GICR_TYPER    0x0008u
#define GICR_WAKER    0x0014u
#define GICR_SGI_BASE 0x10000u

#define GICR_TYPER_LAST           (1u << 4)
#define GICR_WAKER_SLEEP          (1u << 1)
#define GICR_WAKER_CHILDREN_SLEEP (1u << 2)

#define SGI1R_IRM (1ull << 40)

/* ---- The distributor ----------------------------------------------------- */

/* IROUTER<n>: 64 bits, or either 32-bit half. */
static void irouter_access(struct vgic_access *a, uint32_t rel, unsigned size, bool write,
                           uint64_t *val)
{
    uint32_t intid = rel / 8;
    unsigned shift = (rel % 8) * 8;
    uint64_t mask = size == 8 ? ~0ull : 0xffffffffull << shift;
    struct vgic_irq *irq = intid >= VGIC_NR_PRIVATE ? vgic_irq(a->g, a->bank, intid) : NULL;

    if (!write) {
        *val = irq != NULL ? (irq->route & mask) >> shift : 0;
        return;
    }
    if (irq == NULL) {
        return;
    }
    uint64_t route = ((irq->route & ~mask) | ((*val << shift) & mask)) & IROUTER_MASK;
    if (route != irq->route) {
        irq->route = route;
        vgic_spi_retarget(a->g, intid);
        int target = vgic_spi_target(a->g, intid);
        a->kick |= target < 0 ? 0 : 1u << target;
    }
}

static void gicd_v3_special(struct vgic_access *a, uint32_t off, unsigned size, bool write,
                            uint64_t *val)
{
    if (off >= GICD_IROUTER) {
        irouter_access(a, off - GICD_IROUTER, size, write, val);
        return;
    }
    if (write) {
        if (off == GICD_CTLR) {
            vgic_ctlr_write(a, (uint32_t)*val); /* ARE, DS: read-only ones */
        }
        return;
    }
    switch (off) {
    case GICD_CTLR:
        *val = a->g->ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
        break;
    case GICD_TYPER:
        *val = GICD_TYPER_IDBITS(9) | (VGIC_NR_IRQS / 32 - 1);
        break;
    case GICD_IIDR:
        *val = VGIC_IIDR;
        break;
    default:
        *val = 0;
        break; /* TYPER2 */
    }
}

static const struct vgic_region gicd_v3_regions[] = {
    {0x0000, 0x0010, VGIC_REG_SPECIAL, VGIC_SZ_W}, /* CTLR, TYPER, IIDR, TYPER2 */
    {0x0080, 0x0400, VGIC_REG_BITS, VGIC_SZ_W},
    {0x0400, 0x0800, VGIC_REG_PRIORITY, VGIC_SZ_B | VGIC_SZ_W},
    {0x0800, 0x0c00, VGIC_REG_RAZ_WI, VGIC_SZ_B | VGIC_SZ_W}, /* ITARGETSR: RES0 (ARE) */
    {0x0c00, 0x0d00, VGIC_REG_ICFGR, VGIC_SZ_W},
    {0x0d00, 0x0d80, VGIC_REG_RAZ_WI, VGIC_SZ_W},             /* IGRPMODR: DS = 1 */
    {0x0e00, 0x0f00, VGIC_REG_RAZ_WI, VGIC_SZ_W},             /* NSACR */
    {0x0f00, 0x0f04, VGIC_REG_RAZ_WI, VGIC_SZ_W},             /* SGIR: RES0 (ARE) */
    {0x0f10, 0x0f30, VGIC_REG_RAZ_WI, VGIC_SZ_B | VGIC_SZ_W}, /* C/SPENDSGIR: RES0 (ARE) */
    {GICD_IROUTER, GICD_IROUTER_END, VGIC_REG_SPECIAL, VGIC_SZ_W | VGIC_SZ_D},
    {0xffd0, 0x10000, VGIC_REG_ID, VGIC_SZ_W},
};

const struct vgic_frame vgic_gicd_v3 = {
    gicd_v3_regions,
    sizeof(gicd_v3_regions) / sizeof(gicd_v3_regions[0]),
    VGIC_SZ_B | VGIC_SZ_W | VGIC_SZ_D,
    3,
    gicd_v3_special,
};

/* ---- The redistributors -------------------------------------------------- */

static uint64_t gicr_typer(const struct vgic *g, unsigned vcpu)
{
    uint64_t typer = (uint64_t)vcpu << 32 | (uint64_t)vcpu << 8; /* Aff0, Processor_Number */

    if (vcpu + 1 == g->nr_vcpus) {
        typer |= GICR_TYPER_LAST;
    }
    return typer;
}

static void gicr_special(struct vgic_access *a, uint32_t off, unsigned size, bool write,
                         uint64_t *val)
{
    struct vgic_vcpu *vc = &a->g->vcpu[a->bank];

    if (write) {
        if (off == GICR_WAKER) {
            vc->sleeping = (*val & GICR_WAKER_SLEEP) != 0;
        }
        return; /* CTLR: nothing to enable; IIDR, TYPER: read-only */
    }
    switch (off) {
    case GICR_IIDR:
        *val = VGIC_IIDR;
        break;
    case GICR_TYPER:
    case GICR_TYPER + 4: {
        uint64_t typer = gicr_typer(a->g, a->bank) >> ((off - GICR_TYPER) * 8);
        *val = size == 8 ? typer : (uint32_t)typer;
        break;
    }
    case GICR_WAKER:
        *val = vc->sleeping ? GICR_WAKER_SLEEP | GICR_WAKER_CHILDREN_SLEEP : 0;
        break;
    default:
        *val = 0;
        break; /* CTLR: RWP and the rest read 0 */
    }
}

static const struct vgic_region gicr_regions[] = {
    {GICR_CTLR, GICR_TYPER, VGIC_REG_SPECIAL, VGIC_SZ_W}, /* CTLR, IIDR */
    {GICR_TYPER, GICR_TYPER + 8, VGIC_REG_SPECIAL, VGIC_SZ_W | VGIC_SZ_D},
    {GICR_WAKER, GICR_WAKER + 4, VGIC_REG_SPECIAL, VGIC_SZ_W},
    {0xffd0, 0x10000, VGIC_REG_ID, VGIC_SZ_W},
    {GICR_SGI_BASE + 0x080, GICR_SGI_BASE + 0x400, VGIC_REG_BITS, VGIC_SZ_W},
    {GICR_SGI_BASE + 0x400, GICR_SGI_BASE + 0x420, VGIC_REG_PRIORITY, VGIC_SZ_B | VGIC_SZ_W},
    {GICR_SGI_BASE + 0xc00, GICR_SGI_BASE + 0xc08, VGIC_REG_ICFGR, VGIC_SZ_W},
    {GICR_SGI_BASE + 0xd00, GICR_SGI_BASE + 0xd04, VGIC_REG_RAZ_WI, VGIC_SZ_W}, /* IGRPMODR0 */
    {GICR_SGI_BASE + 0xe00, GICR_SGI_BASE + 0xe04, VGIC_REG_RAZ_WI, VGIC_SZ_W}, /* NSACR */
};

static const struct vgic_frame gicr_frame = {
    gicr_regions,
    sizeof(gicr_regions) / sizeof(gicr_regions[0]),
    VGIC_SZ_B | VGIC_SZ_W | VGIC_SZ_D,
    3,
    gicr_special,
};

int vgic_redist_access(struct vgic *g, unsigned frame_vcpu, uint64_t offset, unsigned size,
                       bool write, uint64_t *val, uint32_t *kick)
{
    /* the frame's banked INTIDs only: the SGI_base registers past 0..31 are RAZ/WI */
    struct vgic_access a = {g, frame_vcpu, 0, VGIC_NR_PRIVATE, 0};

    if (g->version != 3 || frame_vcpu >= g->nr_vcpus || offset >= VGIC_GICR_FRAME_SIZE ||
        !vgic_size_aligned(offset, size)) {
        return -1;
    }
    int rc = vgic_frame_access(&gicr_frame, &a, (uint32_t)offset, size, write, val);
    if (kick != NULL) {
        *kick |= a.kick;
    }
    return rc;
}

/* ---- ICC_SGI1R_EL1 -------------------------------------------------------- */

/* Whether the write targets vCPU `vcpu` (affinity 0.0.0.vcpu). */
static bool sgi1r_targets(uint64_t value, unsigned from_vcpu, unsigned vcpu)
{
    uint64_t aff321 = (value >> 16 & 0xff) | (value >> 32 & 0xff) | (value >> 48 & 0xff);
    unsigned base = (unsigned)(value >> 44 & 0xf) * 16; /* RS */

    if (value & SGI1R_IRM) {
        return vcpu != from_vcpu;
    }
    return aff321 == 0 && vcpu >= base && vcpu < base + 16 && (value >> (vcpu - base) & 1);
}

void vgic_sgi1r(struct vgic *g, unsigned from_vcpu, uint64_t value, uint32_t *kick)
{
    uint32_t intid = (uint32_t)(value >> 24) & 0xf;
    uint32_t bits = 0;

    if (g->version != 3 || from_vcpu >= g->nr_vcpus) {
        return;
    }
    for (unsigned v = 0; v < g->nr_vcpus; v++) {
        if (sgi1r_targets(value, from_vcpu, v)) {
            bits |= vgic_sgi_pend(g, v, intid, from_vcpu);
        }
    }
    if (kick != NULL) {
        *kick |= bits;
    }
}
