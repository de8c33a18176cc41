# Partition tests (tools/keel test --filter partition): the configs of
# configs/ booted on QEMU virt, GICv3 and GICv2. Included from
# tests/integration/CMakeLists.txt.

function(keel_partition_test name config)
    foreach(gic 3 2)
        add_test(NAME integration.partition.${name}-gicv${gic}
            COMMAND ${KEEL_CLI} run --image ${CMAKE_BINARY_DIR}/keel-${config}.img --gic ${gic}
                    --smp 2 --timeout 120 --fail-on "FATAL|error:" ${ARGN})
        set_tests_properties(integration.partition.${name}-gicv${gic} PROPERTIES
            TIMEOUT 150 LABELS integration)
    endforeach()
endfunction()

# Two components on two CPUs, their lines interleaved on one console.
keel_partition_test(hello hello
    --expect "partition alpha: 1 vCPU\\(s\\) on CPU 0"
    --expect "partition beta: 1 vCPU\\(s\\) on CPU 1"
    --expect "partitions=2"
    --expect "\\[alpha\\] count 1\\s[\\s\\S]*\\[beta\\] count [0-9]+\\s[\\s\\S]*\\[alpha\\] count 10\\s"
    --expect "\\[beta\\] count 10\\s")

# crasher faults in three ways, is restarted three times, then stopped at its
# limit; counter keeps counting before, during and after.
keel_partition_test(fault fault
    --expect "\\[counter\\] count 1\\s[\\s\\S]*partition crasher: .*restarted \\(1 of 3\\)"
    --expect "write at IPA 0x10000000 .*synchronous external abort injected"
    --expect "read of system register S3_3_C14_C2_1 .*undefined instruction injected"
    --expect "faulted again inside its own exception vector. restarted \\(3 of 3\\)"
    --expect "exited with code 3. stopped \\(restart limit reached\\)[\\s\\S]*\\[counter\\] count ([0-9]+)\\s[\\s\\S]*\\[counter\\] count [0-9]+\\s"
    --fail-on "still alive")

# intruder cannot write outside its memory; victim's pattern survives.
keel_partition_test(isolation isolation
    --expect "tried [0-9]+ writes outside my memory, ([0-9]+) faulted"
    --expect "all blocked[\\s\\S]*\\[victim\\] check [0-9]+: pattern intact"
    --fail-on "PATTERN CHANGED|SOME WRITES WENT THROUGH")
