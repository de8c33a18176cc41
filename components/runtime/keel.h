/*
 * The native component runtime: what a small C program with no OS needs to
 * run as a Keel partition: crt0.S, vectors.S, runtime.c (hypercalls,
 * console), irq.c and gic.c (interrupts), timer.c, chan.c (channels) and,
 * for bulk data over a channel's shared memory, ring.c (ring.h).
 * The image is linked at 0x40000000 (the default memory-base) and entered
 * at EL1 with the MMU off (memory is cacheable: Keel sets HCR_EL2.DC) on
 * every vCPU, x0 = vCPU index. See README.md.
 */
#ifndef KEEL_RUNTIME_H
#define KEEL_RUNTIME_H

#include <keel/compiler.h>
#include <keel/hypercall.h>
#include <stdbool.h>
#include <stdint.h>

struct keel_hvc_result {
    uint64_t x0, x1, x2, x3, x4;
};

/* HVC #0 with x0..x7; results in x0..x4. */
struct keel_hvc_result keel_hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                                uint64_t a5, uint64_t a6, uint64_t a7);

/* The component's own code: runs on every vCPU. Returning exits. */
int keel_main(unsigned vcpu);

/* Formatted output to the console (tagged with the partition's name by
 * Keel; a line ends at '\n'). Returns the number of characters. */
int keel_printf(const char *fmt, ...) KEEL_PRINTF(1, 2);
void keel_write(const char *s, unsigned long n);

KEEL_NORETURN void keel_exit(uint64_t code);
void keel_yield(void);
/* The partition's name, into buf (NUL-terminated). */
void keel_self_name(char *buf, unsigned len);
unsigned keel_restarts(void);

/* Sleeps (WFI, woken by the virtual timer) for about us microseconds. Once
 * keel_gic_init() is done, interrupt handlers run meanwhile. */
void keel_sleep_us(uint64_t us);
uint64_t keel_counter(void);
uint64_t keel_counter_freq(void);

/*
 * Interrupts (irq.c, gic.c). A component's vCPU starts with interrupts
 * masked (PSTATE.I). To take them it calls keel_gic_init() once per vCPU,
 * registers and enables the INTIDs it wants, and then either waits with
 * keel_wait_for_interrupt() (handlers run inside it) or unmasks them with
 * keel_irq_unmask(). Handlers run on the vCPU's stack with interrupts
 * masked, one at a time; they must not use FP/SIMD registers (the IRQ path
 * saves only the general registers). The runtime keeps the vCPU index in
 * TPIDR_EL1: a component must not write that register.
 */
#define KEEL_MAX_VCPUS    8
#define KEEL_IRQ_LIMIT    1020 /* INTIDs 0..1019: SGIs, PPIs, SPIs */
#define KEEL_IRQ_VTIMER   27   /* the virtual timer's PPI */
#define KEEL_IRQ_SPURIOUS 1023

typedef void (*keel_irq_handler)(uint32_t intid, void *arg);

/* Asks Keel where this partition's virtual GIC is (KEEL_HC_GIC_INFO) and
 * brings up the calling vCPU's CPU interface (and on GICv3 its
 * redistributor); vCPU 0 also enables the distributor. Call it on every
 * vCPU that takes interrupts. 0, or a negative KEEL_E_* code. */
int keel_gic_init(void);
/* 2 or 3 once keel_gic_init() succeeded, 0 before. */
unsigned keel_gic_version(void);
/* The handler for intid. SGIs and PPIs (0..31) are per vCPU: the handler is
 * the calling vCPU's; SPIs (32..) are shared by the partition's vCPUs.
 * handler NULL unregisters. 0, or KEEL_E_INVALID for a bad intid. */
int keel_irq_register(uint32_t intid, keel_irq_handler handler, void *arg);
/* Enables intid at priority 0xa0 (group 1 on GICv3, group 0 on GICv2). An
 * SPI is routed to the calling vCPU. 0, or KEEL_E_INVALID (bad intid, or
 * keel_gic_init() not done). */
int keel_irq_enable(uint32_t intid);
int keel_irq_disable(uint32_t intid);
/* Makes the PPI or SPI intid pending (GICD_ISPENDR, or GICR_ISPENDR0 on
 * GICv3 for a PPI): its handler runs as if it had arrived. 0, or
 * KEEL_E_INVALID (an SGI: keel_sgi_send; a bad intid; no keel_gic_init()). */
