# Shared by scripts/build-linux.sh and scripts/build-linux-malta.sh (sourced; the caller defines
# say and die): building Linux 6.1 from Debian's source package with the MIPS cross compiler, a
# patch series and a config fragment over tinyconfig, cached by the hash of the inputs.
tarball=/usr/src/linux-source-6.1.tar.xz
cross=mips64-linux-gnuabi64-
kernel_lib="${BASH_SOURCE[0]}"

# kernel_check_tools TOOL...: the source package, the cross compiler and the host tools are there.
kernel_check_tools() {
  [ -f "$tarball" ] || die "$tarball is missing: install Debian's linux-source-6.1 (bash scripts/setup.sh does)"
  command -v "${cross}gcc" >/dev/null || die "${cross}gcc is missing: install gcc-mips64-linux-gnuabi64 (bash scripts/setup.sh does)"
  local tool
  for tool in bc bison flex make patch xz "$@"; do
    command -v "$tool" >/dev/null || die "'$tool' is missing (bash scripts/setup.sh installs it)"
  done
}

# kernel_key FILE...: the cache key of a kernel built from these inputs: every file's name and
# content, this library's, the tarball by size and mtime (hashing 130 MB each time would cost
# more than it saves; a new Debian package changes both) and the cross compiler's version.
kernel_key() {
  {
    stat -c '%s %Y' "$tarball"
    "${cross}gcc" --version | head -1
    local f
    for f in "$kernel_lib" "$@"; do
      basename "$f"; sha256sum < "$f"
    done
  } | sha256sum | cut -c1-16
}

# kernel_cached NAME FRAGMENT [PATCH...]: the kernel of these inputs (the caller's script, the
# fragment, the patches) in ${XDG_CACHE_HOME:-~/.cache}/flashsim/NAME-<key>/, built there first
# if missing: vmlinux, config, gen_init_cpio, inputs-hash. Sets cache and key.
kernel_cached() {
  local name="$1" fragment="$2" work jobs stage
  shift 2
  key="$(kernel_key "$0" "$fragment" "$@")"
  local cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/flashsim"
  cache="$cache_root/$name-$key"
  if [ -f "$cache/vmlinux" ]; then
    say "using the cached kernel for inputs $key ($cache)"
    return
  fi
  jobs="${FLASHSIM_LINUX_JOBS:-$(( $(nproc) + 1 ))}"
  mkdir -p "$cache_root"
  work="$(mktemp -d "$cache_root/work.XXXXXX")"
  # shellcheck disable=SC2064  # the directory is known now
  trap "rm -rf '$work'" EXIT
  say "no cached kernel for inputs $key; building in $work (a few minutes on 2 cores)"
  kernel_build "$work" "$fragment" "$jobs" "$@"
  stage="$work/result"
  mkdir -p "$stage"
  cp "$obj/vmlinux" "$obj/usr/gen_init_cpio" "$stage/"
  cp "$obj/.config" "$stage/config"
  echo "$key" > "$stage/inputs-hash"
  rm -rf "$cache"
  mv "$stage" "$cache"
  say "cached in $cache"
}

# kernel_build WORK FRAGMENT JOBS [PATCH...]: unpack into WORK, apply the patches, configure
# tinyconfig + FRAGMENT, check that every option of the fragment survived olddefconfig (or the
# kernel is not the one asked for), build vmlinux. Sets obj (the build directory) and src.
kernel_build() {
  local work="$1" fragment="$2" jobs="$3" p line opt val
  shift 3
  say "unpacking $tarball"
  tar -C "$work" -xf "$tarball"
  src="$work/linux-source-6.1"
  for p in "$@"; do
    say "applying $(basename "$p")"
    patch -s -p1 -d "$src" < "$p" || die "$(basename "$p") does not apply to $tarball"
  done
  obj="$work/obj"
  local mk=(make -s -C "$src" ARCH=mips CROSS_COMPILE="$cross" O="$obj")
  say "configuring: tinyconfig + $fragment"
  "${mk[@]}" tinyconfig >/dev/null
  (cd "$src" && scripts/kconfig/merge_config.sh -m -O "$obj" "$obj/.config" "$fragment" >/dev/null 2>&1)
  "${mk[@]}" olddefconfig 2>/dev/null   # the fragment's choice overrides warn; checked below
  while IFS= read -r line; do
    case "$line" in CONFIG_*=*) ;; *) continue ;; esac
    opt="${line%%=*}"; val="${line#*=}"
    if [ "$val" = n ]; then
      ! grep -q "^$opt=" "$obj/.config" || die "$opt is still set after olddefconfig"
    else
      grep -qx "$line" "$obj/.config" || die "$line did not survive olddefconfig (a dependency is missing)"
    fi
  done < "$fragment"
  say "building vmlinux with make -j$jobs"
  "${mk[@]}" -j"$jobs" vmlinux
}
