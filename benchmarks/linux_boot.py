#!/usr/bin/env python3
"""Linux boot benchmark: flashsim vs QEMU, boot to userland.

Boots the same Linux 6.1 source, built once for flashsim (scripts/build-linux.sh) and once for
QEMU's Malta board, 64-bit big-endian, MIPS64r1 (scripts/build-linux-malta.sh), with the SAME
initramfs (build/linux/initramfs.cpio, the musl init of tests/linux/flashsim-init.c) and the
same kernel command line (plus malta_hpt_freq= on QEMU: the one-hunk patch in
benchmarks/linux-malta/ lets the Malta kernel take its counter frequency as given instead of
timing it against the RTC for 1-2 s of real time), on:

    flashsim 1 CPU          build/bin/flashsim --initrd ... vmlinux                 (fast mode)
    flashsim 8 CPUs         ... --topology numa-topologies/8node.dot                (8 nodes)
    QEMU 1 CPU              qemu-system-mips64 -M malta -cpu 5Kf -m 256 -kernel vmlinux ...

and measures the wall time from the emulator's process start to the console line
"flashsim-init: userland up" (stdout, a pseudo-terminal, is read as it comes), where the
emulator is killed; also its CPU time (user+system) to there. flashsim writes its statistics at
the end, so one more boot per flashsim configuration runs on to the init's power-off, shortly
after the line, for the simulated instruction count of the whole run; --exact-instructions also
finds the count at the line itself by bisection with --max-instructions (flashsim is
deterministic). QEMU has no instruction counter: times only.

Best of --repeat runs per configuration. Targets (benchmarks/README.md) are reported PASS/FAIL
but do not change the exit status; a boot that fails or times out does (exit 1, with the tail of
its console). Only the Python standard library is used.
"""
import argparse
import json
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tty

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import die, fmt, finish, subset  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = b"flashsim-init: userland up"
PANIC = b"Kernel panic - not syncing"   # a boot that will not reach the marker: stop there
# The flashsim boot tests' command line (tests/linux/boot.py): lpj= skips the delay-loop
# calibration. Used unchanged on both machines.
BOOTARGS = "console=ttyS0 lpj=1000000"
# QEMU only: the Malta kernel's CP0 Count frequency (QEMU counts every 6 ns), so that it does not
# time the counter against the RTC, 1-2 s of real time (benchmarks/linux-malta/0001-*.patch).
# flashsim's kernel takes its timer frequency from the device tree.
QEMU_BOOTARGS = "malta_hpt_freq=166666666"
MAX_INSTRUCTIONS = 20_000_000_000   # a safety net far above any boot

# name -> (label, machine, flashsim options)
CONFIGS = {
    "fs1": ("flashsim 1 CPU", "flashsim", ["--cpus", "1"]),
    "fs8": ("flashsim 8 CPUs (8node)", "flashsim",
            ["--topology", os.path.join(ROOT, "numa-topologies", "8node.dot")]),
    "qemu": ("QEMU malta 5Kf 1 CPU", "qemu", []),
}


class Boot:
    """One boot: wall time to the marker (None if never seen), the emulator's exit status,
    its console and, for flashsim, the stats JSON."""

    def __init__(self, marker_wall, total_wall, cpu, status, console, stats=None, timed_out=False):
        self.marker_wall, self.total_wall, self.cpu, self.status = marker_wall, total_wall, cpu, status
        self.console, self.stats, self.timed_out = console, stats, timed_out

    @property
    def ok(self):
        return self.marker_wall is not None

    def tail(self, n=25):
        lines = self.console.decode(errors="replace").splitlines()
        return "\n".join(lines[-n:])


def reap(pid, deadline):
    """(exit status, rusage) of the child pid once it has ended, None if it still runs at the
    deadline (os.wait4 rather than Popen.wait: the CPU time comes with it)."""
    while True:
        wpid, wstatus, ru = os.wait4(pid, os.WNOHANG)
        if wpid:
            return os.waitstatus_to_exitcode(wstatus), ru
        if time.perf_counter() >= deadline:
            return None
        time.sleep(0.002)


