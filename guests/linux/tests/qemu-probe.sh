#!/usr/bin/env bash
# qemu-probe.sh BUILD_DIR: boots linux/Image and linux/initramfs.cpio.gz on
# plain QEMU (no Keel) with QEMU's own device tree plus hand-made
# "keel,channel" nodes, runs the `probe` autorun script and checks that
# keel_chan bound them: /dev/keel/<name>, sysfs attributes, mmap. No
# hypercall is made. Exit 0 when "keel-linux: probe passed" was printed.
set -euo pipefail
build=${1:?usage: qemu-probe.sh BUILD_DIR}
linux=$build/linux
work=$build/guests/linux/probe
mkdir -p "$work"
machine=(-M virt,gic-version=3 -cpu cortex-a57 -smp 2 -m 512 -nographic -nic none)

qemu-system-aarch64 "${machine[@]}" -machine dumpdtb="$work/virt.dtb" >/dev/null 2>&1
dtc -q -I dtb -O dts -o "$work/virt.dts" "$work/virt.dtb"
cat >>"$work/virt.dts" <<'DTS'

/ {
    reserved-memory {
        #address-cells = <2>;
        #size-cells = <2>;
        ranges;
        keel-shm@5f000000 {
            reg = <0x0 0x5f000000 0x0 0x10000>;
            no-map;
        };
    };

    keel {
        compatible = "keel,hypervisor", "simple-bus";
        #address-cells = <2>;
        #size-cells = <2>;
        ranges;

        echo {
            compatible = "keel,channel";
            keel,endpoint = <0>;
            interrupts = <0 100 1>;
            keel,peer = "echo";
        };

        stream@5f000000 {
            compatible = "keel,channel";
            keel,endpoint = <1>;
            interrupts = <0 101 1>;
            reg = <0x0 0x5f000000 0x0 0x10000>;
            keel,peer = "producer";
        };

        broken {
            compatible = "keel,channel"; /* no keel,endpoint: refused */
            interrupts = <0 102 1>;
        };
    };
};
DTS
dtc -q -I dts -O dtb -o "$work/probe.dtb" "$work/virt.dts"

timeout 120 qemu-system-aarch64 "${machine[@]}" -dtb "$work/probe.dtb" \
    -kernel "$linux/Image" -initrd "$linux/initramfs.cpio.gz" \
    -append "console=ttyAMA0 keel.autorun=probe" </dev/null >"$work/console.log" 2>&1 &
qemu=$!
status=1
for _ in $(seq 1200); do
    if grep -q "keel-linux: probe \(passed\|failed\)" "$work/console.log"; then
        grep -q "keel-linux: probe passed" "$work/console.log" && status=0
        break
    fi
    kill -0 "$qemu" 2>/dev/null || break
    sleep 0.1
done
kill "$qemu" 2>/dev/null || true
wait "$qemu" 2>/dev/null || true
grep -a "keel\|Kernel panic\|Oops" "$work/console.log" || true
[ "$status" = 0 ] && echo "qemu-probe: passed" || echo "qemu-probe: FAILED (console: $work/console.log)"
exit "$status"
