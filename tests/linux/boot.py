#!/usr/bin/env python3
"""Boots Linux on flashsim and checks what the guest reports.

  boot.py FLASHSIM LINUXDIR SCENARIO [flashsim options...]

Scenarios:
  userland     boot to the initramfs init, run the compute job, exit 0; the CPUs, the NUMA
               nodes and the node distance matrix the guest sees in /sys must be the machine's
  exit-status  the init's status (exit=7) becomes flashsim's exit status
  panic        an init that does not exist: the kernel panics and flashsim exits 254
  deterministic  two boots give the same console output and instruction count
  no-initrd    --initrd names a missing file: a one-line error, exit 2, no boot
  disk-probe   with --disk (a 4 MiB image) the kernel finds a virtio block device of that size
"""
import json
import os
import subprocess
import sys
import tempfile

BOOTARGS = "console=ttyS0 lpj=1000000"
MAX_INSTRUCTIONS = "3000000000"


def run(flashsim, linux, options, init_args, initrd=None, stats=None):
    cmd = [flashsim, "--quiet", "--max-instructions", MAX_INSTRUCTIONS,
           "--initrd", initrd or os.path.join(linux, "initramfs.cpio.gz"),
           "--bootargs", f"{BOOTARGS} {init_args}".strip()]
    if stats:
        cmd += ["--stats", stats]
    cmd += options + [os.path.join(linux, "vmlinux")]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=600, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def fail(msg, out="", err=""):
    sys.stdout.write(out[-4000:])
    sys.stderr.write(err[-2000:])
    print(f"FAIL: {msg}")
    sys.exit(1)


def expect_line(out, line, err=""):
    if line not in out.splitlines():
        fail(f"the console has no line '{line}'", out, err)


def machine(flashsim, options):
    """(CPU list, node list, {node: distance row}) as /sys would print them, from
    flashsim --print-topology for the same options."""
    p = subprocess.run([flashsim, "--print-topology"] + options, stdout=subprocess.PIPE,
                       text=True, check=True)
    lines = p.stdout.splitlines()
    cpus = sum(len(l.split(":")[1].split()) for l in lines
               if l.startswith("node ") and " cpus:" in l)
    rows = {}
    for l in lines[lines.index("node distances:") + 2:]:
        node, dist = l.split(":")
        rows[int(node)] = " ".join(dist.split())
    as_list = lambda n: "0" if n == 1 else f"0-{n - 1}"
    return as_list(cpus), as_list(len(rows)), rows


def main():
    flashsim, linux, scenario, options = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    if not os.path.isfile(os.path.join(linux, "vmlinux")):
        fail(f"{linux}/vmlinux is missing: run scripts/build-linux.sh (the linux.build test does)")

    if scenario == "userland":
        rc, out, err = run(flashsim, linux, options, "-- compute")
        expect_line(out, "flashsim-init: userland up", err)
        expect_line(out, "flashsim-init: compute: 17984 primes below 200000", err)
        cpus, nodes, rows = machine(flashsim, options)
        expect_line(out, f"flashsim-init: cpus online: {cpus}", err)
        expect_line(out, f"flashsim-init: nodes: {nodes}", err)
        for node, row in rows.items():
            expect_line(out, f"flashsim-init: node{node} distance: {row}", err)
        if rc != 0:
            fail(f"exit status {rc}, expected 0", out, err)
    elif scenario == "exit-status":
        rc, out, err = run(flashsim, linux, options, "-- exit=7")
        expect_line(out, "flashsim-init: exit 7", err)
        if rc != 7:
            fail(f"exit status {rc}, expected 7", out, err)
    elif scenario == "panic":
        rc, out, err = run(flashsim, linux, options, "rdinit=/no-such-init init=/no-such-init")
        if "Kernel panic - not syncing" not in out:
            fail("no kernel panic message", out, err)
        if rc != 254:
            fail(f"exit status {rc}, expected 254 (the platform's panic status)", out, err)
    elif scenario == "deterministic":
        runs = []
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(2):
                stats = os.path.join(tmp, f"stats{i}.json")
                rc, out, err = run(flashsim, linux, options, "-- compute", stats=stats)
                if rc != 0:
                    fail(f"run {i}: exit status {rc}", out, err)
                with open(stats) as f:
                    s = json.load(f)
                runs.append((out, s["instructions"], s["cycles"]))
        if runs[0][0] != runs[1][0]:
            fail("the two boots printed different console output")
        if runs[0][1:] != runs[1][1:]:
            fail(f"instructions/cycles differ: {runs[0][1:]} vs {runs[1][1:]}")
        print(f"deterministic: {runs[0][1]} instructions, {runs[0][2]} cycles, twice")
    elif scenario == "no-initrd":
        rc, out, err = run(flashsim, linux, options, "", initrd="/nonexistent/initramfs.cpio.gz")
        if rc != 2 or "initramfs.cpio.gz" not in err or len(err.strip().splitlines()) != 1:
            fail(f"expected one error line naming the file and exit 2, got {rc}: {err!r}", out, err)
    elif scenario == "disk-probe":
        with tempfile.TemporaryDirectory() as tmp:
            image = os.path.join(tmp, "disk.img")
            with open(image, "wb") as f:
                f.truncate(4 << 20)
            rc, out, err = run(flashsim, linux, options + ["--disk", image], "-- exit=0")
        if "virtio_blk virtio0: [vda] 8192 512-byte logical blocks" not in out:
            fail("the kernel did not report vda with 8192 sectors", out, err)
        if rc != 0:
            fail(f"exit status {rc}, expected 0", out, err)
    else:
        fail(f"unknown scenario {scenario}")
    print(f"PASS: {scenario}")


if __name__ == "__main__":
    main()
