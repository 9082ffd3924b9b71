#!/usr/bin/env python3
"""free_pages.py FLASHSIM DISCO.elf GUEST_DIR [--foreign] [--smp] [flashsim machine options]:
the freepage guest as two VMs (disco/mm/pmap.c). vm1 scribbles over its low memory and halts;
vm0 frees pages, gets some back at once from limbo and the rest after they were reclaimed,
zeroed. The monitor's memory stats must say so; with --foreign (one node), the pages vm0 gets
after the reclaim were vm1's; with --smp, vm0 has two vCPUs and frees a pair that its vCPU 1
keeps mapped on another CPU."""
import os, re, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from checks import finish  # noqa: E402

fs, disco, gdir = sys.argv[1:4]
rest = sys.argv[4:]
foreign, smp = "--foreign" in rest, "--smp" in rest
machine = [a for a in rest if a not in ("--foreign", "--smp")]
args = [fs, "--quiet", "--max-instructions", "500000000"] + machine + [
    disco, "--vm", f"{gdir}/vguest_freepage.elf,mem=32M,cpus={2 if smp else 1}",
    "--vm", f"{gdir}/vguest_freepage.elf,mem=8M"]
new = 66 if smp else 64  # the pair vCPU 0 frees under vCPU 1's mapping
r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
out = r.stdout
print(out)
mem = re.search(r"vm0 memory: (\d+) pages freed, (\d+) taken back before reuse, (\d+) allocated on demand "
                r"\((\d+) another VM had used\)", out)
reclaimed = re.search(r"machine memory: (\d+) freed guest pages reclaimed and (\d+) pages of halted VMs", out)
checks = [
    (r.returncode == 0, f"exit status 0, got {r.returncode}"),
    (re.search(r"\[vm0\] SUMMARY: \d+ passed, 0 failed", out) is not None, "vm0's checks pass"),
    (re.search(r"\[vm1\] SUMMARY: \d+ passed, 0 failed", out) is not None, "vm1's checks pass"),
    (mem is not None and mem.group(1, 2, 3) == (str(new + 30), "30", str(new)),
     f"vm0 freed {new + 30} pages, took 30 back from limbo, got {new} reclaimed ones on demand"),
    (reclaimed is not None and int(reclaimed.group(1)) == new, f"{new} pages were reclaimed into the pools"),
    (reclaimed is not None and int(reclaimed.group(2)) >= 8 * 256,
     "all of halted vm1's pages returned into the pools (vm0's too if the machine ran on long enough)"),
]
if foreign:
    checks.append((mem is not None and int(mem.group(4)) > 0, "some of vm0's new pages were vm1's"))
finish(checks)
