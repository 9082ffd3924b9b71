#!/usr/bin/env bash
# Build the QEMU peer of the flashsim kernel for the boot benchmark (benchmarks/linux_boot.py):
# the same Linux 6.1 source configured for the MIPS Malta board, 64-bit big-endian, MIPS64r1
# (QEMU's `-M malta -cpu 5Kf`), cached by the hash of the inputs.
#
#   scripts/build-linux-malta.sh [OUTDIR]      (default OUTDIR: build/linux-malta)
#
# Inputs: Debian's /usr/src/linux-source-6.1.tar.xz, the patches (if any) and the config fragment
# in benchmarks/linux-malta/ (applied over tinyconfig, as irix-patches/linux-6.1/platform/
# flashsim.config is for the flashsim kernel), this script and the cross compiler's version. The
# vmlinux and its config live in ${XDG_CACHE_HOME:-~/.cache}/flashsim/linux-6.1-malta-<hash>/ and
# are copied to OUTDIR; an unchanged kernel is never rebuilt. No initramfs is built: the benchmark
# boots the flashsim one (scripts/build-linux.sh) on both machines. FLASHSIM_LINUX_JOBS overrides
# the make parallelism.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/build/linux-malta}"
inputs="$root/benchmarks/linux-malta"
fragment="$inputs/malta.config"

say() { echo "build-linux-malta: $*" >&2; }
die() { say "error: $*"; exit 1; }

# shellcheck source=lib/linux-kernel.sh
. "$root/scripts/lib/linux-kernel.sh"
kernel_check_tools
[ -f "$fragment" ] || die "the config fragment $fragment is missing"
shopt -s nullglob
patches=("$inputs"/*.patch)
shopt -u nullglob

kernel_cached linux-6.1-malta "$fragment" ${patches[@]+"${patches[@]}"}
mkdir -p "$out"
cp "$cache/vmlinux" "$cache/config" "$cache/inputs-hash" "$out/"
say "vmlinux (malta, 5Kf, 64-bit big-endian) is in $out"
