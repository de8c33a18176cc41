/*
 * A virtual PL011 UART (ARM DDI 0183), as Linux's amba-pl011 driver and its
 * earlycon use it: every partition has one at the board's console UART
 * address. Pure logic (no hardware, no locks): unit tested on the host.
 *
 * Model:
 * - Transmit is consumed at once: a DR write hands the byte to the caller
 *   (the console mux). FR never shows TXFF or BUSY, TXFE always; TXRIS is
 *   always set (the transmit FIFO is always at or below its level), so a
 *   driver that keeps TXIM set gets a steady interrupt, as it asked.
 *   Linux enables TXIM only while it has characters it could not write
 *   (never, since TXFF is never set) and clears it when its buffer is
 *   empty: no storm, no hang.
 * - Receive: a FIFO of VPL011_FIFO bytes (1 while LCR_H.FEN is 0), fed by
 *   the console mux only while CR.UARTEN and CR.RXE are set. RXRIS is set
 *   while the FIFO holds at least the IFLS receive level, RTRIS while it
 *   holds anything (the receive timeout is taken as already expired).
 *   Both are levels: reading DR clears them, ICR does not.
 * - No errors, no modem lines, no DMA (DMACR reads as zero), no overrun
 *   (the mux never pushes into a full FIFO).
 * - The interrupt line is (RIS & IMSC) != 0, level-sensitive.
 * - The reset state is that of a UART the firmware enabled for the console
 *   (CR = UARTEN | TXE | RXE), so an earlycon works without setting it up.
 * - Accesses: 16- or 32-bit to every register (Linux's driver uses 16-bit
 *   accesses, the AMBA bus 32-bit for the ID registers), 8-bit as well to
 *   DR, naturally aligned. Any other size or alignment is refused (the
 *   caller injects an abort). Offsets no register claims read as zero and
 *   ignore writes; so do the upper halves of registers.
 */
#ifndef KEEL_VPL011_H
#define KEEL_VPL011_H

#include <keel/types.h>

#define VPL011_SIZE 0x1000ull
#define VPL011_FIFO 32u

/* Register offsets. */
#define VPL011_DR     0x000u
#define VPL011_RSR    0x004u /* RSR on read, ECR on write */
#define VPL011_FR     0x018u
#define VPL011_ILPR   0x020u
#define VPL011_IBRD   0x024u
#define VPL011_FBRD   0x028u
#define VPL011_LCR_H  0x02cu
#define VPL011_CR     0x030u
#define VPL011_IFLS   0x034u
#define VPL011_IMSC   0x038u
#define VPL011_RIS    0x03cu
#define VPL011_MIS    0x040u
#define VPL011_ICR    0x044u
#define VPL011_DMACR  0x048u
#define VPL011_PERIPH 0xfe0u /* PeriphID0-3, then CellID0-3 at 0xff0 */

/* FR bits. */
#define VPL011_FR_BUSY (1u << 3)
#define VPL011_FR_RXFE (1u << 4)
#define VPL011_FR_TXFF (1u << 5)
#define VPL011_FR_RXFF (1u << 6)
#define VPL011_FR_TXFE (1u << 7)

/* Interrupt bits (IMSC, RIS, MIS, ICR). */
#define VPL011_INT_RX (1u << 4)
#define VPL011_INT_TX (1u << 5)
#define VPL011_INT_RT (1u << 6)

#define VPL011_CR_UARTEN (1u << 0)
#define VPL011_CR_TXE    (1u << 8)
#define VPL011_CR_RXE    (1u << 9)
#define VPL011_LCR_H_FEN (1u << 4)

struct vpl011 {
    uint8_t rx[VPL011_FIFO];
    uint8_t rx_head; /* index of the oldest byte */
    uint8_t rx_count;
    uint8_t ilpr;
    uint8_t lcr_h;
    uint16_t ibrd;
    uint8_t fbrd;
    uint8_t ifls;
    uint16_t cr;
    uint16_t imsc;
};

/* The state after reset (see above). */
void vpl011_reset(struct vpl011 *u);

/*
 * One guest access at offset (within the 4 KiB frame) of size bytes.
 * Reads fill *val, writes take it. *tx is set to the byte a DR write
 * transmits, or -1. Returns 0, or -1 if the access must be refused (size,
 * alignment, offset outside the frame).
 */
int vpl011_access(struct vpl011 *u, uint64_t offset, unsigned size, bool write, uint64_t *val,
                  int *tx);

/* Raw interrupt status and the interrupt line. */
uint32_t vpl011_ris(const struct vpl011 *u);
bool vpl011_line(const struct vpl011 *u);

/* How many bytes the receive FIFO takes now (0 while the receiver is off). */
unsigned vpl011_rx_room(const struct vpl011 *u);
/* Puts a received byte in the FIFO: 0, or -1 if there is no room. */
int vpl011_rx_push(struct vpl011 *u, uint8_t c);

#endif
