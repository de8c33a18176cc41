/* PSCI client: how Keel asks the firmware (EL3) to start CPUs and to stop
 * the machine. Function IDs from Arm DEN0022. */
#ifndef KEEL_PSCI_H
#define KEEL_PSCI_H

#include <keel/board.h>

#define PSCI_VERSION           0x84000000u
#define PSCI_CPU_SUSPEND_32    0x84000001u
#define PSCI_CPU_OFF           0x84000002u
#define PSCI_CPU_ON_32         0x84000003u
#define PSCI_AFFINITY_INFO_32  0x84000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF        0x84000008u
#define PSCI_SYSTEM_RESET      0x84000009u
#define PSCI_FEATURES          0x8400000au
#define PSCI_CPU_SUSPEND_64    0xc4000001u
#define PSCI_CPU_ON_64         0xc4000003u
#define PSCI_AFFINITY_INFO_64  0xc4000004u

#define PSCI_SUCCESS        0
#define PSCI_NOT_SUPPORTED  (-1)
#define PSCI_INVALID_PARAMS (-2)
#define PSCI_DENIED         (-3)
#define PSCI_ALREADY_ON     (-4)
#define PSCI_ON_PENDING     (-5)
#define PSCI_INVALID_ADDR   (-9)

/* AFFINITY_INFO answers; MIGRATE_INFO_TYPE: no trusted OS to migrate */
#define PSCI_AFFINITY_ON         0
#define PSCI_AFFINITY_OFF        1
#define PSCI_AFFINITY_ON_PENDING 2
#define PSCI_TOS_NOT_PRESENT     2

/* Returns 0, or -1 if the conduit cannot be used from EL2. */
int psci_init(const struct board_psci *p);
uint32_t psci_version(void);
int64_t psci_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t context);
KEEL_NORETURN void psci_system_off(void);
const char *psci_strerror(int64_t rc);

#endif
