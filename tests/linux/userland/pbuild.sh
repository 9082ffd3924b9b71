#!/bin/sh
# workload pbuild: a parallel build, the Disco paper's "pmake" without a compiler (the guest has
# none): many small processes and files, as make -j gives.
#
#   pbuild [JOBS] [UNITS] [DIR]     defaults: 2 jobs per online CPU, 48 units, /tmp/pbuild
#
# 1. awk writes UNITS C-like source files and a header from a fixed-seed generator;
# 2. xargs -P JOBS "compiles" each unit: sh runs sed (the preprocessor: drops comments and
#    #include lines) piped into pcc -c (tokenizer + optimiser passes, writes an object file);
# 3. pcc -o links the objects (every call resolved, no symbol defined twice);
# 4. the program's cksum must be the known one for the default UNITS.
# Everything is deterministic: the same UNITS give the same program whatever JOBS is.
jobs=${1:-$(( $(nproc) * 2 ))}
units=${2:-48}
dir=${3:-/tmp/pbuild}
expected="2649291843 5694"   # cksum of the program for 48 units (GNU awk/mawk, sed, cksum on a host agree)

fail() { echo "workload pbuild: FAILED $*"; exit 1; }

rm -rf "$dir" && mkdir -p "$dir/src" "$dir/obj" || fail "cannot create $dir"
cd "$dir" || fail "cannot enter $dir"

# Park-Miller generator (exact in awk's doubles); unit u defines 8 functions f<u>_<i>, each calling
# a few functions of other units; unit 0 also defines main.
awk -v units="$units" 'BEGIN {
  seed = 20240601
  print "/* common.h */" > "src/common.h"
  for (u = 0; u < units; u++) {
    file = sprintf("src/unit%03d.c", u)
    printf "#include \"common.h\"\n// unit %d: generated\n", u > file
    for (i = 0; i < 8; i++) {
      printf "int f%d_%d(int x)\n{\n    int y = x * %d;\n", u, i, i + 1 > file
      for (s = 0; s < 12; s++) {
        seed = (seed * 16807) % 2147483647
        k = seed % 5
        if (k == 0) {
          seed = (seed * 16807) % 2147483647
          printf "    y = y + f%d_%d(y - %d); // call\n", seed % units, int(seed / units) % 8, s > file
        } else if (k == 1)
          printf "    if (y > %d) { y = y - %d; }\n", seed % 1000, s + 1 > file
        else if (k == 2)
          printf "    while (y > %d) { y = y / 2; }\n", seed % 100000 > file
        else
          printf "    y = (y ^ %d) + x * %d; /* mix */\n", seed % 65536, s > file
      }
      printf "    return y;\n}\n\n" > file
    }
    if (u == 0)
      printf "int main(int x)\n{\n    return f%d_0(x);\n}\n", units - 1 > file
    close(file)
  }
}' || fail "generating the sources"

ls src/*.c | xargs -n 1 -P "$jobs" sh -c '
  unit=${1##*/}
  sed -e "s@//.*\$@@" -e "/^#include/d" "$1" | pcc -c "obj/${unit%.c}.o"' sh ||
  fail "a compile failed"
pcc -o program obj/*.o || fail "the link failed"
sum=$(cksum < program)
[ "$units" != 48 ] || [ "$sum" = "$expected" ] || fail "program cksum $sum, expected $expected"
echo "pbuild: $units units, $jobs parallel jobs, $(cat obj/*.o | wc -l) object lines, $(wc -l < program) symbols"
echo "workload pbuild: ok ${sum% *}"
