#!/usr/bin/env python3
"""NUMA machine benchmark (issue 4 targets), stdlib only.

1. Aggregate simulated MIPS of 1, 8 and 32 CPUs running independent work
   (build/guest/bench_smp_work.elf) on one host core; target: 32 CPUs keep >= 70% of one CPU's
   aggregate rate.
2. Timing-mode MIPS as a fraction of fast mode on the same programs (target >= 1/4), when
   flashsim has --mode timing.

Usage: python3 benchmarks/numa.py [--flashsim build/bin/flashsim] [--repeat N]
"""
import argparse, json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOPO = os.path.join(ROOT, "numa-topologies")

MACHINES = [
    ("1 CPU", ["--cpus", "1"]),
    ("8 CPUs (8 nodes)", ["--topology", os.path.join(TOPO, "8node.dot")]),
    ("32 CPUs (32 nodes)", ["--topology", os.path.join(TOPO, "origin32.dot"), "--cpus-per-node", "1"]),
]


def run(flashsim, args, elf):
    with tempfile.NamedTemporaryFile(suffix=".json") as st:
        r = subprocess.run([flashsim, "--quiet", "--stats", st.name] + args + [elf],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600)
        if r.returncode != 0:
            sys.exit(f"numa.py: flashsim {' '.join(args)} {elf} exited {r.returncode}:\n{r.stderr}{r.stdout}")
        stats = json.load(open(st.name))
    return stats["instructions"], stats["wall_seconds"], r.stdout.strip().splitlines()[-1]


def best(flashsim, args, elf, repeat):
    runs = [run(flashsim, args, elf) for _ in range(repeat)]
    n, wall, out = min(runs, key=lambda x: x[1])
    return n, wall, out


def has_timing(flashsim):
    h = subprocess.run([flashsim, "--help"], stdout=subprocess.PIPE, text=True).stdout
    return "--mode" in h


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--flashsim", default=os.path.join(ROOT, "build", "bin", "flashsim"))
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    elf = os.path.join(ROOT, "build", "guest", "bench_smp_work.elf")
    for f in (a.flashsim, elf):
        if not os.path.exists(f):
            sys.exit(f"numa.py: {f} is missing: build first (bash scripts/build.sh)")

    print("Aggregate simulated MIPS, independent work per CPU, fast mode, one host core")
    print(f"{'machine':<22}{'instructions':>14}{'wall s':>9}{'MIPS':>9}{'vs 1 CPU':>10}")
    base = None
    rows = []
    for name, args in MACHINES:
        n, wall, out = best(a.flashsim, args, elf, a.repeat)
        mips = n / wall / 1e6
        base = base or mips
        rows.append((name, mips))
        print(f"{name:<22}{n:>14}{wall:>9.3f}{mips:>9.1f}{mips / base:>9.0%}   {out}")
    keep = rows[-1][1] / base
    print(f"\n[{'PASS' if keep >= 0.70 else 'FAIL'}] 32 CPUs keep >= 70% of one CPU's rate ({keep:.0%})")

    if not has_timing(a.flashsim):
        print("\ntiming mode: not in this flashsim build (no --mode option); fraction not measured")
        return
    print("\nTiming mode vs fast mode (same program, same machine)")
    print(f"{'machine':<22}{'fast MIPS':>11}{'timing MIPS':>13}{'fraction':>10}")
    worst = 1.0
    for name, args in MACHINES[:2]:
        nf, wf, _ = best(a.flashsim, args + ["--mode", "fast"], elf, a.repeat)
        nt, wt, _ = best(a.flashsim, args + ["--mode", "timing"], elf, a.repeat)
        f, t = nf / wf / 1e6, nt / wt / 1e6
        worst = min(worst, t / f)
        print(f"{name:<22}{f:>11.1f}{t:>13.1f}{t / f:>10.2f}")
    print(f"\n[{'PASS' if worst >= 0.25 else 'FAIL'}] timing mode >= 1/4 of fast mode ({worst:.2f})")


if __name__ == "__main__":
    main()
