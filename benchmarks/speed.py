#!/usr/bin/env python3
"""flashsim speed benchmark: flashsim vs GXemul vs QEMU on the same programs.

Builds benchmarks/programs/*.c for every target with scripts/build-peer.sh,
runs each program on flashsim, GXemul (testmips, R10000) and QEMU (malta,
5Kf), checks that all print the same checksum, and reports MIPS:

    MIPS = N / (wall time of the emulator process - its start-up time)

N is flashsim's exact retired-instruction count of the same binary (stats
JSON "instructions"): GXemul and QEMU have no instruction counter. The
start-up time is the best-of-K wall time of a trivial program on the same
emulator. GXemul lacks most of MIPS IV, so its binaries are built
-march=mips3 (tests/peers/README.md); flashsim also runs those mips3 builds,
which gives both the N for GXemul and a same-binary flashsim/GXemul ratio.

Only the Python standard library is used. See benchmarks/README.md.
"""
import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import die, fmt, finish, subset  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGDIR = os.path.join(ROOT, "benchmarks", "programs")
BUILD_PEER = os.path.join(ROOT, "scripts", "build-peer.sh")

# name -> (sources, one-line description)
PROGRAMS = {
    "int_mix": (["int_mix.c"], "CRC-32, quicksort, hashing"),
    "ptr_chase": (["ptr_chase.c"], "random linked list, 16 MiB"),
    "tlb_miss": (["tlb_miss.c", "tlb_refill.S"], "own refill handler, 16 Ki pages"),
    "fp_nbody": (["fp_nbody.c"], "double n-body + matmul"),
}
COMMON = ["benchlib.c"]

# Builds: (emulator that runs it, platform layer, -march)
VARIANTS = {
    "fs": ("flashsim", "flashsim", "r10000"),
    "fs3": ("flashsim", "flashsim", "mips3"),   # instruction count of the GXemul binary
    "qemu": ("qemu", "qemu", "r10000"),
    "gx": ("gxemul", "gxemul", "mips3"),
}

CHECK_RE = re.compile(r"^(\w+) checksum (0x[0-9a-f]{16})$", re.M)


