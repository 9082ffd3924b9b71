#!/usr/bin/env python3
"""Differential test: random MIPS IV sequences (gen.py) on flashsim vs QEMU.

For each batch of cases: gen.py writes one assembly file, which is built with
scripts/build-peer.sh (-march=r10000 -mabi=64 -EB ... -Wall -Wextra -Werror)
once for flashsim and once for QEMU (malta, 5Kf); both are run and their dumps
(GPRs, HI/LO, FPRs, FCSR, scratch buffer) compared line by line. gen.py's
reference model gives a third opinion on every differing line.

    run_diff.py --flashsim build/bin/flashsim [--seed S] [--cases N] [--len L]
                [--per-binary K] [--shrink] [--workdir DIR]
    run_diff.py --flashsim ... --shrink-case SEED-INDEX

Exit status: 0 all agree, 1 a mismatch (or a guest crash), 2 setup error,
77 qemu-system-mips64 is not installed (ctest SKIP_RETURN_CODE).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen  # noqa: E402

BUILD_PEER = os.path.join(ROOT, "scripts", "build-peer.sh")
RUN_PEER = os.path.join(ROOT, "scripts", "run-peer.sh")
SOURCES = [os.path.join(HERE, "harness.c"), os.path.join(HERE, "harness_rt.S")]


def log(msg):
    print(msg, flush=True)


class Runner:
    def __init__(self, args):
        self.flashsim = args.flashsim
        self.workdir = args.workdir
        self.verbose = args.verbose
        self.n = 0

    def build_and_run(self, cases):
        """Returns ({id: lines} for flashsim, the same for QEMU, raw outputs)."""
        self.n += 1
        base = os.path.join(self.workdir, "b%d" % self.n)
        with open(base + ".S", "w") as f:
            gen.emit(cases, f)
        env = dict(os.environ, PEER_MARCH="r10000", PEER_CFLAGS="-Werror")
        procs = []
        for t in ("flashsim", "qemu"):
            procs.append(subprocess.Popen([BUILD_PEER, t, "%s-%s.elf" % (base, t)] + SOURCES + [base + ".S"],
                                          env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
        for p in procs:
            out = p.communicate()[0]
            if p.returncode:
                raise SystemExit("run_diff: guest build failed (%s.S):\n%s" % (base, out.decode(errors="replace")))
        fs = subprocess.run([self.flashsim, "--quiet", "--max-instructions", "50000000", base + "-flashsim.elf"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        q = subprocess.run([RUN_PEER, "qemu", base + "-qemu.elf"], env=dict(os.environ, PEER_TIMEOUT="60"),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        outs = (fs.stdout.decode(errors="replace"), q.stdout.decode(errors="replace"))
        if not self.verbose:
            for suffix in (".S", "-flashsim.elf", "-qemu.elf"):
                try:
                    os.unlink(base + suffix)
                except OSError:
                    pass
        return parse(outs[0], fs.returncode), parse(outs[1], q.returncode), outs


def parse(text, status):
    """{case id: [lines]}; a case that crashed gets its TRAP/exit line at the end."""
    res, cur = {}, None
    for ln in text.splitlines():
        if ln.startswith("case "):
            cur = ln[5:].strip()
            res[cur] = []
        elif ln == "done":
            cur = None
        elif cur is not None and ln:
            res[cur].append(ln)
    if status != 0 and cur is not None:
        res[cur].append("EXIT STATUS %d" % status)
    return res


def compare(case, fs, q):
    """Differences between the two dumps, with the model's opinion."""
    mfull = {l.split()[0]: l.split()[1] for l in gen.dump_lines(case.final)}
    if fs is None or q is None:
        return [("(missing)", "ran" if fs is not None else "no output", "ran" if q is not None else "no output", "")]
    if fs == q:
        return []
    if case.final.qemu_cause_kept:
        # Known QEMU deviation (gen.py State.qemu_cause_kept): compare FCSR without Cause.
        def nocause(lines):
            return [("fcsr 0x%016x" % (int(l.split()[1], 16) & ~gen.FCSR_CAUSE & gen.M64))
                    if l.startswith("fcsr ") else l for l in lines]
        if nocause(fs) == nocause(q):
            return []
    diffs = []
    fd = dict(l.split(None, 1) if " " in l else (l, "") for l in fs)
    qd = dict(l.split(None, 1) if " " in l else (l, "") for l in q)
    keys = list(dict.fromkeys([l.split()[0] for l in fs] + [l.split()[0] for l in q]))
    for k in keys:
        a, b = fd.get(k), qd.get(k)
        if a != b:
            m = mfull.get(k, "")
            diffs.append((k, a, b, m))
    return diffs


