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
echo "setup: dependencies present" >&2
