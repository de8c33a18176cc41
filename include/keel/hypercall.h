/*
 * Keel's hypercall ABI, shared by the microvisor and native components.
 *
 * HVC #0 from EL1. Function ID in x0, from the SMCCC "vendor specific
 * hypervisor service" range (fast call, SMC64, owning entity 6); arguments
 * in x1..x7; results in x0..x3. x0 < 0 is an error (KEEL_E_*). An unknown
 * function ID returns KEEL_E_NOT_SUPPORTED (SMCCC's NOT_SUPPORTED, -1), so
 * probing never hurts. Registers other than x0..x3 are preserved.
 * docs/hypercalls.md lists every call.
 */
#ifndef KEEL_HYPERCALL_H
#define KEEL_HYPERCALL_H

#define KEEL_HC_BASE 0xc6000000u

/* x0 -> x0 = ABI version (major << 16 | minor) */
#define KEEL_HC_VERSION (KEEL_HC_BASE + 0)
/* x1 = byte count (0..48), x2..x7 = the bytes, 8 per register, first byte
 * in the low byte of x2 -> x0 = bytes written */
#define KEEL_HC_CONSOLE_WRITE (KEEL_HC_BASE + 1)
/* gives the CPU to the next vCPU of the same priority -> x0 = 0 */
#define KEEL_HC_YIELD (KEEL_HC_BASE + 2)
/* -> x0 = partition index, x1 = vCPU index, x2 = number of vCPUs,
 *    x3 = restarts so far */
#define KEEL_HC_SELF (KEEL_HC_BASE + 3)
/* -> x0 = length of the partition's name, x1..x4 = its bytes (up to 32),
 *    packed like KEEL_HC_CONSOLE_WRITE's */
#define KEEL_HC_SELF_NAME (KEEL_HC_BASE + 4)
/* x1 = exit code (0: finished; KEEL_EXIT_FAULT: the runtime caught a fault,
 * x2..x4 = ESR_EL1, FAR_EL1, ELR_EL1 of it). Does not return: the
 * partition's fault policy (stop or restart) is applied. */
#define KEEL_HC_EXIT (KEEL_HC_BASE + 5)

/* -> x0 = GIC version (2 or 3), x1 = guest-physical base of the virtual
 *    distributor (GICD), x2 = of the redistributors (GICv3: one 128 KiB frame
 *    per vCPU, in vCPU order) or of the CPU interface (GICv2: GICC) */
#define KEEL_HC_GIC_INFO (KEEL_HC_BASE + 6)
/* x1 = endpoint, x2 = payload bits: ORs them into the peer's pending word
 * and raises the peer's virq -> x0 = 0 */
#define KEEL_HC_CHAN_SEND (KEEL_HC_BASE + 7)
/* x1 = endpoint -> x0 = 0, x1 = the pending bits (now cleared), x2 = how
 * many sends were merged into them */
#define KEEL_HC_CHAN_RECEIVE (KEEL_HC_BASE + 8)
/* x1 = endpoint -> x0 = 0, x1 = the pending bits (not cleared), x2 = 1 if
 * the peer partition is running, x3 = sends received since boot */
#define KEEL_HC_CHAN_STATUS (KEEL_HC_BASE + 9)
/* x1 = endpoint -> x0 = 0, x1 = its virq, x2 = guest-physical base of the
 * channel's shared memory (0: none), x3 = its size, x4 = the peer
 * partition's index */
#define KEEL_HC_CHAN_INFO (KEEL_HC_BASE + 10)

#define KEEL_HC_LAST KEEL_HC_CHAN_INFO

#define KEEL_ABI_VERSION       ((1u << 16) | 0u)
#define KEEL_CONSOLE_WRITE_MAX 48
#define KEEL_EXIT_FAULT        0xfau

#define KEEL_E_NOT_SUPPORTED (-1)
#define KEEL_E_INVALID       (-2)
#define KEEL_E_DENIED        (-3)

#endif
