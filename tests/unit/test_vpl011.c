/* The virtual PL011 on the host: every register, the receive FIFO and its
 * levels, the interrupt line, accesses that must be refused. */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../vcpu/vpl011.h"

static struct vpl011 u;

static int setup(void **state)
{
    (void)state;
    vpl011_reset(&u);
    return 0;
}

static uint64_t rd(uint32_t off)
{
    uint64_t v = 0xdeadbeef;
    int tx;
    assert_int_equal(vpl011_access(&u, off, 4, false, &v, &tx), 0);
    assert_int_equal(tx, -1);
    return v;
}

static int wr(uint32_t off, uint32_t value)
{
    uint64_t v = value;
    int tx;
    assert_int_equal(vpl011_access(&u, off, 4, true, &v, &tx), 0);
    return tx;
}

static void test_reset_state(void **state)
{
    (void)state;
    assert_int_equal(rd(VPL011_FR), VPL011_FR_TXFE | VPL011_FR_RXFE);
    assert_int_equal(rd(VPL011_CR), 0x301); /* UARTEN, TXE, RXE: as firmware leaves it */
    assert_int_equal(rd(VPL011_IFLS), 0x12);
    assert_int_equal(rd(VPL011_IMSC), 0);
    assert_int_equal(rd(VPL011_RIS), VPL011_INT_TX);
    assert_int_equal(rd(VPL011_MIS), 0);
    assert_false(vpl011_line(&u));
}

