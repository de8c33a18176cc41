/*
 * The device tree a Linux partition boots with, generated with libfdt from
 * what Keel gives it: its memory, its vCPUs (PSCI by HVC), the virtual GIC
 * (v2 or v3, at the board's addresses), the architected timer, the virtual
 * PL011 console, one keel,channel node per channel endpoint it owns, and
 * /chosen (bootargs, initramfs, how often it was restarted). Pure: no
 * hardware, no globals; unit tested on the host (docs/linux.md shows the
 * resulting tree).
 */
#ifndef KEEL_GUEST_DT_H
#define KEEL_GUEST_DT_H

#include <stddef.h>
#include <stdint.h>

#define GUEST_DT_MAX_CHANNELS 16

struct guest_dt_channel {
    const char *name;  /* the channel's name: the node's (and /dev/keel/<name>) */
    const char *peer;  /* the peer partition's name */
    unsigned endpoint; /* the endpoint number for the KEEL_HC_CHAN_* calls */
    uint32_t virq;     /* an SPI INTID (>= 32) */
    uint64_t shm_ipa;  /* shared memory (0: none) */
    uint64_t shm_size;
};

struct guest_dt_params {
    const char *name; /* the partition's */
    unsigned nr_vcpus;
    uint64_t mem_ipa, mem_size;
    unsigned gic_version; /* 2 or 3 */
    uint64_t gicd;        /* distributor */
    uint64_t gicr;        /* GICv3: redistributors, 128 KiB per vCPU */
    uint64_t gicc;        /* GICv2: CPU interface */
    uint64_t uart;        /* the virtual PL011 */
    uint32_t uart_intid;  /* its SPI INTID */
    const char *bootargs;
    uint64_t initrd, initrd_size; /* initrd_size 0: none */
    unsigned restarts;
    unsigned nr_channels;
    struct guest_dt_channel chans[GUEST_DT_MAX_CHANNELS];
};

/* Writes the tree into buf (size bytes). Returns 0, or a negative libfdt
 * error (-FDT_ERR_NOSPACE if it does not fit; -FDT_ERR_BADVALUE for
 * parameters no tree can describe, e.g. an INTID below 32). */
int guest_dt_build(void *buf, size_t size, const struct guest_dt_params *p);

#endif
