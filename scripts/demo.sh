#!/usr/bin/env bash
# The demo: install what is needed, build, and run a program on the simulated machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
echo "== build/bin/flashsim build/guest/isa_hello.elf" >&2
build/bin/flashsim build/guest/isa_hello.elf
