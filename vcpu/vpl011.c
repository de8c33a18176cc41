/* The virtual PL011: see vpl011.h. */
#include "vpl011.h"

#include <string.h>

#define CR_WRITABLE   0xff87u /* CTSEn..LBE: the bits the PL011 implements */
#define IMSC_WRITABLE 0x7ffu
#define SIZE_OK(s)    ((s) == 2 || (s) == 4)

/* PeriphID0-3 (part 0x011, designer ARM 0x41, revision r1p5: 0x24) and the
 * PrimeCell CellID0-3. */
static const uint8_t id_bytes[8] = {0x11, 0x10, 0x24, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

void vpl011_reset(struct vpl011 *u)
{
    memset(u, 0, sizeof(*u));
    u->cr = VPL011_CR_UARTEN | VPL011_CR_TXE | VPL011_CR_RXE;
    u->ifls = 0x12; /* both levels at half full */
}

static unsigned fifo_depth(const struct vpl011 *u)
{
    return (u->lcr_h & VPL011_LCR_H_FEN) ? VPL011_FIFO : 1u;
}

/* The receive level IFLS selects: 1/8, 1/4, 1/2, 3/4 or 7/8 of the FIFO. */
static unsigned rx_level(const struct vpl011 *u)
{
    static const uint8_t eighths[8] = {1, 2, 4, 6, 7, 7, 7, 7};

    if ((u->lcr_h & VPL011_LCR_H_FEN) == 0) {
        return 1;
    }
    return VPL011_FIFO * eighths[(u->ifls >> 3) & 7] / 8;
}

uint32_t vpl011_ris(const struct vpl011 *u)
{
    uint32_t ris = VPL011_INT_TX;

    if (u->rx_count > 0) {
        ris |= VPL011_INT_RT;
    }
    if (u->rx_count >= rx_level(u)) {
        ris |= VPL011_INT_RX;
    }
    return ris;
}

bool vpl011_line(const struct vpl011 *u)
{
    return (vpl011_ris(u) & u->imsc) != 0;
}

unsigned vpl011_rx_room(const struct vpl011 *u)
{
    uint16_t on = VPL011_CR_UARTEN | VPL011_CR_RXE;
    unsigned depth = fifo_depth(u);

    if ((u->cr & on) != on || u->rx_count >= depth) {
        return 0;
    }
    return depth - u->rx_count;
}

int vpl011_rx_push(struct vpl011 *u, uint8_t c)
{
    if (vpl011_rx_room(u) == 0) {
        return -1;
    }
    u->rx[(u->rx_head + u->rx_count) % VPL011_FIFO] = c;
    u->rx_count++;
    return 0;
}

static uint32_t rx_pop(struct vpl011 *u)
{
    if (u->rx_count == 0) {
        return 0;
    }
    uint8_t c = u->rx[u->rx_head];
    u->rx_head = (uint8_t)((u->rx_head + 1) % VPL011_FIFO);
    u->rx_count--;
    return c;
}

static uint32_t flags(const struct vpl011 *u)
{
    uint32_t fr = VPL011_FR_TXFE;

    if (u->rx_count == 0) {
        fr |= VPL011_FR_RXFE;
    }
    if (u->rx_count >= fifo_depth(u)) {
        fr |= VPL011_FR_RXFF;
    }
    return fr;
}

static uint32_t read_reg(struct vpl011 *u, uint32_t reg)
{
    switch (reg) {
    case VPL011_DR:
        return rx_pop(u);
    case VPL011_FR:
        return flags(u);
    case VPL011_ILPR:
        return u->ilpr;
    case VPL011_IBRD:
        return u->ibrd;
    case VPL011_FBRD:
        return u->fbrd;
    case VPL011_LCR_H:
        return u->lcr_h;
    case VPL011_CR:
        return u->cr;
    case VPL011_IFLS:
        return u->ifls;
    case VPL011_IMSC:
        return u->imsc;
    case VPL011_RIS:
        return vpl011_ris(u);
    case VPL011_MIS:
        return vpl011_ris(u) & u->imsc;
    default:
        if (reg >= VPL011_PERIPH) {
            return id_bytes[(reg - VPL011_PERIPH) / 4];
        }
        return 0; /* RSR (no errors), ICR, DMACR, reserved */
    }
}

static void write_reg(struct vpl011 *u, uint32_t reg, uint32_t v, int *tx)
{
    switch (reg) {
    case VPL011_DR:
        *tx = (int)(v & 0xff);
        break;
    case VPL011_ILPR:
        u->ilpr = (uint8_t)v;
        break;
    case VPL011_IBRD:
        u->ibrd = (uint16_t)v;
        break;
    case VPL011_FBRD:
        u->fbrd = (uint8_t)(v & 0x3f);
        break;
    case VPL011_LCR_H:
        u->lcr_h = (uint8_t)v;
        break;
    case VPL011_CR:
        u->cr = (uint16_t)(v & CR_WRITABLE);
        break;
    case VPL011_IFLS:
        u->ifls = (uint8_t)(v & 0x3f);
        break;
    case VPL011_IMSC:
        u->imsc = (uint16_t)(v & IMSC_WRITABLE);
        break;
    default:
        break; /* ECR, ICR (the interrupts are levels), DMACR, read-only, reserved */
    }
}

int vpl011_access(struct vpl011 *u, uint64_t offset, unsigned size, bool write, uint64_t *val,
                  int *tx)
{
    uint32_t reg = (uint32_t)offset & ~3u;
    bool dr = reg == VPL011_DR;

    *tx = -1;
    if (offset >= VPL011_SIZE || !(SIZE_OK(size) || (dr && size == 1)) || offset % size != 0) {
        return -1;
    }
    if ((offset & 3) != 0) {
        if (!write) {
            *val = 0; /* the upper half of a register: reserved */
        }
        return 0;
    }
    if (write) {
        write_reg(u, reg, (uint32_t)*val, tx);
    } else {
        *val = read_reg(u, reg);
    }
    return 0;
}
