/* vspace: see vspace.h. */
#include "vspace.h"

int vspace_init(struct vspace *vs, struct page_pool *pool, unsigned start_level, uint16_t vmid)
{
    vs->vmid = vmid;
    return pgtable_init(&vs->pt, pool, start_level);
}

int vspace_map(struct vspace *vs, uint64_t ipa, paddr_t pa, uint64_t size, enum vspace_kind kind)
{
    return pgtable_map(&vs->pt, ipa, pa, size, arch_stage2_attrs(kind));
}

int vspace_translate(const struct vspace *vs, uint64_t ipa, paddr_t *pa)
{
    uint64_t attrs, size;

    return pgtable_lookup(&vs->pt, ipa, pa, &attrs, &size);
}
