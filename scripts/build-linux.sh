#!/usr/bin/env bash
# Build Linux 6.1 for the flashsim machine and the test initramfs, cached by the hash of the inputs.
#
#   scripts/build-linux.sh [OUTDIR]      (default OUTDIR: build/linux)
#
# The kernel's inputs: Debian's /usr/src/linux-source-6.1.tar.xz, the patch series and config
# fragment in irix-patches/linux-6.1/platform/, this script and the cross compiler's version. The
# kernel (vmlinux, its config, the kernel's gen_init_cpio) lives in
# ${XDG_CACHE_HOME:-~/.cache}/flashsim/linux-6.1-<hash>/; an unchanged kernel is never rebuilt.
# The userland (init, busybox, workloads) comes from scripts/build-userland.sh, which caches it by
# its own inputs' hash. The initramfs is not cached: packing the two takes a second and is
# deterministic (gen_init_cpio -t 0, sorted entries, gzip -n), so a changed workload costs a
# userland rebuild only, never a kernel rebuild, and the same inputs always give the same bytes.
# OUTDIR receives vmlinux, initramfs.cpio (what flashsim boots: placed straight in RAM, so the
# kernel has nothing to inflate — inflating took half of a 1-CPU boot), initramfs.cpio.gz (the
# same, compressed, for other tools), config, rootfs/ (the tree packed) and inputs-hash.
# FLASHSIM_LINUX_JOBS overrides the make parallelism.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/build/linux}"
platform="$root/irix-patches/linux-6.1/platform"

say() { echo "build-linux: $*" >&2; }
die() { say "error: $*"; exit 1; }

# shellcheck source=lib/linux-kernel.sh
. "$root/scripts/lib/linux-kernel.sh"
kernel_check_tools cpio gzip
patches=("$platform"/*.patch)
[ -f "${patches[0]}" ] || die "no patches in $platform"
kernel_cached linux-6.1 "$platform/flashsim.config" "${patches[@]}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cp "$cache/vmlinux" "$cache/config" "$out/"
bash "$root/scripts/build-userland.sh" "$out/rootfs"

# The initramfs: the userland tree, entries sorted, owned by root, mtime 0.
say "packing $out/rootfs into initramfs.cpio and initramfs.cpio.gz"
(
  cd "$out/rootfs"
  find . -mindepth 1 | LC_ALL=C sort | while IFS= read -r p; do
    name="/${p#./}"
    if [ -L "$p" ]; then
      echo "slink $name $(readlink "$p") 0777 0 0"
    elif [ -d "$p" ]; then
      echo "dir $name $(stat -c %a "$p") 0 0"
    else
      echo "file $name $out/rootfs/${p#./} $(stat -c %a "$p") 0 0"
    fi
  done
  echo "nod /dev/console 0600 0 0 c 5 1"   # the kernel opens it for init before devtmpfs is mounted
) > "$out/initramfs.list"
"$cache/gen_init_cpio" -t 0 "$out/initramfs.list" > "$out/initramfs.cpio"
gzip -n -9 < "$out/initramfs.cpio" > "$out/initramfs.cpio.gz"
echo "kernel $key userland $(cat "$out/rootfs/etc/flashsim-userland")" > "$out/inputs-hash"
say "vmlinux and initramfs.cpio (and .gz) are in $out"
