#!/usr/bin/env bash
# Install everything the build, the tests and the benchmarks need on a fresh Debian 12 machine.
# Idempotent: packages already present are skipped by apt-get.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
PKGS=(
  build-essential cmake ninja-build pkg-config git
  libsystemc-dev libboost-graph-dev libfmt-dev catch2 pybind11-dev python3-dev
  libfdt-dev libcli11-dev nlohmann-json3-dev
  gcc-mips64-linux-gnuabi64 binutils-mips64-linux-gnuabi64
  qemu-system-mips gxemul device-tree-compiler python3
  linux-source-6.1 bc bison flex cpio libssl-dev xz-utils
  dpkg-dev bzip2 e2fsprogs
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Source packages (musl, busybox, gcc-12) for scripts/build-userland.sh: a deb-src entry for
# bookworm main, added once; apt-get update only when it is new.
src_list=/etc/apt/sources.list.d/flashsim-src.sources
if [ ! -f "$src_list" ]; then
  echo "setup: adding $src_list (deb-src for apt-get source)" >&2
  printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' 'Suites: bookworm' \
    'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' | $SUDO tee "$src_list" >/dev/null
  $SUDO apt-get update -qq
fi
echo "setup: dependencies present" >&2
