/*
 * Each partition's console port at EL2: its virtual PL011 (vcpu/vpl011.h)
 * at the board's console UART address, the stream of what it transmits
 * (through the console mux), the bytes typed for it, and the physical
 * UART's receive interrupt that brings them. See docs/console.md.
 *
 * Lock order: a partition's lock, then its port lock, then its vGIC lock,
 * then the console lock. The port lock guards the vPL011, the output
 * stream and the input queue of one partition.
 */
#ifndef KEEL_CONSOLE_PORT_H
#define KEEL_CONSOLE_PORT_H

#include "../vcpu/vpl011.h"
#include "console_mux.h"
#include "spinlock.h"

#define PORT_IN_MAX 64 /* typed bytes waiting for room in the receive FIFO */

struct console_port {
    struct spinlock lock;
    struct vpl011 uart;
    bool level; /* the vPL011's interrupt line as last driven into the vGIC */
    struct mux_stream out;
    char tag[MUX_TAG_MAX];
    uint8_t in[PORT_IN_MAX];
    unsigned in_head;
    unsigned in_len;
    unsigned in_dropped; /* typed bytes lost: the queue was full */
};

/* Where partitions see their vPL011 and its interrupt (0: none). */
struct vpl011_layout {
    uint64_t base;
    uint32_t intid;
    bool present;
};
extern struct vpl011_layout vpl011_layout;

struct partition;
struct vcpu;
struct board;

/* Resets p's port (create, restart): the vPL011, its line, the buffers. */
void console_port_reset(struct partition *p);

/* A data abort at ipa: if it is the vPL011's, emulates it (or injects an
 * abort if it cannot be emulated) and returns true. */
bool console_port_mmio(struct vcpu *v, uint64_t ipa, uint64_t esr, uint64_t far);

/* v is about to wait (WFI): what its partition transmitted is shown now,
 * even without a newline (a prompt). */
void console_port_idle(struct vcpu *v);

/* One byte of a native's KEEL_HC_CONSOLE_WRITE (per-vCPU lines). */
void console_port_hc_put(struct vcpu *v, char c);

/* After the partitions are created: places the vPL011s at the board's UART
 * address, chooses the initial input focus and takes the UART's receive
 * interrupt on the calling (boot) CPU. */
void console_port_start(const struct board *b);

#endif