CAUSE_MASK = False


def model_disagrees(case, lines):
    """Lines of an (agreed) dump that differ from the model's, FCSR Cause masked."""
    exp = gen.dump_lines(case.final, cause_mask=CAUSE_MASK)
    got = []
    for l in lines:
        if l.startswith("fcsr "):
            l = "fcsr 0x%016x" % (int(l.split()[1], 16) & ~(gen.FCSR_CAUSE if CAUSE_MASK else 0) & gen.M64)
        got.append(l)
    return [(a, b) for a, b in zip(got, exp) if a != b] + ([("(length)", "")] if len(got) != len(exp) else [])


def verdict(k, a, b, m):
    mv = m.split()[0] if m else None
    if mv is None:
        return ""
    if a == mv and b != mv:
        return "model agrees with flashsim"
    if b == mv and a != mv:
        return "model agrees with QEMU"
    return "model agrees with neither"


def listing(case, items=None):
    out = []
    for j, it in enumerate(case.items if items is None else items):
        if isinstance(it, gen.Block):
            out += it.lines(".L%d" % j)
        else:
            out.append(it.text())
    return "\n".join(out)


def used_regs(items):
    text = "\n".join(listing_item(i) for i in items)
    gprs = sorted({int(x) for x in re.findall(r"\$(\d+)\b", text)} - {0, 27, 30})
    fprs = sorted({int(x) for x in re.findall(r"\$f(\d+)\b", text)})
    return gprs, fprs


def listing_item(it):
    return "\n".join(it.lines(".L")) if isinstance(it, gen.Block) else it.text()


