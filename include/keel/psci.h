/* PSCI client: how Keel asks the firmware (EL3) to start CPUs and to stop
 * the machine. Function IDs from Arm DEN0022. */
#ifndef KEEL_PSCI_H
#define KEEL_PSCI_H

#include <keel/board.h>

#define PSCI_VERSION          0x84000000u
#define PSCI_CPU_OFF          0x84000002u
#define PSCI_CPU_ON_64        0xc4000003u
#define PSCI_AFFINITY_INFO_64 0xc4000004u
#define PSCI_SYSTEM_OFF       0x84000008u
#define PSCI_SYSTEM_RESET     0x84000009u

#define PSCI_SUCCESS        0
#define PSCI_NOT_SUPPORTED  (-1)
#define PSCI_INVALID_PARAMS (-2)
#define PSCI_DENIED         (-3)
#define PSCI_ALREADY_ON     (-4)

/* Returns 0, or -1 if the conduit cannot be used from EL2. */
int psci_init(const struct board_psci *p);
uint32_t psci_version(void);
int64_t psci_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t context);
KEEL_NORETURN void psci_system_off(void);
const char *psci_strerror(int64_t rc);

#endif
