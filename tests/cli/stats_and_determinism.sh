#!/usr/bin/env bash
# stats_and_determinism.sh FLASHSIM GUEST.elf: the stats file has the fields the README
# promises, and two runs give the same console output, trace and counts.
set -eu
fs=$1 elf=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in 1 2; do
  "$fs" --quiet --stats "$tmp/s$i.json" --trace-file "$tmp/t$i.txt" "$elf" >"$tmp/o$i.txt"
done
python3 - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
s1, s2 = (json.load(open(f"{d}/s{i}.json")) for i in (1, 2))
for key in ("instructions", "cycles", "wall_seconds", "mips", "exit", "cpus"):
    assert key in s1, f"stats lacks {key}"
cpu = s1["cpus"][0]
for key in ("instructions", "cycles", "exceptions", "tlb_refills", "cache_ops", "interrupts"):
    assert key in cpu, f"per-CPU stats lack {key}"
assert cpu["tlb_refills"] > 0, "the TLB guest takes refills"
assert cpu["exceptions"].get("TLBL", 0) > 0, "exceptions are counted by cause"
assert s1["exit"] == {"reason": "exit", "status": 0}, s1["exit"]
for key in ("instructions", "cycles", "cpus"):
    assert s1[key] == s2[key], f"{key} differs between two runs"
print("stats ok:", s1["instructions"], "instructions,", cpu["tlb_refills"], "refills")
PY
cmp "$tmp/o1.txt" "$tmp/o2.txt"
cmp "$tmp/t1.txt" "$tmp/t2.txt"
echo "deterministic: console and $(wc -l <"$tmp/t1.txt") trace lines identical"