def shrink(runner, case, budget_s=300):
    """Greedy delta debugging over the case's items: keeps removing chunks as
    long as the model accepts the sequence and flashsim/QEMU still differ."""
    t0 = time.time()

    def fails(items):
        try:
            final = case.run_model(items)
        except gen.Invalid:
            return False
        c = shallow(case, items, final)
        fsr, qr, _ = runner.build_and_run([c])
        return bool(compare(c, fsr.get(c.id), qr.get(c.id)))

    items = list(case.items)
    n = 2
    while len(items) >= 1 and time.time() - t0 < budget_s:
        chunk = max(1, len(items) // n)
        removed = False
        for start in range(0, len(items), chunk):
            cand = items[:start] + items[start + chunk:]
            if cand and fails(cand):
                items = cand
                removed = True
                n = max(n - 1, 2)
                break
        if not removed:
            if chunk == 1:
                break
            n = min(len(items), n * 2)
    return items


def shallow(case, items, final):
    c = gen.Case.__new__(gen.Case)
    c.seed, c.index, c.id, c.init = case.seed, case.index, case.id, case.init
    c.items, c.final = items, final
    return c


def report_case(case, diffs, items=None):
    log("  %-6s %-22s %-22s %s" % ("what", "flashsim", "qemu", "model"))
    for k, a, b, m in diffs:
        log("  %-6s %-22s %-22s %s   [%s]" % (k, a, b, m, verdict(k, a, b, m)))
    if items is not None:
        gprs, fprs = used_regs(items)
        log("  minimal sequence (%d items):" % len(items))
        for ln in listing(case, items).splitlines():
            log("    " + ln)
        log("  initial registers used:")
        for r in gprs:
            log("    $%-2d = 0x%016x" % (r, case.init.gpr[r]))
        for f in fprs:
            log("    $f%-2d = 0x%016x  (%r)" % (f, case.init.fpr[f], gen.b2d(case.init.fpr[f])))
        log("    hi = 0x%016x  lo = 0x%016x  fcsr = 0x%x" % (case.init.hi, case.init.lo, case.init.fcsr))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--flashsim", default=os.path.join(ROOT, "build", "bin", "flashsim"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--first", type=int, default=0, help="first case index")
    ap.add_argument("--cases", type=int, default=20)
    ap.add_argument("--len", type=int, default=200, help="instructions per case (about)")
    ap.add_argument("--per-binary", type=int, default=5, help="cases per guest binary")
    ap.add_argument("--shrink", action="store_true", help="reduce each failing case (slow)")
    ap.add_argument("--shrink-case", metavar="SEED-INDEX", help="only reduce this case")
    ap.add_argument("--max-failures", type=int, default=5, help="stop after this many failing cases")
    ap.add_argument("--workdir", help="keep the generated files here")
    ap.add_argument("--verbose", action="store_true", help="keep all .S/.elf in the workdir")
    args = ap.parse_args()

    if not shutil.which("qemu-system-mips64"):
        log("SKIP: qemu-system-mips64 is not installed (apt-get install qemu-system-mips); "
            "the differential test needs it")
        return 77
    if not os.access(args.flashsim, os.X_OK):
        log("run_diff: no flashsim at %s" % args.flashsim)
        return 2
    tmp = None
    if args.workdir:
        os.makedirs(args.workdir, exist_ok=True)
    else:
        tmp = args.workdir = tempfile.mkdtemp(prefix="flashsim-diff-")
    runner = Runner(args)
    try:
        if args.shrink_case:
            seed, idx = (int(x) for x in args.shrink_case.split("-"))
            case = gen.Case(seed, idx, args.len)
            fsr, qr, _ = runner.build_and_run([case])
            diffs = compare(case, fsr.get(case.id), qr.get(case.id))
            if not diffs:
                log("case %s: flashsim and QEMU agree, nothing to shrink" % case.id)
                return 0
            items = shrink(runner, case)
            c = shallow(case, items, case.run_model(items))
            fsr, qr, _ = runner.build_and_run([c])
            log("case %s shrunk to %d items:" % (case.id, len(items)))
            report_case(c, compare(c, fsr.get(c.id), qr.get(c.id)), items)
            return 1

        t0 = time.time()
        failures = 0
        model_warnings = 0
        ninsn = 0
        ids = list(range(args.first, args.first + args.cases))
        ran = 0
        for b in range(0, len(ids), args.per_binary):
            cases = [gen.Case(args.seed, i, args.len) for i in ids[b:b + args.per_binary]]
            ninsn += sum(sum(it.words for it in c.items) for c in cases)
            fsr, qr, raw = runner.build_and_run(cases)
            ran += len(cases)
            for c in cases:
                diffs = compare(c, fsr.get(c.id), qr.get(c.id))
                if not diffs:
                    md = model_disagrees(c, fsr[c.id])
                    if md:
                        model_warnings += 1
                        log("note: case %s: flashsim and QEMU agree but gen.py's model does not "
                            "(a generator bug): %s" % (c.id, "; ".join("%s vs model %s" % x for x in md[:4])))
                    continue
                failures += 1
                log("MISMATCH case %s (%d items; rerun: run_diff.py --seed %d --first %d --cases 1)"
                    % (c.id, len(c.items), c.seed, c.index))
                report_case(c, diffs)
                if args.shrink:
                    items = shrink(runner, c)
                    s = shallow(c, items, c.run_model(items))
                    f2, q2, _ = runner.build_and_run([s])
                    log("  shrunk:")
                    report_case(s, compare(s, f2.get(s.id), q2.get(s.id)), items)
                if failures >= args.max_failures:
                    break
            if failures >= args.max_failures:
                log("stopping after %d failing cases" % failures)
                break
        log("%d cases (%d instructions), seed %d: %d mismatching, %d model notes; %.1f s"
            % (ran, ninsn, args.seed, failures, model_warnings, time.time() - t0))
        return 1 if failures else 0
    finally:
        if tmp and not args.verbose:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
