#!/usr/bin/env bash
# doc-snippets.sh - the C in the docs is the C that builds:
#  1. README.md's "A complete plugin" is examples/quickstart/plugin.c (from
#     its first #include or #define PROXYWASM_ on), byte for byte;
#  2. every ```c block of README.md and docs/concepts.md that defines a
#     function compiles for wasm32-wasi against include/ with the SDK's
#     warnings as errors (-Wno-unused-function: snippets are not called).
# Usage: scripts/doc-snippets.sh [CC]   (default clang-19)
set -u
cd "$(dirname "$0")/.."
cc=${1:-clang-19}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0

awk '/^## A complete plugin/ { on = 1 } on && /^```c$/ { copy = 1; next }
     copy && /^```$/ { exit } copy { print }' README.md >"$tmp/readme.c"
sed -n '/^#\(include\|define PROXYWASM_\)/,$p' examples/quickstart/plugin.c >"$tmp/quickstart.c"
if cmp -s "$tmp/readme.c" "$tmp/quickstart.c"; then
  echo "ok: README's quickstart is examples/quickstart/plugin.c"
else
  echo "FAIL: README's quickstart differs from examples/quickstart/plugin.c:"
  diff "$tmp/quickstart.c" "$tmp/readme.c" | head -20
  fail=1
fi

for doc in README.md docs/concepts.md; do
  # One file per ```c block: <tmp>/<doc>.<k>.c, with its first line number.
  base=$tmp/$(basename "$doc" .md)
  awk -v base="$base" '/^```c$/ { k++; f = base "." k ".c"; print "#line " NR + 1 " \"" FILENAME "\"" >f; on = 1; next }
       on && /^```$/ { on = 0; close(f); next } on { print >f }' "$doc"
  for f in "$base".*.c; do
    [ -e "$f" ] || continue
    grep -qE '^[A-Za-z_].*\)[[:space:]]*\{[[:space:]]*$' "$f" || continue # declarations only
    n=$((n + 1))
    if ! { grep -q '#include <proxywasm.h>' "$f" || echo '#include <proxywasm.h>'; cat "$f"; } |
      "$cc" --target=wasm32-wasi -std=c11 -fsyntax-only -Wall -Wextra -Wpedantic -Werror \
        -Wno-unused-function -Iinclude -x c - 2>"$tmp/err"; then
      echo "FAIL: a snippet of $doc does not compile:"
      head -20 "$tmp/err"
      fail=1
    fi
  done
done
echo "doc-snippets: $n snippets compiled, $([ $fail = 0 ] && echo ok || echo FAILED)"
exit $fail
