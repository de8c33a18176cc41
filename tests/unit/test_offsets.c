/*
 * The layout assembly relies on. vectors.S and vcpu/entry.S save and load
 * x0..x30, pc and pstate at fixed places, and the generated offsets.h (from
 * the target build) must agree with the structures as C lays them out.
 */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../vcpu/vcpu.h"
#include "chan.h"
#include "cpu.h"
#include "exception.h"
#include "partition.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads "#define NAME value" from the generated offsets.h. */
static long generated(const char *name)
{
    FILE *f = fopen(OFFSETS_H_PATH, "r");
    char line[160], want[64];
    long value = -1;

    if (f == NULL) {
        fail_msg("cannot open %s", OFFSETS_H_PATH);
    }
    snprintf(want, sizeof(want), "#define %s ", name);
    while (fgets(line, sizeof(line), f) != NULL) {
        if (strncmp(line, want, strlen(want)) == 0) {
            value = strtol(line + strlen(want), NULL, 10);
        }
    }
    fclose(f);
    if (value < 0) {
        fail_msg("%s is not in %s", name, OFFSETS_H_PATH);
    }
    return value;
}

static void test_vcpu_register_frame(void **state)
{
    (void)state;
    /* the vectors store into the vCPU through SP: regs must come first */
    assert_int_equal(offsetof(struct vcpu, regs), 0);
    assert_int_equal(offsetof(struct vcpu_regs, x[30]), 240); /* stp x30, x0, [sp, #240] */
    assert_int_equal(offsetof(struct vcpu_regs, pc), 248);
    assert_int_equal(sizeof(struct vcpu_regs) % 16, 0); /* SP stays 16-byte aligned */
    assert_int_equal(generated("VCPU_REGS_SIZE"), sizeof(struct vcpu_regs));
    assert_int_equal(generated("VCPU_PC"), offsetof(struct vcpu, regs.pc));
    assert_int_equal(generated("VCPU_PSTATE"), offsetof(struct vcpu, regs.pstate));
}

static void test_fp_frame(void **state)
{
    (void)state;
    assert_int_equal(offsetof(struct vcpu_fp, fpsr), 512); /* vcpu/fp.S */
    assert_int_equal(offsetof(struct vcpu_fp, fpcr), 520);
}

static void test_cpu_and_exception_frame(void **state)
{
    (void)state;
    assert_int_equal(generated("CPU_STACK_TOP"), offsetof(struct cpu, stack_top));
    assert_int_equal(generated("CPU_FATAL_STACK_TOP"), offsetof(struct cpu, fatal_stack_top));
    assert_int_equal(generated("CPU_STACK_SLOT"), sizeof(struct cpu_stack));
    assert_int_equal(generated("FRAME_SIZE"), sizeof(struct exc_frame));
    assert_int_equal(generated("FRAME_SP"), offsetof(struct exc_frame, sp));
    assert_int_equal(offsetof(struct exc_frame, x[29]), 232); /* fatal_common's stp x29, x30 */
    assert_int_equal(sizeof(struct exc_frame) % 16, 0);
}

/* vcpu/entry.S's channel receive leaf walks vcpu -> partition -> endpoint. */
static void test_channel_receive_leaf(void **state)
{
    (void)state;
    assert_int_equal(generated("VCPU_PART"), offsetof(struct vcpu, part));
    assert_int_equal(generated("PARTITION_ENDPOINTS"), offsetof(struct partition, endpoints));
    assert_int_equal(generated("PARTITION_MAX_ENDPOINTS"), CONFIG_MAX_ENDPOINTS);
    assert_int_equal(generated("ENDPOINT_PENDING"), offsetof(struct chan_endpoint, st.pending));
    assert_int_equal(generated("ENDPOINT_MERGED"), offsetof(struct chan_endpoint, st.merged));
}

