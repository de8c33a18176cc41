/*
 * The layout of a Keel image file, shared by the microvisor and the packer.
 *
 * The file starts with the 64-byte arm64 Linux Image header, so QEMU's
 * -kernel and U-Boot's booti both take it, followed at offset 64 by the
 * Keel image info block that the packer fills in.
 */
#ifndef KEEL_IMAGE_H
#define KEEL_IMAGE_H

#include <stdint.h>

#define ARM64_IMAGE_MAGIC         0x644d5241u /* "ARM\x64" */
#define ARM64_IMAGE_FLAG_LE       0u
#define ARM64_IMAGE_FLAG_4K       (1u << 1)
#define ARM64_IMAGE_FLAG_ANYWHERE (1u << 3)
#define KEEL_IMAGE_FLAGS          (ARM64_IMAGE_FLAG_LE | ARM64_IMAGE_FLAG_4K | ARM64_IMAGE_FLAG_ANYWHERE)

/* Documented in Linux's Documentation/arm64/booting.rst. */
struct arm64_image_header {
    uint32_t code0;
    uint32_t code1;
    uint64_t text_offset;
    uint64_t image_size; /* bytes of memory the image needs, bss included */
    uint64_t flags;
    uint64_t res2;
    uint64_t res3;
    uint64_t res4;
    uint32_t magic;
    uint32_t res5;
};

#define KEEL_INFO_MAGIC   "KEELINFO"
#define KEEL_INFO_VERSION 1u

enum keel_uart_kind {
    KEEL_UART_NONE = 0,
    KEEL_UART_PL011 = 1,
    KEEL_UART_CADENCE = 2,
};

/*
 * Filled in by the packer. early_uart names the console to use when the
 * platform device tree cannot be read: without it a missing or corrupt DTB
 * could only end in silence.
 */
struct keel_image_info {
    char magic[8];
    uint32_t version;
    uint32_t info_size;
    uint64_t microvisor_size; /* memory footprint of the microvisor alone */
    uint32_t early_uart_kind; /* enum keel_uart_kind */
    uint32_t reserved0;
    uint64_t early_uart_base;
    uint64_t payload_offset; /* packed config and partition images (later) */
    uint64_t payload_size;
    uint64_t reserved[3];
};

#define KEEL_IMAGE_INFO_OFFSET 64u

#endif
