#!/bin/sh
# Turns the "->NAME value" markers the compiler left in offsets.s into
# #defines usable from assembly.
set -eu
in=$1 out=$2
{
    echo "/* Generated from microvisor/offsets.c: do not edit. */"
    echo "#ifndef KEEL_OFFSETS_H"
    echo "#define KEEL_OFFSETS_H"
    sed -n 's/.*"->\([A-Z0-9_]*\) #\{0,1\}\([0-9-]*\)".*/#define \1 \2/p' "$in"
    echo "#endif"
} >"$out.tmp"
mv "$out.tmp" "$out"
