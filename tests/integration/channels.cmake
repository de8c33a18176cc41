# Channel and vGIC tests (tools/keel test --filter channel), on GICv3 and
# GICv2. Included from tests/integration/CMakeLists.txt, after
# partitions.cmake (keel_partition_test).

function(keel_channel_test name config)
    keel_partition_test(${name} ${config} ${ARGN})
    foreach(gic 3 2)
        set_property(TEST integration.partition.${name}-gicv${gic} APPEND PROPERTY LABELS channel)
    endforeach()
endfunction()

# The same for a test config of tests/integration/configs: packs
# configs/<name>.dts into build/keel-test-<name>.img first.
function(keel_channel_config_test name)
    set(img ${CMAKE_BINARY_DIR}/keel-test-${name}.img)
    keel_pack_config(${CMAKE_CURRENT_SOURCE_DIR}/configs/${name}.dts ${img})
    add_custom_target(test_${name}_image ALL DEPENDS ${img})
    keel_channel_test(${ARGV0} test-${name} ${ARGN})
endfunction()

set(PINGPONG_DONE
    --expect "\\[ping\\] ping: done 10000 messages, 0 errors, checksum (0x[0-9a-f]+)"
    --expect "\\[pong\\] pong: done 10000 messages, 0 errors, checksum (0x[0-9a-f]+)"
    --fail-on "errors, checksum.*[1-9][0-9]* errors|ping: done [0-9]+ messages, [1-9]")

# 10,000 messages through a ring in shared memory, the channel as doorbell.
keel_channel_test(pingpong-cross-cpu pingpong ${PINGPONG_DONE}
    --expect "channel link: ping endpoint 0 \\(virq 64\\) <-> pong endpoint 0 \\(virq 64\\), shared 64 KiB")
# On one CPU, Keel switches between them at every message or so: ping's
# own translation registers and pong's shared ones must survive it.
keel_channel_test(pingpong-same-cpu pingpong-same-cpu ${PINGPONG_DONE}
    --expect "\\[ping\\] ping: its own translation registers kept"
    --expect "\\[pong\\] pong: shared translation registers kept")

# The same with pong above ping: the send fast path's hand-off and its
# send to a lower priority, at every message.
keel_channel_config_test(pingpong-priorities ${PINGPONG_DONE}
    --expect "\\[ping\\] ping: its own translation registers kept"
    --expect "\\[pong\\] pong: shared translation registers kept")

# A vCPU handed the CPU that waits with one of its interrupts pending in a
# list register (masked by priority, so the WFI traps) is not blocked: the
# WFI fast path's LR check.
keel_channel_config_test(wfi-pending
    --expect "\\[answerer\\] answerer: 1000 requests, 1000 self-pended interrupts taken, 0 taken while masked"
    --expect "\\[asker\\] asker: 1000 answers")

# Sends to a receiver that has not run yet merge: every bit and the count
# of all of them arrive in one interrupt (the send fast path's refill case).
keel_channel_config_test(send-merge
    --expect "\\[burster\\] burster: 100 sends"
    --expect "\\[collector\\] collector: bits 0xffffffffffffffff, 100 sends merged, 1 interrupts")

# A partition naming endpoints it does not have gets errors; the real users
# of the channels do not notice.
keel_channel_test(bad-endpoint snoop ${PINGPONG_DONE}
    --expect "\\[snoop\\] snoop: send on endpoint 1 -> error -2"
    --expect "\\[snoop\\] snoop: send on endpoint 1000 -> error -2"
    --expect "\\[snoop\\] snoop: receive on endpoint 1 -> error -2"
    --expect "\\[snoop\\] snoop: receive on endpoint 1000 -> error -2"
    --expect "\\[snoop\\] snoop: receive on endpoint -1 -> error -2"
    --expect "\\[snoop\\] snoop: status on endpoint 1 -> error -2"
    --expect "\\[snoop\\] snoop: info on endpoint 1 -> error -2"
    --expect "partition snoop: vcpu 0: channel call on endpoint 1, which it does not have"
    --expect "\\[listener\\] listener: received [0-9]+ notifications")

# The virtual timer's interrupt arrives at the period the component set.
keel_channel_config_test(ticker
    --expect "\\[tick-a\\] ticker: 50 interrupts, period 10000 us, mean interval (99[0-9][0-9]|100[0-9][0-9]) us"
    --expect "\\[tick-b\\] ticker: 50 interrupts, period 10000 us, mean interval (99[0-9][0-9]|100[0-9][0-9]) us")

# The benchmark system runs to the end (its figures: tools/keel bench).
keel_pack_config(${CMAKE_SOURCE_DIR}/bench/bench.dts ${CMAKE_BINARY_DIR}/keel-bench.img)
add_custom_target(bench_image ALL DEPENDS ${CMAKE_BINARY_DIR}/keel-bench.img)
add_test(NAME integration.bench.smoke
    COMMAND ${KEEL_CLI} run --image ${CMAKE_BINARY_DIR}/keel-bench.img --smp 1 --icount
            --timeout 120 --fail-on "FATAL|error:"
            --expect "bench: null hypercall \\(HVC and return\\): min [0-9]+"
            --expect "bench: same-CPU ping-pong round trip, both EOIs included: min [0-9]+"
            --expect "bench: done")
set_tests_properties(integration.bench.smoke PROPERTIES TIMEOUT 150 LABELS "integration;channel")

# A passed-through device interrupt, forwarded with the HW bit: three alarms
# arrive, so each was deactivated by the guest's EOI.
keel_channel_config_test(passthrough
    --expect "\\[rtc\\] rtc: alarm 3 at"
    --expect "\\[counter\\] count 5\\s")

# Virtual SGIs between the vCPUs of a partition (GICv3: trapped ICC_SGI1R;
# GICv2: emulated GICD_SGIR).
keel_channel_config_test(sgi --expect "\\[sgi.1\\] sgi: 100 SGIs delivered from vcpu 0 to vcpu 1")
