#!/usr/bin/env python3
"""Boot a Keel image in QEMU, stream the console, and judge the run.

Used by `tools/keel run`. Exits 0 when --expect matches the console output,
1 on timeout, 2 if QEMU exits first, 3 if --fail-on matches. With
--uboot it boots U-Boot from Debian's u-boot-qemu, stops its autoboot and
types the `booti` command a person would.
"""
import argparse
import os
import re
import select
import subprocess
import sys
import time


def parse_args():
    p = argparse.ArgumentParser(prog="keel run")
    p.add_argument("--image", required=True)
    p.add_argument("--platform-conf", required=True)
    p.add_argument("--gic", type=int, choices=(2, 3))
    p.add_argument("--smp", type=int)
    p.add_argument("--uboot", action="store_true")
    p.add_argument("--icount", action="store_true")
    p.add_argument("--no-el2", action="store_true",
                   help="boot without virtualization=on (Keel must refuse)")
    p.add_argument("--kernel", help="boot this instead, with the image preloaded")
    p.add_argument("--qemu-arg", action="append", default=[])
    p.add_argument("--timeout", type=float, default=0)
    p.add_argument("--expect", action="append", default=[],
                   help="regex; all must match (in any order) for success")
    p.add_argument("--fail-on", action="append", default=[],
                   help="regex that ends the run as a failure")
    p.add_argument("--send", nargs=2, action="append", default=[], metavar=("REGEX", "TEXT"),
                   help="once REGEX matches the output since the previous --send, type TEXT "
                        "(escapes such as \\r and \\x1d are decoded); in order")
    p.add_argument("--interactive", action="store_true")
    return p.parse_args()


def read_conf(path):
    conf = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            k, v = line.split("=", 1)
            conf[k.strip()] = v.strip().strip('"')
    return conf


def qemu_command(a, conf):
    gic = a.gic or int(conf.get("QEMU_DEFAULT_GIC", 3))
    smp = a.smp or int(conf.get("QEMU_DEFAULT_SMP", 1))
    machine = conf["QEMU_MACHINE"]
    if a.no_el2:
        machine = machine.replace(",virtualization=on", "")
    cmd = [conf.get("QEMU_SYSTEM", "qemu-system-aarch64"),
           "-M", f"{machine},gic-version={gic}", "-cpu", conf["QEMU_CPU"],
           "-smp", str(smp), "-m", conf.get("QEMU_MEM_MB", "1024"),
           "-nographic", "-serial", "mon:stdio"]
    cmd += conf.get("QEMU_EXTRA", "").split()
    if a.icount:
        cmd += ["-icount", "shift=0"]
    load = conf["UBOOT_LOAD_ADDR"]
    if a.uboot:
        cmd += ["-bios", conf["UBOOT_BIOS"],
                "-device", f"loader,file={a.image},addr={load},force-raw=on"]
    elif a.kernel:
        cmd += ["-kernel", a.kernel,
                "-device", f"loader,file={a.image},addr={load},force-raw=on"]
    else:
        cmd += ["-kernel", a.image]
    return cmd + a.qemu_arg


class Typist:
    """Types each --send TEXT once its REGEX has matched, one after another."""

    def __init__(self, sends):
        self.steps = [(re.compile(r), t.encode("latin-1").decode("unicode_escape"))
                      for r, t in sends]
        self.since = 0

    def feed(self, out, write):
        while self.steps and self.steps[0][0].search(out, self.since):
            print(f"\nkeel run: typing {self.steps[0][1]!r}", file=sys.stderr, flush=True)
            write(self.steps.pop(0)[1])
            self.since = len(out)


class UBootDriver:
    """Answers U-Boot's prompts the way a person at the console would."""

    def __init__(self, load_addr):
        self.steps = [
            (re.compile(r"Hit any key to stop autoboot"), "\r"),
            (re.compile(r"=> $", re.M), f"booti {load_addr} - ${{fdtcontroladdr}}\r"),
        ]

    def feed(self, text, write):
        if self.steps and self.steps[0][0].search(text):
            write(self.steps.pop(0)[1])
            return True
        return False


def run(a):
    conf = read_conf(a.platform_conf)
    cmd = qemu_command(a, conf)
    print("keel run: " + " ".join(cmd), file=sys.stderr, flush=True)
    if a.interactive:
        return subprocess.call(cmd)
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    expects = [re.compile(e) for e in a.expect]
    fails = [re.compile(e) for e in a.fail_on]
    uboot = UBootDriver(conf["UBOOT_LOAD_ADDR"]) if a.uboot else None
    typist = Typist(a.send)
    type_text = lambda s: (proc.stdin.write(s.encode("latin-1")), proc.stdin.flush())
    deadline = time.monotonic() + a.timeout if a.timeout else None
    out = ""
    pending = ""   # text since the last U-Boot answer
    try:
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                print(f"\nkeel run: timeout after {a.timeout:.0f}s; still waiting for: "
                      + ", ".join(e.pattern for e in expects if not e.search(out)),
                      file=sys.stderr)
                return 1
            ready, _, _ = select.select([proc.stdout], [], [], min(left or 1.0, 1.0))
            if not ready:
                continue
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                print(f"\nkeel run: QEMU exited ({proc.wait()}) before the expected output",
                      file=sys.stderr)
                return 2
            text = chunk.decode("utf-8", "replace")
            sys.stdout.write(text)
            sys.stdout.flush()
            out += text
            pending += text
            if uboot and uboot.feed(pending, type_text):
                pending = ""
            typist.feed(out, type_text)
            complete = out[:out.rfind("\n") + 1]  # judge failures on whole lines only
            for f in fails:
                if f.search(complete):
                    print(f"\nkeel run: failure pattern matched: {f.pattern}", file=sys.stderr)
                    return 3
            if expects and all(e.search(out) for e in expects):
                print("\nkeel run: expected output seen", file=sys.stderr)
                return 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def main():
    sys.exit(run(parse_args()))


if __name__ == "__main__":
    main()
