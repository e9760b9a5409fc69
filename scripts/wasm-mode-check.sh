#!/usr/bin/env bash
# wasm-mode-check.sh - tests/native-only.txt lists the tests that do not run
# in the wasm mode (mk/wasm2c.mk builds every other one of tests/unit and
# examples). Fails if an entry names no test source or gives no reason, so
# the list cannot go stale, and if a test mk/wasm2c.mk never builds in wasm
# mode (tests/link) is missing from it.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
status=0 n=0
while read -r path reason; do
  case $path in '' | '#'*) continue ;; esac
  n=$((n + 1))
  [ -f "$path" ] || { echo "native-only.txt: $path does not exist"; status=1; }
  case $path in examples/*/*_test.c | tests/unit/test_*.c | tests/link/test_*.c) ;;
    *) echo "native-only.txt: $path is not a test source"; status=1 ;; esac
  [ -n "$reason" ] || { echo "native-only.txt: $path gives no reason"; status=1; }
done <tests/native-only.txt
for t in tests/link/test_*.c; do
  grep -q "^$t " tests/native-only.txt || { echo "native-only.txt: $t runs natively only but is not listed"; status=1; }
done
echo "wasm mode: $n test sources run natively only (tests/native-only.txt)"
exit $status
