/* Keel's own address space (EL2 stage 1): an identity map, built at boot,
 * with W^X enforced. */
#ifndef KEEL_MM_H
#define KEEL_MM_H

#include <keel/types.h>

enum mm_kind {
    MM_TEXT,   /* read, execute */
    MM_RODATA, /* read */
    MM_DATA,   /* read, write, never execute */
    MM_DEVICE, /* device-nGnRE, read, write, never execute */
};

/* Starts the tables with the image itself mapped section by section. */
int mm_init(void);

/* Identity-maps a range (rounded out to pages). Ranges already mapped with
 * the same kind are accepted; anything else mapped there is an error. */
int mm_map(paddr_t base, uint64_t size, enum mm_kind kind);

/* Turns the MMU on for the calling (boot) CPU and publishes the settings
 * secondaries use. */
void mm_enable(void);

/* Pages of the table pool used and available. */
void mm_pool_usage(unsigned *used, unsigned *total);

/* Physical range of the loaded image, from its first byte to the end of
 * its stacks. */
struct pa_range mm_image_range(void);

#endif