def watch(cmd, timeout, kill_at_marker):
    """Runs cmd with its stdout on a pseudo-terminal, reading it as it comes; returns (wall at
    the marker or None, total wall, CPU seconds, exit status or None if killed, stdout bytes,
    timed out).

    A terminal, not a pipe: flashsim flushes its console at every newline only when stdout is a
    terminal (over a pipe the marker would show up at exit), and a terminal is what a user
    watching a boot has. It is raw (no newline translation) and the same for QEMU."""
    master, slave = pty.openpty()
    tty.setraw(slave)
    rfd, wfd = os.pipe()   # a stdin that stays open and silent (as speed.py gives the peers)
    err = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=rfd, stdout=slave, stderr=err, start_new_session=True)
    os.close(rfd)
    os.close(slave)
    out = bytearray()
    marker_wall = None
    timed_out = False
    panic_at = None
    ended = None
    try:
        while True:
            if panic_at is not None and time.perf_counter() > panic_at + 0.5:
                break
            left = t0 + timeout - time.perf_counter()
            if left <= 0:
                timed_out = True
                break
            if panic_at is not None:
                left = min(left, panic_at + 0.5 - time.perf_counter() + 0.01)
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:   # EIO: the terminal's other side is closed
                chunk = b""
            now = time.perf_counter()
            if not chunk:   # the process is ending
                ended = reap(p.pid, t0 + timeout)
                timed_out = ended is None
                break
            start = max(0, len(out) - len(MARKER))
            out += chunk
            if marker_wall is None and out.find(MARKER, start) >= 0:
                marker_wall = now - t0
                if kill_at_marker:
                    break
            if marker_wall is None and panic_at is None and out.find(PANIC, max(0, start - len(PANIC))) >= 0:
                panic_at = now   # read the rest of the panic message for a moment, then stop
    finally:
        if ended is None:
            ended = reap(p.pid, 0)
        killed = ended is None
        if killed:
            os.killpg(p.pid, signal.SIGKILL)
            ended = reap(p.pid, float("inf"))
        total = time.perf_counter() - t0
        status, ru = ended
        p.returncode = status   # reaped here, not by Popen
        os.close(master)
        os.close(wfd)
        err.seek(0)
        out += err.read()
        err.close()
    return (marker_wall, total, ru.ru_utime + ru.ru_stime, None if killed else status, bytes(out),
            timed_out)


