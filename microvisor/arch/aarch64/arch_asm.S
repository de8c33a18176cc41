/* Small arch routines that must be assembly. */
#include "macros.inc"

/* x0 = MAIR, x1 = TCR, x2 = TTBR0: turn on the EL2 MMU and caches
 * (identity map, so execution continues at the same address). */
func mmu_enable_el2
    msr mair_el2, x0
    msr tcr_el2, x1
    msr ttbr0_el2, x2
    isb
    tlbi alle2
    dsb nsh
    ic iallu
    dsb nsh
    isb
    mrs x3, sctlr_el2
    mov x4, #((1 << 0) | (1 << 2) | (1 << 3))   /* M, C, SA */
    orr x4, x4, #(1 << 12)                      /* I */
    orr x4, x4, #(1 << 19)                      /* WXN */
    orr x3, x3, x4
    msr sctlr_el2, x3
    isb
    ret
endfunc mmu_enable_el2

/* The same for a secondary CPU, from the values the boot CPU published. */
func mmu_enable_secondary
    adr_l x3, el2_mmu_regs
    ldp x0, x1, [x3]
    ldr x2, [x3, #16]
    b mmu_enable_el2
endfunc mmu_enable_secondary

func arch_smc_call
    smc #0
    ret
endfunc arch_smc_call

func arch_hvc_call
    hvc #0
    ret
endfunc arch_hvc_call

/* x0 = start, x1 = size: clean and invalidate to the point of coherency. */
func arch_dcache_clean_range
    cbz x1, 2f
    mrs x3, ctr_el0
    ubfx x3, x3, #16, #4
    mov x2, #4
    lsl x2, x2, x3               /* smallest D-cache line */
    add x1, x0, x1
    sub x3, x2, #1
    bic x0, x0, x3
1:  dc civac, x0
    add x0, x0, x2
    cmp x0, x1
    b.lo 1b
    dsb sy
2:  ret
endfunc arch_dcache_clean_range

func arch_icache_invalidate_all
    dsb ish
    ic ialluis
    dsb ish
    isb
    ret
endfunc arch_icache_invalidate_all
