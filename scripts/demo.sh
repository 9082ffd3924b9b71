#!/usr/bin/env bash
# The demo: install what is needed, build, run a program on the simulated machine, then Linux 6.1
# on the 8-node NUMA machine: a parallel build on every CPU, then a scripted shell session with a
# virtio disk (the kernel and userland are built once, then cached).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
echo "== build/bin/flashsim build/guest/isa_hello.elf" >&2
build/bin/flashsim build/guest/isa_hello.elf
bash scripts/build-linux.sh
linux=(build/bin/flashsim --topology numa-topologies/8node.dot --initrd build/linux/initramfs.cpio)
cmd=("${linux[@]}" --bootargs "console=ttyS0 lpj=1000000 -- run=pbuild" build/linux/vmlinux)
echo "== ${cmd[*]}" >&2
"${cmd[@]}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/files"
echo "hello from the host" > "$tmp/files/hello.txt"
truncate -s 16M "$tmp/disk.img"
mkfs.ext2 -q -d "$tmp/files" "$tmp/disk.img"
session='mkdir /tmp/d && mount -t ext2 /dev/vda /tmp/d && cat /tmp/d/hello.txt
cat /sys/devices/system/node/node*/distance
grep -c ^processor /proc/cpuinfo
umount /tmp/d
exit'
cmd=("${linux[@]}" --disk "$tmp/disk.img" --bootargs "console=ttyS0 lpj=1000000 quiet -- shell" build/linux/vmlinux)
echo "== printf '...' | ${cmd[*]}" >&2
printf '%s\n' "$session" | "${cmd[@]}"
