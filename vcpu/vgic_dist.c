/*
 * The vGIC's registers (see vgic.h): the decoder shared by every frame, and
 * the GICv2 distributor. The interrupt state and delivery decisions are in
 * vgic_state.c, the GICv3 distributor and redistributors in vgic_redist.c.
 *
 * Choices where the architecture leaves room (IHI 0048B for GICv2, IHI 0069
 * for GICv3), the guest seeing one security state:
 * - GICD_CTLR (both versions): EnableGrp0 (bit 0) and EnableGrp1 (bit 1)
 *   are stored and gate their group, as in a GICv2 without the Security
 *   Extensions; the other bits are read-only or RES0.
 * - Priorities keep all 8 bits (256 levels).
 * - ICFGR: SGIs are edge and read-only; PPIs and SPIs take Int_config[1]
 *   as written (the PPI case is IMPLEMENTATION DEFINED; writable keeps a
 *   guest's edge PPI from being refused); Int_config[0] is RAZ/WI.
 * - GICv2 ISPENDR0/ICPENDR0: the SGI bits read the pending state and
 *   ignore writes, as the architecture requires; SGIs are made pending
 *   and cleared through SGIR, SPENDSGIR and CPENDSGIR, which keep
 *   sgi_sources (a GICv2 SGI is pending exactly when a source is set).
 * - ITARGETSR0-7 read the accessing vCPU's own mask even with one vCPU.
 * - While an interrupt is in a list register (in_lr), the LR has its live
 *   pending/active state: the registers read and write the model's copy
 *   only. Clearing pending or active of such an interrupt clears the model
 *   fields but not the LR (the guest may still take it once); vgic_lr_sync
 *   later replaces `active` with the LR's state. in_lr is never changed here.
 * - Kicks: a write kicks the vCPU an interrupt targets (for INTIDs 0..31
 *   the accessing or frame vCPU) when it newly enables it, newly makes it
 *   pending, or changes its priority, group or target (kicking the new
 *   target); enabling a group in GICD_CTLR kicks every vCPU; SGIs kick
 *   their targets. Disabling or clearing never kicks.
 */
#include "vgic_dist_internal.h"

#include <string.h>

#define GICD_CTLR  0x000u
#define GICD_TYPER 0x004u
#define GICD_IIDR  0x008u
#define GICD_SGIR  0xf00u

#define SGIR_FILTER_LIST   0u
#define SGIR_FILTER_OTHERS 1u
#define SGIR_FILTER_SELF   2u

enum bit_op {
    OP_GROUP,
    OP_SET_ENABLE,
    OP_CLR_ENABLE,
    OP_SET_PEND,
    OP_CLR_PEND,
    OP_SET_ACT,
    OP_CLR_ACT
};

enum byte_reg { BYTE_PRIORITY, BYTE_TARGETS, BYTE_CPENDSGI, BYTE_SPENDSGI };

/* ---- The register decoder ----------------------------------------------- */

bool vgic_size_aligned(uint64_t offset, unsigned size)
{
    return (size == 1 || size == 2 || size == 4 || size == 8) && offset % size == 0;
}

void vgic_ctlr_write(struct vgic_access *a, uint32_t value)
{
    uint32_t old = a->g->ctlr;

    a->g->ctlr = value & VGIC_CTLR_ENABLES;
    if (a->g->ctlr & ~old) {
        a->kick |= vgic_all_vcpus(a->g);
    }
}

/* The state this access reaches for INTID, or NULL (RAZ/WI). */
static struct vgic_irq *reach(const struct vgic_access *a, uint32_t intid)
{
    if (intid < a->first || intid >= a->limit) {
        return NULL;
    }
    return vgic_irq(a->g, a->bank, intid);
}

/* The kick bit of the vCPU INTID is delivered to. */
static uint32_t target_bit(const struct vgic_access *a, uint32_t intid)
{
    if (intid < VGIC_NR_PRIVATE) {
        return 1u << a->bank;
    }
    int target = vgic_spi_target(a->g, intid);
    return target < 0 ? 0 : 1u << target;
}

