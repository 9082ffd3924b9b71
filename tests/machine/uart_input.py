#!/usr/bin/env python3
"""uart_input.py FLASHSIM GUEST.elf: stdin reaches the guest's UART; two runs with the same
input give the same output and the same cycle count; at end of input the guest just waits;
an open stdin nobody writes to does not stop the machine."""
import json, os, subprocess, sys, tempfile

fs, elf = sys.argv[1], sys.argv[2]


def run(data):
    with tempfile.NamedTemporaryFile(suffix=".json") as st:
        r = subprocess.run([fs, "--quiet", "--max-instructions", "50000000", "--stats", st.name, elf], input=data,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
        return r.returncode, r.stdout, json.load(open(st.name))["cycles"]


failed = 0
def check(ok, what):
    global failed
    print(("PASS: " if ok else "FAIL: ") + what)
    failed += not ok


a, b = run("hello\nquit\n"), run("hello\nquit\n")
print(a[1], end="")
check(a[0] == 0 and "echo: HELLO" in a[1] and "0 failed" in a[1], "the guest read and echoed the input")
check(a == b, f"two runs: same output and cycles ({a[2]}, {b[2]})")
c = run("hello\n")
check(c[0] == 124 and "echo: HELLO" in c[1], f"at end of input the guest waits (status {c[0]})")
# A stdin that is open but never written (a wrapper's pipe) must not stop the machine.
r, w = os.pipe()
p = subprocess.run([fs, "--quiet", "--max-instructions", "5000000", elf], stdin=r, stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT, text=True, timeout=60)
os.close(w)
os.close(r)
check(p.returncode == 124, f"a silent open stdin: the guest waits, the machine runs on (status {p.returncode})")
sys.exit(1 if failed else 0)
