/* The partitions' console ports at EL2: see console_port.h. */
#include "console_port.h"

#include "../vcpu/mmio.h"
#include "../vcpu/vgic_vcpu.h"
#include "console.h"
#include "irq.h"
#include "log.h"
#include "partition.h"
#include "trap.h"
#include <keel/board.h>
#include <keel/timer.h>

#define ESR_DABT_EL1   ((0x25ull << 26) | (1ull << 25) | 0x10)
#define ESR_WNR        (1ull << 6)
#define STALE_US       5000 /* an unfinished line waits at most this long for more */
#define RX_BUDGET      256  /* bytes taken per receive interrupt */
#define OWNER_STRIDE   16   /* terminal owner ids: partition * 16 + stream */
#define OWNER_UART     15
#define FIRST_SPI      32
#define VGIC_INTID_END 256

struct vpl011_layout vpl011_layout;
static struct console_mux mux;
static uint64_t stale_ticks;

static int uart_owner(const struct partition *p)
{
    return (int)(p->index * OWNER_STRIDE + OWNER_UART);
}

void console_port_reset(struct partition *p)
{
    struct console_port *port = &p->port;

    spin_lock(&port->lock);
    vpl011_reset(&port->uart);
    mux_stream_reset(&port->out);
    mux_tag(port->tag, p->cfg->name, 1, 0);
    port->level = false;
    port->in_head = port->in_len = 0;
    spin_unlock(&port->lock);
    console_lock();
    if (console_open_owner() == uart_owner(p)) {
        console_write_as(uart_owner(p), "\n", 1); /* its old run's unfinished line */
        console_set_open(-1);
    }
    console_unlock();
}

/* Drives the vGIC line if the vPL011's changed. Port lock held. */
static void update_line(struct partition *p)
{
    struct console_port *port = &p->port;
    bool level = vpl011_line(&port->uart);

    if (level != port->level) {
        port->level = level;
        if (vpl011_layout.intid != 0) {
            vgic_partition_set_level(p, vpl011_layout.intid, level);
        }
    }
}

/* Moves typed bytes into the receive FIFO while it has room. Port lock held. */
static void refill(struct console_port *port)
{
    while (port->in_len > 0 && vpl011_rx_push(&port->uart, port->in[port->in_head]) == 0) {
        port->in_head = (port->in_head + 1) % PORT_IN_MAX;
        port->in_len--;
    }
}

static void transmit(struct partition *p, uint8_t c)
{
    struct console_port *port = &p->port;
    uint64_t now = timer_now();

    if (mux_stream_stale(&port->out, now, stale_ticks)) {
        mux_stream_flush(&port->out, uart_owner(p), port->tag);
    }
    mux_stream_put(&port->out, uart_owner(p), port->tag, c, mux.focus == p->index, now | 1);
}

/* Emulates the access; -1 if the vPL011 refused it. */
static int emulate(struct vcpu *v, uint64_t off, const struct mmio_access *a)
{
    struct partition *p = v->part;
    struct console_port *port = &p->port;
    uint64_t val = mmio_value_to_store(a, v->regs.x);
    int tx;

    spin_lock(&port->lock);
    int rc = vpl011_access(&port->uart, off, a->size, a->write, &val, &tx);
    if (tx >= 0) {
        transmit(p, (uint8_t)tx);
    }
    refill(port); /* a read made room, or a write turned the receiver on */
    update_line(p);
    spin_unlock(&port->lock);
    if (rc == 0) {
        mmio_complete(a, val, v->regs.x);
    }
    return rc;
}

bool console_port_mmio(struct vcpu *v, uint64_t ipa, uint64_t esr, uint64_t far)
{
    struct mmio_access a;

    if (!vpl011_layout.present || ipa - vpl011_layout.base >= VPL011_SIZE) {
        return false;
    }
    if (mmio_decode(esr, &a) != 0 || emulate(v, ipa - vpl011_layout.base, &a) != 0) {
        partition_log(v->part,
                      "vcpu %u: UART access at IPA 0x%llx (pc 0x%llx, ESR 0x%llx) cannot be "
                      "emulated; synchronous external abort injected",
                      v->index, (unsigned long long)ipa, (unsigned long long)v->regs.pc,
                      (unsigned long long)esr);
        vcpu_inject_sync(v, ESR_DABT_EL1 | (esr & ESR_WNR), far);
        return true;
    }
    v->regs.pc += 4;
    return true;
}

