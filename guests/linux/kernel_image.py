#!/usr/bin/env python3
"""kernel_image.py VMLINUZ IMAGE: the arm64 Image a boot loader (or Keel)
loads, from a Debian vmlinuz: gunzipped if it is gzip'ed (as on some
releases), copied as it is if it is an Image already (bookworm's arm64 one:
"ARMd" at offset 0x38)."""
import gzip
import os
import sys


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    src, dest = sys.argv[1:]
    with open(src, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if data[0x38:0x3c] != b"ARMd":
        raise SystemExit(f"kernel_image: {src}: not an arm64 Image (no ARMd magic)")
    with open(dest + ".tmp", "wb") as f:
        f.write(data)
    os.replace(dest + ".tmp", dest)


if __name__ == "__main__":
    main()