/* Sets *field to value; kicks INTID's target if that changed it. */
static void update(struct vgic_access *a, uint32_t intid, bool *field, bool value)
{
    if (*field != value && value) {
        a->kick |= target_bit(a, intid);
    }
    *field = value;
}

static bool read_bit(const struct vgic_irq *irq, unsigned op)
{
    switch (op) {
    case OP_GROUP:
        return irq->group1;
    case OP_SET_ENABLE:
    case OP_CLR_ENABLE:
        return irq->enabled;
    case OP_SET_PEND:
    case OP_CLR_PEND:
        return irq->pending;
    default:
        return irq->active;
    }
}

static void write_bit(struct vgic_access *a, struct vgic_irq *irq, uint32_t intid, unsigned op,
                      bool bit)
{
    bool v2_sgi = a->g->version == 2 && intid < VGIC_NR_SGIS;

    if (op == OP_GROUP) {
        if (irq->group1 != bit) {
            a->kick |= target_bit(a, intid);
        }
        irq->group1 = bit;
        return;
    }
    if (!bit || (v2_sgi && (op == OP_SET_PEND || op == OP_CLR_PEND))) {
        return; /* write 0: no effect; GICv2 SGI pending: SPENDSGIR/CPENDSGIR */
    }
    switch (op) {
    case OP_SET_ENABLE:
        update(a, intid, &irq->enabled, true);
        break;
    case OP_CLR_ENABLE:
        irq->enabled = false;
        break;
    case OP_SET_PEND:
        update(a, intid, &irq->pending, true);
        vgic_hint(a->g, a->bank, intid);
        break;
    case OP_CLR_PEND:
        irq->pending = irq->level && irq->line; /* an asserted line stays pending */
        irq->sgi_sources = 0;
        break;
    case OP_SET_ACT:
        irq->active = true;
        break;
    default:
        irq->active = false;
        break;
    }
}

/* IGROUPR..ICACTIVER: 0x80 bytes of registers per operation, a bit per INTID. */
static void bits_access(struct vgic_access *a, uint32_t rel, bool write, uint64_t *val)
{
    unsigned op = rel / 0x80;
    uint32_t first = (rel % 0x80) / 4 * 32;
    uint32_t out = 0;

    for (uint32_t i = 0; i < 32; i++) {
        struct vgic_irq *irq = reach(a, first + i);
        if (irq == NULL) {
            continue;
        }
        if (write) {
            write_bit(a, irq, first + i, op, (*val >> i) & 1);
        } else if (read_bit(irq, op)) {
            out |= 1u << i;
        }
    }
    if (!write) {
        *val = out;
    }
}

static uint8_t read_byte(const struct vgic_access *a, unsigned reg, uint32_t index)
{
    uint32_t intid = reg == BYTE_CPENDSGI || reg == BYTE_SPENDSGI ? index % VGIC_NR_SGIS : index;
    const struct vgic_irq *irq = reach(a, intid);

    if (irq == NULL) {
        return 0;
    }
    switch (reg) {
    case BYTE_PRIORITY:
        return irq->priority;
    case BYTE_TARGETS:
        return intid < VGIC_NR_PRIVATE ? (uint8_t)(1u << a->bank) : irq->targets;
    default:
        return (uint8_t)irq->sgi_sources;
    }
}

static void write_sgi_sources(struct vgic_access *a, struct vgic_irq *irq, unsigned reg,
                              uint8_t bits)
{
    uint16_t sources = (uint16_t)(bits & vgic_all_vcpus(a->g));

    if (reg == BYTE_SPENDSGI) {
        if (sources & ~irq->sgi_sources) {
            a->kick |= 1u << a->bank;
        }
        irq->sgi_sources |= sources;
        irq->pending = irq->pending || sources != 0;
        vgic_hint(a->g, a->bank, (uint32_t)(irq - a->g->vcpu[a->bank].priv));
    } else {
        irq->sgi_sources &= (uint16_t)~sources;
        irq->pending = irq->pending && irq->sgi_sources != 0;
    }
}