void console_port_idle(struct vcpu *v)
{
    struct partition *p = v->part;
    struct console_port *port = &p->port;

    if (*(volatile unsigned *)&port->out.len == 0) {
        return; /* the common case, without the lock; a race only delays */
    }
    spin_lock(&port->lock);
    mux_stream_flush(&port->out, uart_owner(p), port->tag);
    spin_unlock(&port->lock);
}

void console_port_hc_put(struct vcpu *v, char c)
{
    struct partition *p = v->part;
    struct partition_console *pc = &p->console[v->index];
    bool full;

    if (c != '\n') {
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            c = '?'; /* no control sequences from a native */
        }
        pc->line[pc->len++] = c;
    }
    full = pc->len == PARTITION_LINE_MAX;
    if (c == '\n' || full) {
        char tag[MUX_TAG_MAX];
        mux_tag(tag, p->cfg->name, p->cfg->nr_vcpus, v->index);
        mux_write_line((int)(p->index * OWNER_STRIDE + v->index), tag, pc->line, pc->len);
        pc->len = 0;
    }
}

/* ---- Input -------------------------------------------------------------- */

/* Queues a typed byte for p. Returns how many were dropped so far if this
 * one was (0: queued). */
static unsigned deliver(struct partition *p, uint8_t c)
{
    struct console_port *port = &p->port;
    unsigned dropped = 0;

    spin_lock(&port->lock);
    if (port->in_len < PORT_IN_MAX) {
        port->in[(port->in_head + port->in_len) % PORT_IN_MAX] = c;
        port->in_len++;
    } else {
        dropped = ++port->in_dropped;
    }
    refill(port);
    update_line(p);
    spin_unlock(&port->lock);
    return dropped;
}

static void show_focus(void)
{
    if (mux.focus < mux.nr) {
        struct partition *p = &partitions[mux.focus];
        spin_lock(&p->port.lock);
        mux_stream_reprint(&p->port.out, uart_owner(p), p->port.tag);
        spin_unlock(&p->port.lock);
    }
}

static void on_rx(uint32_t intid)
{
    int c;

    (void)intid;
    for (unsigned n = 0; n < RX_BUDGET && (c = console_getc()) >= 0; n++) {
        unsigned focus = mux.focus;
        int b = mux_input(&mux, (uint8_t)c);
        if (b >= 0) {
            struct partition *p = &partitions[focus];
            unsigned dropped = deliver(p, (uint8_t)b);
            if (dropped != 0 && (dropped & (dropped - 1)) == 0) {
                log_warn("console: input for %s dropped (%u bytes so far): it is not reading "
                         "its UART",
                         p->cfg->name, dropped);
            }
        } else if (mux.focus != focus) {
            show_focus();
        }
    }
}

static const char *state_name(unsigned i)
{
    return partitions[i].stopped ? "stopped" : "running";
}

static void start_mux(void)
{
    for (unsigned i = 0; i < CONFIG_MAX_PARTITIONS; i++) {
        const struct partition *p = &partitions[i];
        if (p->cfg != NULL) {
            mux_add(&mux, i, p->cfg->name, p->cfg->kind == PARTITION_LINUX, p->created);
        }
    }
    mux.state = state_name;
    mux_focus_initial(&mux);
}

void console_port_start(const struct board *b)
{
    uint32_t intid = b->uart.intid;

    stale_ticks = timer_ticks_from_us(STALE_US);
    vpl011_layout.base = pa_addr(b->uart.regs.base);
    vpl011_layout.intid = (intid >= FIRST_SPI && intid < VGIC_INTID_END) ? intid : 0;
    vpl011_layout.present = true;
    start_mux();
    if (intid != 0 && intid < IRQ_MAX_INTID && console_rx_irq(true) == 0) {
        irq_register(intid, on_rx);
        irq_enable(intid, 0);
    }
    if (mux.focus < mux.nr) {
        log_info("console: input goes to %s (Ctrl-] then l: list, n: next, 1-9: choose)",
                 mux.parts[mux.focus].name);
    }
}
