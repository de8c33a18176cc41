# Debian's stock Linux beside native components (tools/keel test --filter
# linux): boots with 2 vCPUs on GICv3 and GICv2, talks to the natives
# through /dev/keel (guests/linux), restarts after a panic while the natives
# go on, and takes typed input in the demo (configs/demo.dts). Included from
# tests/integration/CMakeLists.txt.

function(keel_linux_test name image gic)
    add_test(NAME integration.linux.${name}-gicv${gic}
        COMMAND ${KEEL_CLI} run --image ${CMAKE_BINARY_DIR}/${image} --gic ${gic} --smp 2
                --timeout 270 --fail-on "FATAL|error: (?!config:)|Kernel panic.*Attempted to kill init"
                ${ARGN})
    set_tests_properties(integration.linux.${name}-gicv${gic} PROPERTIES
        TIMEOUT 300 LABELS "integration;linux")
endfunction()

foreach(config linux-selftest linux-crash)
    keel_pack_config(${CMAKE_CURRENT_SOURCE_DIR}/configs/${config}.dts
        ${CMAKE_BINARY_DIR}/keel-test-${config}.img)
    add_custom_target(test_${config}_image ALL DEPENDS ${CMAKE_BINARY_DIR}/keel-test-${config}.img)
endforeach()

# /init runs; both vCPUs online; 1,000 echo requests and 1 MiB through the
# shared region, checked; no device for a channel Linux is not on.
foreach(gic 3 2)
    keel_linux_test(selftest keel-test-linux-selftest.img ${gic}
        --expect "\\[linux\\] keel-linux: init: 2 CPUs online"
        --expect "\\[linux\\] keelchan: echo 1000 messages ok"
        --expect "\\[echo\\] echo: 1000 requests served, 1 sessions, 0 bad, 0 out of sequence"
        --expect "\\[linux\\] keelchan: stream 1048576 bytes ok crc32 (0x[0-9a-f]+)"
        --expect "\\[producer\\] producer: stream 1 closed after 1048576 bytes"
        --expect "\\[linux\\] keel-linux: /dev/keel/secret: no such device"
        --expect "\\[linux\\] keel-linux: selftest passed"
        --fail-on "selftest failed")
endforeach()

# A panic restarts Linux (kernel and initramfs reloaded); the counter never
# stops, the echo service keeps its state, the channel works again.
keel_linux_test(crash keel-test-linux-crash.img 3
    --expect "\\[linux\\] keel-linux: crashing now"
    --expect "partition linux: asked to reset \\(PSCI SYSTEM_RESET\\). restarted \\(1 of 3\\)[\\s\\S]*\\[counter\\] count [0-9]+[\\s\\S]*\\[linux\\] keel-linux: ready"
    --expect "\\[linux\\] keel-linux: restarted 1 times"
    --expect "\\[echo\\] echo: session 2 started"
    --expect "\\[linux\\] keel-linux: channel works after restart"
    --fail-on "still alive after the crash|echo failed")

# The demo as a person uses it: a shell on the console, the program, typed;
# then poweroff, which applies the partition's fault policy (restart).
keel_linux_test(demo keel-demo.img 3
    --send "keel-linux / # " "echo typed-$((6*7))\\r"
    --send "typed-42" "keelchan echo /dev/keel/echo 5\\r"
    --send "echo 5 messages ok" "poweroff\\r"
    --expect "\\[linux\\] typed-42"
    --expect "\\[linux\\] keelchan: echo 5 messages ok"
    --expect "partition linux: asked to power off \\(PSCI SYSTEM_OFF\\). restarted \\(1 of 10\\)[\\s\\S]*keel-linux: ready")
