#!/usr/bin/env bash
# tools/lint.sh BUILD_DIR: clang-format (no changes allowed) and clang-tidy
# (.clang-tidy, warnings are errors) over every C file, host and target.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
cd "$root"
# guests/linux/module is Linux kernel code, in the kernel's own style.
mapfile -t files < <(git ls-files '*.c' '*.h' ':(exclude)guests/linux/module' 2>/dev/null ||
    find . -name '*.[ch]' -not -path './build*/*' -not -path './guests/linux/module/*')
clang-format --dry-run -Werror "${files[@]}"
echo "lint: clang-format clean (${#files[@]} files)"

# The target database uses GCC-only flags clang does not know.
tdb=$build/lint-target
mkdir -p "$tdb"
sed -e 's/-fno-tree-loop-distribute-patterns//g' -e 's/-mno-outline-atomics//g' \
    "$build/target/compile_commands.json" >"$tdb/compile_commands.json"
mapfile -t host < <(python3 -c 'import json,sys; print("\n".join(sorted({e["file"] for e in json.load(open(sys.argv[1]))})))' "$build/compile_commands.json")
mapfile -t target < <(python3 -c 'import json,sys; print("\n".join(sorted({e["file"] for e in json.load(open(sys.argv[1])) if e["file"].endswith(".c")})))' "$tdb/compile_commands.json")
clang-tidy -p "$build" --quiet "${host[@]}" 2>/dev/null >"$build/lint-host.log" || { cat "$build/lint-host.log"; exit 1; }
clang-tidy -p "$tdb" --quiet --extra-arg=--target=aarch64-none-elf "${target[@]}" 2>/dev/null \
    >"$build/lint-target.log" || { cat "$build/lint-target.log"; exit 1; }
echo "lint: clang-tidy clean (${#host[@]} host, ${#target[@]} target files)"