static void write_byte(struct vgic_access *a, unsigned reg, uint32_t index, uint8_t value)
{
    uint32_t intid = reg == BYTE_CPENDSGI || reg == BYTE_SPENDSGI ? index % VGIC_NR_SGIS : index;
    struct vgic_irq *irq = reach(a, intid);

    if (irq == NULL) {
        return;
    }
    if (reg == BYTE_PRIORITY) {
        if (irq->priority != value) {
            irq->priority = value;
            a->kick |= target_bit(a, intid);
        }
    } else if (reg == BYTE_TARGETS) {
        uint8_t targets = (uint8_t)(value & vgic_all_vcpus(a->g));
        if (intid >= VGIC_NR_PRIVATE && irq->targets != targets) {
            irq->targets = targets; /* ITARGETSR0-7 are read-only */
            vgic_spi_retarget(a->g, intid);
            a->kick |= target_bit(a, intid);
        }
    } else {
        write_sgi_sources(a, irq, reg, value);
    }
}

static void bytes_access(struct vgic_access *a, unsigned reg, uint32_t rel, unsigned size,
                         bool write, uint64_t *val)
{
    uint64_t out = 0;

    for (unsigned i = 0; i < size; i++) {
        if (write) {
            write_byte(a, reg, rel + i, (uint8_t)(*val >> (8 * i)));
        } else {
            out |= (uint64_t)read_byte(a, reg, rel + i) << (8 * i);
        }
    }
    if (!write) {
        *val = out;
    }
}

/* ICFGR: Int_config[1] (edge) of 16 INTIDs; SGIs read-only edge. */
static void icfgr_access(struct vgic_access *a, uint32_t rel, bool write, uint64_t *val)
{
    uint32_t first = rel * 4;
    uint32_t out = 0;

    for (uint32_t i = 0; i < 16; i++) {
        struct vgic_irq *irq = reach(a, first + i);
        if (irq == NULL) {
            continue;
        }
        if (write && first + i >= VGIC_NR_SGIS) {
            irq->edge = (*val >> (2 * i + 1)) & 1;
        }
        if (irq->edge) {
            out |= 2u << (2 * i);
        }
    }
    if (!write) {
        *val = out;
    }
}

/* PIDR4-7, PIDR0-3, CIDR0-3: the ArchRev and the standard component ID. */
static uint32_t id_register(unsigned archrev, uint32_t rel)
{
    static const uint8_t cidr[4] = {0x0d, 0xf0, 0x05, 0xb1};
    unsigned n = rel / 4;

    if (n == 6) {
        return archrev << 4; /* PIDR2 */
    }
    return n >= 8 ? cidr[n - 8] : 0;
}

static const struct vgic_region *find_region(const struct vgic_frame *f, uint32_t off)
{
    for (unsigned i = 0; i < f->nr_regions; i++) {
        if (off >= f->regions[i].start && off < f->regions[i].end) {
            return &f->regions[i];
        }
    }
    return NULL;
}

int vgic_frame_access(const struct vgic_frame *f, struct vgic_access *a, uint32_t off,
                      unsigned size, bool write, uint64_t *val)
{
    const struct vgic_region *r = find_region(f, off);
    unsigned kind = r != NULL ? r->kind : VGIC_REG_RAZ_WI;
    uint32_t rel = r != NULL ? off - r->start : 0;

    if (((r != NULL ? r->sizes : f->reserved_sizes) & (1u << size)) == 0) {
        return -1;
    }
    switch (kind) {
    case VGIC_REG_BITS:
        bits_access(a, rel, write, val);
        break;
    case VGIC_REG_PRIORITY:
        bytes_access(a, BYTE_PRIORITY, rel, size, write, val);
        break;
    case VGIC_REG_TARGETS:
        bytes_access(a, BYTE_TARGETS, rel, size, write, val);
        break;
    case VGIC_REG_SGI_PENDING:
        bytes_access(a, rel < VGIC_NR_SGIS ? BYTE_CPENDSGI : BYTE_SPENDSGI, rel, size, write, val);
        break;
    case VGIC_REG_ICFGR:
        icfgr_access(a, rel, write, val);
        break;
    case VGIC_REG_SPECIAL:
        f->special(a, off, size, write, val);
        break;
    case VGIC_REG_ID:
        if (!write) {
            *val = id_register(f->id_archrev, rel);
        }
        break;
    default:
        if (!write) {
            *val = 0;
        }
        break;
    }
    return 0;
}

