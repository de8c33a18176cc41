#!/usr/bin/env bash
# tools/setup.sh - install what Keel needs, only what is missing, and fetch
# the arm64 artefacts from the Debian archive into a cache that is reused.
# Sourced by tools/keel; usable alone: bash tools/setup.sh
set -euo pipefail

KEEL_CACHE=${KEEL_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/keel}

# Host packages: cross compiler, emulators, firmware, dtc, libraries, tests.
KEEL_HOST_PACKAGES=(
  gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
  libc6-dev-arm64-cross # static arm64 Linux programs (guests/linux/user)
  qemu-system-arm u-boot-qemu
  device-tree-compiler libfdt-dev libcmocka-dev
  cmake make gcc libc6-dev python3 cpio gzip
  flex bison bc libelf-dev libssl-dev kmod
  clang-format clang-tidy
)

# arm64 packages fetched with apt-get download, unpacked into the cache.
KEEL_ARM64_PACKAGES=(
  libfdt-dev:arm64
  busybox-static:arm64
)

log() { printf 'keel setup: %s\n' "$*" >&2; }

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    apt-get update -qq >/dev/null
    apt_updated=1
  fi
}

missing_host_packages() {
  local p
  for p in "${KEEL_HOST_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
  done
}

install_host_packages() {
  local missing
  missing=$(missing_host_packages)
  [ -n "$missing" ] || return 0
  if [ "$(id -u)" != 0 ]; then
    log "missing packages (run as root to install): $missing"
    return 1
  fi
  apt_update_once
  log "installing: $(echo $missing)"
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

ensure_arm64_arch() {
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    log "dpkg --add-architecture arm64"
    dpkg --add-architecture arm64
    apt_updated=0
  fi
  # The arm64 package lists must be present for apt-get download.
  if ! ls /var/lib/apt/lists/*binary-arm64_Packages* >/dev/null 2>&1; then
    apt_updated=0
  fi
  apt_update_once
}

# Newest linux-image-6.1.0-N-arm64 (and matching headers) the archive offers.
linux_abi() {
  apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-arm64$' 2>/dev/null |
    sed -E 's/^linux-image-6\.1\.0-([0-9]+)-arm64.*/\1/' | sort -n | tail -1
}

fetch_arm64_package() { # name:arm64 -> unpacked under $KEEL_CACHE/arm64
  local pkg=$1 stamp
  stamp="$KEEL_CACHE/stamps/${pkg//[:\/]/_}"
  [ -f "$stamp" ] && return 0
  mkdir -p "$KEEL_CACHE/debs" "$KEEL_CACHE/arm64" "$KEEL_CACHE/stamps"
  log "fetching $pkg"
  (cd "$KEEL_CACHE/debs" && apt-get download -qq -o APT::Sandbox::User=root "$pkg" >/dev/null)
  local deb
  deb=$(ls -t "$KEEL_CACHE"/debs/"${pkg%%:*}"_*_*.deb | head -1)
  dpkg-deb -x "$deb" "$KEEL_CACHE/arm64"
  echo "$deb" >"$stamp"
}

fetch_arm64_artefacts() {
  local pkgs=("${KEEL_ARM64_PACKAGES[@]}") abi
  if [ "${KEEL_SETUP_LINUX:-1}" = 1 ]; then
    abi=$(cat "$KEEL_CACHE/linux-abi" 2>/dev/null || true)
    if [ -z "$abi" ]; then
      ensure_arm64_arch
      abi=$(linux_abi)
      [ -n "$abi" ] || { log "no linux-image-6.1.0-*-arm64 in the archive"; return 1; }
      mkdir -p "$KEEL_CACHE"
      echo "$abi" >"$KEEL_CACHE/linux-abi"
    fi
    pkgs+=("linux-image-6.1.0-$abi-arm64:arm64"
      "linux-headers-6.1.0-$abi-arm64:arm64"
      "linux-headers-6.1.0-$abi-common:all")
    KEEL_HOST_KBUILD="linux-kbuild-6.1"
  fi
  local p need=0
  for p in "${pkgs[@]}"; do
    [ -f "$KEEL_CACHE/stamps/${p//[:\/]/_}" ] || need=1
  done
  if [ "$need" = 1 ]; then
    ensure_arm64_arch
    for p in "${pkgs[@]}"; do fetch_arm64_package "$p"; done
  fi
  if [ -n "${KEEL_HOST_KBUILD:-}" ] &&
    ! dpkg-query -W -f='${Status}\n' "$KEEL_HOST_KBUILD" 2>/dev/null | grep -q 'ok installed'; then
    apt_update_once
    log "installing $KEEL_HOST_KBUILD"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$KEEL_HOST_KBUILD" >/dev/null
  fi
}

keel_setup() {
  install_host_packages
  fetch_arm64_artefacts
  log "ready (cache: $KEEL_CACHE)"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  keel_setup
fi
