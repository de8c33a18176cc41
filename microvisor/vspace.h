/* A vspace: a partition's virtual MMU context, i.e. its stage-2 table and
 * VMID. Only what the config names is mapped. */
#ifndef KEEL_VSPACE_H
#define KEEL_VSPACE_H

#include "pgtable.h"
#include <keel/types.h>

enum vspace_kind {
    VSPACE_MEMORY, /* normal write-back memory, read/write/execute */
    VSPACE_DEVICE, /* Device-nGnRE, read/write, never execute */
};

struct vspace {
    struct pgtable pt;
    uint16_t vmid;
};

/* Stage-2 parameters chosen once at boot from the CPU (arch code). */
struct stage2_params {
    unsigned ipa_bits;
    unsigned start_level;
};

int arch_stage2_params(struct stage2_params *p);
/* Programs this CPU's VTCR_EL2 for those parameters. */
void arch_stage2_init_cpu(void);
uint64_t arch_stage2_attrs(enum vspace_kind kind);
uint64_t arch_vttbr(const struct vspace *vs);
/* Invalidates the stage-1+2 TLB entries of this VMID on every CPU. */
void arch_stage2_flush(const struct vspace *vs);

/* Creates an empty vspace from a table pool. Returns 0, or -3 if the pool
 * is exhausted. */
int vspace_init(struct vspace *vs, struct page_pool *pool, unsigned start_level, uint16_t vmid);
/* Maps [ipa, ipa + size) to pa. Returns pgtable_map's codes. */
int vspace_map(struct vspace *vs, uint64_t ipa, paddr_t pa, uint64_t size, enum vspace_kind kind);
/* Translates an IPA, or returns -1 if it is not mapped. */
int vspace_translate(const struct vspace *vs, uint64_t ipa, paddr_t *pa);

#endif
