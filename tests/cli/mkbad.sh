#!/usr/bin/env bash
# mkbad.sh GOOD.elf OUTDIR: make broken variants of a good ELF for the error tests.
set -eu
good=$1 out=$2
mkdir -p "$out"
poke() { printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
head -c 40 "$good" > "$out/truncated-header.elf"
size=$(stat -c %s "$good")
head -c $((size / 2)) "$good" > "$out/truncated.elf"
cp "$good" "$out/badmagic.elf"; poke "$out/badmagic.elf" 0 'XELF'
cp "$good" "$out/little.elf"; poke "$out/little.elf" 5 '\001'
cp "$good" "$out/x86.elf"; poke "$out/x86.elf" 18 '\000\076'
cp "$good" "$out/badentry.elf"; poke "$out/badentry.elf" 24 '\377\377\377\377\200\000\000\000'
cp "$good" "$out/badphentsize.elf"; poke "$out/badphentsize.elf" 54 '\000\007'
: > "$out/empty.elf"
head -c 1000 /dev/zero > "$out/odd.img"   # not a multiple of 512 bytes
: > "$out/empty.img"