static void test_id_registers(void **state)
{
    (void)state;
    static const uint8_t want[8] = {0x11, 0x10, 0x24, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
    for (unsigned i = 0; i < 8; i++) {
        assert_int_equal(rd(0xfe0 + 4 * i), want[i]);
    }
}

static void test_plain_registers(void **state)
{
    (void)state;
    wr(VPL011_IBRD, 0x1234);
    wr(VPL011_FBRD, 0xff);
    wr(VPL011_LCR_H, 0x70);
    wr(VPL011_ILPR, 0x5a);
    wr(VPL011_IFLS, 0xffff);
    wr(VPL011_CR, 0xffff);
    wr(VPL011_IMSC, 0xffff);
    assert_int_equal(rd(VPL011_IBRD), 0x1234);
    assert_int_equal(rd(VPL011_FBRD), 0x3f);
    assert_int_equal(rd(VPL011_LCR_H), 0x70);
    assert_int_equal(rd(VPL011_ILPR), 0x5a);
    assert_int_equal(rd(VPL011_IFLS), 0x3f);
    assert_int_equal(rd(VPL011_CR), 0xff87);
    assert_int_equal(rd(VPL011_IMSC), 0x7ff);
    /* read-only, write-only, RAZ/WI */
    wr(VPL011_FR, 0);
    wr(VPL011_RIS, 0);
    wr(VPL011_MIS, 0);
    wr(VPL011_RSR, 0xf);
    wr(VPL011_DMACR, 7);
    wr(0x800, 0x55);
    assert_int_equal(rd(VPL011_RSR), 0);
    assert_int_equal(rd(VPL011_ICR), 0);
    assert_int_equal(rd(VPL011_DMACR), 0);
    assert_int_equal(rd(0x800), 0);
    assert_int_equal(rd(VPL011_FR), VPL011_FR_TXFE | VPL011_FR_RXFE);
}

static void test_transmit(void **state)
{
    (void)state;
    uint64_t v = 0x141; /* bits above the byte are ignored */
    int tx;
    assert_int_equal(vpl011_access(&u, VPL011_DR, 4, true, &v, &tx), 0);
    assert_int_equal(tx, 0x41);
    v = 'b';
    assert_int_equal(vpl011_access(&u, VPL011_DR, 1, true, &v, &tx), 0); /* earlycon: strb */
    assert_int_equal(tx, 'b');
    assert_int_equal(vpl011_access(&u, VPL011_DR, 2, true, &v, &tx), 0);
    assert_int_equal(tx, 'b');
    /* never full, never busy */
    assert_int_equal(rd(VPL011_FR) & (VPL011_FR_TXFF | VPL011_FR_BUSY), 0);
}

static void test_receive_fifo(void **state)
{
    (void)state;
    wr(VPL011_LCR_H, VPL011_LCR_H_FEN);
    assert_int_equal(vpl011_rx_room(&u), VPL011_FIFO);
    for (unsigned i = 0; i < VPL011_FIFO; i++) {
        assert_int_equal(vpl011_rx_push(&u, (uint8_t)('a' + i)), 0);
    }
    assert_int_equal(vpl011_rx_push(&u, 'x'), -1);
    assert_int_equal(vpl011_rx_room(&u), 0);
    assert_int_equal(rd(VPL011_FR), VPL011_FR_TXFE | VPL011_FR_RXFF);
    for (unsigned i = 0; i < VPL011_FIFO; i++) {
        assert_int_equal(rd(VPL011_DR), 'a' + i);
    }
    assert_int_equal(rd(VPL011_FR), VPL011_FR_TXFE | VPL011_FR_RXFE);
    assert_int_equal(rd(VPL011_DR), 0); /* empty */
    /* wraps around */
    assert_int_equal(vpl011_rx_push(&u, 'y'), 0);
    assert_int_equal(rd(VPL011_DR), 'y');
}

static void test_fifo_off_holds_one(void **state)
{
    (void)state;
    wr(VPL011_LCR_H, 0);
    assert_int_equal(vpl011_rx_room(&u), 1);
    assert_int_equal(vpl011_rx_push(&u, 'a'), 0);
    assert_int_equal(vpl011_rx_push(&u, 'b'), -1);
    assert_int_equal(rd(VPL011_FR) & VPL011_FR_RXFF, VPL011_FR_RXFF);
    assert_int_equal(rd(VPL011_RIS), VPL011_INT_TX | VPL011_INT_RX | VPL011_INT_RT);
}

static void test_receiver_off_takes_nothing(void **state)
{
    (void)state;
    wr(VPL011_CR, VPL011_CR_UARTEN | VPL011_CR_TXE);
    assert_int_equal(vpl011_rx_room(&u), 0);
    assert_int_equal(vpl011_rx_push(&u, 'a'), -1);
    wr(VPL011_CR, VPL011_CR_TXE | VPL011_CR_RXE);
    assert_int_equal(vpl011_rx_room(&u), 0);
}

static void test_receive_levels(void **state)
{
    (void)state;
    wr(VPL011_LCR_H, VPL011_LCR_H_FEN);
    wr(VPL011_IFLS, 0x10); /* RX at 1/2: 16 bytes */
    vpl011_rx_push(&u, 'a');
    assert_int_equal(rd(VPL011_RIS), VPL011_INT_TX | VPL011_INT_RT);
    for (unsigned i = 1; i < 16; i++) {
        vpl011_rx_push(&u, 'a');
    }
    assert_int_equal(rd(VPL011_RIS), VPL011_INT_TX | VPL011_INT_RT | VPL011_INT_RX);
    wr(VPL011_ICR, 0x7ff); /* levels: ICR does not clear them */
    assert_int_equal(rd(VPL011_RIS), VPL011_INT_TX | VPL011_INT_RT | VPL011_INT_RX);
    rd(VPL011_DR);
    assert_int_equal(rd(VPL011_RIS), VPL011_INT_TX | VPL011_INT_RT);
    wr(VPL011_IFLS, 0x00); /* 1/8: 4 bytes */
    assert_int_equal(rd(VPL011_RIS) & VPL011_INT_RX, VPL011_INT_RX);
    wr(VPL011_IFLS, 0x20); /* 7/8: 28 */
    assert_int_equal(rd(VPL011_RIS) & VPL011_INT_RX, 0);
}

static void test_interrupt_line(void **state)
{
    (void)state;
    wr(VPL011_LCR_H, VPL011_LCR_H_FEN);
    wr(VPL011_IMSC, VPL011_INT_RX | VPL011_INT_RT); /* what Linux enables */
    assert_false(vpl011_line(&u));
    vpl011_rx_push(&u, 'k');
    assert_true(vpl011_line(&u));
    assert_int_equal(rd(VPL011_MIS), VPL011_INT_RT);
    rd(VPL011_DR);
    assert_false(vpl011_line(&u));
    /* TX: asserted whenever TXIM is set (the FIFO is always drained) */
    wr(VPL011_IMSC, VPL011_INT_TX);
    assert_true(vpl011_line(&u));
    assert_int_equal(rd(VPL011_MIS), VPL011_INT_TX);
    wr(VPL011_IMSC, 0);
    assert_false(vpl011_line(&u));
}

static void test_sixteen_bit_accesses(void **state)
{
    (void)state;
    uint64_t v = 0x70;
    int tx;
    /* Linux's amba-pl011 reads and writes every register with 16 bits */
    assert_int_equal(vpl011_access(&u, VPL011_LCR_H, 2, true, &v, &tx), 0);
    assert_int_equal(vpl011_access(&u, VPL011_FR, 2, false, &v, &tx), 0);
    assert_int_equal(v, VPL011_FR_TXFE | VPL011_FR_RXFE);
    assert_int_equal(vpl011_access(&u, VPL011_CR + 2, 2, false, &v, &tx), 0);
    assert_int_equal(v, 0); /* the upper half: reserved */
    v = 0xffff;
    assert_int_equal(vpl011_access(&u, VPL011_CR + 2, 2, true, &v, &tx), 0);
    assert_int_equal(rd(VPL011_CR), 0x301);
}

static void test_bad_accesses(void **state)
{
    (void)state;
    uint64_t v = 0;
    int tx;
    assert_int_equal(vpl011_access(&u, VPL011_CR, 8, false, &v, &tx), -1); /* 64-bit */
    assert_int_equal(vpl011_access(&u, VPL011_CR, 1, false, &v, &tx), -1); /* byte, not DR */
    assert_int_equal(vpl011_access(&u, VPL011_FR + 1, 1, true, &v, &tx), -1);
    assert_int_equal(vpl011_access(&u, VPL011_CR + 2, 4, false, &v, &tx), -1); /* misaligned */
    assert_int_equal(vpl011_access(&u, VPL011_DR + 1, 2, true, &v, &tx), -1);
    assert_int_equal(vpl011_access(&u, 0x1000, 4, false, &v, &tx), -1); /* outside */
    assert_int_equal(vpl011_access(&u, ~0ull, 4, false, &v, &tx), -1);
    assert_int_equal(vpl011_access(&u, VPL011_DR, 3, true, &v, &tx), -1);
    assert_int_equal(tx, -1);
    /* DR's other byte lanes read as zero, and do not transmit */
    v = 'z';
    assert_int_equal(vpl011_access(&u, VPL011_DR + 1, 1, true, &v, &tx), 0);
    assert_int_equal(tx, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_reset_state, setup),
        cmocka_unit_test_setup(test_id_registers, setup),
        cmocka_unit_test_setup(test_plain_registers, setup),
        cmocka_unit_test_setup(test_transmit, setup),
        cmocka_unit_test_setup(test_receive_fifo, setup),
        cmocka_unit_test_setup(test_fifo_off_holds_one, setup),
        cmocka_unit_test_setup(test_receiver_off_takes_nothing, setup),
        cmocka_unit_test_setup(test_receive_levels, setup),
        cmocka_unit_test_setup(test_interrupt_line, setup),
        cmocka_unit_test_setup(test_sixteen_bit_accesses, setup),
        cmocka_unit_test_setup(test_bad_accesses, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
