#!/usr/bin/env bash
# The demo: install what is needed, build, run a program on the simulated machine, then boot
# Linux 6.1 on every CPU of the 8-node NUMA machine (the kernel is built once, then cached).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
echo "== build/bin/flashsim build/guest/isa_hello.elf" >&2
build/bin/flashsim build/guest/isa_hello.elf
bash scripts/build-linux.sh
cmd=(build/bin/flashsim --topology numa-topologies/8node.dot --initrd build/linux/initramfs.cpio.gz
     --bootargs "console=ttyS0 lpj=1000000 -- compute" build/linux/vmlinux)
echo "== ${cmd[*]}" >&2
"${cmd[@]}"
