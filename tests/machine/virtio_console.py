#!/usr/bin/env python3
"""virtio_console.py FLASHSIM GUEST.elf: the guest's virtio console output lands in the file
given with --virtio-console, in order; the UART console keeps the guest's report."""
import os, subprocess, sys, tempfile

fs, elf = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as d:
    out = os.path.join(d, "hvc.txt")
    r = subprocess.run([fs, "--quiet", "--max-instructions", "10000000", "--virtio-console", out, elf],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True, timeout=60)
    print(r.stdout, end="")
    text = open(out).read()
expected = "hello from the virtio console\nsecond line\n"
ok = r.returncode == 0 and " 0 failed" in r.stdout and text == expected
print(("PASS" if text == expected else "FAIL") + f": the file holds {text!r}")
sys.exit(0 if ok else 1)
