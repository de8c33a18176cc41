/* Payload checks: see payload.h. Runs on the host in unit tests too. */
#include "payload.h"

#include <keel/crc32.h>
#include <keel/format.h>
#include <string.h>

static int bad(char *why, size_t len, const char *msg, unsigned index)
{
    fmt_format(why, len, "payload entry %u: %s", index, msg);
    return -1;
}

static int check_entry(const struct payload *p, unsigned i, char *why, size_t len)
{
    const struct keel_payload_entry *e = &p->hdr->entries[i];

    if (e->offset % KEEL_PAYLOAD_ALIGN != 0 || e->offset < sizeof(*p->hdr) || e->offset > p->size ||
        e->size > p->size - e->offset) {
        return bad(why, len, "lies outside the payload", i);
    }
    if (e->kind != PAYLOAD_CONFIG && e->kind != PAYLOAD_IMAGE) {
        return bad(why, len, "has an unknown kind", i);
    }
    if (crc32_compute(p->base + e->offset, e->size) != e->crc32) {
        return bad(why, len, "checksum mismatch (the image is damaged)", i);
    }
    return 0;
}

int payload_find(struct payload *p, const void *image_base, const struct keel_image_info *info,
                 char *why, size_t why_len)
{
    memset(p, 0, sizeof(*p));
    if (info->payload_size == 0) {
        return 1;
    }
    if (info->payload_size < sizeof(struct keel_payload_header) ||
        info->payload_offset < info->microvisor_size) {
        fmt_format(why, why_len, "payload size or offset in the image info is wrong");
        return -1;
    }
    p->base = (const uint8_t *)image_base + info->payload_offset;
    p->size = info->payload_size;
    p->hdr = (const struct keel_payload_header *)p->base;
    if (memcmp(p->hdr->magic, KEEL_PAYLOAD_MAGIC, 8) != 0 ||
        p->hdr->version != KEEL_PAYLOAD_VERSION || p->hdr->nr_entries == 0 ||
        p->hdr->nr_entries > KEEL_PAYLOAD_MAX) {
        fmt_format(why, why_len, "payload header is not valid (magic, version or count)");
        return -1;
    }
    for (unsigned i = 0; i < p->hdr->nr_entries; i++) {
        if (check_entry(p, i, why, why_len) != 0) {
            return -1;
        }
    }
    if (p->hdr->entries[0].kind != PAYLOAD_CONFIG) {
        return bad(why, why_len, "the first entry is not the config", 0);
    }
    return 0;
}

const void *payload_blob(const struct payload *p, int index, uint32_t kind, uint64_t *size)
{
    if (p->hdr == NULL || index < 0 || (unsigned)index >= p->hdr->nr_entries ||
        p->hdr->entries[index].kind != kind) {
        return NULL;
    }
    *size = p->hdr->entries[index].size;
    return p->base + p->hdr->entries[index].offset;
}
