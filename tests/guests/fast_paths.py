#!/usr/bin/env python3
"""fast_paths.py FLASHSIM DISCO.elf KBENCH_DISCO.elf: the monitor's fast paths are taken. Runs
the Table 2 microbenchmark kernel (benchmarks/guests/kbench.c) under Disco with --stats and
checks, from the monitor's per-VM stats and the machine's exception counts, that each fast path
served what it should: a fast path that silently fell back to C would keep the guest correct
(the guest's own reports are checked too) but fail here."""
import json, os, re, subprocess, sys, tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from checks import finish  # noqa: E402

fs, disco, kbench = sys.argv[1:4]
with tempfile.TemporaryDirectory() as d:
    st = os.path.join(d, "stats.json")
    r = subprocess.run([fs, "--quiet", "--stats", st, disco, "--vm", kbench + ",mem=128M"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    out = r.stdout
    stats = json.load(open(st)) if os.path.exists(st) else {"cpus": []}
print(out[-2000:])
m = re.search(r"stats: refills in C (\d+) kernel, (\d+) from its TLB, (\d+) from the L2TLB, (\d+) reflected; "
              r"(\d+) privileged instructions emulated \((\d+) ERETs, (\d+) CP0 writes, (\d+) TLBWRs by the fast path\), (\d+) hypercalls "
              r"\((\d+) TLB updates by the fast path\)", out)
hw_refills = sum(c.get("tlb_refills", 0) for c in stats["cpus"])
checks = [(r.returncode == 0, f"exit status 0, got {r.returncode}"),
          (re.search(r"\[vm0\] SUMMARY: \d+ passed, 0 failed", out), "the guest's reports pass"),
          (m is not None, "the monitor printed its stats")]
if m:
    kernel, vtlb, l2c, reflected, emulated, erets, cp0w, tlbw, hcalls, hc_tlb = (int(x) for x in m.groups())
    fast_refills = hw_refills - (kernel + vtlb + l2c + reflected)
    # The UTLB-miss loop over 256 pairs takes 5632 misses the L2TLB holds (warm-up included):
    # the assembly path serves them (and the kernel's ksseg refills).
    checks += [(fast_refills >= 5600, f"refills by the assembly fast path: {fast_refills} (>= 5600)"),
               (l2c < 1000, f"L2TLB hits left to C: {l2c} (< 1000)"),
               # The kernel's ksseg and privileged-page refills: the assembly path too.
               (kernel < 100, f"kernel-segment refills left to C: {kernel} (< 100)"),
               # About 17000 misses the guest's own handler must take (the 4096-pair and fault
               # loops): reflected by the assembly path (refill_reflect) from user mode.
               (reflected < 2000, f"refills reflected by C: {reflected} (< 2000)"),
               # The system-call, context-switch and fault loops return 5024 times by ERET, the
               # 16896 refill handlers by TLBWR+ERET in one trap (tlbw_fast, then eret_fast's tail).
               (tlbw >= 16000, f"TLBWR+ERET pairs by the fast path: {tlbw} (>= 16000)"),
               (21000 <= erets < 24000, f"ERETs by the fast path: {erets} (21000 <= n < 24000)"),
               # The context-switch loop's 2000 MTC0 EntryHi (an ASID change each).
               (cp0w >= 2000, f"CP0 writes by the fast path: {cp0w} (>= 2000)"),
               # The quick-fault and demand-zero loops' 1024 TLB updates, each rewriting the entry
               # its refill handler loaded invalid, deferred to the handler's ERET (abi.h
               # PRIV_TLB_*): the assembly path (eret_fast, tlbupd_eret, hcall_fast's body). A
               # timer interrupt between the kernel's stores and its ERET has C do one first.
               (hc_tlb >= 1000, f"TLB updates by the fast path: {hc_tlb} (>= 1000)")]
finish(checks)
