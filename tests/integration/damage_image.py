#!/usr/bin/env python3
"""Copies a packed Keel image and flips one byte inside the first partition
image of its payload, as a damaged download or flash would."""
import struct
import sys

INFO = 64  # the Keel info block follows the 64-byte arm64 header


def main(src, dst):
    img = bytearray(open(src, "rb").read())
    payload_offset, payload_size = struct.unpack_from("<QQ", img, INFO + 40)
    if payload_size == 0:
        sys.exit(f"{src}: no payload")
    # struct keel_payload_header: magic[8], version, nr_entries, entries[...]
    # struct keel_payload_entry: name[32], kind, crc32, offset, size
    entry1 = payload_offset + 16 + 56
    offset = struct.unpack_from("<Q", img, entry1 + 40)[0]
    img[payload_offset + offset + 100] ^= 0xFF
    open(dst, "wb").write(img)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
