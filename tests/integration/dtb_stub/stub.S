/*
 * dtb-stub: a stand-in for a broken boot loader. QEMU boots it as an arm64
 * Image (so it gets the real DTB in x0); it reads a mode word that the test
 * preloads at MODE_ADDR, spoils the DTB accordingly, and jumps to the Keel
 * image preloaded at KEEL_ADDR, as a boot loader would.
 *   0: pass the DTB through      1: x0 = 0 (no DTB)
 *   2: wrong magic               3: structure offset past the end (corrupt)
 *   4: "arm,gic-v3" renamed "arm,gic-v0" (no supported GIC)
 *   5: the GIC distributor moved from 0x08000000 to 0x0b000000, where
 *      nothing answers: Keel's first access takes an external abort
 */
#define MODE_ADDR 0x401ff000
#define KEEL_ADDR 0x40400000

    .section .text
    .globl _start
_start:
    b entry
    .long 0
    .quad 0                      /* text_offset */
    .quad 0x10000                /* image_size */
    .quad 0xa                    /* LE, 4K, anywhere */
    .quad 0, 0, 0
    .ascii "ARM\x64"
    .long 0

entry:
    ldr x1, =MODE_ADDR
    ldr w1, [x1]
    cmp w1, #1
    b.eq no_dtb
    cmp w1, #2
    b.eq bad_magic
    cmp w1, #3
    b.eq bad_struct
    cmp w1, #4
    b.eq rename_gic
    cmp w1, #5
    b.eq move_gicd
    b jump

no_dtb:
    mov x0, #0
    b jump

bad_magic:
    ldr w2, =0xeefe0dd0          /* 0xd00dfeee stored big-endian */
    str w2, [x0]
    b jump

bad_struct:                      /* off_dt_struct = totalsize + 64 */
    ldr w2, [x0, #4]
    rev w2, w2
    add w2, w2, #64
    rev w2, w2
    str w2, [x0, #8]
    b jump

rename_gic:                      /* find the aligned words "arm," "gic-" "v3" */
    ldr w3, [x0, #4]
    rev w3, w3
    add x3, x0, x3               /* end of the blob */
    mov x4, x0
    ldr w5, =0x2c6d7261          /* "arm," */
    ldr w6, =0x2d636967          /* "gic-" */
    mov w7, #0x3376              /* "v3" */
1:  cmp x4, x3
    b.hs jump
    ldr w8, [x4]
    cmp w8, w5
    b.ne 2f
    ldr w8, [x4, #4]
    cmp w8, w6
    b.ne 2f
    ldrh w8, [x4, #8]
    cmp w8, w7
    b.ne 2f
    mov w8, #0x30                /* '0' */
    strb w8, [x4, #9]
2:  add x4, x4, #4
    b 1b

move_gicd:                       /* reg = <0 0x08000000 0 0x10000 ...> */
    ldr w3, [x0, #4]
    rev w3, w3
    add x3, x0, x3
    mov x4, x0
    mov w5, #0x08                /* 0x08000000 big-endian, read little-endian */
    mov w6, #0x100               /* 0x00010000 likewise */
1:  cmp x4, x3
    b.hs jump
    ldp w7, w8, [x4]
    ldp w9, w10, [x4, #8]
    cmp w7, #0
    ccmp w8, w5, #0, eq
    ccmp w9, #0, #0, eq
    ccmp w10, w6, #0, eq
    b.ne 2f
    mov w8, #0x0b
    str w8, [x4, #4]
    b jump
2:  add x4, x4, #4
    b 1b

jump:
    ldr x1, =KEEL_ADDR
    mov x2, #0
    mov x3, #0
    br x1
    .ltorg
