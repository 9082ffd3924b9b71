#!/usr/bin/env bash
# Build the guest userland for Linux on flashsim and stage it as a root file system tree.
#
#   scripts/build-userland.sh OUTDIR
#
# Everything runs on an R10000, which lacks MIPS64r2's dext/ins/seb/wsbh/...: Debian's mips64
# libraries are mips64r2 code, so the whole userland is built here for -march=r10000 -mabi=64
# (n64, big-endian) from Debian's source packages (apt-get source; scripts/setup.sh adds the
# deb-src entry):
#   musl      static libc.a, the C library (reads its thread pointer with rdhwr $3,$29, which
#             Linux emulates);
#   gcc-12    libgcc.a, crtbeginT.o, crtend.o only (musl's printf/strtod need libgcc's 128-bit
#             long double routines; Debian's cross libgcc is mips64r2): the upstream tarball of
#             the source package, libgcc configured by hand and compiled with the installed cross
#             gcc against musl's headers, after generating just the few headers it takes from
#             the gcc directory (no compiler is built). Debian's gcc patches are applied by its
#             debian/rules, not by dpkg-source, and are not needed for libgcc;
#   busybox   static, defconfig + tests/linux/userland/busybox.config, against musl and the
#             Linux 6.1 UAPI headers (make headers_install from /usr/src/linux-source-6.1);
# then the workloads and the test init of tests/linux/userland/ and tests/linux/flashsim-init.c.
# Every binary is disassembled and the build fails if an instruction an R10000 lacks appears.
#
# OUTDIR receives: init, bin/busybox and its applet links (bin, sbin, usr/bin, usr/sbin), the
# workloads in bin/, empty dev proc sys tmp, and etc/flashsim-userland naming the inputs' hash.
#
# Three stages, each cached in ${XDG_CACHE_HOME:-~/.cache}/flashsim/ by the hash of its inputs, so
# nothing unchanged is rebuilt and a changed workload costs seconds, not the toolchain's minutes:
#   r10k-sysroot-<hash>  musl + libgcc + UAPI headers + the r10k-gcc wrapper (about 5 minutes):
#                        the musl and gcc-12 .dsc, the cross gcc's version, the kernel tarball,
#                        the text of the functions that build it;
#   busybox-<hash>       the busybox binary and its applet list (about 2 minutes): the sysroot's
#                        hash, the busybox .dsc, busybox.config, the text of its function;
#   userland-<hash>      the staged tree: the two above, this script, the init and workloads.
# A stage's key covers the text of the shell functions that build it (declare -f), so editing a
# stage's recipe rebuilds that stage. The source packages are kept in .../flashsim/sources/.
# FLASHSIM_USERLAND_JOBS overrides the make parallelism.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
out="$1"
cross=mips64-linux-gnuabi64-
ul="$root/tests/linux/userland"
init_src="$root/tests/linux/flashsim-init.c"
kernel_tarball=/usr/src/linux-source-6.1.tar.xz
packages=(musl busybox gcc-12)
say() { echo "build-userland: $*" >&2; }
die() { say "error: $*"; exit 1; }

command -v "${cross}gcc" >/dev/null || die "${cross}gcc is missing: install gcc-mips64-linux-gnuabi64 (bash scripts/setup.sh does)"
for tool in apt-get dpkg-source make tar xz bzip2 gzip awk sha256sum flock; do
  command -v "$tool" >/dev/null || die "'$tool' is missing (bash scripts/setup.sh installs what the build needs)"
done
[ -f "$kernel_tarball" ] || die "$kernel_tarball is missing (for the UAPI headers): install linux-source-6.1 (bash scripts/setup.sh does)"
sources=(
  "$0" "$ul/busybox.config" "$init_src"
  $(find "$ul" -maxdepth 1 -type f \( -name '*.c' -o -name '*.sh' \) | LC_ALL=C sort)
)

