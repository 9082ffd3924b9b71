#!/usr/bin/env python3
"""multi_vm.py FLASHSIM DISCO.elf GUEST_DIR [flashsim machine options]: several VMs at once
under Disco: two copies of the isolation guest, the ALU guest and a crashing guest. The crash
must not stop the others, nor must a VM that double-faults (vm4); flashsim's status names exactly those
two (bits 3 and 4). With a
multi-node machine, VMs live on different nodes and more than one CPU runs them."""
import os, re, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from checks import finish  # noqa: E402

fs, disco, gdir, machine = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
vms = [f"{gdir}/vguest_isolation.elf,mem=16M", f"{gdir}/vguest_alu.elf,mem=16M",
       f"{gdir}/vguest_isolation.elf,mem=24M", f"{gdir}/vguest_crash.elf,mem=8M",
       f"{gdir}/vguest_doublefault.elf,mem=8M"]
args = [fs, "--quiet", "--max-instructions", "3000000000"] + machine + [disco]
for v in vms:
    args += ["--vm", v]
r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
out = r.stdout
print(out[-3000:])
checks = [
    (r.returncode == 24, f"exit status 24 (vm3 and vm4 failed), got {r.returncode}"),
    (re.search(r"vm4 .* halted with status 254", out), "vm4 double-faulted and was halted"),
    (re.search(r"\[vm0\] SUMMARY: \d+ passed, 0 failed", out), "vm0 (isolation) passes"),
    (re.search(r"\[vm1\] SUMMARY: \d+ passed, 0 failed", out), "vm1 (alu) passes"),
    (re.search(r"\[vm2\] SUMMARY: \d+ passed, 0 failed", out), "vm2 (isolation) passes"),
    (re.search(r"vm3 .* halted with status 99", out), "vm3 crashed and was halted"),
    ("still alive" not in out, "the crashing store did not complete"),
    (re.search(r"\[vm0\] PASS: running as VM 0", out) and re.search(r"\[vm2\] PASS: running as VM 2", out),
     "each VM knows its number"),
]
cpus = [int(n) for n in re.findall(r"cpu\d+ \(node \d+\) dispatched vCPUs (\d+) times", out)]
if len(cpus) > 1:
    checks.append((sum(1 for n in cpus if n) > 1, f"more than one CPU ran vCPUs ({cpus})"))
    checks.append(("on node 1" in out, "some VMs have their memory on node 1"))
# The VMs ran interleaved: vm1's output is not all after vm0's.
order = [int(m.group(1)) for m in re.finditer(r"^\[vm(\d)\]", out, re.M)]
checks.append((any(a > b for a, b in zip(order, order[1:])), "the VMs' output interleaves (time slicing)"))
finish(checks)