def build(variant, prog, sources, outdir, scale):
    _, platform, march = VARIANTS[variant]
    out = os.path.join(outdir, "%s-%s.elf" % (prog, variant))
    env = dict(os.environ, PEER_MARCH=march, PEER_CFLAGS="-Werror -DSCALE=%d" % scale)
    srcs = [os.path.join(PROGDIR, s) for s in sources + COMMON]
    r = subprocess.run([BUILD_PEER, platform, out] + srcs, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        die("build of %s for %s failed:\n%s" % (prog, variant, r.stdout))
    return out


class Result:
    def __init__(self, wall, status, output, instructions=None):
        self.wall, self.status, self.output, self.instructions = wall, status, output, instructions

    def checksum(self):
        m = CHECK_RE.findall(self.output)
        return m[-1][1] if m else None


def run_flashsim(args, elf, timeout):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        stats = f.name
    try:
        cmd = [args.flashsim, "--quiet", "--stats", stats] + args.flashsim_args.split() + [elf]
        t0 = time.perf_counter()
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        wall = time.perf_counter() - t0
        n = None
        try:
            with open(stats) as f:
                n = json.load(f).get("instructions")
        except (OSError, ValueError):
            pass
        out = p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace")
        return Result(wall, p.returncode, out, n)
    finally:
        os.unlink(stats)


def run_peer(target, elf, timeout, mem_mb=128):
    """Runs a peer directly (same command lines as scripts/run-peer.sh, but
    without the shell wrapper so that its cost is not timed)."""
    if target == "gxemul":
        cmd = ["gxemul", "-q", "-E", "testmips", "-C", "R10000", "-M", str(mem_mb), elf]
    else:
        cmd = ["qemu-system-mips64", "-M", "malta", "-cpu", "5Kf", "-m", str(mem_mb),
               "-nodefaults", "-display", "none", "-monitor", "none",
               "-chardev", "stdio,id=con0,signal=off", "-serial", "chardev:con0",
               "-no-reboot", "-semihosting-config", "enable=on,target=native", "-kernel", elf]
    # GXemul stalls once its stdin is at EOF: give it a pipe that stays open
    # (and silent) until it has exited.
    rfd, wfd = os.pipe()
    try:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=rfd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        os.close(rfd)
        rfd = None
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            return Result(time.perf_counter() - t0, 124, out.decode(errors="replace"))
        wall = time.perf_counter() - t0
    finally:
        if rfd is not None:
            os.close(rfd)
        os.close(wfd)
    text = out.decode(errors="replace")
    m = re.search(r"EXIT (\d+)\n?$", text)
    status = int(m.group(1)) if m else 125  # 125: stopped without the guest's EXIT line
    return Result(wall, status, text + err.decode(errors="replace"))


def run(args, variant, elf, timeout):
    emu = VARIANTS[variant][0]
    if emu == "flashsim":
        return run_flashsim(args, elf, timeout)
    return run_peer(emu, elf, timeout)


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")




def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--flashsim", default=os.path.join(ROOT, "build", "bin", "flashsim"),
                    help="flashsim binary (default: build/bin/flashsim)")
    ap.add_argument("--flashsim-args", default="",
                    help="extra flashsim options, e.g. for a fast mode")
    ap.add_argument("--programs", default=",".join(PROGRAMS),
                    help="comma-separated subset of: " + ", ".join(PROGRAMS))
    ap.add_argument("--scale", type=int, default=1, help="multiply every program's work")
    ap.add_argument("--repeat", type=int, default=1, help="runs per program and emulator (best is kept)")
    ap.add_argument("--startup-runs", type=int, default=5, help="runs of the trivial program (best is kept)")
    ap.add_argument("--no-gxemul", action="store_true")
    ap.add_argument("--no-qemu", action="store_true")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per run")
    ap.add_argument("--keep", metavar="DIR", help="build into DIR and keep the binaries")
    ap.add_argument("--json", metavar="FILE", help="also write all measurements as JSON")
    args = ap.parse_args()

    progs = subset(args.programs, PROGRAMS, "program")
    if not os.access(args.flashsim, os.X_OK):
        die("no flashsim at %s (build it: cmake --build build -j1)" % args.flashsim)
    variants = ["fs"]
    if not args.no_qemu:
        if shutil.which("qemu-system-mips64"):
            variants.append("qemu")
        else:
            print("speed.py: qemu-system-mips64 not found: QEMU column skipped", file=sys.stderr)
    if not args.no_gxemul:
        if shutil.which("gxemul"):
            variants += ["fs3", "gx"]
        else:
            print("speed.py: gxemul not found: GXemul column skipped", file=sys.stderr)

    outdir = args.keep or tempfile.mkdtemp(prefix="flashsim-speed-")
    os.makedirs(outdir, exist_ok=True)
    failures = []
    data = {"programs": {}, "startup": {}}
    try:
        # ---- build ----
        elves = {}
        for p in ["trivial"] + progs:
            srcs = PROGRAMS[p][0] if p != "trivial" else ["trivial.c"]
            for v in variants:
                elves[p, v] = build(v, p, srcs, outdir, args.scale)
        print("built %d binaries in %s" % (len(elves), outdir), file=sys.stderr)

        # ---- start-up: best wall time of the trivial program ----
        startup = {}
        for v in variants:
            if v == "fs3":
                continue
            best = None
            for _ in range(args.startup_runs):
                r = run(args, v, elves["trivial", v], 60)
                if r.status != 0 or r.checksum() != "0x" + "0" * 16:
                    failures.append("trivial on %s: status %d, output %r" % (v, r.status, r.output[-300:]))
                    break
                best = r.wall if best is None else min(best, r.wall)
            startup[v] = best if best is not None else 0.0
        startup["fs3"] = startup["fs"]
        data["startup"] = {VARIANTS[v][0]: startup[v] for v in variants if v != "fs3"}

        # ---- the programs ----
        rows = []
        for p in progs:
            res = {}
            for v in variants:
                best = None
                for _ in range(args.repeat):
                    r = run(args, v, elves[p, v], args.timeout)
                    if r.status != 0:
                        failures.append("%s on %s (%s build): exit status %d; output tail:\n%s"
                                        % (p, VARIANTS[v][0], VARIANTS[v][2], r.status, r.output[-600:]))
                        best = r
                        break
                    if best is None or r.wall < best.wall:
                        best = r
                res[v] = best
                print("  %-10s %-5s %8.3f s  %s" % (p, v, best.wall, best.checksum()), file=sys.stderr)
            sums = {v: res[v].checksum() for v in variants if res[v].status == 0}
            ref = sums.get("fs")
            mismatch = [v for v in sums if sums[v] != ref]
            if mismatch or ref is None:
                failures.append("CHECKSUM MISMATCH in %s: %s" % (
                    p, ", ".join("%s(%s)=%s" % (VARIANTS[v][0], VARIANTS[v][2], sums.get(v)) for v in variants)))
            n = res["fs"].instructions if res["fs"].status == 0 else None
            n3 = res["fs3"].instructions if "fs3" in res and res["fs3"].status == 0 else None

            def mips(v, count):
                r = res.get(v)
                if r is None or r.status != 0 or not count:
                    return None
                net = r.wall - startup[v]
                return count / net / 1e6 if net > 0 else None

            row = {
                "program": p, "n": n, "n_mips3": n3, "checksum": ref,
                "ok": not mismatch and ref is not None,
                "fs": mips("fs", n), "fs3": mips("fs3", n3),
                "qemu": mips("qemu", n), "gx": mips("gx", n3),
                "wall": {v: res[v].wall for v in variants},
            }
            row["fs/qemu"] = row["fs"] / row["qemu"] if row["fs"] and row["qemu"] else None
            # same (mips3) binary on both, so this is the ratio of the net times
            row["fs/gx"] = row["fs3"] / row["gx"] if row["fs3"] and row["gx"] else None
            rows.append(row)
            data["programs"][p] = row
    finally:
        if not args.keep:
            shutil.rmtree(outdir, ignore_errors=True)

    # ---- report ----
    print()
    print("flashsim: %s %s" % (args.flashsim, args.flashsim_args))
    print("start-up (best of %d, trivial program): " % args.startup_runs + ", ".join(
        "%s %.1f ms" % (VARIANTS[v][0], startup[v] * 1e3) for v in variants if v != "fs3"))
    print("MIPS = N / (wall - start-up); N = flashsim instret of the same binary "
          "(r10000 build; mips3 build for GXemul)")
    print()
    hdr = ("%-10s %9s %9s %9s %9s %9s %8s %8s  %s" %
           ("program", "N(M)", "flashsim", "qemu", "fs(mips3)", "gxemul", "fs/qemu", "fs/gx", "checksum"))
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        print("%-10s %9s %9s %9s %9s %9s %8s %8s  %s" % (
            r["program"], fmt(r["n"] / 1e6 if r["n"] else None), fmt(r["fs"]), fmt(r["qemu"]),
            fmt(r["fs3"]), fmt(r["gx"]), fmt(r["fs/qemu"], "%.2fx"), fmt(r["fs/gx"], "%.2fx"),
            (r["checksum"] or "-") + ("" if r["ok"] else "  MISMATCH")))
    print("-" * len(hdr))
    g = {k: geomean([r[k] for r in rows]) for k in ("fs", "qemu", "fs3", "gx", "fs/qemu", "fs/gx")}
    print("%-10s %9s %9s %9s %9s %9s %8s %8s" % (
        "geomean", "", fmt(g["fs"]), fmt(g["qemu"]), fmt(g["fs3"]), fmt(g["gx"]),
        fmt(g["fs/qemu"], "%.2fx"), fmt(g["fs/gx"], "%.2fx")))
    data["geomean"] = g
    print("N(M): flashsim instructions (millions) of the -march=r10000 binary, run by flashsim and QEMU;")
    print("fs(mips3): flashsim on the -march=mips3 binary that GXemul runs; fs/gx = fs(mips3)/gxemul,")
    print("i.e. the same binary on both; fs/qemu = flashsim/qemu. All columns but N and ratios in MIPS.")

    # ---- targets (benchmarks/README.md) ----
    print()

    def target(ok, text):
        print("  [%s] %s" % ("PASS" if ok else ("FAIL" if ok is not None else "n/a "), text))

    print("targets:")
    target(startup["fs"] < 0.020, "flashsim start-up < 20 ms (%.1f ms)" % (startup["fs"] * 1e3))
    if "gx" in variants:
        ok = g["fs/gx"] >= 2.0 if not math.isnan(g["fs/gx"]) else None
        target(ok, "geomean MIPS >= 2x GXemul's (same binaries: %sx)" % fmt(g["fs/gx"], "%.2f"))
    if "qemu" in variants:
        for p in ("tlb_miss", "ptr_chase"):
            r = data["programs"].get(p)
            if r:
                ok = r["fs/qemu"] > 1.0 if r["fs/qemu"] else None
                target(ok, "faster than QEMU on %s (%sx)" % (p, fmt(r["fs/qemu"], "%.2f")))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(data, f, indent=2)
    return finish(failures)


if __name__ == "__main__":
    sys.exit(main())
