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
  shell        the interactive shell job, typed into through flashsim's stdin
  disk         --disk: the guest mounts a host-made ext2 image, reads and writes it
  fsheavy-disk the database-like workload on the virtio disk
  virtio-console  /dev/hvc0 output lands in the --virtio-console file
  poweroff     busybox poweroff -f ends the run with status 0
  date         the guest's time of day starts at --date
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


def run(flashsim, linux, options, init_args, initrd=None, stats=None, max_instructions=MAX_INSTRUCTIONS,
        console_input=None):
    """One boot; console_input (text) is flashsim's stdin, which the console reads a line at a
    time; without it stdin is empty."""
    cmd = [flashsim, "--quiet", "--max-instructions", max_instructions,
           "--initrd", initrd or os.path.join(linux, "initramfs.cpio"),
           "--bootargs", f"{BOOTARGS} {init_args}".strip()]
    if stats:
        cmd += ["--stats", stats]
    cmd += options + [os.path.join(linux, "vmlinux")]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600,
                       **({"input": console_input} if console_input is not None else {"stdin": subprocess.DEVNULL}))
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
    rc, out, err = run(flashsim, linux, options, "", initrd="/nonexistent/initramfs.cpio")
    if rc != 2 or "initramfs.cpio" not in err or len(err.strip().splitlines()) != 1:
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
    """The shell job: an interactive busybox sh on the console, typed into through flashsim's
    stdin (the UART's receive side): its prompt, the answers to two command lines, and its exit
    status as the run's. Twice: the same input gives the same console and instruction count."""
    typed = "echo $((6*7))\ngrep -c ^processor /proc/cpuinfo\nexit 5\n"
    cpus = machine(flashsim, options)[0]  # "0" or "0-N"
    cpu_count = int(cpus.split("-")[-1]) + 1
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(2):
            stats = os.path.join(tmp, f"stats{i}.json")
            rc, out, err = run(flashsim, linux, options, "-- shell", console_input=typed, stats=stats)
            if not any(l.startswith("/ # ") for l in out.splitlines()):
                fail("no shell prompt '/ # ' on the console", out, err)
            expect_line(out, "42", err)
            expect_line(out, str(cpu_count), err)
            expect_line(out, "flashsim-init: shell: exit 5", err)
            if rc != 5:
                fail(f"exit status {rc}, expected 5 (the shell's)", out, err)
            with open(stats) as f:
                runs.append((out, json.load(f)["instructions"]))
    if runs[0] != runs[1]:
        fail(f"two sessions with the same input differ ({runs[0][1]} vs {runs[1][1]} instructions)")


def ext2_image(tmp, files, size_mb=8):
    """An ext2 disk image holding files {name: text}, made on the host with mkfs.ext2 -d."""
    root = os.path.join(tmp, "root")
    os.makedirs(root)
    for name, text in files.items():
        with open(os.path.join(root, name), "w") as f:
            f.write(text)
    image = os.path.join(tmp, "disk.img")
    subprocess.run(["mkfs.ext2", "-q", "-F", "-b", "1024", "-d", root, image, f"{size_mb}M"], check=True,
                   env={**os.environ, "E2FSPROGS_FAKE_TIME": "1700000000"})
    return image


def read_ext2(image, name):
    """A file's content from an ext2 image, read on the host (debugfs)."""
    p = subprocess.run(["debugfs", "-R", f"cat /{name}", image], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, text=True, check=True)
    return p.stdout


MOUNT = "mkdir -p /tmp/d && mount -t ext2 /dev/vda /tmp/d"


def scenario_disk(flashsim, linux, options):
    """A --disk image is /dev/vda: the kernel sees its size, the guest mounts the host-made
    ext2 file system, reads a file the host wrote, writes one the host then reads back."""
    with tempfile.TemporaryDirectory() as tmp:
        image = ext2_image(tmp, {"hello.txt": "hello from the host\n"})
        sectors = os.path.getsize(image) // 512
        rc, out, err = run(flashsim, linux, options + ["--disk", image],
                           f'-- "run=sh:{MOUNT} && cat /tmp/d/hello.txt && echo written by linux > /tmp/d/out.txt'
                           f' && umount /tmp/d"')
        if f"virtio_blk virtio0: [vda] {sectors} 512-byte logical blocks" not in out:
            fail(f"the kernel did not report vda with {sectors} sectors", out, err)
        expect_line(out, "hello from the host", err)
        expect_line(out, "flashsim-init: run sh: exit 0", err)
        if rc != 0:
            fail(f"exit status {rc}, expected 0", out, err)
        if read_ext2(image, "out.txt") != "written by linux\n":
            fail("the host does not find the guest's file on the image", out, err)


def scenario_fsheavy_disk(flashsim, linux, options):
    """The database-like workload on an ext2 file system on the virtio disk instead of tmpfs:
    the same checked result."""
    _, value = WORKLOADS["fsheavy"]
    with tempfile.TemporaryDirectory() as tmp:
        image = ext2_image(tmp, {}, size_mb=32)
        rc, out, err = run(flashsim, linux, options + ["--disk", image],
                           f'-- "run=sh:{MOUNT} && fsheavy /tmp/d/db && umount /tmp/d"',
                           max_instructions=WORKLOAD_MAX_INSTRUCTIONS)
        expect_line(out, f"workload fsheavy: ok {value}", err)
        if rc != 0:
            fail(f"exit status {rc}, expected 0", out, err)
        subprocess.run(["e2fsck", "-f", "-n", image], stdout=subprocess.DEVNULL, check=True)


def scenario_virtio_console(flashsim, linux, options):
    """What the guest writes to /dev/hvc0 lands in the --virtio-console file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "hvc0.txt")
        rc, out, err = run(flashsim, linux, options + ["--virtio-console", path],
                           '-- "run=sh:echo through the virtio console > /dev/hvc0"')
        with open(path) as f:
            text = f.read()
    if text != "through the virtio console\n" or rc != 0:
        fail(f"exit status {rc}, hvc0 file holds {text!r}", out, err)


def scenario_date(flashsim, linux, options):
    """The time of day the guest sees starts at --date (default 2026-01-01 UTC)."""
    for extra, day in (([], "2026-01-01"), (["--date", "1000000000"], "2001-09-09")):
        rc, out, err = run(flashsim, linux, options + extra, '-- "run=sh:date -u +%Y-%m-%d"')
        expect_line(out, day, err)
        if rc != 0:
            fail(f"exit status {rc}, expected 0", out, err)


def scenario_poweroff(flashsim, linux, options):
    """busybox poweroff -f powers the machine off through simctl: the kernel says so and flashsim
    exits 0 before the init would report anything more."""
    rc, out, err = run(flashsim, linux, options, '-- "run=sh:poweroff -f" exit=9')
    if "reboot: Power down" not in out or "flashsim-init: run sh:" in out:
        fail("no power-down message, or the init went on after poweroff", out, err)
    if rc != 0:
        fail(f"exit status {rc}, expected 0", out, err)


SCENARIOS = {
    "userland": scenario_userland,
    "exit-status": scenario_exit_status,
    "panic": scenario_panic,
    "deterministic": scenario_deterministic,
    "no-initrd": scenario_no_initrd,
    "shell-command": scenario_shell_command,
    "shell": scenario_shell,
    "disk": scenario_disk,
    "fsheavy-disk": scenario_fsheavy_disk,
    "virtio-console": scenario_virtio_console,
    "poweroff": scenario_poweroff,
    "date": scenario_date,
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
