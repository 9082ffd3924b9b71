#!/usr/bin/env python3
"""Random MIPS IV user-level instruction sequences for differential testing.

Each test case is a straight-line sequence (~LEN instructions; branches and
jumps only skip forward over a few instructions) run from a seeded register
state. A reference model of every generated instruction runs alongside the
generator, so that only architecturally defined code is emitted (MIPS IV /
R10000 manuals):
  * 32-bit operations (addu, sra, mult, div, ...) get sign-extended inputs;
  * no division by zero, no MIN / -1, no overflow trap (add/sub/dadd/...),
    no MTHI/MTLO over an unread MULT/DIV result, no HI/LO write within two
    instructions of MFHI/MFLO, no LWR of a partial word into a register that
    is not sign-extended (bits 63..32 are implementation dependent then);
  * FPU: doubles only in arithmetic, never NaN, infinity, denormal or
    overflow/underflow (operands and results in 2^-900..2^900 or 0), integer
    conversions in range; a register last written with a 32-bit format
    (cvt.w.d, cvt.s.d, mtc1, lwc1) is only read as 32 bits, and its upper
    half (architecturally undefined) is masked in the dump;
  * a branch delay slot never holds a branch or a two-word item; link
    registers are not touched between the linking branch and its target,
    where the link value is made position independent (minus the expected
    return address, so 0 when right).
No instruction outside MIPS IV is generated (QEMU's 5Kf also runs MIPS64
ones such as clz/mul, which the R10000 does not have).

The model also predicts the dump (the FCSR Cause field excepted), which
helps decide who is right when flashsim and QEMU disagree.

    gen.py --seed S --cases N [--first K] [--len L] --out batch.S [--expect out.txt]
"""
import argparse
import math
import random
import struct
import sys
from fractions import Fraction

M64 = (1 << 64) - 1
M32 = (1 << 32) - 1
SCRATCH = 0xFFFFFFFF80400000  # fixed scratch buffer (kseg0, physical 4 MiB); base register $30
BUF = 256                     # bytes of scratch buffer used
BASE = 30
RAND_REGS = [r for r in range(1, 32) if r not in (26, 27, BASE)]  # k0/k1: exception handler
LINK_TMP = 27                  # $k1: scratch for jump targets / link normalisation


class Invalid(Exception):
    """The instruction would be UNPREDICTABLE, trap, or leave the safe FP range."""


def u64(v):
    return v & M64


def s64(v):
    v &= M64
    return v - (1 << 64) if v >> 63 else v


def s32(v):
    v &= M32
    return v - (1 << 32) if v >> 31 else v


def sx32(v):
    return u64(s32(v))


def is_sx32(v):
    return sx32(v) == v


def d2b(x):
    return struct.unpack(">Q", struct.pack(">d", x))[0]


def b2d(b):
    return struct.unpack(">d", struct.pack(">Q", b & M64))[0]


def s2b(x):
    return struct.unpack(">I", struct.pack(">f", x))[0]


def b2s(b):
    return struct.unpack(">f", struct.pack(">I", b & M32))[0]


def nice_d(x):
    return math.isfinite(x) and (x == 0 or 2.0 ** -900 <= abs(x) <= 2.0 ** 900)


def nice_s(x):
    return math.isfinite(x) and (x == 0 or 2.0 ** -100 <= abs(x) <= 2.0 ** 100)


# ---------------------------------------------------------------- IEEE rounding
RN, RZ, RP, RM = 0, 1, 2, 3


def round_frac(q, rm, mant=53, emin=-1022, emax=1023):
    """Rounds the nonzero rational q to the format; returns (float, inexact)."""
    sign = q < 0
    a = -q if sign else q
    n, d = a.numerator, a.denominator
    e = n.bit_length() - d.bit_length()
    if (n << max(0, -e)) < (d << max(0, e)):
        e -= 1
    shift = mant - 1 - e
    num, den = (n << shift, d) if shift >= 0 else (n, d << -shift)
    N, r = divmod(num, den)
    return _finish(sign, N, e, r != 0, (2 * r > den), (2 * r == den), rm, mant, emin, emax)


def _finish(sign, N, e, inexact, above_half, tie, rm, mant, emin, emax):
    if rm == RN:
        up = above_half or (tie and (N & 1))
    elif rm == RZ:
        up = False
    elif rm == RP:
        up = inexact and not sign
    else:
        up = inexact and sign
    if up:
        N += 1
        if N == 1 << mant:
            N >>= 1
            e += 1
    if e < emin or e > emax:
        raise Invalid("FP result out of range")
    v = math.ldexp(N, e - (mant - 1))
    return (-v if sign else v), inexact


