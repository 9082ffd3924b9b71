#!/usr/bin/env bash
# Configure and build everything (simulator, unit tests, guest programs) into build/.
# FLASHSIM_SANITIZE=1 builds host code with AddressSanitizer + UBSan into build-asan/.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build
extra=()
if [ "${FLASHSIM_SANITIZE:-0}" = 1 ]; then
  dir=build-asan
  extra+=(-DFLASHSIM_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo)
fi
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
[ -f "$dir/CMakeCache.txt" ] || cmake -S . -B "$dir" "${gen[@]}" "${extra[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)"
