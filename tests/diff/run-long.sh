#!/usr/bin/env bash
# Long differential run against QEMU: N random cases (default seed: the time),
# each failing case shrunk to a minimal sequence.
#   tests/diff/run-long.sh N [SEED]
# Env: FLASHSIM (default build/bin/flashsim), LEN instructions per case (200),
#      MAX_FAILURES (5), DIFF_ARGS extra run_diff.py options.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 N [SEED]" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seed=${2:-$(date +%s)}
echo "run-long: $1 cases, seed $seed"
# shellcheck disable=SC2086
exec python3 "$here/run_diff.py" --flashsim "${FLASHSIM:-$root/build/bin/flashsim}" \
  --seed "$seed" --cases "$1" --len "${LEN:-200}" --per-binary 25 --shrink \
  --max-failures "${MAX_FAILURES:-5}" ${DIFF_ARGS:-}
