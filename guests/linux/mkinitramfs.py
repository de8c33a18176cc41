#!/usr/bin/env python3
"""Writes the Linux partition's initramfs: a gzip'ed cpio archive in the
"newc" format, in pure Python (no cpio tool needed), reproducibly (every
entry owned by root, timestamps 0 or $SOURCE_DATE_EPOCH).

    mkinitramfs.py --output initramfs.cpio.gz --busybox busybox
                   --init init --module keel_chan.ko --keelchan keelchan
                   [--autorun DIR] [--add DEST=SRC[:MODE]]...

What goes in: the directories below, /dev/console (the kernel opens it
before /init runs), /bin/busybox and /bin/sh (the rest of busybox's applets
are linked by /init with `busybox --install -s`), /init,
/lib/modules/keel_chan.ko, /bin/keelchan, /etc/keel/autorun/* and anything
given with --add.
"""
import argparse
import gzip
import os
import stat
import sys

DIRS = ["bin", "sbin", "usr", "usr/bin", "usr/sbin", "dev", "proc", "sys", "tmp", "run",
        "root", "mnt", "lib", "lib/modules", "etc", "etc/keel", "etc/keel/autorun"]


class Cpio:
    """A newc archive being written into memory."""

    def __init__(self, mtime):
        self.out = bytearray()
        self.ino = 1
        self.mtime = mtime
        self.names = set()

    def _entry(self, name, mode, data=b"", nlink=1, rdev=(0, 0)):
        if name in self.names:
            raise SystemExit(f"mkinitramfs: {name} twice in the archive")
        self.names.add(name)
        raw = name.encode() + b"\0"
        fields = [self.ino, mode, 0, 0, nlink, self.mtime, len(data), 0, 0,
                  rdev[0], rdev[1], len(raw), 0]
        self.ino += 1
        self.out += b"070701" + b"".join(b"%08x" % f for f in fields) + raw
        self._pad()
        self.out += data
        self._pad()

    def _pad(self):
        self.out += b"\0" * (-len(self.out) % 4)

    def directory(self, name, perm=0o755):
        self._entry(name, stat.S_IFDIR | perm, nlink=2)

    def file(self, name, data, perm):
        self._entry(name, stat.S_IFREG | perm, data)

    def symlink(self, name, target):
        self._entry(name, stat.S_IFLNK | 0o777, target.encode())

    def chardev(self, name, major, minor, perm=0o600):
        self._entry(name, stat.S_IFCHR | perm, rdev=(major, minor))

    def finish(self):
        self.ino = 0
        self.mtime = 0
        self._entry("TRAILER!!!", 0)
        self.out += b"\0" * (-len(self.out) % 512)
        return bytes(self.out)


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise SystemExit(f"mkinitramfs: {path}: {e.strerror}")


def parse_add(spec):
    """DEST=SRC[:MODE] (MODE in octal, default: the source's own)."""
    dest, sep, src = spec.partition("=")
    if not sep or not dest or not src:
        raise argparse.ArgumentTypeError(f"--add {spec}: use DEST=SRC[:MODE]")
    mode = None
    head, colon, tail = src.rpartition(":")
    if colon and tail and all(c in "01234567" for c in tail):
        src, mode = head, int(tail, 8)
    return dest.strip("/"), src, mode


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--output", required=True)
    ap.add_argument("--busybox", required=True, help="a static arm64 busybox")
    ap.add_argument("--init", required=True, help="the /init script")
    ap.add_argument("--module", required=True, help="keel_chan.ko")
    ap.add_argument("--keelchan", required=True, help="the keelchan program")
    ap.add_argument("--autorun", help="a folder of scripts for /etc/keel/autorun")
    ap.add_argument("--add", action="append", type=parse_add, default=[],
                    metavar="DEST=SRC[:MODE]", help="any other file")
    args = ap.parse_args()

    cpio = Cpio(int(os.environ.get("SOURCE_DATE_EPOCH", "0")))
    for d in DIRS:
        cpio.directory(d, 0o1777 if d == "tmp" else 0o755)
    cpio.chardev("dev/console", 5, 1)
    cpio.file("bin/busybox", read(args.busybox), 0o755)
    cpio.symlink("bin/sh", "busybox")
    cpio.file("init", read(args.init), 0o755)
    cpio.file("lib/modules/keel_chan.ko", read(args.module), 0o644)
    cpio.file("bin/keelchan", read(args.keelchan), 0o755)
    if args.autorun:
        for name in sorted(os.listdir(args.autorun)):
            path = os.path.join(args.autorun, name)
            if os.path.isfile(path) and not name.startswith("."):
                cpio.file("etc/keel/autorun/" + name, read(path), 0o755)
    for dest, src, mode in args.add:
        parts = dest.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            parent = "/".join(parts[:i])
            if parent not in cpio.names:
                cpio.directory(parent)
        if mode is None:
            mode = stat.S_IMODE(os.stat(src).st_mode)
        cpio.file(dest, read(src), mode)

    data = cpio.finish()
    tmp = args.output + ".tmp"
    with open(tmp, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(data)
    os.replace(tmp, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
