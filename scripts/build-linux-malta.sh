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
tarball=/usr/src/linux-source-6.1.tar.xz
cross=mips64-linux-gnuabi64-
inputs="$root/benchmarks/linux-malta"
fragment="$inputs/malta.config"

say() { echo "build-linux-malta: $*" >&2; }
die() { say "error: $*"; exit 1; }

[ -f "$tarball" ] || die "$tarball is missing: install Debian's linux-source-6.1 (bash scripts/setup.sh does)"
command -v "${cross}gcc" >/dev/null || die "${cross}gcc is missing: install gcc-mips64-linux-gnuabi64 (bash scripts/setup.sh does)"
for tool in bc bison flex make patch xz; do
  command -v "$tool" >/dev/null || die "'$tool' is missing (bash scripts/setup.sh installs it)"
done
[ -f "$fragment" ] || die "the config fragment $fragment is missing"
shopt -s nullglob
patches=("$inputs"/*.patch)
shopt -u nullglob

# The cache key: every input's content, the tarball by name, size and mtime (as build-linux.sh).
key="$( {
  stat -c '%s %Y' "$tarball"
  "${cross}gcc" --version | head -1
  for f in "$0" "$fragment" ${patches[@]+"${patches[@]}"}; do
    basename "$f"; sha256sum < "$f"
  done
} | sha256sum | cut -c1-16)"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/flashsim"
cache="$cache_root/linux-6.1-malta-$key"

if [ ! -f "$cache/vmlinux" ]; then
  jobs="${FLASHSIM_LINUX_JOBS:-$(( $(nproc) + 1 ))}"
  mkdir -p "$cache_root"
  work="$(mktemp -d "$cache_root/work.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  say "no cached malta kernel for inputs $key; building in $work (a few minutes on 2 cores)"
  say "unpacking $tarball"
  tar -C "$work" -xf "$tarball"
  src="$work/linux-source-6.1"
  for p in ${patches[@]+"${patches[@]}"}; do
    say "applying $(basename "$p")"
    patch -s -p1 -d "$src" < "$p" || die "$(basename "$p") does not apply to $tarball"
  done
  obj="$work/obj"
  mk=(make -s -C "$src" ARCH=mips CROSS_COMPILE="$cross" O="$obj")
  say "configuring: tinyconfig + benchmarks/linux-malta/$(basename "$fragment")"
  "${mk[@]}" tinyconfig >/dev/null
  (cd "$src" && scripts/kconfig/merge_config.sh -m -O "$obj" "$obj/.config" "$fragment" >/dev/null 2>&1)
  "${mk[@]}" olddefconfig 2>/dev/null   # the fragment's choice overrides warn; checked below
  # Every option of the fragment must survive olddefconfig, or the kernel is not the one asked for.
  while IFS= read -r line; do
    case "$line" in CONFIG_*=*) ;; *) continue ;; esac
    opt="${line%%=*}"; val="${line#*=}"
    if [ "$val" = n ]; then
      ! grep -q "^$opt=" "$obj/.config" || die "$opt is still set after olddefconfig"
    else
      grep -qx "$line" "$obj/.config" || die "$line did not survive olddefconfig (a dependency is missing)"
    fi
  done < "$fragment"
  say "building vmlinux with make -j$jobs"
  "${mk[@]}" -j"$jobs" vmlinux
  stage="$work/result"
  mkdir -p "$stage"
  cp "$obj/vmlinux" "$stage/"
  cp "$obj/.config" "$stage/config"
  echo "$key" > "$stage/inputs-hash"
  rm -rf "$cache"
  mv "$stage" "$cache"
  say "cached in $cache"
else
  say "using the cached malta kernel for inputs $key ($cache)"
fi
mkdir -p "$out"
cp "$cache/vmlinux" "$cache/config" "$cache/inputs-hash" "$out/"
say "vmlinux (malta, 5Kf, 64-bit big-endian) is in $out"