# The source packages apt would fetch: "name_version.dsc SHA256" from the local package lists.
declare -A dsc
for p in "${packages[@]}"; do
  line="$(apt-get source --print-uris "$p" 2>/dev/null | awk '/\.dsc/ { print $2, $4 }')" || true
  [ -n "$line" ] || die "apt knows no source package '$p': the deb-src entry is missing or apt-get update was not run (bash scripts/setup.sh does both)"
  dsc[$p]="$line"
done
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/flashsim"
jobs="${FLASHSIM_USERLAND_JOBS:-$(( $(nproc) + 1 ))}"
hash16() { sha256sum | cut -c1-16; }
log=/dev/null

# Runs a command quietly into $log; on failure shows the end of the log and stops.
step() {
  local what="$1"; shift
  if ! "$@" > "$log" 2>&1; then
    tail -30 "$log" >&2
    die "$what failed (the log's end is above)"
  fi
}

# Makes sure the source package $1 is in $cache_root/sources; prints the path of its .dsc.
fetch() {
  local name="${dsc[$1]%% *}"
  mkdir -p "$cache_root/sources"
  if [ ! -f "$cache_root/sources/$name" ]; then
    say "fetching the source package ${name%.dsc} into $cache_root/sources"
    (cd "$cache_root/sources" && log="$cache_root/sources/fetch.log" &&
       step "apt-get source $1" apt-get source --download-only "$1")
  fi
  echo "$cache_root/sources/$name"
}

# Creates a scratch directory $work (removed on exit) for stage $1.
scratch() {
  work="$(mktemp -d "$cache_root/work-$1.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  log="$work/log"
}

# Moves the finished stage from $work/result to the cache directory $1.
publish() {
  rm -rf "$1"
  mv "$work/result" "$1"
  rm -rf "$work"
  trap - EXIT
}

