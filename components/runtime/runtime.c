/* The native component runtime: hypercall wrappers, console, the counter.
 * Interrupts are in irq.c and gic.c, the timer in timer.c, channels in
 * chan.c. */
#include "keel.h"

#include <keel/format.h>
#include <stdarg.h>

struct keel_hvc_result keel_hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                                uint64_t a5, uint64_t a6, uint64_t a7)
{
    register uint64_t x0 __asm__("x0") = fid;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    register uint64_t x4 __asm__("x4") = a4;
    register uint64_t x5 __asm__("x5") = a5;
    register uint64_t x6 __asm__("x6") = a6;
    register uint64_t x7 __asm__("x7") = a7;

    __asm__ volatile("hvc #0"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)
                     : "r"(x5), "r"(x6), "r"(x7)
                     : "memory");
    return (struct keel_hvc_result){x0, x1, x2, x3, x4};
}

static uint64_t pack8(const char *s, unsigned long n)
{
    uint64_t v = 0;
    for (unsigned long i = 0; i < n && i < 8; i++) {
        v |= (uint64_t)(uint8_t)s[i] << (8 * i);
    }
    return v;
}

void keel_write(const char *s, unsigned long n)
{
    while (n > 0) {
        unsigned long k = n < KEEL_CONSOLE_WRITE_MAX ? n : KEEL_CONSOLE_WRITE_MAX;
        uint64_t w[6];
        for (unsigned long i = 0; i < 6; i++) {
            unsigned long at = i * 8;
            w[i] = (k > at) ? pack8(s + at, k - at) : 0;
        }
        keel_hvc(KEEL_HC_CONSOLE_WRITE, k, w[0], w[1], w[2], w[3], w[4], w[5]);
        s += k;
        n -= k;
    }
}

int keel_printf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    size_t n = fmt_vformat(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n >= sizeof(buf)) {
        n = sizeof(buf) - 1;
    }
    keel_write(buf, n);
    return (int)n;
}

void keel_exit(uint64_t code)
{
    for (;;) {
        keel_hvc(KEEL_HC_EXIT, code, 0, 0, 0, 0, 0, 0);
    }
}

void keel_yield(void)
{
    keel_hvc(KEEL_HC_YIELD, 0, 0, 0, 0, 0, 0, 0);
}

void keel_self_name(char *buf, unsigned len)
{
    struct keel_hvc_result r = keel_hvc(KEEL_HC_SELF_NAME, 0, 0, 0, 0, 0, 0, 0);
    uint64_t w[4] = {r.x1, r.x2, r.x3, r.x4};
    unsigned n = (unsigned)r.x0;

    if (len == 0) {
        return;
    }
    for (unsigned i = 0; i < n && i < 32 && i + 1 < len; i++) {
        buf[i] = (char)(w[i / 8] >> (8 * (i % 8)));
        buf[i + 1] = '\0';
    }
    if (n == 0) {
        buf[0] = '\0';
    }
}

unsigned keel_restarts(void)
{
    return (unsigned)keel_hvc(KEEL_HC_SELF, 0, 0, 0, 0, 0, 0, 0).x3;
}

uint64_t keel_counter(void)
{
    uint64_t v;
    __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
    return v;
}

uint64_t keel_counter_freq(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
    return v;
}

__attribute__((weak)) int keel_on_fault(uint64_t esr, uint64_t far, uint64_t elr)
{
    (void)esr;
    (void)far;
    (void)elr;
    return 0;
}

int runtime_exception(uint64_t esr, uint64_t far, uint64_t elr);
int runtime_exception(uint64_t esr, uint64_t far, uint64_t elr)
{
    if (keel_on_fault(esr, far, elr)) {
        return 1;
    }
    for (;;) {
        keel_hvc(KEEL_HC_EXIT, KEEL_EXIT_FAULT, esr, far, elr, 0, 0, 0);
    }
}
