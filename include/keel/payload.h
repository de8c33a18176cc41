/*
 * What the packer appends to the microvisor: a table of contents and the
 * blobs it lists (the compiled config, every partition's image). The Keel
 * info block (image.h) gives its file offset and size. Every blob starts on
 * a 4 KiB boundary and carries a CRC-32 the microvisor checks at boot.
 */
#ifndef KEEL_PAYLOAD_H
#define KEEL_PAYLOAD_H

#include <stdint.h>

#define KEEL_PAYLOAD_MAGIC   "KEELPAYL"
#define KEEL_PAYLOAD_VERSION 1u
#define KEEL_PAYLOAD_MAX     32u
#define KEEL_PAYLOAD_ALIGN   4096u

enum payload_kind {
    PAYLOAD_CONFIG = 1, /* the compiled config (a DTB); always entry 0 */
    PAYLOAD_IMAGE = 2,  /* a partition image, raw bytes loaded at its memory base */
};

struct keel_payload_entry {
    char name[32];   /* file name (no directories), for messages */
    uint32_t kind;   /* enum payload_kind */
    uint32_t crc32;  /* CRC-32 (IEEE 802.3) of the blob */
    uint64_t offset; /* from the start of the payload */
    uint64_t size;
};

struct keel_payload_header {
    char magic[8];
    uint32_t version;
    uint32_t nr_entries;
    struct keel_payload_entry entries[KEEL_PAYLOAD_MAX];
};

#endif