# Stage 1 into $1: include/ (musl + Linux UAPI), lib/ (musl, libgcc.a, crt*.o), r10k.specs,
# bin/r10k-gcc (the cross gcc with only these) and bin/r10k-<binutils>.
build_sysroot() {
  local dest="$1" t0 gccinc build_triplet
  scratch sysroot
  local sys="$work/result"
  say "no cached sysroot; building it in $work (about 5 minutes on 2 cores)"
  gccinc="$("${cross}gcc" -print-file-name=include)"
  mkdir -p "$sys/bin" "$sys/lib"

  say "Linux 6.1 UAPI headers (make headers_install)"
  t0=$SECONDS
  tar -C "$work" -xf "$kernel_tarball" --wildcards 'linux-source-6.1/Makefile' 'linux-source-6.1/Kbuild' \
    'linux-source-6.1/Kconfig' 'linux-source-6.1/scripts/*' 'linux-source-6.1/include/*' 'linux-source-6.1/arch/mips/*'
  step "make headers_install" make -C "$work/linux-source-6.1" ARCH=mips headers_install INSTALL_HDR_PATH="$work/khdr"
  say "  headers: $((SECONDS - t0)) s"

  say "musl: static libc.a (-march=r10000 -mabi=64)"
  t0=$SECONDS
  step "dpkg-source -x musl" dpkg-source -x "$(fetch musl)" "$work/musl"
  (cd "$work/musl" && step "musl configure" ./configure --target=mips64-linux-gnuabi64 --prefix="$dest" \
      --disable-shared CROSS_COMPILE="$cross" CC="${cross}gcc -march=r10000 -mabi=64" CFLAGS="-O2")
  step "musl build" nice make -C "$work/musl" -j"$jobs"
  step "musl install" make -C "$work/musl" install prefix="$sys"
  cp -r "$work/khdr/include/." "$sys/include/"
  say "  musl: $((SECONDS - t0)) s"

  say "libgcc from gcc-12: gcc's target headers, then libgcc.a and crt*.o (-march=r10000 -mabi=64)"
  t0=$SECONDS
  local gcc_orig gcc_tar
  fetch gcc-12 > /dev/null
  gcc_orig="$(ls "$cache_root/sources/"gcc-12_*.orig.tar.* | head -1)"
  mkdir "$work/gcc-orig" "$work/gcc"
  tar -C "$work/gcc-orig" -xf "$gcc_orig" --wildcards '*/gcc-*.tar.*' --exclude '*/gm2-*' --exclude '*/newlib-*'
  gcc_tar="$(ls "$work"/gcc-orig/*/gcc-*.tar.* | head -1)"
  [ -f "$gcc_tar" ] || die "no gcc tarball inside $gcc_orig"
  tar -C "$work/gcc" --strip-components=1 -xf "$gcc_tar"
  local gb="$work/gcc-build"
  build_triplet="$(sh "$work/gcc/config.guess")"
  mkdir -p "$gb/gcc" "$gb/build-$build_triplet/libiberty" "$gb/build-$build_triplet/libcpp" "$gb/mips64-linux-gnuabi64/libgcc"
  (cd "$gb/build-$build_triplet/libiberty" && step "libiberty configure" "$work/gcc/libiberty/configure" \
     && step "libiberty build" nice make -j"$jobs")
  (cd "$gb/build-$build_triplet/libcpp" && step "libcpp configure" "$work/gcc/libcpp/configure" \
     && step "libcpp build" nice make -j"$jobs")
  (cd "$gb/gcc" && step "gcc configure" "$work/gcc/gcc/configure" --build="$build_triplet" --host="$build_triplet" \
     --target=mips64-linux-gnuabi64 --enable-languages=c --disable-shared --disable-threads --disable-nls \
     --disable-default-pie --disable-multilib \
     && step "gcc target headers" nice make -j"$jobs" config.h tconfig.h tm.h options.h insn-constants.h insn-modes.h version.h \
     && step "libgcc.mvars" make -o xgcc -o specs libgcc.mvars)
  mkdir -p "$gb/gcc/include"
  (cd "$gb/mips64-linux-gnuabi64/libgcc" && step "libgcc configure" "$work/gcc/libgcc/configure" \
     --build="$build_triplet" --host=mips64-linux-gnuabi64 --target=mips64-linux-gnuabi64 --disable-shared --disable-multilib \
     CC="${cross}gcc -march=r10000 -mabi=64 -nostdinc -isystem $sys/include -isystem $gccinc" CFLAGS="-O2" \
     && step "libgcc build" nice make -j"$jobs")
  cp "$gb/mips64-linux-gnuabi64/libgcc/"{libgcc.a,crtbeginT.o,crtend.o} "$sys/lib/"
  say "  libgcc: $((SECONDS - t0)) s"

  # The compiler for everything else: the cross gcc with musl's headers and libraries, this
  # libgcc and these crt files, and nothing of Debian's target libraries. Paths are $dest's.
  cat > "$sys/r10k.specs" <<SPECS
%rename cpp_options old_cpp_options

*cpp_options:
-nostdinc -isystem $dest/include -isystem $gccinc %(old_cpp_options)

*cc1:
%(cc1_cpu) -nostdinc -isystem $dest/include -isystem $gccinc

*link_libgcc:
-L$dest/lib

*libgcc:
$dest/lib/libgcc.a

*startfile:
$dest/lib/crt1.o $dest/lib/crti.o $dest/lib/crtbeginT.o

*endfile:
$dest/lib/crtend.o $dest/lib/crtn.o

*link:
+ -nostdlib
SPECS
  printf '#!/bin/sh\nexec %s -specs=%s -march=r10000 -mabi=64 -fno-pie -no-pie -static "$@"\n' \
    "$(command -v "${cross}gcc")" "$dest/r10k.specs" > "$sys/bin/r10k-gcc"
  chmod +x "$sys/bin/r10k-gcc"
  local t
  for t in ar as ld nm objcopy objdump ranlib readelf strip size; do
    ln -s "$(command -v "${cross}$t")" "$sys/bin/r10k-$t"
  done
  publish "$dest"
  say "sysroot cached in $dest"
}

