/*
 * The virtual GIC of a partition: the state of its virtual interrupts and
 * the emulation of the distributor (GICD) and, for GICv3, the per-vCPU
 * redistributors (GICR) that the guest reaches through stage-2 data aborts.
 * The virtual CPU interface itself is the hardware's (GICv3 ICH_* list
 * registers / GICv2 GICH+GICV); vcpu/vgic_lr.c moves interrupts between
 * this model and the list registers.
 *
 * This file, vgic_state.c, vgic_dist.c and vgic_redist.c are pure logic
 * (no hardware access) and are unit tested on the host.
 */
#ifndef KEEL_VGIC_H
#define KEEL_VGIC_H

#include <keel/types.h>

#define VGIC_NR_SGIS    16u /* SGIs 0-15 */
#define VGIC_NR_PRIVATE 32  /* SGIs 0-15, PPIs 16-31, per vCPU */
#define VGIC_NR_SPIS    224 /* SPIs 32..255 */
#define VGIC_NR_IRQS    (VGIC_NR_PRIVATE + VGIC_NR_SPIS)
#define VGIC_MAX_VCPUS  8
#define VGIC_SPURIOUS   1023

/* GICD_CTLR's group enables, as the guest wrote them (struct vgic.ctlr). */
#define VGIC_CTLR_ENABLE_GRP0 (1u << 0)
#define VGIC_CTLR_ENABLE_GRP1 (1u << 1)

/* Frame sizes the guest sees. */
#define VGIC_GICD_SIZE       0x10000ull
#define VGIC_GICR_FRAME_SIZE 0x20000ull /* RD_base + SGI_base, per vCPU */
#define VGIC_GICC_SIZE       0x2000ull  /* GICv2 CPU interface (the GICV frame) */

struct vgic_irq {
    uint8_t priority; /* IPRIORITYR byte */
    uint8_t targets;  /* GICv2 ITARGETSR byte (SPIs): a mask of vCPUs */
    bool enabled;
    bool pending;
    bool active;
    bool edge;   /* ICFGR: edge-triggered */
    bool group1; /* IGROUPR */
    bool hw;     /* backed by a physical interrupt (hw_intid): passthrough, vtimer */
    bool in_lr;  /* held in a list register of vCPU lr_vcpu: the LR has its state */
    bool level;  /* a level-sensitive line Keel drives (vgic_set_level) */
    bool line;   /* level: the line's state */
    uint8_t lr_vcpu;
    uint16_t hw_intid;
    uint16_t sgi_sources; /* GICv2 SGIs: mask of the vCPUs that sent it */
    int8_t target;        /* SPIs: the vCPU targets/route name, or -1 (cached) */
    uint64_t route;       /* GICv3 IROUTER (SPIs): Aff3.Aff2.Aff1.Aff0, bit 31 = IRM */
};

struct vgic_vcpu {
    struct vgic_irq priv[VGIC_NR_PRIVATE]; /* banked SGIs and PPIs */
    bool sleeping;                         /* GICv3 GICR_WAKER.ProcessorSleep */
    uint32_t hint;                         /* bit n: INTID n may be pending */
};

struct vgic {
    unsigned version; /* 2 or 3 */
    unsigned nr_vcpus;
    uint32_t ctlr; /* GICD_CTLR as the guest wrote it */
    struct vgic_irq spi[VGIC_NR_SPIS];
    struct vgic_vcpu vcpu[VGIC_MAX_VCPUS];
    uint32_t spi_hint[VGIC_NR_SPIS / 32]; /* bit n: SPI 32 + n may be pending */
    uint32_t spi_hint_words;              /* bit w: spi_hint[w] may be non-zero */
};

/*
 * Whoever makes an interrupt pending also sets its hint bit (bank: the vCPU
 * for INTIDs 0..31), so that vgic_next_pending looks only at the few
 * interrupts that may be pending instead of all of them: the hints are a
 * superset of the pending interrupts, trimmed as they are found not pending.
 */
