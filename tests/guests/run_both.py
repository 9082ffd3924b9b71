#!/usr/bin/env python3
"""run_both.py FLASHSIM DISCO.elf NATIVE.elf VIRTUAL.elf [flashsim options]: run a test guest
natively and under the Disco monitor; both must end with "N passed, 0 failed" and print the
same report lines (the kvm-unit-tests style of tests/guests)."""
import re, subprocess, sys

fs, disco, native, virtual, opts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]


def run(args):
    r = subprocess.run([fs, "--quiet", "--max-instructions", "2000000000"] + opts + args,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    return r.returncode, r.stdout


nrc, nout = run([native])
vrc, vout = run([disco, "--vm", virtual])
# Kernel addresses differ by design (kseg0 natively, ksseg under Disco, and the two builds'
# code is laid out differently), so they compare as <kaddr>.
KADDR = re.compile(r"0x(ffffffff[89abcdef][0-9a-f]{7}|4000000000[0-9a-f]{6})")
report = lambda out: [KADDR.sub("<kaddr>", re.sub(r"^\[vm\d+\] ", "", l)) for l in out.splitlines()
                      if re.match(r"^(\[vm\d+\] )?(PASS|FAIL|SUMMARY)", l)]
n, v = report(nout), report(vout)
ok = nrc == 0 and vrc == 0 and n == v and n and re.search(r"SUMMARY: \d+ passed, 0 failed", n[-1])
if not ok:
    print(f"native: exit {nrc}\n{nout}\n--- under Disco: exit {vrc}\n{vout}")
    for a, b in zip(n, v):
        if a != b:
            print(f"first difference:\n  native: {a}\n  disco:  {b}")
            break
print(f"{1 if ok else 0} passed, {0 if ok else 1} failed ({len(n)} report lines, native and virtual)")
sys.exit(0 if ok else 1)
