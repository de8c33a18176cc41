/* Compiler helpers shared by the microvisor, components and host code. */
#ifndef KEEL_COMPILER_H
#define KEEL_COMPILER_H

#define KEEL_NORETURN     __attribute__((noreturn))
#define KEEL_NOINLINE     __attribute__((noinline))
#define KEEL_INLINE       inline __attribute__((always_inline))
#define KEEL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define KEEL_UNUSED       __attribute__((unused))
#define KEEL_SECTION(s)   __attribute__((section(s), used))
#define KEEL_ALIGNED(n)   __attribute__((aligned(n)))
#define KEEL_PACKED       __attribute__((packed))
/* Hides a variable's value from the optimiser, so that a value computed
 * once (an array element's address) is kept in a register rather than
 * computed again at each use. */
#define KEEL_OPAQUE(x) __asm__("" : "+r"(x))

#define ARRAY_SIZE(a)    (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)   (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define MIN(a, b)        ((a) < (b) ? (a) : (b))
#define MAX(a, b)        ((a) > (b) ? (a) : (b))

#endif
