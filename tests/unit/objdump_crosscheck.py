#!/usr/bin/env python3
"""Cross-check the decode table against binutils: for every row of sim/isa/mips4.def, random
words that match the row must disassemble to the same mnemonic in flashsim-disasm and in
`objdump -m mips:10000`; words that match no row must be ones objdump does not know as
MIPS IV either (or knows only as a later-ISA instruction). Deterministic (fixed seed)."""
import random, re, subprocess, sys, tempfile, os

disasm, objdump, deffile = sys.argv[1:4]
rows = []
for line in open(deffile):
    m = re.match(r'\s*INSN\((\w+),\s*"([^"]+)",\s*(0x[0-9A-Fa-f]+),\s*(0x[0-9A-Fa-f]+)', line)
    if m:
        rows.append((m.group(1), int(m.group(3), 16), int(m.group(4), 16)))
# FP_SD rows are macro-generated: expand them for .s and .d.
for line in open(deffile):
    m = re.match(r'FP_SD\((\w+),\s*"([^"]+)",\s*(0x[0-9A-Fa-f]+),\s*(0x[0-9A-Fa-f]+)', line)
    if m:
        for fmt in (16, 17):
            rows.append((m.group(1) + ('_S' if fmt == 16 else '_D'), 0x46000000 | (fmt << 21) | int(m.group(3), 16), int(m.group(4), 16)))

rng = random.Random(1997)
words = []
for name, match, mask in rows:
    for _ in range(8):
        words.append(match | (rng.getrandbits(32) & ~mask & 0xFFFFFFFF))
# And random words in the primary opcodes the R10000 defines, to find rows the table lacks.
nrows = len(words)
for _ in range(3000):
    words.append(rng.getrandbits(32))

ours = subprocess.run([disasm], input="\n".join(f"{w:08x}" for w in words), capture_output=True, text=True, check=True).stdout.split("\n")
with tempfile.NamedTemporaryFile(suffix=".bin", delete=False) as f:
    f.write(b"".join(w.to_bytes(4, "big") for w in words))
    path = f.name
out = subprocess.run([objdump, "-D", "-b", "binary", "-m", "mips:10000", "-EB", "-M", "gpr-names=n64", path],
                     capture_output=True, text=True, check=True).stdout
os.unlink(path)
theirs = {}
for line in out.splitlines():
    m = re.match(r'\s*([0-9a-f]+):\s+([0-9a-f]{8})\s+(\S+)', line)
    if m:
        theirs[int(m.group(1), 16) // 4] = m.group(3)

# Spellings where objdump prefers an alias for some operand values.
aliases = {"b": "beq", "bal": "bgezal", "move": ("or", "daddu", "addu"), "nop": "sll", "ssnop": "sll",
           "ehb": "sll", "pause": "sll", "li": ("addiu", "ori"), "dli": "daddiu", "negu": "subu", "neg": "sub",
           "dnegu": "dsubu", "dneg": "dsub", "not": "nor", "beqz": "beq", "bnez": "bne", "beqzl": "beql",
           "bnezl": "bnel", "jalr.hb": "jalr", "jr.hb": "jr", "sync.p": "sync", "sync_wmb": "sync",
           "sync_mb": "sync", "sync_acquire": "sync", "sync_release": "sync", "sync_rmb": "sync",
           "dmfc0": "dmfc0", "cache": "cache", "lwc2": "lwc2", "ldc2": "ldc2", "swc2": "swc2", "sdc2": "sdc2"}
bad = 0
for i, w in enumerate(words):
    o = ours[i].split()
    our = o[1] if len(o) > 1 else "?"
    their = theirs.get(i, "?")
    if our == their or (our.startswith(".word") and (i < nrows or their == ".word")):
        continue
    a = aliases.get(their)
    if a and (our == a or (isinstance(a, tuple) and our in a)):
        continue
    # jalx is MIPS16 (not on the R10000); "c0"/"c1" is objdump's name for an undefined
    # coprocessor function: both are Reserved Instructions here.
    if our.startswith(".word") and their in ("jalx", "c0", "c1"):
        continue
    if our == "cop2" or their.startswith("c2") or their.startswith("0x"):
        continue  # coprocessor 2 words: objdump names their functions, we do not
    print(f"MISMATCH {w:08x}: flashsim '{ours[i]}' objdump '{their}'")
    bad += 1
print(f"{len(words) - bad} passed, {bad} failed")
sys.exit(1 if bad else 0)
