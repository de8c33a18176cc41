/*
 * What Keel knows of the board it runs on, all of it read from the platform
 * device tree (board_parse). Nothing here is specific to one board.
 */
#ifndef KEEL_BOARD_H
#define KEEL_BOARD_H

#include <keel/types.h>

#define BOARD_MAX_MEM      8
#define BOARD_MAX_RESERVED 16
#define BOARD_MAX_CPUS     8
#define BOARD_MAX_REDIST   4
#define BOARD_NAME_LEN     64
#define BOARD_ERROR_LEN    192

struct keel_driver;

struct board_cpu {
    uint64_t mpidr; /* affinity fields as in MPIDR_EL1 */
};

struct board_gic {
    const struct keel_driver *driver;
    unsigned version; /* 2 or 3 */
    struct pa_range dist;
    struct pa_range redist[BOARD_MAX_REDIST]; /* GICv3 */
    unsigned nr_redist;
    struct pa_range cpuif; /* GICv2: GICC */
    struct pa_range hyp;   /* GICv2: GICH */
    struct pa_range vcpu;  /* GICv2: GICV */
    uint32_t maint_intid;  /* maintenance interrupt (a PPI) */
    char path[BOARD_NAME_LEN];
};

struct board_uart {
    const struct keel_driver *driver;
    struct pa_range regs;
    uint32_t intid; /* 0 if the node has no interrupt */
    char path[BOARD_NAME_LEN];
};

struct board_timer {
    const struct keel_driver *driver;
    uint32_t intid_sec_phys;
    uint32_t intid_phys;
    uint32_t intid_virt;
    uint32_t intid_hyp; /* the EL2 physical timer Keel uses */
};

enum psci_method { PSCI_METHOD_SMC, PSCI_METHOD_HVC };

struct board_psci {
    const struct keel_driver *driver;
    enum psci_method method;
};

struct board {
    char model[BOARD_NAME_LEN];
    struct pa_range mem[BOARD_MAX_MEM];
    unsigned nr_mem;
    struct pa_range reserved[BOARD_MAX_RESERVED];
    unsigned nr_reserved;
    struct board_cpu cpus[BOARD_MAX_CPUS];
    unsigned nr_cpus;
    unsigned nr_cpus_ignored; /* CPUs beyond BOARD_MAX_CPUS */
    struct board_gic gic;
    struct board_uart uart;
    struct board_timer timer;
    struct board_psci psci;
};

/* Why a device tree was refused: the node and property and what is wrong. */
struct board_error {
    char msg[BOARD_ERROR_LEN];
};

/* Reads the whole board description. Returns 0, or -1 with err filled. */
int board_parse(const void *fdt, struct board *b, struct board_error *err);

/* Checks the DTB header without libfdt's help, so that a wild pointer or a
 * truncated blob is refused before anything else reads it. max_size bounds
 * what the caller has mapped. */
int board_check_header(const void *fdt, uint64_t max_size, struct board_error *err);

/* Records a reserved range (the image, the DTB). Returns -1 when full. */
int board_add_reserved(struct board *b, paddr_t base, uint64_t size);

/* Total bytes of RAM. */
uint64_t board_mem_total(const struct board *b);

/* Index of the CPU with this MPIDR, or -1. */
int board_cpu_index(const struct board *b, uint64_t mpidr);

#endif
