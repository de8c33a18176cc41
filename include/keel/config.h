/*
 * The partition config: what configs/<system>.dts describes, as the packer
 * and the microvisor both read it (one implementation, microvisor/config*.c,
 * linked into both). See docs/config.md for the schema, field by field.
 */
#ifndef KEEL_CONFIG_H
#define KEEL_CONFIG_H

#include <keel/board.h>
#include <keel/types.h>

#define CONFIG_MAX_PARTITIONS  8
#define CONFIG_MAX_VCPUS       8
#define CONFIG_MAX_DEVICES     8
#define CONFIG_MAX_DEVICE_IRQS 8
#define CONFIG_NAME_LEN        32
#define CONFIG_PATH_LEN        128
#define CONFIG_ERROR_LEN       256
#define CONFIG_MAX_CHANNELS    16
#define CONFIG_MAX_ENDPOINTS   16  /* per partition */
#define CONFIG_VIRQ_FIRST      32  /* channel virqs are SPIs of the virtual GIC */
#define CONFIG_VIRQ_LAST       255 /* the highest INTID the virtual GIC has */
#define CONFIG_BOOTARGS_LEN    256 /* a Linux partition's kernel command line */

enum partition_kind { PARTITION_NATIVE, PARTITION_LINUX };
enum fault_policy { FAULT_STOP, FAULT_RESTART };

/* A passthrough device: its registers are mapped at the same address in the
 * partition (IPA == PA) and its SPIs are routed to the partition. */
struct config_device {
    char name[CONFIG_NAME_LEN]; /* the device node's name */
    struct pa_range regs;
    uint32_t irqs[CONFIG_MAX_DEVICE_IRQS]; /* GIC INTIDs (SPIs, >= 32) */
    unsigned nr_irqs;
};

struct config_partition {
    char name[CONFIG_NAME_LEN]; /* the partition node's name */
    bool ok;                    /* false: refused, with a message reported */
    enum partition_kind kind;
    unsigned nr_vcpus;
    unsigned vcpu_cpu[CONFIG_MAX_VCPUS]; /* board CPU index (platform /cpus order) */
    unsigned priority;                   /* 0 (lowest) .. 255 */
    uint64_t mem_ipa;                    /* guest-physical base of its RAM */
    uint64_t mem_size;
    bool mem_phys_fixed;
    uint64_t mem_phys;                  /* when fixed: host-physical base */
    uint64_t entry;                     /* guest-physical entry point */
    char image[CONFIG_PATH_LEN];        /* native: the program; linux: the kernel Image */
    int image_index;                    /* payload entry of the image; -1 until packed */
    char initrd[CONFIG_PATH_LEN];       /* linux: the initramfs ("" for none) */
    int initrd_index;                   /* payload entry of the initramfs; -1 until packed */
    char bootargs[CONFIG_BOOTARGS_LEN]; /* linux: the kernel command line */
    enum fault_policy fault_policy;
    unsigned restart_limit;
    struct config_device devices[CONFIG_MAX_DEVICES];
    unsigned nr_devices;
};

/* One end of a channel, in one partition. */
struct config_endpoint {
    int partition;    /* index into config.parts */
    unsigned index;   /* endpoint number within that partition: the order in
                         which its accepted channels appear in the file, from 0 */
    uint32_t virq;    /* the INTID the channel raises in that partition */
    uint64_t shm_ipa; /* where the shared memory appears in it (0: none) */
};

/* A channel: two endpoints in two partitions and, optionally, a shared
 * memory region mapped into both. */
struct config_channel {
    char name[CONFIG_NAME_LEN]; /* the channel node's name */
    bool ok;                    /* false: refused, with a message reported */
    struct config_endpoint ep[2];
    uint64_t shm_size; /* 0: no shared memory */
};

struct config {
    unsigned nr_partitions;
    struct config_partition parts[CONFIG_MAX_PARTITIONS];
    unsigned nr_channels;
    struct config_channel chans[CONFIG_MAX_CHANNELS];
};

/* Called once per problem found; msg names the node and property, e.g.
 * "/partitions/hello: property 'cpus': CPU 7 does not exist (board has 4)". */
typedef void (*config_report_fn)(void *ctx, const char *msg);

/*
 * Reads and checks the config blob against the board. Problems local to a
 * partition mark it !ok and the others are still checked; problems with the
 * whole file (not a DTB, no /partitions) leave nr_partitions and
 * nr_channels 0. A problem with a channel refuses only that channel. Checks
 * between partitions (memory, devices, IRQs claimed twice) refuse the later
 * partition. `reserved` ranges (the board's, plus the microvisor's own at
 * boot) may not be claimed by a fixed physical-base. Returns the number of
 * problems reported.
 */
unsigned config_parse(const void *cfg, const void *board_fdt, const struct board *b,
                      struct config *c, config_report_fn report, void *ctx);

#endif
