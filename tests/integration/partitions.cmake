# Partition tests (tools/keel test --filter partition): the configs of
# configs/ booted on QEMU virt, GICv3 and GICv2. Included from
# tests/integration/CMakeLists.txt.

function(keel_partition_test name config)
    foreach(gic 3 2)
        add_test(NAME integration.partition.${name}-gicv${gic}
            COMMAND ${KEEL_CLI} run --image ${CMAKE_BINARY_DIR}/keel-${config}.img --gic ${gic}
                    --smp 2 --timeout 120 --fail-on "FATAL|error: (?!config:)" ${ARGN})
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

# Test-only configs, packed like configs/*.dts (tools/pack/CMakeLists.txt).
foreach(name shared-cpu offline-cpu two-vcpus)
    keel_pack_config(${CMAKE_CURRENT_SOURCE_DIR}/configs/${name}.dts
        ${CMAKE_BINARY_DIR}/keel-test-${name}.img)
    list(APPEND TEST_CONFIG_IMAGES ${CMAKE_BINARY_DIR}/keel-test-${name}.img)
endforeach()
add_custom_target(test_config_images ALL DEPENDS ${TEST_CONFIG_IMAGES})

# Equal priorities share a CPU in time slices; a higher priority preempts.
keel_partition_test(scheduler test-shared-cpu
    --expect "\\[spin-a\\] spin 3\\s"
    --expect "\\[spin-b\\] spin 3\\s"
    --expect "\\[ticker\\] count 20\\s")

# Keel's own check at boot refuses what this board cannot run; the rest starts.
keel_partition_test(boot-check test-offline-cpu
    --expect "config: /partitions/gamma: property 'cpus': CPU 3 does not exist"
    --expect "partitions=1"
    --expect "\\[alpha\\] count 3\\s")
set_tests_properties(integration.partition.boot-check-gicv3 integration.partition.boot-check-gicv2
    PROPERTIES FAIL_REGULAR_EXPRESSION "\\[gamma\\]")

# A partition with two vCPUs on two CPUs.
keel_partition_test(two-vcpus test-two-vcpus
    --expect "partition pair: 2 vCPU\\(s\\) on CPU 0,1"
    --expect "\\[pair.0\\] count 5\\s"
    --expect "\\[pair.1\\] count 5\\s")

# A damaged image: the CRC check refuses the payload; Keel still comes up.
add_test(NAME integration.partition.damaged-payload
    COMMAND sh -c "python3 ${CMAKE_CURRENT_SOURCE_DIR}/damage_image.py \
        ${CMAKE_BINARY_DIR}/keel-hello.img ${CMAKE_CURRENT_BINARY_DIR}/damaged.img && \
        ${KEEL_CLI} run --image ${CMAKE_CURRENT_BINARY_DIR}/damaged.img --timeout 60 \
        --expect 'payload: payload entry 1: checksum mismatch' --expect 'partitions=0'")
set_tests_properties(integration.partition.damaged-payload PROPERTIES TIMEOUT 90
    LABELS integration)
