/*
 * Linux partitions: the kernel Image and initramfs from the payload, laid
 * out by include/keel/linux_layout.h, and a device tree generated for the
 * partition (guest_dt.h) each time it starts. docs/linux.md.
 */
#ifndef KEEL_LINUX_BOOT_H
#define KEEL_LINUX_BOOT_H

#include "partition.h"

/* Finds the kernel and initramfs of p in the payload and lays them out in
 * its memory. Returns NULL, or why the partition cannot be created. */
const char *linux_boot_prepare(struct partition *p, const struct payload *pl);

/* Copies the kernel and initramfs into p's memory and writes its device
 * tree (with its channels, which must exist by now); vCPU 0 is then set to
 * start at the kernel with x0 = the tree. Returns 0, or -1 (logged) if the
 * tree cannot be written. Uses libfdt, hence FP/SIMD: see run_fp_borrow. */
int linux_boot_load(struct partition *p);

#endif