# Stage 2 into $1: busybox_unstripped, busybox, .config, applets (the install tree's links).
build_busybox() {
  local dest="$1" sys="$2" t0=$SECONDS line opt
  scratch busybox
  say "no cached busybox; building it in $work (about 2 minutes on 2 cores)"
  say "busybox: defconfig + $(basename "$ul")/busybox.config, static"
  local src="$work/busybox"
  step "dpkg-source -x busybox" dpkg-source -x "$(fetch busybox)" "$src"
  # Reproducible: the banner's build date (written by kconfig) is the Debian changelog's.
  local SOURCE_DATE_EPOCH
  SOURCE_DATE_EPOCH="$(dpkg-parsechangelog -l "$src/debian/changelog" -STimestamp)"
  export SOURCE_DATE_EPOCH
  step "busybox defconfig" make -C "$src" defconfig
  while IFS= read -r line; do   # apply the fragment
    case "$line" in
      CONFIG_*=*) opt="${line%%=*}" ;;
      "# CONFIG_"*" is not set") opt="${line#\# }"; opt="${opt%% *}" ;;
      *) continue ;;
    esac
    sed -i -e "/^$opt=/d" -e "/^# $opt is not set/d" "$src/.config"
    echo "$line" >> "$src/.config"
  done < "$ul/busybox.config"
  step "busybox oldconfig" make -C "$src" oldconfig < /dev/null
  while IFS= read -r line; do   # every line must survive oldconfig
    case "$line" in CONFIG_*=*|"# CONFIG_"*" is not set") ;; *) continue ;; esac
    grep -qxF "$line" "$src/.config" || die "busybox.config: '$line' did not survive oldconfig"
  done < "$ul/busybox.config"
  step "busybox build" nice make -C "$src" -j"$jobs" CROSS_COMPILE="$sys/bin/r10k-"
  # Reproducible: no build-id note (it hashes the unstripped binary, whose debug information
  # names the build directories).
  "$sys/bin/r10k-objcopy" -R .note.gnu.build-id "$src/busybox"
  mkdir -p "$work/result"
  step "busybox install" make -C "$src" CROSS_COMPILE="$sys/bin/r10k-" CONFIG_PREFIX="$work/result/tree" install
  rm -f "$work/result/tree/linuxrc"
  cp "$src/busybox" "$src/busybox_unstripped" "$work/result/"
  cp "$src/.config" "$work/result/config"
  say "  busybox: $((SECONDS - t0)) s ($(find "$work/result/tree" -type l | wc -l) applet links)"
  publish "$dest"
  say "busybox cached in $dest"
}

