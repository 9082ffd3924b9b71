#!/usr/bin/env python3
"""virtio_blk.py FLASHSIM GUEST.elf [ro]: makes a 64-sector disk (byte i of sector s is
(7s + i) & 0xFF), runs the guest with --disk, checks its report, and checks the image file
afterwards: sector 5 written by the guest (or untouched when read-only), the rest unchanged."""
import os, subprocess, sys, tempfile

fs, elf = sys.argv[1], sys.argv[2]
ro = len(sys.argv) > 3 and sys.argv[3] == "ro"
image = bytes((7 * s + i) & 0xFF for s in range(64) for i in range(512))
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "disk.img")
    with open(path, "wb") as f:
        f.write(image)
    r = subprocess.run([fs, "--quiet", "--max-instructions", "100000000", "--disk", path + (",ro" if ro else ""), elf],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True,
                       timeout=300)
    print(r.stdout, end="")
    after = open(path, "rb").read()
failed = 0
def check(ok, what):
    global failed
    print(("PASS: " if ok else "FAIL: ") + what)
    failed += not ok
check(r.returncode == 0, f"exit status 0 ({r.returncode})")
check("SUMMARY" in r.stdout and " 0 failed" in r.stdout, "the guest's report passed")
sector = lambda b, s: b[512 * s:512 * (s + 1)]
if ro:
    check(after == image, "a read-only image is unchanged")
else:
    check(sector(after, 5) == bytes((0xA5 ^ i) & 0xFF for i in range(512)), "sector 5 holds the guest's write")
    check(all(sector(after, s) == sector(image, s) for s in range(64) if s not in (5, 6)), "other sectors unchanged")
print(f"{'FAILED' if failed else 'OK'}: {failed} host checks failed")
sys.exit(1 if failed else 0)
