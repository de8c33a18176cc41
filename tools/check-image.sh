#!/bin/sh
# Refuses an image that head.S could not relocate: only R_AARCH64_RELATIVE
# dynamic relocations are applied at boot (R_AARCH64_NONE is skipped).
set -eu
readelf=$1 elf=$2
bad=$("$readelf" -rW "$elf" | awk '/^[0-9a-f]+ +[0-9a-f]+ +R_/ && $3 != "R_AARCH64_RELATIVE" && $3 != "R_AARCH64_NONE"' )
if [ -n "$bad" ]; then
    echo "check-image: $elf has relocations head.S cannot apply:" >&2
    echo "$bad" >&2
    exit 1
fi
