#!/usr/bin/env bash
# dtb_numa.sh FLASHSIM GUEST.elf TOPOLOGY.dot: the generated device tree describes every CPU and
# memory range with its numa-node-id and carries the topology's distance matrix (checked with dtc).
set -eu
fs=$1 elf=$2 topo=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$fs" --quiet --topology "$topo" --dump-dtb "$tmp/m.dtb" "$elf" >/dev/null
dtc -q -I dtb -O dts "$tmp/m.dtb" >"$tmp/m.dts"
nodes=$("$fs" --topology "$topo" --print-topology | sed -n 's/^available: \([0-9]*\) nodes.*/\1/p')
cpus=$(grep -c 'device_type = "cpu"' "$tmp/m.dts")
mems=$(grep -c 'device_type = "memory"' "$tmp/m.dts")
want_cpus=$("$fs" --topology "$topo" --print-topology | grep -E '^node [0-9]+ cpus:' | sed 's/.*cpus://' | wc -w)
[ "$cpus" = "$want_cpus" ] || { echo "DTB has $cpus CPUs, topology $want_cpus"; exit 1; }
[ "$mems" -ge "$nodes" ] || { echo "DTB has $mems memory nodes for $nodes nodes"; exit 1; }
for n in $(seq 0 $((nodes - 1))); do
  grep -q "numa-node-id = <0x$(printf %02x "$n")>" "$tmp/m.dts" || { echo "no numa-node-id $n"; exit 1; }
done
grep -q 'compatible = "numa-distance-map-v1"' "$tmp/m.dts" || { echo "no distance map"; exit 1; }
# The distance-matrix triples must equal the SLIT that --print-topology shows.
python3 - "$tmp/m.dts" "$fs" "$topo" <<'PY'
import re, subprocess, sys
dts, fs, topo = sys.argv[1:4]
cells = [int(x, 16) for x in re.search(r"distance-matrix = <([^>]*)>", open(dts).read()).group(1).split()]
got = {(cells[i], cells[i + 1]): cells[i + 2] for i in range(0, len(cells), 3)}
txt = subprocess.run([fs, "--topology", topo, "--print-topology"], stdout=subprocess.PIPE, text=True).stdout
rows = [l for l in txt.splitlines() if re.match(r"^\s+\d+:", l)]
for i, row in enumerate(rows):
    for j, v in enumerate(row.split(":")[1].split()):
        assert got[(i, j)] == int(v), f"distance {i}->{j}: DTB {got[(i, j)]}, topology {v}"
print(f"{len(rows)} nodes: distance matrix matches")
PY
echo "ok: $cpus CPUs, $mems memory ranges, $nodes nodes"