int keel_irq_set_pending(uint32_t intid);
/* The CPU interface's priority mask (ICC_PMR_EL1 / GICC_PMR): only
 * interrupts of a higher priority than `mask` (a lower value) are taken;
 * keel_gic_init() sets 0xff, and keel_irq_enable() gives priority 0xa0. */
void keel_irq_priority_mask(uint8_t mask);
/* Sends software-generated interrupt sgi (0..15) to vCPU `vcpu` of this
 * partition (GICv3: ICC_SGI1R_EL1, trapped by Keel; GICv2: GICD_SGIR,
 * emulated). 0, or KEEL_E_INVALID. */
int keel_sgi_send(uint32_t sgi, unsigned vcpu);
/* PSTATE.I for the calling vCPU. */
void keel_irq_unmask(void);
void keel_irq_mask(void);
/* Sleeps (WFI) until an interrupt arrives, with interrupts unmasked for the
 * wait only: returns after the handlers of what arrived have run, or after
 * a wake with nothing to handle. Call it with interrupts masked: whatever
 * became pending since the caller last looked then wakes it, so checking a
 * condition and waiting for it cannot race with a handler. */
void keel_wait_for_interrupt(void);

/* What the IRQ path did on the calling vCPU since it started. */
struct keel_irq_stats {
    unsigned long entries;   /* IRQ exceptions taken */
    unsigned long handled;   /* interrupts whose handler ran */
    unsigned long unhandled; /* interrupts with no handler: acknowledged, ended */
    unsigned long spurious;  /* IRQ exceptions with nothing to acknowledge */
};
void keel_irq_stats(struct keel_irq_stats *out);

/*
 * The virtual timer (timer.c). keel_timer_start_periodic() makes the
 * calling vCPU's virtual timer (CNTV, PPI 27) interrupt every period_us
 * microseconds and calls handler(expiry) from its interrupt, expiry being
 * the counter value the tick was due at (keel_counter() units). If ticks
 * were missed (the vCPU did not run), the next one is the next multiple of
 * the period that is still ahead. Needs keel_gic_init(); 0 or
 * KEEL_E_INVALID (period 0 or too long, no GIC). While it runs,
 * keel_sleep_us() waits for its ticks and so sleeps to the next tick at
 * or after the time asked.
 */
typedef void (*keel_timer_handler)(uint64_t expiry);
int keel_timer_start_periodic(uint64_t period_us, keel_timer_handler handler);
void keel_timer_stop(void);

/*
 * Channels (chan.c): a partition's endpoints are numbered from 0 in the
 * order the config's channels name the partition. send ORs bits into the
 * peer's pending word and raises the peer's virq; receive takes (and
 * clears) the calling partition's pending bits. Every call returns 0 or a
 * negative KEEL_E_* code (KEEL_E_INVALID: not one of the caller's
 * endpoints). Output pointers may be NULL.
 */
struct keel_chan_info {
    uint32_t virq;     /* the INTID the channel raises in this partition */
    uint64_t shm_base; /* guest-physical base of its shared memory, 0: none */
    uint64_t shm_size;
    unsigned peer; /* the peer partition's index */
};
int keel_chan_send(int ep, uint64_t bits);
/* *bits = the pending bits (now cleared), *merged = how many sends they
 * gather. */
int keel_chan_receive(int ep, uint64_t *bits, uint64_t *merged);
/* *pending = the pending bits (not cleared), *peer_running = 1 if the peer
 * partition runs, *received = sends received since boot. */
int keel_chan_status(int ep, uint64_t *pending, int *peer_running, uint64_t *received);
int keel_chan_info(int ep, struct keel_chan_info *info);

/*
 * Called when the component takes a synchronous exception (an abort Keel
 * injected, an undefined instruction...). Return 1 to skip the faulting
 * instruction and go on; 0 (the default) reports the fault to Keel with
 * KEEL_HC_EXIT, which applies the partition's fault policy.
 */
int keel_on_fault(uint64_t esr, uint64_t far, uint64_t elr);

#endif
