#!/usr/bin/env python3
"""run_both.py FLASHSIM DISCO.elf NATIVE.elf VIRTUAL.elf SHAPE NAME [flashsim options]: run a
test guest natively and under the Disco monitor (as a VM of SHAPE, e.g. cpus=1,mem=32M); the
native run must end with "N passed, 0 failed" and both must print the same report lines
(the kvm-unit-tests style of tests/guests), except the lines known-differences.txt lists for
NAME, which the virtual run may fail, each for the reason given there."""
import os, re, subprocess, sys

fs, disco, native, virtual, shape, name, opts = (sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5],
                                                 sys.argv[6], sys.argv[7:])
known = []
for line in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "known-differences.txt")):
    parts = line.rstrip("\n").split("\t")
    if len(parts) >= 3 and parts[0] == name:
        known.append(re.compile(parts[1]))


def run(args):
    r = subprocess.run([fs, "--quiet", "--max-instructions", "2000000000"] + opts + args,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    return r.returncode, r.stdout


nrc, nout = run([native])
vrc, vout = run([disco, "--vm", f"{virtual},{shape}"])
# Kernel addresses differ by design (kseg0 natively, ksseg under Disco, and the two builds'
# code is laid out differently), so kseg/ksseg/xkphys/xsseg addresses compare as <kaddr>.
KADDR = re.compile(r"0x(ffffffff[89a-f][0-9a-f]{7}|[49ab][0-9a-f]{15})")
report = lambda out: [KADDR.sub("<kaddr>", re.sub(r"^\[vm\d+\] ", "", l)) for l in out.splitlines()
                      if re.match(r"^(\[vm\d+\] )?(PASS|FAIL|SUMMARY)", l)]
def drop_known(lines):
    """Lines of known checks, with their indented detail lines ("FAIL:   EPC = ..."), go."""
    kept, known_lines, skipping = [], [], False
    for l in lines:
        detail = re.match(r"^(PASS|FAIL):   ", l) is not None
        if any(k.search(l) for k in known):
            skipping = True
        elif not detail:
            skipping = False
        (known_lines if skipping else kept).append(l)
    return kept, known_lines


n, _ = drop_known([l for l in report(nout) if not l.startswith("SUMMARY")])
v_all = [l for l in report(vout) if not l.startswith("SUMMARY")]
v, v_known = drop_known(v_all)
is_known = lambda l: l in v_known
native_ok = nrc == 0 and re.search(r"SUMMARY: \d+ passed, 0 failed", nout)
# The virtual run fails exactly the known lines (its exit status is then 1), or none.
vfails = [l for l in v_all if l.startswith("FAIL")]
virtual_ok = all(is_known(l) for l in vfails) and (vrc == 0 if not vfails else vrc == 1)
ok = bool(native_ok and virtual_ok and n == v and n)
if not ok:
    print(f"native: exit {nrc}\n{nout}\n--- under Disco: exit {vrc}\n{vout}")
    for a, b in zip(n, v):
        if a != b:
            print(f"first difference:\n  native: {a}\n  disco:  {b}")
            break
print(f"{1 if ok else 0} passed, {0 if ok else 1} failed ({len(n)} report lines compared, "
      f"{len([l for l in vfails if is_known(l)])} known differences)")
sys.exit(0 if ok else 1)
