#!/usr/bin/env bash
# Build a freestanding big-endian MIPS64 test program for one target.
#   scripts/build-peer.sh TARGET OUT.elf SRC.c [SRC.c ...]
#   TARGET: flashsim | gxemul | qemu   (selects tests/peers/platform_TARGET.c)
# Env: PEER_MARCH   -march value (default r10000). GXemul lacks most MIPS IV
#                   instructions, so code meant to be compared with GXemul is
#                   built with PEER_MARCH=mips3 (see tests/peers/README.md).
#      PEER_CFLAGS  extra compiler flags (e.g. -DLOOP_ITERS=...).
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 flashsim|gxemul|qemu OUT.elf SRC..." >&2
  exit 2
fi
target=$1 out=$2
shift 2
peers="$(cd "$(dirname "$0")/../tests/peers" && pwd)"
[ -f "$peers/platform_$target.c" ] || { echo "$0: unknown target '$target'" >&2; exit 2; }
# Mandated flags, then: -fno-math-errno so sqrt() becomes sqrt.d instead of a
# libm call; -static -no-pie because Debian's cross gcc links PIE by default;
# -lgcc for any compiler helper routines.
# shellcheck disable=SC2086
exec "${CROSS_CC:-mips64-linux-gnuabi64-gcc}" \
  -march="${PEER_MARCH:-r10000}" -mtune=r10000 -mabi=64 -EB -ffreestanding -nostdlib -mno-abicalls -fno-pic \
  -G0 -msym32 -O2 -fno-math-errno -Wall -Wextra ${PEER_CFLAGS:-} \
  -I"$peers" -static -no-pie -Wl,--build-id=none -T "$peers/peer.ld" \
  -o "$out" "$peers/start.S" "$peers/peerlib.c" "$peers/platform_$target.c" "$@" -lgcc
