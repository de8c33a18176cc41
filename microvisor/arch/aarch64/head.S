/*
 * Entry: the arm64 Image header, then the code that runs with the MMU off.
 *
 * Keel is linked at address 0 as a position-independent executable. It may
 * be loaded at any 2 MiB-aligned address (Image flags bit 3), so the first
 * thing it does is apply its own R_AARCH64_RELATIVE relocations.
 */
#include "macros.inc"
#include "offsets.h"

#define R_AARCH64_RELATIVE 1027
#define SCTLR_EL2_INIT 0x30c51838 /* RES1 bits, I-cache on, SA; MMU and D-cache off */
/* RW: lower ELs are AArch64; FMO/IMO/AMO: physical FIQ, IRQ, SError go to EL2 */
#define HCR_EL2_INIT   ((1 << 31) | (1 << 5) | (1 << 4) | (1 << 3))
#define CPTR_EL2_INIT  0x33ff     /* RES1; TFP=0: FP/SIMD usable at EL2 (libfdt) */
/* EL1 may read the physical counter but not use the EL1 physical timer
 * (guests have the virtual one); event stream every 2^10 ticks */
#define CNTHCTL_EL2_INIT ((1 << 0) | (1 << 2) | (10 << 4))
/* Guests' debug register accesses trap (TDA, TDOSA, TDRA); the PMU counters
 * stay theirs (HPMN = all counters, added at run time from PMCR_EL0.N) */
#define MDCR_EL2_TRAPS ((1 << 9) | (1 << 10) | (1 << 11))

    .section .head, "ax"
    .globl _head
_head:
    b primary_entry              /* code0 */
    .long 0                      /* code1 */
    .quad 0                      /* text_offset */
    .quad __image_size           /* image_size: bss and stacks included */
    .quad 0xa                    /* flags: little endian, 4K pages, anywhere */
    .quad 0, 0, 0                /* res2..res4 */
    .ascii "ARM\x64"             /* magic */
    .long 0                      /* res5 */

    .text
/* x0 = DTB physical address from the boot loader. */
func primary_entry
    mov x19, x0
    bl relocate_and_clear
    mrs x0, CurrentEL
    lsr x20, x0, #2
    cmp x20, #2
    b.ne 1f
    adr_l x0, cpus
    msr tpidr_el2, x0
    bl el2_setup
1:  adr_l x0, cpu_stacks
    add x0, x0, #CPU_STACK_SLOT
    mov sp, x0
    mov x0, x19                  /* dtb */
    adr_l x1, _head              /* image base */
    mov x2, x20                  /* exception level */
    bl boot_primary
2:  wfe
    b 2b
endfunc primary_entry

/* Applies the RELATIVE relocations and clears bss. Clobbers x0-x7. */
func relocate_and_clear
    adr_l x0, _head
    adr_l x1, __rela_start
    adr_l x2, __rela_end
1:  cmp x1, x2
    b.hs 3f
    ldp x3, x4, [x1], #16        /* r_offset, r_info */
    ldr x5, [x1], #8             /* r_addend */
    cmp x4, #R_AARCH64_RELATIVE  /* the build refuses all other types but NONE */
    b.ne 1b
    add x5, x5, x0
    str x5, [x0, x3]
    b 1b
3:  adr_l x1, __bss_start
    adr_l x2, __bss_end
4:  cmp x1, x2
    b.hs 5f
    stp xzr, xzr, [x1], #16
    b 4b
5:  dsb sy
    ret
endfunc relocate_and_clear

/* EL2 system registers to a known state, vectors installed. Clobbers x0. */
func el2_setup
    ldr x0, =SCTLR_EL2_INIT
    msr sctlr_el2, x0
    isb
    ldr x0, =HCR_EL2_INIT
    msr hcr_el2, x0
    ldr x0, =CPTR_EL2_INIT
    msr cptr_el2, x0
    msr cntvoff_el2, xzr
    ldr x0, =CNTHCTL_EL2_INIT
    msr cnthctl_el2, x0
    mrs x0, pmcr_el0
    ubfx x0, x0, #11, #5         /* N: number of event counters */
    orr x0, x0, #MDCR_EL2_TRAPS
    msr mdcr_el2, x0
    msr vttbr_el2, xzr
    adr_l x0, el2_vectors
    msr vbar_el2, x0
    isb
    ret
endfunc el2_setup

/*
 * Secondary CPUs start here from PSCI CPU_ON, at EL2 with the MMU off;
 * x0 is the context: this CPU's struct cpu (identity mapped, cleaned to
 * the point of coherency by the boot CPU).
 */
func secondary_entry
    msr tpidr_el2, x0
    ldr x1, [x0, #CPU_STACK_TOP]
    mov sp, x1
    bl el2_setup
    bl mmu_enable_secondary
    bl secondary_main
1:  wfe
    b 1b
endfunc secondary_entry