def sqrt_round(x, rm):
    """Correctly rounded sqrt of the positive double x."""
    a = Fraction(x)
    n, d = a.numerator, a.denominator
    ea = n.bit_length() - d.bit_length()
    if (n << max(0, -ea)) < (d << max(0, ea)):
        ea -= 1
    e = ea // 2
    k = 2 * (52 - e)
    t = a * (Fraction(2) ** k)            # sqrt(t) in [2^52, 2^53 * sqrt 2)
    N = math.isqrt(t.numerator // t.denominator)
    while (N + 1) * (N + 1) <= t:
        N += 1
    exact = Fraction(N * N) == t
    assert (1 << 52) <= N < (1 << 53)
    half = (Fraction(N) + Fraction(1, 2)) ** 2
    return _finish(False, N, e, not exact, t > half, t == half, rm, 53, -1022, 1023)


def to_int(x, mode):
    """Rounds double x to an integer with rounding mode `mode` (RN/RZ/RP/RM)."""
    q = Fraction(x)
    fl = math.floor(q)
    frac = q - fl
    if frac == 0:
        return fl, False
    if mode == RZ:
        v = fl if q > 0 else fl + 1
    elif mode == RP:
        v = fl + 1
    elif mode == RM:
        v = fl
    else:
        if frac > Fraction(1, 2) or (frac == Fraction(1, 2) and fl & 1):
            v = fl + 1
        else:
            v = fl
    return v, True


def fadd(a, b, rm, neg_b=False):
    if neg_b:
        b = -b
    q = Fraction(a) + Fraction(b)
    if q == 0:
        if a == 0 and b == 0 and math.copysign(1, a) == math.copysign(1, b):
            return a, False
        return (-0.0 if rm == RM else 0.0), False
    return round_frac(q, rm)


def fmul(a, b, rm):
    q = Fraction(a) * Fraction(b)
    if q == 0:
        return math.copysign(0.0, math.copysign(1, a) * math.copysign(1, b)), False
    return round_frac(q, rm)


def fdiv(a, b, rm):
    if b == 0:
        raise Invalid("FP divide by zero")
    q = Fraction(a) / Fraction(b)
    if q == 0:
        return math.copysign(0.0, math.copysign(1, a) * math.copysign(1, b)), False
    return round_frac(q, rm)


# ---------------------------------------------------------------- machine state
# FPR formats: 64-bit class 'U' (uninterpreted doubleword: ldc1/dmtc1), 'D', 'L';
#              32-bit class 'V' (uninterpreted word: lwc1/mtc1), 'S', 'W'.
FMT64 = ("U", "D", "L")
FMT32 = ("V", "S", "W")
FCSR_CAUSE = 0x3F000


class State:
    def __init__(self):
        self.gpr = [0] * 32
        self.hi = self.lo = 0
        self.fpr = [0] * 32
        self.fmt = ["U"] * 32
        self.fcsr = 0
        self.mem = bytearray(BUF)
        self.hilo_unread = False   # MULT/DIV result not yet read by MFHI/MFLO
        self.since_mfhilo = 99     # instructions executed since the last MFHI/MFLO
        # QEMU deviation: its abs.d/neg.d leave the FCSR Cause field alone (MIPS IV: ABS/NEG
        # are arithmetic, so they write Cause, 0 here). True while the dumped Cause is affected.
        self.qemu_cause_kept = False

    def copy(self):
        s = State.__new__(State)
        s.gpr, s.fpr, s.fmt, s.mem = self.gpr[:], self.fpr[:], self.fmt[:], bytearray(self.mem)
        s.hi, s.lo, s.fcsr = self.hi, self.lo, self.fcsr
        s.hilo_unread, s.since_mfhilo = self.hilo_unread, self.since_mfhilo
        s.qemu_cause_kept = self.qemu_cause_kept
        return s

    # GPRs
    def r(self, i):
        return 0 if i == 0 else self.gpr[i]

    def r32(self, i):
        v = self.r(i)
        if not is_sx32(v):
            raise Invalid("32-bit operand not sign-extended")
        return v

    def w(self, i, v):
        if i:
            self.gpr[i] = u64(v)

    # FPRs
    def fd(self, i):
        if self.fmt[i] not in ("U", "D"):
            raise Invalid("FPR not a double")
        x = b2d(self.fpr[i])
        if not nice_d(x):
            raise Invalid("FPR double not in the safe range")
        return x

    def fl(self, i):
        if self.fmt[i] not in ("U", "L"):
            raise Invalid("FPR not a long")
        return s64(self.fpr[i])

    def fs_(self, i):
        if self.fmt[i] not in ("V", "S"):
            raise Invalid("FPR not a single")
        x = b2s(self.fpr[i])
        if not nice_s(x):
            raise Invalid("FPR single not in the safe range")
        return x

    def fw(self, i):
        if self.fmt[i] not in ("V", "W"):
            raise Invalid("FPR not a word")
        return s32(self.fpr[i])

    def set_d(self, i, x):
        if not nice_d(x):
            raise Invalid("double result not in the safe range")
        self.fpr[i], self.fmt[i] = d2b(x), "D"

    def set_s(self, i, x):
        if not nice_s(x):
            raise Invalid("single result not in the safe range")
        self.fpr[i], self.fmt[i] = s2b(x), "S"

    def rm(self):
        return self.fcsr & 3

    def fp_flags(self, inexact, absneg=False):
        """FCSR after an FP arithmetic instruction: Cause = its exceptions, Flags |= them."""
        if absneg:
            self.qemu_cause_kept = self.qemu_cause_kept or (self.fcsr & FCSR_CAUSE) != 0
        else:
            self.qemu_cause_kept = False
        cause = 0x1000 if inexact else 0
        self.fcsr = (self.fcsr & ~FCSR_CAUSE) | cause | (0x4 if inexact else 0)

    def fcc(self, cc):
        bit = 23 if cc == 0 else 24 + cc
        return (self.fcsr >> bit) & 1

    def set_fcc(self, cc, v):
        bit = 23 if cc == 0 else 24 + cc
        self.fcsr = (self.fcsr & ~(1 << bit)) | (int(v) << bit)

    # memory (offsets into the scratch buffer, big-endian)
    def load(self, off, n):
        if off < 0 or off + n > BUF or off % n:
            raise Invalid("bad offset")
        return int.from_bytes(self.mem[off:off + n], "big")

    def store(self, off, n, v):
        if off < 0 or off + n > BUF or off % n:
            raise Invalid("bad offset")
        self.mem[off:off + n] = (v & ((1 << (8 * n)) - 1)).to_bytes(n, "big")


# ---------------------------------------------------------------- instructions
class Insn:
    """One item of a sequence: asm lines + semantics. words = instructions in it."""

    def __init__(self, asm, fn, reads=(), writes=(), hilo_w=False, mfhilo=False, words=1):
        self.asm = asm if isinstance(asm, list) else [asm]
        self.fn, self.reads, self.writes = fn, set(reads), set(writes)
        self.hilo_w, self.mfhilo, self.words = hilo_w, mfhilo, words

    def execute(self, st):
        if self.hilo_w and st.since_mfhilo < 2:
            raise Invalid("HI/LO written within two instructions of MFHI/MFLO")
        self.fn(st)
        st.since_mfhilo = 0 if self.mfhilo else st.since_mfhilo + self.words

    def text(self):
        return "\n".join("\t" + a for a in self.asm)


class Block:
    """A forward branch/jump: [setup] branch, delay slot, skipped..., target: [fixup]."""

    def __init__(self, kind, asm_branch, cond, likely, delay, skipped, link=None, setup=()):
        self.kind, self.asm_branch, self.cond, self.likely = kind, asm_branch, cond, likely
        self.delay, self.skipped, self.link, self.setup = delay, skipped, link, list(setup)

    @property
    def words(self):
        return len(self.setup) + 2 + sum(i.words for i in self.skipped) + (3 if self.link is not None else 0)

    def execute(self, st):
        taken = self.cond(st)
        st.since_mfhilo += len(self.setup) + 1
        if self.link is not None:
            st.w(self.link, 0x1234)  # placeholder: nothing may read it before the fixup
        if taken or not self.likely:
            self.delay.execute(st)
        else:
            st.since_mfhilo += 1
        if not taken:
            for i in self.skipped:
                i.execute(st)
        if self.link is not None:
            st.w(self.link, 0)       # fixup: link - expected return address
            st.since_mfhilo += 3

    def lines(self, label):
        out = ["\t" + a.format(T=label + "t") for a in self.setup]
        out.append("\t" + self.asm_branch.format(T=label + "t"))
        out.append(self.delay.text() + "\t# delay slot")
        out.append(label + "r:")
        out += [i.text() for i in self.skipped]
        out.append(label + "t:")
        if self.link is not None:
            L, K = self.link, LINK_TMP
            out += ["\tlui\t$%d, %%hi(%sr)" % (K, label),
                    "\tdaddiu\t$%d, $%d, %%lo(%sr)" % (K, K, label),
                    "\tdsubu\t$%d, $%d, $%d" % (L, L, K)]
        return out


def R(i):
    return "$%d" % i


def F(i):
    return "$f%d" % i


class Gen:
    def __init__(self, rng):
        self.rng = rng

    # -- helpers to pick operands
    def reg(self, avoid=()):
        return self.rng.choice([r for r in RAND_REGS if r not in avoid])

    def src(self, st, avoid=(), sext=False):
        cands = [r for r in RAND_REGS + [0] if r not in avoid]
        if sext:
            cands = [r for r in cands if is_sx32(st.r(r))]
        return self.rng.choice(cands) if cands else None

    def fsrc(self, st, kind):
        get = {"D": st.fd, "L": st.fl, "S": st.fs_, "W": st.fw}[kind]
        c = []
        for i in range(32):
            try:
                get(i)
                c.append(i)
            except Invalid:
                pass
        return self.rng.choice(c) if c else None

    def imm16(self):
        return self.rng.choice([0, 1, -1, 0x7FFF, -0x8000, 2, -2, 0x100, self.rng.randint(-0x8000, 0x7FFF),
                                self.rng.randint(-64, 64)])

    def uimm16(self):
        return self.rng.choice([0, 1, 0xFFFF, 0x8000, 0x7FFF, 0xFF00, self.rng.randint(0, 0xFFFF)])

    # -- one non-branch instruction
    def simple(self, st, avoid=(), single_word=False):
        """A random non-branch Insn valid in state st; registers in `avoid` are
        neither read nor written."""
        kinds = [("alu3", 14), ("alu64", 10), ("imm", 12), ("shift", 8), ("shiftv", 5), ("mov", 3),
                 ("muldiv", 6), ("hilo", 4), ("load", 9), ("store", 7), ("lrwl", 5), ("fp", 16),
                 ("fpmove", 5), ("fpmem", 4), ("fcmp", 3), ("movcc", 3), ("trap", 2), ("misc", 1),
                 ("cfc1", 1)]
        if not single_word:
            kinds += [("fpidx", 2), ("rm", 1), ("llsc", 1)]
        total = sum(w for _, w in kinds)
        for _ in range(200):
            x = self.rng.uniform(0, total)
            for k, wgt in kinds:
                x -= wgt
                if x <= 0:
                    break
            try:
                ins = getattr(self, "g_" + k)(st, avoid)
            except Invalid:
                continue
            if ins is None:
                continue
            if (ins.reads | ins.writes) & set(avoid):
                continue
            t = st.copy()
            try:
                ins.execute(t)
            except Invalid:
                continue
            return ins
        raise RuntimeError("generator stuck")

    def g_alu3(self, st, avoid):
        op = self.rng.choice(["addu", "subu", "add", "sub", "and", "or", "xor", "nor", "slt", "sltu"])
        wide = op in ("and", "or", "xor", "nor", "slt", "sltu")
        a, b = self.src(st, avoid, sext=not wide), self.src(st, avoid, sext=not wide)
        if a is None or b is None:
            return None
        d = self.reg(avoid)

        def fn(s):
            x, y = (s.r(a), s.r(b)) if wide else (s.r32(a), s.r32(b))
            if op == "addu":
                v = sx32(x + y)
            elif op == "subu":
                v = sx32(x - y)
            elif op in ("add", "sub"):
                t = s32(x) + s32(y) if op == "add" else s32(x) - s32(y)
                if not -(1 << 31) <= t < (1 << 31):
                    raise Invalid("overflow trap")
                v = t
            elif op == "and":
                v = x & y
            elif op == "or":
                v = x | y
            elif op == "xor":
                v = x ^ y
            elif op == "nor":
                v = ~(x | y)
            elif op == "slt":
                v = int(s64(x) < s64(y))
            else:
                v = int(x < y)
            s.w(d, v)
        return Insn("%s\t%s, %s, %s" % (op, R(d), R(a), R(b)), fn, (a, b), (d,))

    def g_alu64(self, st, avoid):
        op = self.rng.choice(["daddu", "dsubu", "dadd", "dsub"])
        a, b, d = self.src(st, avoid), self.src(st, avoid), self.reg(avoid)

        def fn(s):
            x, y = s64(s.r(a)), s64(s.r(b))
            t = x + y if op in ("daddu", "dadd") else x - y
            if op in ("dadd", "dsub") and not -(1 << 63) <= t < (1 << 63):
                raise Invalid("overflow trap")
            s.w(d, t)
        return Insn("%s\t%s, %s, %s" % (op, R(d), R(a), R(b)), fn, (a, b), (d,))

    def g_imm(self, st, avoid):
        op = self.rng.choice(["addiu", "addi", "daddiu", "daddi", "slti", "sltiu", "andi", "ori", "xori", "lui"])
        logical = op in ("andi", "ori", "xori", "lui")
        imm = self.uimm16() if logical else self.imm16()
        a = self.src(st, avoid, sext=op in ("addiu", "addi"))
        if a is None:
            return None
        d = self.reg(avoid)

        def fn(s):
            if op in ("addiu", "addi"):
                t = s32(s.r32(a)) + imm
                if op == "addi" and not -(1 << 31) <= t < (1 << 31):
                    raise Invalid("overflow trap")
                v = sx32(t)
            elif op in ("daddiu", "daddi"):
                t = s64(s.r(a)) + imm
                if op == "daddi" and not -(1 << 63) <= t < (1 << 63):
                    raise Invalid("overflow trap")
                v = t
            elif op == "slti":
                v = int(s64(s.r(a)) < imm)
            elif op == "sltiu":
                v = int(s.r(a) < u64(imm))
            elif op == "andi":
                v = s.r(a) & imm
            elif op == "ori":
                v = s.r(a) | imm
            elif op == "xori":
                v = s.r(a) ^ imm
            else:
                v = sx32(imm << 16)
            s.w(d, v)
        if op == "lui":
            return Insn("lui\t%s, 0x%x" % (R(d), imm), fn, (), (d,))
        return Insn("%s\t%s, %s, %d" % (op, R(d), R(a), imm), fn, (a,), (d,))

    def g_shift(self, st, avoid):
        op = self.rng.choice(["sll", "srl", "sra", "dsll", "dsrl", "dsra", "dsll32", "dsrl32", "dsra32"])
        sa = self.rng.choice([0, 1, 31, 16, self.rng.randint(0, 31)])
        t = self.src(st, avoid, sext=op in ("srl", "sra"))
        if t is None:
            return None
        d = self.reg(avoid)

        def fn(s):
            x = s.r32(t) if op in ("srl", "sra") else s.r(t)
            k = sa + 32 if op.endswith("32") else sa
            base = op[:-2] if op.endswith("32") else op
            if base == "sll":
                v = sx32(x << k)
            elif base == "srl":
                v = sx32((x & M32) >> k)
            elif base == "sra":
                v = sx32(s32(x) >> k)
            elif base == "dsll":
                v = x << k
            elif base == "dsrl":
                v = x >> k
            else:
                v = s64(x) >> k
            s.w(d, v)
        return Insn("%s\t%s, %s, %d" % (op, R(d), R(t), sa), fn, (t,), (d,))

    def g_shiftv(self, st, avoid):
        op = self.rng.choice(["sllv", "srlv", "srav", "dsllv", "dsrlv", "dsrav"])
        t = self.src(st, avoid, sext=op in ("srlv", "srav"))
        a = self.src(st, avoid)
        if t is None:
            return None
        d = self.reg(avoid)

        def fn(s):
            x = s.r32(t) if op in ("srlv", "srav") else s.r(t)
            if op.startswith("d"):
                k = s.r(a) & 63
                v = x << k if op == "dsllv" else (x >> k if op == "dsrlv" else s64(x) >> k)
            else:
                k = s.r(a) & 31
                v = sx32(x << k) if op == "sllv" else (sx32((x & M32) >> k) if op == "srlv" else sx32(s32(x) >> k))
            s.w(d, v)
        return Insn("%s\t%s, %s, %s" % (op, R(d), R(t), R(a)), fn, (t, a), (d,))

    def g_mov(self, st, avoid):
        op = self.rng.choice(["movn", "movz"])
        a, c, d = self.src(st, avoid), self.src(st, avoid), self.reg(avoid)

        def fn(s):
            if (s.r(c) != 0) == (op == "movn"):
                s.w(d, s.r(a))
        return Insn("%s\t%s, %s, %s" % (op, R(d), R(a), R(c)), fn, (a, c), (d,))

    def g_muldiv(self, st, avoid):
        op = self.rng.choice(["mult", "multu", "div", "divu", "dmult", "dmultu", "ddiv", "ddivu"])
        narrow = not op.startswith("d") or op in ("div", "divu")
        a, b = self.src(st, avoid, sext=narrow), self.src(st, avoid, sext=narrow)
        if a is None or b is None:
            return None

        def fn(s):
            if op in ("mult", "multu"):
                x, y = s.r32(a), s.r32(b)
                p = s32(x) * s32(y) if op == "mult" else (x & M32) * (y & M32)
                s.lo, s.hi = sx32(p), sx32(p >> 32)
            elif op in ("div", "divu"):
                x, y = s.r32(a), s.r32(b)
                if op == "div":
                    x, y = s32(x), s32(y)
                    if y == 0 or (x == -(1 << 31) and y == -1):
                        raise Invalid("div")
                    q = abs(x) // abs(y) * (1 if (x < 0) == (y < 0) else -1)
                else:
                    x, y = x & M32, y & M32
                    if y == 0:
                        raise Invalid("div")
                    q = x // y
                s.lo, s.hi = sx32(q), sx32(x - q * y)
            elif op in ("dmult", "dmultu"):
                x, y = (s64(s.r(a)), s64(s.r(b))) if op == "dmult" else (s.r(a), s.r(b))
                p = x * y
                s.lo, s.hi = u64(p), u64(p >> 64)
            else:
                x, y = (s64(s.r(a)), s64(s.r(b))) if op == "ddiv" else (s.r(a), s.r(b))
                if y == 0 or (op == "ddiv" and x == -(1 << 63) and y == -1):
                    raise Invalid("ddiv")
                q = abs(x) // abs(y) * (1 if (x < 0) == (y < 0) else -1)
                s.lo, s.hi = u64(q), u64(x - q * y)
            s.hilo_unread = True
        if op in ("div", "divu", "ddiv", "ddivu"):
            text = "%s\t$0, %s, %s" % (op, R(a), R(b))  # the $0 form: no assembler macro
        else:
            text = "%s\t%s, %s" % (op, R(a), R(b))
        return Insn(text, fn, (a, b), (), hilo_w=True)

    def g_hilo(self, st, avoid):
        op = self.rng.choice(["mfhi", "mflo", "mfhi", "mflo", "mthi", "mtlo"])
        if op.startswith("mf"):
            d = self.reg(avoid)

            def fn(s):
                s.w(d, s.hi if op == "mfhi" else s.lo)
                s.hilo_unread = False
            return Insn("%s\t%s" % (op, R(d)), fn, (), (d,), mfhilo=True)
        a = self.src(st, avoid)

        def fn2(s):
            if s.hilo_unread:
                raise Invalid("MTHI/MTLO over an unread result")
            if op == "mthi":
                s.hi = s.r(a)
            else:
                s.lo = s.r(a)
        return Insn("%s\t%s" % (op, R(a)), fn2, (a,), (), hilo_w=True)

    def g_load(self, st, avoid):
        op, n = self.rng.choice([("lb", 1), ("lbu", 1), ("lh", 2), ("lhu", 2), ("lw", 4), ("lwu", 4), ("ld", 8)])
        off = self.rng.randrange(0, BUF, n)
        d = self.reg(avoid)

        def fn(s):
            v = s.load(off, n)
            if op in ("lb", "lh", "lw"):
                bits = 8 * n
                v = v - (1 << bits) if v >> (bits - 1) else v
            s.w(d, v)
        return Insn("%s\t%s, %d($%d)" % (op, R(d), off, BASE), fn, (), (d,))

    def g_store(self, st, avoid):
        op, n = self.rng.choice([("sb", 1), ("sh", 2), ("sw", 4), ("sd", 8)])
        off = self.rng.randrange(0, BUF, n)
        t = self.src(st, avoid)
        return Insn("%s\t%s, %d($%d)" % (op, R(t), off, BASE), lambda s: s.store(off, n, s.r(t)), (t,), ())

    def g_lrwl(self, st, avoid):
        op = self.rng.choice(["lwl", "lwr", "ldl", "ldr", "swl", "swr", "sdl", "sdr"])
        n = 8 if op[1] == "d" else 4
        off = self.rng.randrange(0, BUF)
        t = self.src(st, avoid) if op[0] == "s" else self.reg(avoid)
        b = off & (n - 1)
        w = off - b

        def fn(s):
            if op[0] == "l":
                old = s.r(t)
                reg = list((old & ((1 << (8 * n)) - 1)).to_bytes(n, "big"))
                mem = s.mem[w:w + n]
                if op[2] == "l":      # lwl/ldl: bytes off..end of unit -> register from the top
                    for i in range(n - b):
                        reg[i] = mem[b + i]
                else:                 # lwr/ldr: bytes start of unit..off -> register bottom
                    for i in range(b + 1):
                        reg[n - 1 - i] = mem[b - i]
                v = int.from_bytes(bytes(reg), "big")
                if n == 4:
                    if op == "lwr" and b != 3 and not is_sx32(old):
                        raise Invalid("partial LWR into a non-sign-extended register")
                    v = sx32(v)
                s.w(t, v)
            else:
                reg = (s.r(t) & ((1 << (8 * n)) - 1)).to_bytes(n, "big")
                if op[2] == "l":
                    for i in range(n - b):
                        s.mem[off + i] = reg[i]
                else:
                    for i in range(b + 1):
                        s.mem[off - i] = reg[n - 1 - i]
        if op[0] == "l":
            return Insn("%s\t%s, %d($%d)" % (op, R(t), off, BASE), fn, (t,), (t,))
        return Insn("%s\t%s, %d($%d)" % (op, R(t), off, BASE), fn, (t,), ())

    # -- FPU
    def g_fp(self, st, avoid):
        op = self.rng.choice(["add", "sub", "mul", "div", "add", "mul", "sqrt", "abs", "neg", "mov",
                              "madd", "msub", "nmadd", "nmsub", "cvtw", "cvtl", "cvtdw", "cvtdl",
                              "cvtsd", "cvtds"])
        d = self.rng.randrange(32)
        if op in ("add", "sub", "mul", "div"):
            a, b = self.fsrc(st, "D"), self.fsrc(st, "D")
            if a is None or b is None:
                return None

            def fn(s):
                x, y = s.fd(a), s.fd(b)
                rm = s.rm()
                v, ix = {"add": lambda: fadd(x, y, rm), "sub": lambda: fadd(x, y, rm, True),
                         "mul": lambda: fmul(x, y, rm), "div": lambda: fdiv(x, y, rm)}[op]()
                s.set_d(d, v)
                s.fp_flags(ix)
            return Insn("%s.d\t%s, %s, %s" % (op, F(d), F(a), F(b)), fn)
        if op in ("sqrt", "abs", "neg", "mov"):
            a = self.fsrc(st, "D")
            if a is None:
                return None

            def fn(s):
                x = s.fd(a)
                if op == "sqrt":
                    if x < 0 or (x == 0 and math.copysign(1, x) < 0):
                        raise Invalid("sqrt of negative")
                    v, ix = (x, False) if x == 0 else sqrt_round(x, s.rm())
                    s.set_d(d, v)
                    s.fp_flags(ix)
                elif op == "abs":
                    s.set_d(d, abs(x))
                    s.fp_flags(False, absneg=True)
                elif op == "neg":
                    s.set_d(d, -x)
                    s.fp_flags(False, absneg=True)
                else:
                    s.set_d(d, x)
            return Insn("%s.d\t%s, %s" % (op, F(d), F(a)), fn)
        if op in ("madd", "msub", "nmadd", "nmsub"):
            r_, a, b = self.fsrc(st, "D"), self.fsrc(st, "D"), self.fsrc(st, "D")
            if r_ is None:
                return None

            def fn(s):
                z, x, y = s.fd(r_), s.fd(a), s.fd(b)
                rm = s.rm()
                p, i1 = fmul(x, y, rm)
                if not nice_d(p):
                    raise Invalid("product out of range")
                v, i2 = fadd(p, z, rm, neg_b=op in ("msub", "nmsub"))
                if op.startswith("n"):
                    v = -v
                s.set_d(d, v)
                s.fp_flags(i1 or i2)
            return Insn("%s.d\t%s, %s, %s, %s" % (op, F(d), F(r_), F(a), F(b)), fn)
        if op in ("cvtw", "cvtl"):
            a = self.fsrc(st, "D")
            if a is None:
                return None
            how = self.rng.choice(["cvt", "trunc", "round", "ceil", "floor"])
            to = op[-1]

            def fn(s):
                x = s.fd(a)
                mode = {"cvt": s.rm(), "trunc": RZ, "round": RN, "ceil": RP, "floor": RM}[how]
                v, ix = to_int(x, mode)
                lim = 31 if to == "w" else 52  # (.l: stay below 2^53, R10000 traps above)
                if not -(1 << lim) < v < (1 << lim) or abs(x) >= 2.0 ** lim:
                    raise Invalid("conversion out of range")
                if to == "w":
                    s.fpr[d], s.fmt[d] = v & M32, "W"
                else:
                    s.fpr[d], s.fmt[d] = u64(v), "L"
                s.fp_flags(ix)
            return Insn("%s.%s.d\t%s, %s" % (how, to, F(d), F(a)), fn)
        if op in ("cvtdw", "cvtdl", "cvtds"):
            kind = {"cvtdw": "W", "cvtdl": "L", "cvtds": "S"}[op]
            a = self.fsrc(st, kind)
            if a is None:
                return None

            def fn(s):
                if kind == "W":
                    v, ix = float(s.fw(a)), False
                elif kind == "S":
                    v, ix = s.fs_(a), False
                else:
                    n = s.fl(a)
                    v, ix = (0.0, False) if n == 0 else round_frac(Fraction(n), s.rm())
                s.set_d(d, v)
                s.fp_flags(ix)
            return Insn("cvt.d.%s\t%s, %s" % (kind.lower(), F(d), F(a)), fn)
        # cvt.s.d
        a = self.fsrc(st, "D")
        if a is None:
            return None

        def fn2(s):
            x = s.fd(a)
            if x == 0:
                v, ix = x, False
            else:
                v, ix = round_frac(Fraction(x), s.rm(), 24, -126, 127)
            s.set_s(d, v)
            s.fp_flags(ix)
        return Insn("cvt.s.d\t%s, %s" % (F(d), F(a)), fn2)

    def g_fpmove(self, st, avoid):
        op = self.rng.choice(["mtc1", "dmtc1", "mfc1", "dmfc1", "movn.d", "movz.d", "movf.d", "movt.d"])
        f = self.rng.randrange(32)
        if op in ("mtc1", "dmtc1"):
            t = self.src(st, avoid)

            def fn(s):
                if op == "mtc1":
                    s.fpr[f], s.fmt[f] = s.r(t) & M32, "V"
                else:
                    s.fpr[f], s.fmt[f] = s.r(t), "U"
            return Insn("%s\t%s, %s" % (op, R(t), F(f)), fn, (t,), ())
        if op in ("mfc1", "dmfc1"):
            d = self.reg(avoid)
            kind = [i for i in range(32) if (st.fmt[i] in FMT32) == (op == "mfc1")]
            if not kind:
                return None
            f = self.rng.choice(kind)

            def fn2(s):
                if (s.fmt[f] in FMT32) != (op == "mfc1"):
                    raise Invalid("FPR width")
                s.w(d, sx32(s.fpr[f]) if op == "mfc1" else s.fpr[f])
            return Insn("%s\t%s, %s" % (op, R(d), F(f)), fn2, (), (d,))
        a = self.fsrc(st, "D")
        if a is None:
            return None
        if op in ("movn.d", "movz.d"):
            c = self.src(st, avoid)

            def fn3(s):
                x = s.fd(a)
                if (s.r(c) != 0) == (op == "movn.d"):
                    s.set_d(f, x)
            return Insn("%s\t%s, %s, %s" % (op, F(f), F(a), R(c)), fn3, (c,), ())
        cc = self.rng.randrange(8)

        def fn4(s):
            x = s.fd(a)
            if s.fcc(cc) == (op == "movt.d"):
                s.set_d(f, x)
        return Insn("%s\t%s, %s, $fcc%d" % (op, F(f), F(a), cc), fn4)

    def g_fpmem(self, st, avoid):
        op = self.rng.choice(["lwc1", "ldc1", "swc1", "sdc1"])
        n = 8 if op[1] == "d" else 4
        off = self.rng.randrange(0, BUF, n)
        if op[0] == "s":
            c = [i for i in range(32) if (st.fmt[i] in FMT64) == (n == 8)]
            if not c:
                return None
            f = self.rng.choice(c)
        else:
            f = self.rng.randrange(32)
        return Insn("%s\t%s, %d($%d)" % (op, F(f), off, BASE), self._fpmem_fn(op, f, off, n))

    def _fpmem_fn(self, op, f, off, n):
        def fn(s):
            if op[0] == "l":
                s.fpr[f], s.fmt[f] = s.load(off, n), ("U" if n == 8 else "V")
            else:
                if (s.fmt[f] in FMT64) != (n == 8):
                    raise Invalid("FPR width")
                s.store(off, n, s.fpr[f])
        return fn

    def g_fpidx(self, st, avoid):
        op = self.rng.choice(["lwxc1", "ldxc1", "swxc1", "sdxc1"])
        n = 8 if op[1] == "d" else 4
        off = self.rng.randrange(0, BUF, n)
        x = self.reg(avoid)
        if op[0] == "s":
            c = [i for i in range(32) if (st.fmt[i] in FMT64) == (n == 8)]
            if not c:
                return None
            f = self.rng.choice(c)
        else:
            f = self.rng.randrange(32)
        inner = self._fpmem_fn(op[:2] + "c1", f, off, n)

        def fn(s):
            s.w(x, off)
            inner(s)
        return Insn(["daddiu\t%s, $0, %d" % (R(x), off), "%s\t%s, %s($%d)" % (op, F(f), R(x), BASE)],
                    fn, (), (x,), words=2)

    def g_fcmp(self, st, avoid):
        conds = ["f", "un", "eq", "ueq", "olt", "ult", "ole", "ule",
                 "sf", "ngle", "seq", "ngl", "lt", "nge", "le", "ngt"]
        ci = self.rng.randrange(16)
        a, b = self.fsrc(st, "D"), self.fsrc(st, "D")
        if a is None:
            return None
        if self.rng.random() < 0.3:
            b = a
        cc = self.rng.randrange(8)

        def fn(s):
            x, y = s.fd(a), s.fd(b)
            v = bool((ci & 4 and x < y) or (ci & 2 and x == y))
            s.set_fcc(cc, v)
            s.fp_flags(False)  # a compare is arithmetic: Cause written (no exception here)
        return Insn("c.%s.d\t$fcc%d, %s, %s" % (conds[ci], cc, F(a), F(b)), fn)

    def g_movcc(self, st, avoid):
        op = self.rng.choice(["movf", "movt"])
        a, d, cc = self.src(st, avoid), self.reg(avoid), self.rng.randrange(8)

        def fn(s):
            if s.fcc(cc) == (op == "movt"):
                s.w(d, s.r(a))
        return Insn("%s\t%s, %s, $fcc%d" % (op, R(d), R(a), cc), fn, (a,), (d,))

    def g_trap(self, st, avoid):
        """Conditional traps whose condition is false (a taken trap ends the run)."""
        op = self.rng.choice(["teq", "tne", "tge", "tgeu", "tlt", "tltu",
                              "teqi", "tnei", "tgei", "tgeiu", "tlti", "tltiu"])
        a = self.src(st, avoid)
        tests = {"eq": lambda x, y: x == y, "ne": lambda x, y: x != y,
                 "ge": lambda x, y: s64(x) >= s64(y), "geu": lambda x, y: x >= y,
                 "lt": lambda x, y: s64(x) < s64(y), "ltu": lambda x, y: x < y}
        if op.endswith("i") or op.endswith("iu"):
            cond = op[1:-1] if op.endswith("i") and not op.endswith("iu") else op[1:-2] + "u"
            imm = self.imm16()

            def fn(s):
                if tests[cond](s.r(a), u64(imm)):
                    raise Invalid("trap taken")
            return Insn("%s\t%s, %d" % (op, R(a), imm), fn, (a,), ())
        b = self.src(st, avoid)

        def fn2(s):
            if tests[op[1:]](s.r(a), s.r(b)):
                raise Invalid("trap taken")
        return Insn("%s\t%s, %s" % (op, R(a), R(b)), fn2, (a, b), ())

    def g_misc(self, st, avoid):
        """Instructions with no architectural effect here: sync, pref (hints 0-7)."""
        op = self.rng.choice(["sync", "pref", "prefx"])
        if op == "sync":
            return Insn("sync", lambda s: None)
        hint = self.rng.choice([0, 1, 4, 5, 6, 7])
        if op == "pref":
            return Insn("pref\t%d, %d($%d)" % (hint, self.rng.randrange(0, BUF), BASE), lambda s: None)
        x = self.src(st, avoid)
        # prefx: any address is fine (a prefetch never faults)
        return Insn("prefx\t%d, %s($%d)" % (hint, R(x), BASE), lambda s: None, (x,), ())

    def g_cfc1(self, st, avoid):
        """Reads FCSR (FCR31) into a GPR. Not while QEMU's abs/neg Cause deviation is live."""
        d = self.reg(avoid)

        def fn(s):
            if s.qemu_cause_kept:
                raise Invalid("Cause differs on QEMU (known deviation)")
            s.w(d, sx32(s.fcsr))
        return Insn("cfc1\t%s, $31" % R(d), fn, (), (d,))

    def g_llsc(self, st, avoid):
        """LL/SC (or LLD/SCD) on one address, only register-to-register ALU code
        between them: the SC succeeds (rt = 1)."""
        wide = self.rng.random() < 0.5
        n = 8 if wide else 4
        off = self.rng.randrange(0, BUF, n)
        t, u = self.reg(avoid), self.reg(avoid)
        mid = []
        tt = st.copy()
        for _ in range(self.rng.randint(0, 3)):
            for _ in range(50):
                i = self.g_alu3(tt, avoid) if self.rng.random() < 0.5 else self.g_imm(tt, avoid)
                if i is None:
                    continue
                try:
                    i.execute(tt.copy())
                except Invalid:
                    continue
                i.execute(tt)
                mid.append(i)
                break
        ll, sc = ("lld", "scd") if wide else ("ll", "sc")

        def fn(s):
            v = s.load(off, n)
            s.w(t, v if wide else sx32(v))
            for i in mid:
                i.execute(s)
            s.store(off, n, s.r(u))
            s.w(u, 1)
        asm = ["%s\t%s, %d($%d)" % (ll, R(t), off, BASE)] + [i.asm[0] for i in mid] + \
              ["%s\t%s, %d($%d)" % (sc, R(u), off, BASE)]
        reads = {u}.union(*[i.reads for i in mid]) if mid else {u}
        writes = {t, u}.union(*[i.writes for i in mid]) if mid else {t, u}
        return Insn(asm, fn, reads, writes, words=len(asm))

    def g_rm(self, st, avoid):
        rm = self.rng.randrange(4)
        x = self.reg(avoid)

        def fn(s):
            s.w(x, rm)
            s.fcsr = rm
            s.qemu_cause_kept = False
        return Insn(["ori\t%s, $0, %d" % (R(x), rm), "ctc1\t%s, $31" % R(x)], fn, (), (x,), words=2)

    # -- branches
    def block(self, st):
        kind = self.rng.choice(["beq", "bne", "blez", "bgtz", "bltz", "bgez", "bltzal", "bgezal",
                                "bc1f", "bc1t", "j", "jal", "jr", "jalr", "beq", "bne"])
        likely = kind not in ("j", "jal", "jr", "jalr") and self.rng.random() < 0.4
        link = None
        setup = []
        if kind in ("bltzal", "bgezal", "jal"):
            link = 31
        elif kind == "jalr":
            link = self.reg()
        avoid = {link} if link is not None else set()
        name = kind + ("l" if likely else "")
        if kind in ("beq", "bne"):
            a = self.src(st)
            b = a if self.rng.random() < 0.2 else self.src(st)
            asm = "%s\t%s, %s, {T}" % (name, R(a), R(b))
            cond = (lambda s: s.r(a) == s.r(b)) if kind == "beq" else (lambda s: s.r(a) != s.r(b))
        elif kind in ("blez", "bgtz", "bltz", "bgez", "bltzal", "bgezal"):
            a = self.src(st, avoid={31})
            asm = "%s\t%s, {T}" % (name, R(a))
            cond = {"blez": lambda s: s64(s.r(a)) <= 0, "bgtz": lambda s: s64(s.r(a)) > 0,
                    "bltz": lambda s: s64(s.r(a)) < 0, "bgez": lambda s: s64(s.r(a)) >= 0,
                    "bltzal": lambda s: s64(s.r(a)) < 0, "bgezal": lambda s: s64(s.r(a)) >= 0}[kind]
        elif kind in ("bc1f", "bc1t"):
            cc = self.rng.randrange(8)
            asm = "%s\t$fcc%d, {T}" % (name, cc)
            cond = (lambda s: s.fcc(cc) == 1) if kind == "bc1t" else (lambda s: s.fcc(cc) == 0)
        elif kind in ("j", "jal"):
            asm = "%s\t{T}" % kind
            cond = lambda s: True
        else:
            K = LINK_TMP
            setup = ["lui\t$%d, %%hi({T})" % K, "daddiu\t$%d, $%d, %%lo({T})" % (K, K)]
            asm = ("jr\t$%d" % K) if kind == "jr" else ("jalr\t%s, $%d" % (R(link), K))
            cond = lambda s: True
        t = st.copy()
        delay = self.simple(t, avoid=avoid, single_word=True)
        nskip = self.rng.randint(0, 4)
        # the skipped instructions are generated against the fall-through state
        skipped = []
        tt = st.copy()
        delay.execute(tt)
        for _ in range(nskip):
            i = self.simple(tt, avoid=avoid)
            i.execute(tt)
            skipped.append(i)
        return Block(kind, asm, cond, likely, delay, skipped, link, setup)


# ---------------------------------------------------------------- cases
INT_CORNERS = [0, 1, u64(-1), 0x7FFFFFFF, sx32(0x80000000), 0x80000000, 0xFFFFFFFF, 1 << 63, (1 << 63) - 1,
               0xFFFF8000, sx32(0xFFFF8000), 0x7FFF, 0x8000, 31, 32, 63, 64, 0x00000000FFFFFFFE,
               0xFFFFFFFF00000000, 0x0000000100000000, sx32(0x7FFFFFFF + 1) ^ 1, 0x5555555555555555,
               0xAAAAAAAAAAAAAAAA, 0x0123456789ABCDEF]


def init_state(rng):
    st = State()
    for r in RAND_REGS:
        c = rng.random()
        if c < 0.45:
            v = rng.choice(INT_CORNERS)
        elif c < 0.7:
            v = sx32(rng.getrandbits(32))
        elif c < 0.8:
            v = rng.randint(-100, 100)
        else:
            v = rng.getrandbits(64)
        st.gpr[r] = u64(v)
    st.gpr[BASE] = SCRATCH
    st.hi, st.lo = rng.getrandbits(64), sx32(rng.getrandbits(32))
    for f in range(32):
        c = rng.random()
        if c < 0.55:
            x = rng.uniform(-1, 1) * 2.0 ** rng.randint(-30, 30)
        elif c < 0.75:
            x = float(rng.randint(-100000, 100000)) / rng.choice([1, 2, 4, 8, 3])
        elif c < 0.8:
            x = rng.choice([0.0, -0.0, 1.0, -1.0, 0.5, 2.0 ** 40, -(2.0 ** -40), 3.0, 1e10])
        elif c < 0.9:
            x = None
            st.fpr[f] = u64(rng.randint(-(1 << 40), 1 << 40))  # a long (not a nice double)
        else:
            x = None
            st.fpr[f] = rng.getrandbits(64)
        if x is not None:
            st.fpr[f] = d2b(x)
    st.mem = bytearray(rng.getrandbits(8) for _ in range(BUF))
    return st


class Case:
    def __init__(self, seed, index, length):
        self.seed, self.index = seed, index
        self.id = "%d-%d" % (seed, index)
        rng = random.Random("%d/%d" % (seed, index))
        self.init = init_state(rng)
        g = Gen(rng)
        st = self.init.copy()
        self.items = []
        words = 0
        while words < length:
            if rng.random() < 0.08:
                it = g.block(st)
            else:
                it = g.simple(st)
            t = st.copy()
            try:
                it.execute(t)
            except Invalid:
                continue
            st = t
            self.items.append(it)
            words += it.words
        self.final = st

    def run_model(self, items=None):
        st = self.init.copy()
        for it in (self.items if items is None else items):
            it.execute(st)
        return st


def fmask(st):
    return [M32 if st.fmt[i] in FMT32 else M64 for i in range(32)]


def dump_lines(st, cause_mask=False):
    """The dump as the guest prints it (harness.c); cause_mask: FCSR Cause bits cleared."""
    out = []
    for r in range(1, 32):
        v = 0 if r in (26, 27) else st.gpr[r]
        out.append("r%d 0x%016x" % (r, v))
    out.append("hi 0x%016x" % st.hi)
    out.append("lo 0x%016x" % st.lo)
    m = fmask(st)
    for f in range(32):
        out.append("f%d 0x%016x" % (f, st.fpr[f] & m[f]))
    fc = sx32(st.fcsr & ~FCSR_CAUSE if cause_mask else st.fcsr)  # cfc1 sign-extends
    out.append("fcsr 0x%016x" % fc)
    for i in range(0, BUF, 8):
        out.append("m%03d 0x%016x" % (i, int.from_bytes(st.mem[i:i + 8], "big")))
    out.append("msum 0x%016x" % memsum(st.mem))
    return out


def memsum(mem):
    """FNV-1a over the buffer, as in harness.c."""
    h = 0xCBF29CE484222325
    for b in mem:
        h = ((h ^ b) * 0x100000001B3) & M64
    return h


def emit(cases, out):
    """Writes one assembly file with the cases (see harness.c for the layout)."""
    w = out.write
    w("/* generated by tests/diff/gen.py: do not edit */\n")
    w("\t.set\tnoreorder\n\t.set\tnoat\n\t.set\tsym32\n\n")
    for k, c in enumerate(cases):
        st = c.init
        w("\t.data\n\t.balign 8\nc%d_init:\n" % k)
        vals = [0 if r in (0, 26, 27) else st.gpr[r] for r in range(32)]
        vals += [st.hi, st.lo] + st.fpr + [st.fcsr]
        vals += [int.from_bytes(st.mem[i:i + 8], "big") for i in range(0, BUF, 8)]
        for v in vals:
            w("\t.dword\t0x%016x\n" % v)
        w("c%d_mask:\n" % k)
        for v in fmask(c.final):
            w("\t.dword\t0x%016x\n" % v)
        w("c%d_id:\t.asciz\t\"%s\"\n" % (k, c.id))
        w("\n\t.text\n\t.set\tnomacro\n\t.balign 4\nc%d_body:\n" % k)
        for j, it in enumerate(c.items):
            if isinstance(it, Block):
                label = ".Lc%d_%d" % (k, j)
                w("\n".join(it.lines(label)) + "\n")
            else:
                w(it.text() + "\n")
        w("\tj\tdiff_exit\n\tnop\n\t.set\tmacro\n\n")
    w("\t.data\n\t.balign 8\n\t.globl\tdiff_cases\ndiff_cases:\n")
    for k in range(len(cases)):
        w("\t.dword\tc%d_id, c%d_init, c%d_body, c%d_mask\n" % (k, k, k, k))
    w("\t.globl\tdiff_ncases\ndiff_ncases:\t.dword\t%d\n" % len(cases))


def main():
    ap = argparse.ArgumentParser(description="random MIPS IV sequences for the QEMU differential test")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--first", type=int, default=0, help="index of the first case")
    ap.add_argument("--cases", type=int, default=1)
    ap.add_argument("--len", type=int, default=200, help="instructions per case (about)")
    ap.add_argument("--out", required=True, help="assembly file to write")
    ap.add_argument("--expect", help="also write the model's dump here")
    a = ap.parse_args()
    cases = [Case(a.seed, i, a.len) for i in range(a.first, a.first + a.cases)]
    with open(a.out, "w") as f:
        emit(cases, f)
    if a.expect:
        with open(a.expect, "w") as f:
            for c in cases:
                f.write("case %s\n" % c.id)
                f.write("\n".join(dump_lines(c.final, cause_mask=True)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
