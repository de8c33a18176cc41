/*
 * The native component runtime: what a small C program with no OS needs to
 * run as a Keel partition. Link it with crt0.S, vectors.S and runtime.c.
 * The image is linked at 0x40000000 (the default memory-base) and entered
 * at EL1 with the MMU off (memory is cacheable: Keel sets HCR_EL2.DC) on
 * every vCPU, x0 = vCPU index. See README.md.
 */
#ifndef KEEL_RUNTIME_H
#define KEEL_RUNTIME_H

#include <keel/compiler.h>
#include <keel/hypercall.h>
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

/* Sleeps (WFI, woken by the virtual timer) for about us microseconds. */
void keel_sleep_us(uint64_t us);
uint64_t keel_counter(void);
uint64_t keel_counter_freq(void);

/*
 * Called when the component takes a synchronous exception (an abort Keel
 * injected, an undefined instruction...). Return 1 to skip the faulting
 * instruction and go on; 0 (the default) reports the fault to Keel with
 * KEEL_HC_EXIT, which applies the partition's fault policy.
 */
int keel_on_fault(uint64_t esr, uint64_t far, uint64_t elr);

#endif
