#!/usr/bin/env bash
# Runs test binaries, each in the directory of its source's build, and prints
# one summary line: "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
export PROXYWASM_PLUGIN_DIR="$root/build/native/examples"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
passed=0 failed=0 failures=()
for t in "$@"; do
  echo "=== ${t#$root/}"
  if "$t"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$t")
  fi
done
for f in "${failures[@]+"${failures[@]}"}"; do echo "FAILED: $f"; done
echo "binaries: $passed passed, $failed failed"
[ "$failed" = 0 ]
