/*
 * Where a Linux partition's kernel, initramfs and device tree go in its
 * memory. One rule for the packer (which refuses a partition they do not
 * fit in) and the microvisor (which loads them there): the kernel at the
 * memory's base plus the Image header's text_offset, the device tree in
 * the last 64 KiB, the initramfs just below it on a page boundary.
 */
#ifndef KEEL_LINUX_LAYOUT_H
#define KEEL_LINUX_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#define LINUX_DTB_MAX 0x10000ull /* room for the generated device tree */

struct linux_layout {
    uint64_t kernel;     /* guest-physical address of the Image, = entry point */
    uint64_t kernel_end; /* kernel + the header's image_size (bss included) */
    uint64_t initrd;     /* 0 when there is no initramfs */
    uint64_t initrd_size;
    uint64_t dtb;
};

/* Checks `image` is an arm64 Linux Image (magic, little-endian, 4 KiB
 * pages accepted) and computes the layout in [mem_ipa, mem_ipa +
 * mem_size). Returns 0, or -1 with *why saying what is wrong. */
int linux_layout(uint64_t mem_ipa, uint64_t mem_size, const void *image, size_t image_len,
                 uint64_t initrd_size, struct linux_layout *out, const char **why);

#endif
