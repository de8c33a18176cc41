# The native services of the Linux demo (components/echo, components/producer)
# with a native client in Linux's place (components/demo): the protocols of
# include/keel/demo.h, every reply checked. tools/keel test --filter natives.
# Included from tests/integration/CMakeLists.txt, after channels.cmake
# (keel_channel_test).
keel_pack_config(${CMAKE_CURRENT_SOURCE_DIR}/configs/linux-natives.dts
    ${CMAKE_BINARY_DIR}/keel-test-linux-natives.img)
add_custom_target(test_linux_natives_image ALL DEPENDS ${CMAKE_BINARY_DIR}/keel-test-linux-natives.img)
keel_channel_test(linux-natives test-linux-natives
    --expect "\\[echo\\] echo: ready on endpoint 0 \\(virq 64\\)"
    --expect "\\[producer\\] producer: ready on endpoint 0 \\(virq 64\\), data area 65472 bytes"
    --expect "\\[demo-client\\] demo-client: echo 1000 messages ok"
    --expect "\\[echo\\] echo: 1000 requests served, 1 sessions, 0 bad, 0 out of sequence"
    --expect "\\[demo-client\\] demo-client: second session ok, bad op answered with error 1"
    --expect "\\[producer\\] producer: stream 1 closed after 262144 bytes, crc32 (0x[0-9a-f]+)"
    --expect "\\[demo-client\\] demo-client: stream 262144 bytes ok crc32 0x[0-9a-f]+"
    --expect "\\[demo-client\\] demo-client: all passed"
    --fail-on "demo-client: FAILED")
