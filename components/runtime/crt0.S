/* Entry of a native component at EL1: x0 = vCPU index. vCPU 0 clears bss;
 * every vCPU takes its own stack, keeps its index in TPIDR_EL1 (the runtime
 * reads it there), installs the vectors and calls keel_main. */
#define STACK_SIZE 8192
#define MAX_VCPUS 8

    .section .text.entry, "ax"
    .globl _start
_start:
    mov x19, x0
    cmp x19, #MAX_VCPUS
    b.hs hang
    adrp x1, runtime_stacks
    add x1, x1, :lo12:runtime_stacks
    add x2, x19, #1
    mov x3, #STACK_SIZE
    madd x1, x2, x3, x1
    mov sp, x1
    msr tpidr_el1, x19
    adrp x1, runtime_vectors
    add x1, x1, :lo12:runtime_vectors
    msr vbar_el1, x1
    isb
    cbnz x19, wait_bss
    adrp x1, __bss_start
    add x1, x1, :lo12:__bss_start
    adrp x2, __bss_end
    add x2, x2, :lo12:__bss_end
1:  cmp x1, x2
    b.hs 2f
    str xzr, [x1], #8
    b 1b
2:  adrp x1, runtime_bss_ready
    mov w2, #1
    str w2, [x1, :lo12:runtime_bss_ready]
    dsb sy
    sev
    b run
wait_bss:
    adrp x1, runtime_bss_ready
3:  ldr w2, [x1, :lo12:runtime_bss_ready]
    cbnz w2, run
    wfe
    b 3b
run:
    mov x0, x19
    bl keel_main
    bl keel_exit
hang:
    wfi
    b hang

    .data
    .balign 4
    .globl runtime_bss_ready
runtime_bss_ready:
    .long 0

    .bss
    .balign 16
    .globl runtime_stacks
runtime_stacks:
    .space STACK_SIZE * MAX_VCPUS
