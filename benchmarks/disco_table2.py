#!/usr/bin/env python3
"""The kernel services of Bugnion et al. (SOSP 1997) Table 2, natively and under Disco, in
simulated cycles: the same microbenchmark kernel (benchmarks/guests/kbench.c) built for kseg0
and for ksseg. Prints native cycles, virtual cycles and the slowdown next to the paper's.

Usage: python3 benchmarks/disco_table2.py [--flashsim build/bin/flashsim] [--mode fast|timing]
"""
import argparse, os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAPER = {"utlb_miss": 1.35, "quick_fault": 3.17, "demand_zero": 1.42}  # IRIX on Disco, Table 2
LABEL = {
    "utlb_miss": "UTLB miss (served by the L2TLB)",
    "utlb_miss_4096": "UTLB miss (mostly reflected)",
    "quick_fault": "TLB fault the kernel resolves",
    "demand_zero": "demand-zero page fault",
    "syscall": "null system call",
    "context_switch": "context switch (ASID change)",
}


def run(args):
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900)
    if r.returncode != 0:
        sys.exit(f"disco_table2.py: {' '.join(args)} exited {r.returncode}:\n{r.stdout[-2000:]}")
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"kbench (\w+) ([\d.]+) cycles", r.stdout)}, r.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--flashsim", default=os.path.join(ROOT, "build", "bin", "flashsim"))
    ap.add_argument("--mode", default="fast", choices=["fast", "timing"])
    a = ap.parse_args()
    g = os.path.join(ROOT, "build", "guest")
    base = [a.flashsim, "--quiet", "--mode", a.mode]
    native, _ = run(base + [os.path.join(g, "bench_kbench.elf")])
    virtual, out = run(base + [os.path.join(g, "disco.elf"), "--vm", os.path.join(g, "bench_kbench_disco.elf") + ",mem=128M"])
    stats = re.search(r"stats: (.*)", out)
    print(f"Kernel services, simulated cycles ({a.mode} mode), natively and under Disco")
    print(f"{'service':<34}{'native':>10}{'Disco':>10}{'slowdown':>10}{'paper':>8}")
    for k, label in LABEL.items():
        n, v = native.get(k), virtual.get(k)
        if n is None or v is None:
            print(f"{label:<34}  missing from the output")
            continue
        paper = f"{PAPER[k]:.2f}x" if k in PAPER else ""
        print(f"{label:<34}{n:>10.1f}{v:>10.1f}{v / n:>9.2f}x{paper:>8}")
    if stats:
        print(f"\nmonitor: {stats.group(1)}")


if __name__ == "__main__":
    main()
