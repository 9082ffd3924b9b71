#!/usr/bin/env python3
"""determinism.py FLASHSIM GUEST.elf [options...]: two runs give the same console output and
the same stats (all but wall time and MIPS): counts, cycles, cache and directory counters."""
import json, subprocess, sys, tempfile

fs, elf, opts = sys.argv[1], sys.argv[2], sys.argv[3:]


def run():
    with tempfile.NamedTemporaryFile(suffix=".json") as st:
        r = subprocess.run([fs, "--quiet", "--stats", st.name] + opts + [elf], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=600)
        s = json.load(open(st.name))
    for k in ("wall_seconds", "mips"):
        s.pop(k, None)
    return r.returncode, r.stdout, s


a, b = run(), run()
ok = a == b
if not ok:
    for name, x, y in (("status", a[0], b[0]), ("output", a[1], b[1])):
        if x != y:
            print(f"{name} differs:\n{x}\n---\n{y}")
    for k in a[2]:
        if a[2][k] != b[2].get(k):
            print(f"stats[{k!r}] differs")
print(f"{int(ok)} passed, {int(not ok)} failed  ({a[2]['instructions']} instructions, {a[2]['cycles']} cycles)")
sys.exit(0 if ok else 1)
