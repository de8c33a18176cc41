/*
 * Partitions: the unit of isolation. Each has one vspace, its vCPUs, its
 * memory (taken from free RAM at boot), the pristine image it is loaded
 * from, and a fault policy.
 */
#ifndef KEEL_PARTITION_H
#define KEEL_PARTITION_H

#include "../vcpu/vcpu.h"
#include "../vcpu/vgic.h"
#include "console_port.h"
#include "payload.h"
#include "physmem.h"
#include "spinlock.h"
#include "vspace.h"
#include <keel/config.h>
#include <keel/linux_layout.h>

#define PARTITION_LINE_MAX 120

struct partition_console {
    char line[PARTITION_LINE_MAX];
    unsigned len;
};

struct chan_endpoint;

struct partition {
    /* first: exclusive loads take no offset, so the hot raise locks and
     * unlocks it at the partition's own address */
    struct spinlock vgic_lock;
    const struct config_partition *cfg;
    unsigned index;
    bool created;
    keel_flag stopped;
    unsigned restarts;
    paddr_t mem;
    const uint8_t *image; /* native: the program; linux: the kernel Image */
    uint64_t image_size;
    const uint8_t *initrd; /* linux: the initramfs, or NULL */
    uint64_t initrd_size;
    struct linux_layout layout; /* linux: where they and the device tree go */
    struct vspace vspace;
    struct vcpu vcpus[CONFIG_MAX_VCPUS];
    struct partition_console console[CONFIG_MAX_VCPUS];
    struct spinlock lock;
    unsigned faults_logged;
    struct vgic vgic; /* its virtual GIC; vgic_lock guards it */
    struct chan_endpoint *endpoints[CONFIG_MAX_ENDPOINTS]; /* by endpoint number */
    unsigned bad_endpoint_calls;
    struct console_port port; /* its vPL011 and console streams (console_port.h) */
};

/* Where every partition sees its virtual GIC (the board's own addresses). */
struct vgic_layout {
    unsigned version;
    uint64_t gicd; /* distributor, emulated */
    uint64_t gicr; /* GICv3: redistributors, emulated, 128 KiB per vCPU */
    uint64_t gicc; /* GICv2: CPU interface, the GICV frame mapped here */
    paddr_t gicv;  /* GICv2: the physical GICV frame */
};
extern struct vgic_layout vgic_layout;

extern struct partition partitions[CONFIG_MAX_PARTITIONS];
extern const struct config *partitions_config; /* the config they were created from */

/* Creates every partition the config accepted; a partition that cannot be
 * created (no memory, CPU offline, image missing) is refused with a message
 * and the others go on. Returns how many were created. */
unsigned partitions_create(const struct config *c, const struct payload *p, struct physmem *pm);

/* Loads the Linux partitions (kernel, initramfs, device tree). Call after
 * channels_create: their device trees list their channels. */
void partitions_load_linux(void);

/* The partition cannot go on (reason says why): applies its fault policy.
 * Returns the vCPU this physical CPU should run next. */
struct vcpu *partition_fault(struct vcpu *v, const char *reason);

/* Logs a problem of a partition (rate-limited per partition). */
void partition_log(struct partition *p, const char *fmt, ...) KEEL_PRINTF(2, 3);

#endif