# Stage 3 into $1: root/ (the tree).
build_tree() {
  local dest="$1" sys="$2" bb="$3" key="$4"
  scratch userland
  local cc="$sys/bin/r10k-gcc" rootfs="$work/result/root" p
  say "init and workloads"
  mkdir -p "$work/result"
  cp -a "$bb/tree" "$rootfs"
  mkdir -p "$rootfs"/{dev,proc,sys,tmp,etc}
  chmod 1777 "$rootfs/tmp"
  local warn=(-O2 -Wall -Wextra -Werror -Wimplicit-fallthrough -Wtype-limits -Wsign-compare -Wl,--build-id=none)
  step "init" "$cc" "${warn[@]}" -o "$work/init" "$init_src"
  step "compute" "$cc" "${warn[@]}" -ffp-contract=off -fno-math-errno -pthread -o "$work/compute" "$ul/compute.c"
  step "fsheavy" "$cc" "${warn[@]}" -o "$work/fsheavy" "$ul/fsheavy.c"
  step "pcc" "$cc" "${warn[@]}" -o "$work/pcc" "$ul/pcc.c"
  say "checking every binary for instructions an R10000 lacks"
  r10k_check "$sys/lib/libgcc.a" "$sys/lib/crtbeginT.o" "$sys/lib/crtend.o" "$sys/lib/libc.a" \
    "$bb/busybox_unstripped" "$work/init" "$work/compute" "$work/fsheavy" "$work/pcc"
  for p in compute fsheavy pcc; do
    "$sys/bin/r10k-strip" -o "$rootfs/bin/$p" "$work/$p"
  done
  "$sys/bin/r10k-strip" -o "$rootfs/init" "$work/init"
  install -m 0755 "$ul/pbuild.sh" "$rootfs/bin/pbuild"
  echo "$key" > "$rootfs/etc/flashsim-userland"
  echo "$key" > "$work/result/inputs-hash"
  publish "$dest"
}
# Disassembles the files as MIPS64r2 and fails if an instruction an R10000 does not have appears:
# the r2 bit-field, byte-swap, rotate and count-leading ops, SPECIAL2 mul/madd/msub (MIPS32),
# di/ei, hazard barriers, synci, wait, mfhc1/mthc1, luxc1/suxc1, and rdhwr of anything but $29
# (the thread pointer, emulated by Linux).
r10k_check() {
  local bad='^(dext|dextm|dextu|dins|dinsm|dinsu|ext|ins|seb|seh|wsbh|dsbh|dshd|rotr|rotrv|drotr|drotr32|drotrv|clz|clo|dclz|dclo|di|ei|synci|jalr\.hb|jr\.hb|ehb|mul|madd|maddu|msub|msubu|wait|pause|mfhc1|mthc1|luxc1|suxc1|rdpgpr|wrpgpr)$'
  local f found=0 hits
  for f in "$@"; do
    hits="$("${cross}objdump" -d -m mips:isa64r2 "$f" | awk -F'\t' -v bad="$bad" '
      /^[0-9a-f]+ <.*>:$/ { fn = $0 }
      NF >= 3 { m = $3; gsub(/ /, "", m)
        if (m ~ bad || (m == "rdhwr" && $4 !~ /,\$29$/)) print fn " " $2 " " m " " $4 }')"
    if [ -n "$hits" ]; then
      say "$(basename "$f"): $(echo "$hits" | wc -l) instructions an R10000 lacks, e.g.:"
      echo "$hits" | head -5 >&2
      found=1
    fi
  done
  [ "$found" = 0 ] || die "R2-only instructions in the userland (see above)"
  say "  no R2-only instructions in ${#@} files"
}

# One build at a time (ctest, scripts and other checkouts share the cache); the stages below look
# at the cache again once the lock is held.
mkdir -p "$cache_root"
exec 9> "$cache_root/build-userland.lock"
flock 9 || die "cannot lock $cache_root/build-userland.lock"

# A stage: WHAT, its inputs' KEY, the FILE that is there once it is built, then the command
# that builds it (its first argument is the stage's directory).
cached() {
  local what=$1 key=$2 built=$3
  shift 3
  if [ -f "$built" ]; then
    say "using the cached $what for inputs $key ($2)"
  else
    "$@"
  fi
}

sys_key="$( {
  echo "${dsc[musl]}"; echo "${dsc[gcc-12]}"
  "${cross}gcc" --version | head -1
  stat -c '%s %Y' "$kernel_tarball"
  declare -f build_sysroot step fetch scratch publish
} | hash16)"
sysroot="$cache_root/r10k-sysroot-$sys_key"
cached sysroot "$sys_key" "$sysroot/bin/r10k-gcc" build_sysroot "$sysroot"

bb_key="$( {
  echo "$sys_key"; echo "${dsc[busybox]}"
  sha256sum < "$ul/busybox.config"
  declare -f build_busybox step fetch scratch publish
} | hash16)"
busybox="$cache_root/busybox-$bb_key"
cached busybox "$bb_key" "$busybox/busybox" build_busybox "$busybox" "$sysroot"

key="$( {
  echo "$sys_key $bb_key"
  for f in "${sources[@]}"; do basename "$f"; sha256sum < "$f"; done
} | hash16)"
cache="$cache_root/userland-$key"
cached userland "$key" "$cache/inputs-hash" build_tree "$cache" "$sysroot" "$busybox" "$key"

# OUTDIR is replaced by the tree; refuse to clear a directory that is not one of ours.
if [ -e "$out" ] && [ ! -f "$out/etc/flashsim-userland" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
  die "$out exists and is not a staged userland: not replacing it"
fi
rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -a "$cache/root" "$out"
say "root file system tree in $out"
