#!/usr/bin/env bash
# Runs libFuzzer targets (built by mk/fuzz.mk) one after another and prints
# one line per target, then "fuzz: N passed, N failed".
#   FUZZ_MODE=time  each for FUZZ_SECONDS, adding new inputs to
#                   build/fuzz/corpus/<target>/ (make fuzz)
#   FUZZ_MODE=runs  each for FUZZ_RUNS inputs from seed 1 after its seeds,
#                   deterministic and corpus-neutral (make fuzz-check, CI)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mode=${FUZZ_MODE:-runs}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
passed=0 failed=0
for t in "$@"; do
  seeds=fuzz/corpus/$t
  log=build/fuzz/$t.log
  if [ "$mode" = time ]; then
    mkdir -p "build/fuzz/corpus/$t"
    args=(-max_total_time="${FUZZ_SECONDS:-60}" "build/fuzz/corpus/$t" "$seeds")
  else
    # The first directory takes new inputs: an empty scratch one, so the
    # run starts from the seeds alone and the tree is left as it is.
    rm -rf "build/fuzz/scratch/$t" && mkdir -p "build/fuzz/scratch/$t"
    args=(-runs="${FUZZ_RUNS:-20000}" -seed=1 "build/fuzz/scratch/$t" "$seeds")
  fi
  if "build/fuzz/$t" -artifact_prefix="build/fuzz/crash-$t-" "${args[@]}" >"$log" 2>&1; then
    passed=$((passed + 1))
    echo "fuzz $t: ok ($(grep -Eo 'Done [0-9]+ runs in [0-9]+ second\(s\)' "$log" | tail -1))"
  else
    failed=$((failed + 1))
    echo "fuzz $t: FAILED (log: $log)"
    grep -E 'ERROR|SUMMARY|runtime error|FUZZ INVARIANT|Test unit written' "$log" | head -8
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
