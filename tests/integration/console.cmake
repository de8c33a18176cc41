# Console tests (tools/keel test --filter console): one physical UART shared
# by the partitions' virtual PL011s, on GICv3 and GICv2. Included from
# tests/integration/CMakeLists.txt, after partitions.cmake (keel_partition_test).

keel_pack_config(${CMAKE_CURRENT_SOURCE_DIR}/configs/console.dts
    ${CMAKE_BINARY_DIR}/keel-test-console.img)
add_custom_target(test_console_image ALL DEPENDS ${CMAKE_BINARY_DIR}/keel-test-console.img)

# Two uartecho components. Input goes to `left` first: what is typed there
# is echoed after its prompt, tagged; Ctrl-] n moves input to `right`,
# which gets the next line; Ctrl-] l lists both with the focus on `right`.
# Neither ever sees the other's line.
keel_partition_test(console-focus test-console
    --send "\\[right\\] right> " "hello\\r"
    --send "\\[left\\] echo: hello" "\\x1dn"
    --send "keel: console input -> right" "world\\r"
    --send "\\[right\\] echo: world" "\\x1dl"
    --expect "console: input goes to left"
    --expect "\\[left\\] left> hello\\s"
    --expect "\\[left\\] echo: hello\\s"
    --expect "keel: console input -> right"
    --expect "\\[right\\] right> world\\s"
    --expect "\\[right\\] echo: world\\s"
    --expect "keel: > 2 right +native running"
    --fail-on "\\[left\\] echo: world|\\[right\\] echo: hello")
foreach(gic 3 2)
    set_property(TEST integration.partition.console-focus-gicv${gic} APPEND PROPERTY LABELS console)
endforeach()