def boot_flashsim(args, options, max_instructions=None, to_the_end=False):
    """A flashsim boot, stopped at the marker unless to_the_end (then with its statistics)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        stats_path = f.name
    try:
        cmd = ([args.flashsim, "--quiet", "--stats", stats_path,
                "--max-instructions", str(max_instructions or MAX_INSTRUCTIONS),
                "--initrd", os.path.join(args.linux_dir, "initramfs.cpio"),
                "--bootargs", args.bootargs] + options + args.flashsim_args.split()
               + [os.path.join(args.linux_dir, "vmlinux")])
        mw, total, cpu, status, out, to = watch(cmd, args.timeout, kill_at_marker=not to_the_end)
        stats = None
        if status is not None:
            try:
                with open(stats_path) as f:
                    stats = json.load(f)
            except (OSError, ValueError):
                pass
        return Boot(mw, total, cpu, status, out, stats, to)
    finally:
        os.unlink(stats_path)


def qemu_cmd(args):
    return ["qemu-system-mips64", "-M", "malta", "-cpu", "5Kf", "-m", "256",
            "-nodefaults", "-display", "none", "-monitor", "none",
            "-chardev", "stdio,id=con0,signal=off", "-serial", "chardev:con0", "-no-reboot",
            "-kernel", os.path.join(args.malta_dir, "vmlinux"),
            "-initrd", os.path.join(args.linux_dir, "initramfs.cpio"),
            "-append", (args.bootargs + " " + args.qemu_bootargs).strip()] + args.qemu_args.split()


def boot_qemu(args):
    mw, total, cpu, status, out, to = watch(qemu_cmd(args), args.timeout, kill_at_marker=True)
    return Boot(mw, total, cpu, status, out, None, to)


def exact_instructions(args, options, total):
    """The instruction count at which the marker has reached the console, to within
    --exact-tolerance, by bisection over --max-instructions (flashsim is deterministic)."""
    lo, hi = 0, total           # marker absent after lo instructions, present after hi
    runs = 0
    while hi - lo > max(1, int(hi * args.exact_tolerance)):
        mid = (lo + hi) // 2
        b = boot_flashsim(args, options, max_instructions=mid)
        runs += 1
        if b.ok:
            hi = mid
        else:
            lo = mid
    return hi, runs


def build_kernels(args):
    for script, outdir in (("build-linux.sh", args.linux_dir),
                           ("build-linux-malta.sh", args.malta_dir)):
        r = subprocess.run(["bash", os.path.join(ROOT, "scripts", script), outdir],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            die("scripts/%s failed:\n%s" % (script, r.stdout[-3000:]))
        for line in r.stdout.splitlines():
            if "using the cached" in line or "cached in" in line:
                print(line, file=sys.stderr)




def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 epilog="See benchmarks/README.md.")
    ap.add_argument("--flashsim", default=os.path.join(ROOT, "build", "bin", "flashsim"),
                    help="flashsim binary (default: build/bin/flashsim)")
    ap.add_argument("--flashsim-args", default="", help="extra flashsim options")
    ap.add_argument("--qemu-args", default="", help="extra QEMU options")
    ap.add_argument("--linux-dir", default=os.path.join(ROOT, "build", "linux"),
                    help="flashsim vmlinux + initramfs.cpio (default: build/linux)")
    ap.add_argument("--malta-dir", default=os.path.join(ROOT, "build", "linux-malta"),
                    help="the malta vmlinux (default: build/linux-malta)")
    ap.add_argument("--no-build", action="store_true",
                    help="use the kernels in --linux-dir/--malta-dir as they are "
                         "(default: run scripts/build-linux.sh and build-linux-malta.sh, cached)")
    ap.add_argument("--configs", default=",".join(CONFIGS),
                    help="comma-separated subset of: " + ", ".join(CONFIGS))
    ap.add_argument("--bootargs", default=BOOTARGS,
                    help="kernel command line on both machines (default: %(default)r)")
    ap.add_argument("--qemu-bootargs", default=QEMU_BOOTARGS,
                    help="appended to the command line on QEMU only (default: %(default)r; '' "
                         "times the Count against the RTC as an unpatched Malta kernel does)")
    ap.add_argument("--repeat", type=int, default=3, help="boots per configuration, best is kept")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per boot")
    ap.add_argument("--exact-instructions", action="store_true",
                    help="also find flashsim's instruction count at the marker (bisection: "
                         "~10 more boots per configuration)")
    ap.add_argument("--exact-tolerance", type=float, default=0.002,
                    help="relative precision of --exact-instructions (default 0.2%%)")
    ap.add_argument("--json", metavar="FILE", help="also write the measurements as JSON")
    args = ap.parse_args()

    configs = subset(args.configs, CONFIGS, "configuration")
    if args.repeat < 1:
        die("--repeat must be at least 1")
    if any(CONFIGS[c][1] == "flashsim" for c in configs) and not os.access(args.flashsim, os.X_OK):
        die("no flashsim at %s (build it: bash scripts/build.sh)" % args.flashsim)
    if "qemu" in configs and not shutil.which("qemu-system-mips64"):
        die("qemu-system-mips64 not found (bash scripts/setup.sh installs qemu-system-mips)")
    if not args.no_build:
        build_kernels(args)
    for f in [os.path.join(args.linux_dir, "vmlinux"), os.path.join(args.linux_dir, "initramfs.cpio")] + \
             ([os.path.join(args.malta_dir, "vmlinux")] if "qemu" in configs else []):
        if not os.path.isfile(f):
            die("%s is missing (run without --no-build)" % f)

    failures = []
    # Round robin (fs1, fs8, qemu, fs1, ...): on a shared machine a burst of load then hits every
    # configuration alike rather than one of them.
    best = {c: None for c in configs}
    walls = {c: [] for c in configs}
    cpus = {c: [] for c in configs}
    failed = set()
    for i in range(args.repeat):
        for c in configs:
            if c in failed:
                continue
            label, machine, options = CONFIGS[c]
            b = boot_flashsim(args, options) if machine == "flashsim" else boot_qemu(args)
            if not b.ok:
                why = ("the kernel panicked" if PANIC in b.console
                       else "timed out after %.0f s" % args.timeout if b.timed_out
                       else "exited with status %s" % b.status)
                failures.append("%s: no '%s' line: %s; console tail:\n%s"
                                % (label, MARKER.decode(), why, b.tail()))
                failed.add(c)
                best[c] = None
                continue
            walls[c].append(b.marker_wall)
            cpus[c].append(b.cpu)
            print("  %-24s run %d: userland after %.3f s (%.3f s CPU)"
                  % (label, i + 1, b.marker_wall, b.cpu), file=sys.stderr)
            if best[c] is None or b.marker_wall < best[c].marker_wall:
                best[c] = b
    results = {}
    for c in configs:
        label, machine, options = CONFIGS[c]
        b = best[c]
        row = {"config": c, "label": label, "ok": b is not None, "walls": walls[c], "cpus": cpus[c],
               "wall": b.marker_wall if b else None, "cpu": min(cpus[c]) if b else None}
        if b is not None and machine == "flashsim":
            # The timed boots stop at the marker; one more runs to the init's power-off for
            # flashsim's statistics, written at the end.
            w = boot_flashsim(args, options, to_the_end=True)
            if not w.ok or w.status != 0 or not w.stats:
                failures.append("%s: the boot to power-off ended with status %s%s; console tail:\n%s"
                                % (label, w.status, "" if w.stats else ", no statistics", w.tail()))
            st = w.stats or {}
            row["instructions_run"] = st.get("instructions")
            row["simulated_seconds_run"] = st.get("simulated_seconds")
            row["wall_run"] = w.total_wall
            row["cpu_run"] = w.cpu
            row["instructions"] = None
            if args.exact_instructions and row["instructions_run"]:
                n, runs = exact_instructions(args, options, row["instructions_run"])
                row["instructions"] = n
                print("  %-24s %d instructions at the marker (%d bisection boots)"
                      % (label, n, runs), file=sys.stderr)
        results[c] = row

    # ---- report ----
    qemu = results.get("qemu", {}).get("wall")
    fs1 = results.get("fs1", {}).get("wall")
    fs8 = results.get("fs8", {}).get("wall")
    if qemu is None:
        fs1_target = ("< 10 s (no QEMU run)", None if fs1 is None else fs1 < 10.0)
    else:
        fs1_target = ("<= 2x QEMU and < 10 s", None if fs1 is None else fs1 <= 2 * qemu and fs1 < 10.0)
    targets = {"fs1": fs1_target, "fs8": ("< 30 s", None if fs8 is None else fs8 < 30.0)}

    print()
    print("Linux 6.1 boot to userland ('%s'), best of %d, fast mode" % (MARKER.decode(), args.repeat))
    print("kernel command line (both machines): %s" % args.bootargs)
    if "qemu" in configs and args.qemu_bootargs:
        print("QEMU only, appended: %s" % args.qemu_bootargs)
    print("host: %d CPUs, load average %.2f at the end" % (os.cpu_count(), os.getloadavg()[0]))
    print()
    row_fmt = "%-24s %8s %8s %15s %15s %8s  %-22s %s"
    hdr = row_fmt % ("config", "wall (s)", "CPU (s)", "instr (marker)", "instr (run)", "vs QEMU",
                     "target", "result")
    print(hdr)
    print("-" * len(hdr))
    count = lambda n: "{:,}".format(n) if n else "-"
    for c in configs:
        r = results[c]
        ratio = r["wall"] / qemu if r["wall"] is not None and qemu else None
        r["vs_qemu"] = ratio
        tgt, ok = targets.get(c, ("(reference)" if c == "qemu" else "-", None))
        r["target"], r["pass"] = tgt, ok
        res = "PASS" if ok else ("FAIL" if ok is not None else ("BOOT FAILED" if not r["ok"] else "-"))
        print(row_fmt % (r["label"], fmt(r["wall"], "%.3f"), fmt(r["cpu"], "%.3f"),
                         count(r.get("instructions")),
                         count(r.get("instructions_run")), fmt(ratio, "%.2fx"), tgt, res))
    print("-" * len(hdr))
    print("wall: from the emulator's process start to the marker line on its console (least of the runs);")
    print("CPU: the emulator's user+system time to the marker, where it is killed (least of the runs).")
    qcpu = results.get("qemu", {}).get("cpu")
    if qcpu:
        print("CPU time vs QEMU: " + ", ".join(
            "%s %.2fx" % (results[c]["label"], results[c]["cpu"] / qcpu)
            for c in configs if c != "qemu" and results[c].get("cpu")))
    print("instr: flashsim's simulated instructions, all CPUs: (marker) when the marker line is out")
    print("(only with --exact-instructions), (run) of the whole run, to the init's power-off")
    print("(its statistics are written at the end). QEMU has no instruction counter.")
    for c in configs:
        r = results[c]
        if r.get("wall_run") is not None:
            print("%s: whole run to power-off %.3f s wall, %.3f s CPU, %s simulated s"
                  % (r["label"], r["wall_run"], r["cpu_run"], fmt(r.get("simulated_seconds_run"), "%.3f")))

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"bootargs": args.bootargs, "qemu_bootargs": args.qemu_bootargs,
                       "repeat": args.repeat, "marker": MARKER.decode(), "results": results},
                      f, indent=2)
    return finish(failures)


if __name__ == "__main__":
    sys.exit(main())