/* vcpu/chan_send.S reads and writes these directly. */
static void test_channel_send_path(void **state)
{
    (void)state;
    assert_int_equal(generated("CPU_INDEX"), offsetof(struct cpu, index));
    assert_int_equal(generated("CPU_LOADED"), offsetof(struct cpu, loaded));
    assert_int_equal(generated("CPU_NEED_RESCHED"), offsetof(struct cpu, need_resched));
    assert_int_equal(generated("CPU_HANDOFF"), offsetof(struct cpu, handoff));
    assert_int_equal(generated("VCPU_SIZE"), sizeof(struct vcpu));
    assert_int_equal(generated("VCPU_CPU"), offsetof(struct vcpu, cpu));
    assert_int_equal(generated("VCPU_PRIORITY"), offsetof(struct vcpu, priority));
    assert_int_equal(generated("VCPU_STATE"), offsetof(struct vcpu, state));
    assert_int_equal(generated("VCPU_WAKE_AT"), offsetof(struct vcpu, wake_at));
    assert_int_equal(generated("VCPU_VGIC_DIRTY"), offsetof(struct vcpu, vgic_dirty));
    assert_int_equal(generated("VCPU_SAVED_LR"), offsetof(struct vcpu, vgic_regs.lr));
    assert_int_equal(generated("VCPU_LRS_USED"), offsetof(struct vcpu, lrs.used));
    assert_int_equal(generated("VCPU_LRS_INTID"), offsetof(struct vcpu, lrs.intid));
    assert_int_equal(generated("PARTITION_STOPPED"), offsetof(struct partition, stopped));
    assert_int_equal(generated("PARTITION_VCPUS"), offsetof(struct partition, vcpus));
    assert_int_equal(generated("PARTITION_VGIC_CTLR"), offsetof(struct partition, vgic.ctlr));
    assert_int_equal(generated("ENDPOINT_PEER"), offsetof(struct chan_endpoint, peer));
    assert_int_equal(generated("ENDPOINT_PART"), offsetof(struct chan_endpoint, part));
    assert_int_equal(generated("ENDPOINT_IRQ"), offsetof(struct chan_endpoint, irq));
    assert_int_equal(generated("ENDPOINT_VIRQ"), offsetof(struct chan_endpoint, virq));
    assert_int_equal(generated("ENDPOINT_RECEIVED"), offsetof(struct chan_endpoint, st.received));
    assert_int_equal(generated("IRQ_TARGET"), offsetof(struct vgic_irq, target));
    assert_int_equal(generated("IRQ_IN_LR"), offsetof(struct vgic_irq, in_lr));
    /* the pending word and merged count: one exclusive pair access */
    assert_int_equal(_Alignof(struct chan_state), 16);
    assert_int_equal(offsetof(struct chan_state, merged), 8);
    assert_int_equal(_Alignof(struct chan_endpoint) % 16, 0);
}

/* vcpu/wfi_block.S reads and writes these directly. */
static void test_wfi_path(void **state)
{
    (void)state;
    assert_int_equal(generated("CPU_PREEMPTED"), offsetof(struct cpu, preempted));
    assert_int_equal(generated("CPU_IN_GUEST"), offsetof(struct cpu, in_guest));
    assert_int_equal(generated("VCPU_INDEX"), offsetof(struct vcpu, index));
    assert_int_equal(generated("VCPU_RESET_PENDING"), offsetof(struct vcpu, reset_pending));
    assert_int_equal(generated("VCPU_LRS_EOI"), offsetof(struct vcpu, lrs.eoi));
    assert_int_equal(generated("VCPU_LRS_EAGER"), offsetof(struct vcpu, lrs.eager));
    assert_int_equal(generated("VCPU_LRS_OVERFLOW"), offsetof(struct vcpu, lrs.overflow));
    assert_int_equal(generated("PARTITION_CONSOLE_OUT_LEN"),
                     offsetof(struct partition, port.out.len));
    assert_int_equal(generated("PARTITION_VTIMER_IRQ"),
                     offsetof(struct partition, vgic.vcpu[0].priv[27]));
    assert_int_equal(generated("VGIC_VCPU_SIZE"), sizeof(struct vgic_vcpu));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vcpu_register_frame),     cmocka_unit_test(test_fp_frame),
        cmocka_unit_test(test_cpu_and_exception_frame), cmocka_unit_test(test_channel_receive_leaf),
        cmocka_unit_test(test_channel_send_path),       cmocka_unit_test(test_wfi_path),
    };
    return cmocka_run_group_tests_name("offsets", tests, NULL, NULL);
}
