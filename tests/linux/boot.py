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
  shell-command  busybox sh runs a command given on the kernel command line; its status is the run's
  shell        the interactive shell job prints its prompt
  workload-NAME  the workload NAME (pbuild, compute, fsheavy) ends with its known 'ok' line, exit 0
Each scenario is a function below; its docstring says what it checks.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

BOOTARGS = "console=ttyS0 lpj=1000000"
MAX_INSTRUCTIONS = "3000000000"


def run(flashsim, linux, options, init_args, initrd=None, stats=None, max_instructions=MAX_INSTRUCTIONS):
    cmd = [flashsim, "--quiet", "--max-instructions", max_instructions,
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


def scenario_userland(flashsim, linux, options):
    """The init reports the machine's CPUs, nodes and distances, runs compute, exits 0."""
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


def scenario_exit_status(flashsim, linux, options):
    """The init's status (exit=7) becomes flashsim's exit status."""
    rc, out, err = run(flashsim, linux, options, "-- exit=7")
    expect_line(out, "flashsim-init: exit 7", err)
    if rc != 7:
        fail(f"exit status {rc}, expected 7", out, err)


def scenario_panic(flashsim, linux, options):
    """An init that does not exist: the kernel panics and flashsim exits 254."""
    rc, out, err = run(flashsim, linux, options, "rdinit=/no-such-init init=/no-such-init")
    if "Kernel panic - not syncing" not in out:
        fail("no kernel panic message", out, err)
    if rc != 254:
        fail(f"exit status {rc}, expected 254 (the platform's panic status)", out, err)


def scenario_deterministic(flashsim, linux, options):
    """Two boots give the same console output and instruction count."""
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


def scenario_no_initrd(flashsim, linux, options):
    """--initrd names a missing file: a one-line error, exit 2, no boot."""
    rc, out, err = run(flashsim, linux, options, "", initrd="/nonexistent/initramfs.cpio.gz")
    if rc != 2 or "initramfs.cpio.gz" not in err or len(err.strip().splitlines()) != 1:
        fail(f"expected one error line naming the file and exit 2, got {rc}: {err!r}", out, err)


def workload(name):
    """A workload of the initramfs (tests/linux/userland/) run by the init: its last line must be
    'workload NAME: ok VALUE' with the known VALUE, the run's exit status 0. Prints the
    simulated instructions and the wall time (the figures in docs/linux.md)."""
    job, value = WORKLOADS[name]

    def scenario(flashsim, linux, options):
        with tempfile.TemporaryDirectory() as tmp:
            stats = os.path.join(tmp, "stats.json")
            start = time.monotonic()
            rc, out, err = run(flashsim, linux, options, f"-- {job}", stats=stats,
                               max_instructions=WORKLOAD_MAX_INSTRUCTIONS)
            wall = time.monotonic() - start
            expect_line(out, f"workload {name}: ok {value}", err)
            expect_line(out, f"flashsim-init: run {name}: exit 0", err)
            if rc != 0:
                fail(f"exit status {rc}, expected 0", out, err)
            with open(stats) as f:
                instructions = json.load(f)["instructions"]
        print(f"workload {name}: {instructions} instructions (boot included), {wall:.1f} s wall")
    scenario.__doc__ = f"workload {name} ({job}) ends with 'workload {name}: ok {value}', exit 0"
    return scenario


# Every CPU's instructions count, idle loops included: pbuild on 8 CPUs takes about 3.3e9.
WORKLOAD_MAX_INSTRUCTIONS = "20000000000"
# name: (init job, the value its 'ok' line must carry)
WORKLOADS = {
    "pbuild": ("run=pbuild", "2649291843"),
    "compute": ("run=compute", "cb35fd90"),
    "fsheavy": ("run=fsheavy:/tmp/fsheavy", "c2bd9b9f"),
}


def scenario_shell_command(flashsim, linux, options):
    """busybox sh runs a command line from the kernel command line (arithmetic, a pipe into an
    applet), and its status is the run's."""
    rc, out, err = run(flashsim, linux, options, '-- "run=sh:n=$((6*7)); echo answer $n | tr a-z A-Z"')
    expect_line(out, "ANSWER 42", err)
    expect_line(out, "flashsim-init: run sh: exit 0", err)
    if rc != 0:
        fail(f"exit status {rc}, expected 0", out, err)
    rc, out, err = run(flashsim, linux, options, '-- "run=sh:exit 3" exit=0')
    expect_line(out, "flashsim-init: run sh: exit 3", err)
    if rc != 3:
        fail(f"exit status {rc}, expected 3 (the first failing job's)", out, err)


def scenario_shell(flashsim, linux, options):
    """The shell job starts an interactive busybox sh on the console: its prompt appears. Nothing
    types into it: the run ends at the instruction limit (124) while the console has no input
    side, or, once it has one, with the shell's exit at the end of flashsim's empty stdin (0)."""
    rc, out, err = run(flashsim, linux, options, "-- shell", max_instructions="800000000")
    if not any(l.startswith("/ # ") or l == "/ #" for l in out.splitlines()):
        fail("no shell prompt '/ # ' on the console", out, err)
    if rc != 124 and not (rc == 0 and "flashsim-init: shell: exit 0" in out.splitlines()):
        fail(f"exit status {rc}, expected 124 (the instruction limit) or 0 (the shell saw end of input)", out, err)


SCENARIOS = {
    "userland": scenario_userland,
    "exit-status": scenario_exit_status,
    "panic": scenario_panic,
    "deterministic": scenario_deterministic,
    "no-initrd": scenario_no_initrd,
    "shell-command": scenario_shell_command,
    "shell": scenario_shell,
    **{f"workload-{name}": workload(name) for name in WORKLOADS},
}


def main():
    flashsim, linux, scenario, options = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    if not os.path.isfile(os.path.join(linux, "vmlinux")):
        fail(f"{linux}/vmlinux is missing: run scripts/build-linux.sh (the linux.build test does)")
    if scenario not in SCENARIOS:
        fail(f"unknown scenario {scenario} (scenarios: {', '.join(SCENARIOS)})")
    SCENARIOS[scenario](flashsim, linux, options)
    print(f"PASS: {scenario}")


if __name__ == "__main__":
    main()
