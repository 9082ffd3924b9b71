#!/usr/bin/env python3
"""check_latency.py FLASHSIM GUEST.elf [flashsim options...]: run the latency guest in timing
mode and compare the miss latency it measures to each node with the configured one (stats
"topology" latency_ns, row 0) within 5%; the latencies must also rise with the SLIT distance."""
import json, re, subprocess, sys, tempfile

fs, elf, opts = sys.argv[1], sys.argv[2], sys.argv[3:]
with tempfile.NamedTemporaryFile(suffix=".json") as st:
    r = subprocess.run([fs, "--quiet", "--mode", "timing", "--stats", st.name] + opts + [elf],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    print(r.stdout)
    if r.returncode != 0:
        sys.exit(f"flashsim exited {r.returncode}")
    stats = json.load(open(st.name))
clock_hz = stats["clock_hz"]
want_ns = stats["topology"]["latency_ns"][0]
slit = stats["topology"]["slit"][0]
got = {int(m.group(1)): float(m.group(2)) for m in re.finditer(r"latency node (\d+): ([\d.]+) cycles", r.stdout)}
bad = 0
for n, ns in enumerate(want_ns):
    want = ns * clock_hz / 1e9
    ok = n in got and abs(got[n] - want) <= 0.05 * want
    print(f"node {n}: measured {got.get(n, float('nan')):.1f} cycles, configured {want:.1f} "
          f"({ns:.0f} ns), SLIT {slit[n]}: {'ok' if ok else 'OFF BY MORE THAN 5%'}")
    bad += not ok
order = sorted(range(len(slit)), key=lambda n: (slit[n], n))
for a, b in zip(order, order[1:]):
    if slit[a] < slit[b] and not got.get(a, 0) < got.get(b, 0):
        print(f"not distance-ordered: node {a} (SLIT {slit[a]}) {got.get(a)} >= node {b} (SLIT {slit[b]}) {got.get(b)}")
        bad += 1
print(f"{len(want_ns) - bad if bad <= len(want_ns) else 0} passed, {bad} failed")
sys.exit(1 if bad else 0)