static inline void vgic_hint(struct vgic *g, unsigned bank, uint32_t intid)
{
    if (intid < VGIC_NR_PRIVATE) {
        if (bank < VGIC_MAX_VCPUS) {
            g->vcpu[bank].hint |= 1u << intid;
        }
    } else if (intid < VGIC_NR_IRQS) {
        unsigned w = (intid - VGIC_NR_PRIVATE) / 32;
        g->spi_hint[w] |= 1u << ((intid - VGIC_NR_PRIVATE) % 32);
        g->spi_hint_words |= 1u << w;
    }
}

/* Reset state: everything disabled, not pending, priority 0, group 0,
 * SPIs routed/targeted to vCPU 0, private interrupts: SGIs edge, PPIs level.
 * vCPU i's virtual MPIDR is Aff0 = i (other affinity levels 0). */
void vgic_init(struct vgic *g, unsigned version, unsigned nr_vcpus);

/* The state of INTID for vCPU `vcpu` (its banked copy for 0..31); NULL if
 * the INTID is outside 0..VGIC_NR_IRQS-1 or vcpu is out of range. */
struct vgic_irq *vgic_irq(struct vgic *g, unsigned vcpu, uint32_t intid);

/* The vCPU an SPI is delivered to: GICv2 the lowest set bit of `targets`,
 * GICv3 the vCPU whose Aff0 matches IROUTER (IRM = 1: vCPU 0). -1 if none
 * (no target, or an affinity no vCPU has). */
int vgic_spi_target(const struct vgic *g, uint32_t intid);

/* Recomputes the cached target of an SPI after its `targets` (GICv2) or
 * `route` (GICv3) changed; whoever changes them calls it. */
void vgic_spi_retarget(struct vgic *g, uint32_t intid);

/*
 * Emulates one guest access to the distributor (offset within its 64 KiB
 * frame) or, GICv3 only, to vCPU `frame_vcpu`'s redistributor (offset
 * within its 128 KiB RD_base + SGI_base frame). `vcpu` is the vCPU making
 * the access (GICv2 banked registers, SGIR). size is 1, 2, 4 or 8; reads
 * fill *val, writes take it. Returns 0, or -1 if the access is not one the
 * architecture allows (bad size or alignment for that register): the
 * caller then injects an abort into the guest. Unknown or reserved offsets
 * read as zero and ignore writes (return 0). *kick gets the bits of the
 * vCPUs whose deliverable interrupts may have changed (they need their list
 * registers refilled, and a kick if they run elsewhere).
 */
int vgic_dist_access(struct vgic *g, unsigned vcpu, uint64_t offset, unsigned size, bool write,
                     uint64_t *val, uint32_t *kick);
int vgic_redist_access(struct vgic *g, unsigned frame_vcpu, uint64_t offset, unsigned size,
                       bool write, uint64_t *val, uint32_t *kick);

/* A GICv3 guest's write of ICC_SGI1R_EL1 (trapped): makes the SGI pending
 * in every targeted vCPU (affinity routing, IRM). */
void vgic_sgi1r(struct vgic *g, unsigned from_vcpu, uint64_t value, uint32_t *kick);

/* Makes INTID pending (a channel send, a virtual timer expiry, a passthrough
 * SPI): for 0..31 in vCPU `vcpu`'s bank, for SPIs wherever it is routed.
 * Returns the kick mask (0 if the INTID is out of range). */
uint32_t vgic_raise(struct vgic *g, unsigned vcpu, uint32_t intid);

/* Drives a level-sensitive line (a virtual device's interrupt): for 16..31
 * in vCPU `vcpu`'s bank, for SPIs wherever routed. Asserted, the interrupt
 * becomes pending, and pending again when the guest ends it while the line
 * is still asserted (vgic_lr_sync); dropped, a pending interrupt not yet in
 * a list register is no longer pending. Returns the kick mask. */
uint32_t vgic_set_level(struct vgic *g, unsigned vcpu, uint32_t intid, bool level);

/* The highest-priority (lowest value) interrupt deliverable to `vcpu` that
 * is not already in a list register: pending, enabled, its group enabled in
 * GICD_CTLR, targeted at this vCPU. Ties go to the lowest INTID. Returns
 * the INTID, or VGIC_SPURIOUS if there is none. */
uint32_t vgic_next_pending(const struct vgic *g, unsigned vcpu);

#endif
