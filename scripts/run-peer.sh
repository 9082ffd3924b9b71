#!/usr/bin/env bash
# Run a tests/peers program (built by scripts/build-peer.sh for the same
# TARGET) on a peer emulator, non-interactively.
#   scripts/run-peer.sh TARGET program.elf
#   TARGET: gxemul | qemu
# Prints the guest console on stdout (the platform layer's final "EXIT <n>"
# line is removed, so output matches flashsim's) and exits with the guest's
# status n. Runner failures: 124 timeout, 125 no EXIT line (the emulator
# stopped on its own, e.g. GXemul on an unimplemented instruction), 126 bad
# usage / emulator missing.
# Env: PEER_TIMEOUT seconds (default 120), PEER_MEM_MB (default 128),
#      PEER_VERBOSE=1 to echo the emulator command line on stderr.
set -uo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 gxemul|qemu program.elf" >&2
  exit 126
fi
target=$1 elf=$2
[ -r "$elf" ] || { echo "run-peer: cannot read $elf" >&2; exit 126; }
tmo=${PEER_TIMEOUT:-120}
mem=${PEER_MEM_MB:-128}

case $target in
gxemul)
  # -q: no banner; -E testmips -C R10000: machine whose cons device the
  # platform layer uses. No -x/-X: console stays on our stdout.
  cmd=(gxemul -q -E testmips -C R10000 -M "$mem" "$elf")
  ;;
qemu)
  # -nodefaults/-display none/-monitor none: only what we ask for. COM1 goes
  # to stdio (signal=off: no Ctrl-C handling); -no-reboot turns the Malta
  # GORESET fallback into an exit; UHI semihosting lets the guest exit(n).
  cmd=(qemu-system-mips64 -M malta -cpu 5Kf -m "$mem" -nodefaults -display none
       -monitor none -chardev stdio,id=con0,signal=off -serial chardev:con0
       -no-reboot -semihosting-config enable=on,target=native -kernel "$elf")
  ;;
*)
  echo "run-peer: unknown target '$target' (want gxemul or qemu)" >&2
  exit 126
  ;;
esac
command -v "${cmd[0]}" >/dev/null || { echo "run-peer: ${cmd[0]} not installed" >&2; exit 126; }
[ "${PEER_VERBOSE:-0}" = 1 ] && echo "run-peer: ${cmd[*]}" >&2

tmp=$(mktemp -d)
out=$tmp/out
sleeper=
trap '[ -n "$sleeper" ] && { kill "$sleeper"; wait "$sleeper"; } 2>/dev/null; rm -rf "$tmp"' EXIT
if [ "$target" = gxemul ]; then
  # GXemul polls stdin for console input and misbehaves once it sees EOF
  # (e.g. </dev/null under CI: output stalls and it spins), so give it a pipe
  # (a FIFO) that stays open but never delivers data; the silent writer is
  # killed on exit.
  mkfifo "$tmp/in"
  sleep "$((tmo + 5))" >"$tmp/in" &
  sleeper=$!
  timeout "$tmo" "${cmd[@]}" >"$out" <"$tmp/in"
  rc=$?
else
  timeout "$tmo" "${cmd[@]}" >"$out" </dev/null
  rc=$?
fi

# The guest's last line ends in "EXIT <n>"; everything before it is console
# output (emulator diagnostics, e.g. GXemul's, also land on stdout; emulator
# stderr is passed through). Keep a partial last line without its newline.
last=$(tail -n 1 "$out")
if [[ $last =~ ^(.*)EXIT\ ([0-9]+)$ ]]; then
  head -n -1 "$out"
  printf '%s' "${BASH_REMATCH[1]}"
  status=${BASH_REMATCH[2]}
  # QEMU also reports the status itself (semihosting exit); they must agree.
  if [ "$target" = qemu ] && [ "$rc" -ne "$status" ]; then
    echo "run-peer: qemu exited $rc but guest said EXIT $status" >&2
  fi
  exit "$status"
fi
cat "$out"
if [ "$rc" -eq 124 ]; then
  echo "run-peer: $target timed out after ${tmo}s" >&2
  exit 124
fi
echo "run-peer: $target stopped (rc=$rc) without an EXIT line" >&2
exit 125
