/* Shared between vgic_state.c (the interrupt state), vgic_dist.c (the
 * generic register decoder, the GICv2 distributor) and vgic_redist.c (the GICv3 distributor and
 * redistributors, ICC_SGI1R_EL1). See vgic.h. */
#ifndef KEEL_VGIC_DIST_INTERNAL_H
#define KEEL_VGIC_DIST_INTERNAL_H

#include "vgic.h"

/* The access sizes a register takes, as a mask of (1 << size). */
#define VGIC_SZ_B (1u << 1)
#define VGIC_SZ_W (1u << 4)
#define VGIC_SZ_D (1u << 8)

/* GICD_IIDR and GICR_IIDR: ProductID 0x4b ('K'), Variant 0, Revision 0,
 * Implementer 0x43b (the JEP106 code KVM also reports; no Linux GIC quirk
 * matches this value). */
#define VGIC_IIDR 0x4b00043bu

#define VGIC_CTLR_ENABLES (VGIC_CTLR_ENABLE_GRP0 | VGIC_CTLR_ENABLE_GRP1)

/* One guest access in flight: the bank INTIDs 0..31 mean, the INTIDs the
 * frame reaches ([first, limit); others are RAZ/WI), the vCPUs to kick. */
struct vgic_access {
    struct vgic *g;
    unsigned bank;
    uint32_t first;
    uint32_t limit;
    uint32_t kick;
};

enum vgic_reg_kind {
    VGIC_REG_BITS,        /* IGROUPR..ICACTIVER: the region starts at IGROUPR0 */
    VGIC_REG_PRIORITY,    /* IPRIORITYR: a byte per INTID */
    VGIC_REG_TARGETS,     /* GICv2 ITARGETSR: a byte per INTID */
    VGIC_REG_ICFGR,       /* two bits per INTID */
    VGIC_REG_SGI_PENDING, /* GICv2 CPENDSGIR0-3 then SPENDSGIR0-3 */
    VGIC_REG_ID,          /* PIDR4-7, PIDR0-3, CIDR0-3 */
    VGIC_REG_RAZ_WI,
    VGIC_REG_SPECIAL, /* the frame's own registers: vgic_frame.special */
};

/* Registers [start, end) of one kind, and the access sizes they take. */
struct vgic_region {
    uint32_t start;
    uint32_t end;
    uint16_t kind;
    uint16_t sizes;
};

struct vgic_frame {
    const struct vgic_region *regions;
    unsigned nr_regions;
    uint16_t reserved_sizes; /* what the offsets no region claims take (RAZ/WI) */
    unsigned id_archrev;     /* PIDR2.ArchRev */
    void (*special)(struct vgic_access *a, uint32_t off, unsigned size, bool write, uint64_t *val);
};

/* Decodes an access (offset within the frame, already checked to be
 * naturally aligned and inside it); -1 if the register refuses its size. */
int vgic_frame_access(const struct vgic_frame *f, struct vgic_access *a, uint32_t off,
                      unsigned size, bool write, uint64_t *val);

/* True if `size` is 1, 2, 4 or 8 and `offset` a multiple of it. */
bool vgic_size_aligned(uint64_t offset, unsigned size);

uint32_t vgic_all_vcpus(const struct vgic *g);

/* Stores the guest's GICD_CTLR enable bits; kicks every vCPU when a group
 * becomes enabled. */
void vgic_ctlr_write(struct vgic_access *a, uint32_t value);

/* Makes SGI `intid` pending in vCPU `target`, sent by `sender` (recorded in
 * sgi_sources on GICv2). Returns the kick bit of the target. */
uint32_t vgic_sgi_pend(struct vgic *g, unsigned target, uint32_t intid, unsigned sender);

/* The GICv3 distributor frame (vgic_redist.c). */
extern const struct vgic_frame vgic_gicd_v3;

#endif
