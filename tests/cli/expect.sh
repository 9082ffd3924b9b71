#!/usr/bin/env bash
# expect.sh STATUS REGEX CMD...: run CMD; pass if it exits with STATUS and its stderr+stdout
# matches the extended REGEX (on one line, or across lines: `.` then matches newlines too).
# Prints what it saw on failure.
set -u
want=$1 re=$2
shift 2
out=$(timeout 60 "$@" 2>&1 </dev/null)
got=$?
if [ "$got" != "$want" ]; then
  printf 'expected exit %s, got %s\n--- output ---\n%s\n' "$want" "$got" "$out" | head -c 4000
  exit 1
fi
if ! grep -Eq -- "$re" <<<"$out" && ! grep -Ezq -- "$re" <<<"$out"; then
  printf 'output does not match /%s/\n--- output ---\n%s\n' "$re" "$out" | head -c 4000
  exit 1
fi
echo "ok: exit $got, output matches /$re/"