/* ---- The GICv2 distributor ---------------------------------------------- */

static void gicd_v2_sgir(struct vgic_access *a, uint32_t value)
{
    unsigned filter = (value >> 24) & 3;
    uint32_t targets = (value >> 16) & 0xff;
    uint32_t intid = value & 0xf;

    if (filter == SGIR_FILTER_OTHERS) {
        targets = ~(1u << a->bank);
    } else if (filter == SGIR_FILTER_SELF) {
        targets = 1u << a->bank;
    } else if (filter != SGIR_FILTER_LIST) {
        return; /* reserved */
    }
    targets &= vgic_all_vcpus(a->g);
    for (unsigned v = 0; v < a->g->nr_vcpus; v++) {
        if (targets & (1u << v)) {
            a->kick |= vgic_sgi_pend(a->g, v, intid, a->bank);
        }
    }
}

static void gicd_v2_special(struct vgic_access *a, uint32_t off, unsigned size, bool write,
                            uint64_t *val)
{
    (void)size;
    if (write) {
        if (off == GICD_CTLR) {
            vgic_ctlr_write(a, (uint32_t)*val);
        } else if (off == GICD_SGIR) {
            gicd_v2_sgir(a, (uint32_t)*val);
        }
        return;
    }
    switch (off) {
    case GICD_CTLR:
        *val = a->g->ctlr;
        break;
    case GICD_TYPER:
        *val = (VGIC_NR_IRQS / 32 - 1) | ((a->g->nr_vcpus - 1) & 7) << 5;
        break;
    case GICD_IIDR:
        *val = VGIC_IIDR;
        break;
    default:
        *val = 0;
        break; /* SGIR is write-only */
    }
}

static const struct vgic_region gicd_v2_regions[] = {
    {0x000, 0x00c, VGIC_REG_SPECIAL, VGIC_SZ_W}, /* CTLR, TYPER, IIDR */
    {0x080, 0x400, VGIC_REG_BITS, VGIC_SZ_W},
    {0x400, 0x800, VGIC_REG_PRIORITY, VGIC_SZ_B | VGIC_SZ_W},
    {0x800, 0xc00, VGIC_REG_TARGETS, VGIC_SZ_B | VGIC_SZ_W},
    {0xc00, 0xd00, VGIC_REG_ICFGR, VGIC_SZ_W},
    {0xd00, 0xf00, VGIC_REG_RAZ_WI, VGIC_SZ_W},  /* PPI/SPI status, NSACR */
    {0xf00, 0xf04, VGIC_REG_SPECIAL, VGIC_SZ_W}, /* SGIR */
    {0xf10, 0xf30, VGIC_REG_SGI_PENDING, VGIC_SZ_B | VGIC_SZ_W},
    {0xfd0, 0x1000, VGIC_REG_ID, VGIC_SZ_W},
};

static const struct vgic_frame gicd_v2 = {
    gicd_v2_regions, sizeof(gicd_v2_regions) / sizeof(gicd_v2_regions[0]), VGIC_SZ_B | VGIC_SZ_W, 2,
    gicd_v2_special,
};

int vgic_dist_access(struct vgic *g, unsigned vcpu, uint64_t offset, unsigned size, bool write,
                     uint64_t *val, uint32_t *kick)
{
    struct vgic_access a = {g, vcpu, 0, VGIC_NR_IRQS, 0};
    const struct vgic_frame *f = g->version == 3 ? &vgic_gicd_v3 : &gicd_v2;

    if ((g->version != 2 && g->version != 3) || vcpu >= g->nr_vcpus || offset >= VGIC_GICD_SIZE ||
        !vgic_size_aligned(offset, size)) {
        return -1;
    }
    if (g->version == 3) {
        a.first = VGIC_NR_PRIVATE; /* affinity routing: INTIDs 0..31 are the GICR's */
    }
    int rc = vgic_frame_access(f, &a, (uint32_t)offset, size, write, val);
    if (kick != NULL) {
        *kick |= a.kick;
    }
    return rc;
}
