#!/usr/bin/env bash
# api-coverage.sh - proves that the unit tests run every public SDK function.
#
# Builds the SDK, the emulator, every unit test (tests/unit, examples) and
# the test plugins with gcc --coverage -O0 into build/coverage (the same
# make rules as build/native, without sanitizers; build/native is not
# touched), runs the tests, and reads the counters with gcov:
#  - every function declared in include/proxywasm.h and include/proxywasm/*.h
#    (names proxywasm_*; static inline ones count when a test or plugin ran
#    them) that never executed is listed, and the script fails;
#  - line and function coverage of each src/*.c is printed.
# Also fails if a build or a test fails. Usage: scripts/api-coverage.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=build/coverage
jobs=$(nproc 2>/dev/null || echo 2)
mk=(make --no-print-directory -f Makefile -f mk/coverage.mk "NATIVE=$out" "SANITIZE=--coverage -O0")
status=0

echo "== building into $out"
mkdir -p "$out/logs"
# Run from another make (make check), the list must not pick up a parent's
# "Entering directory" lines: read it from a make of its own.
mapfile -t tests < <(env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "${mk[@]}" -s coverage-list |
  grep -v '^make')
rm -f "${tests[@]}" # relinked below: a test that fails to build must not run stale
if ! "${mk[@]}" -k -j"$jobs" coverage-build >"$out/logs/build.log" 2>&1; then
  grep -E 'error|Error' "$out/logs/build.log" | head -20
  echo "BUILD FAILED (see $out/logs/build.log)"
  status=1
fi

echo "== running the tests"
find "$out" -name '*.gcda' -delete
passed=0 failed=0
for t in "${tests[@]}"; do
  [ -x "$t" ] || { echo "MISSING: $t"; failed=$((failed + 1)); continue; }
  log="$out/logs/$(echo "${t#$out/}" | tr / _).log"
  if PROXYWASM_PLUGIN_DIR="$root/$out/examples" "$t" >"$log" 2>&1; then
    passed=$((passed + 1))
  else
    echo "FAILED: $t (see $log)"
    failed=$((failed + 1))
  fi
done
echo "tests: $passed binaries passed, $failed failed"
[ "$failed" = 0 ] || status=1

echo "== reading the counters"
# One record per function and per line, from every counter file:
#   F <source> <function> <calls>      L <source> <line> <count or #>
records="$out/logs/records.txt"
find "$out" -name '*.gcda' ! -path "$out/emulator/*" | sort | while read -r gcda; do
  gcov -t -b "$gcda" 2>/dev/null | awk '
    /^ *-: *0:Source:/ { sub(/^ *-: *0:Source:/, ""); src = $0; next }
    /^function / { print "F", src, $2, $4; next }
    /^ *([0-9]+\*?|#####|=====): *[0-9]+:/ {
      split($0, f, ":"); c = f[1]; gsub(/[ *]/, "", c); n = f[2] + 0;
      if (n > 0) print "L", src, n, (c ~ /^[0-9]+$/ ? c : 0)
    }'
done >"$records"

# Public functions: every proxywasm_ name followed by "(" in the public headers,
# but not "(*" (a type before a function pointer's name).
public=$(grep -ohE '\bproxywasm_[a-z0-9][a-z0-9_]*[[:space:]]*\(([^*]|$)' include/proxywasm.h \
           include/proxywasm/*.h | sed -E 's/[[:space:]]*\(.*//' | sort -u)
ran=$(awk '$1 == "F" && $4 > 0 { print $3 }' "$records" | sort -u)
uncovered=$(comm -23 <(printf '%s\n' $public) <(printf '%s\n' $ran))
npublic=$(printf '%s\n' $public | wc -l)

echo
echo "== src/*.c coverage (lines executed, functions executed)"
awk '
  $2 ~ /^src\/.*\.c$/ && $1 == "L" { k = $2 SUBSEP $3; if (!(k in line)) { line[k] = 0; nl[$2]++ }
                                         if ($4 > 0 && !line[k]) { line[k] = 1; hl[$2]++ } files[$2] = 1 }
  $2 ~ /^src\/.*\.c$/ && $1 == "F" { k = $2 SUBSEP $3; if (!(k in fn)) { fn[k] = 0; nf[$2]++ }
                                         if ($4 > 0 && !fn[k]) { fn[k] = 1; hf[$2]++ } files[$2] = 1 }
  END {
    n = 0; for (f in files) names[++n] = f
    for (i = 2; i <= n; i++) { v = names[i]; for (j = i - 1; j > 0 && names[j] > v; j--) names[j + 1] = names[j]; names[j + 1] = v }
    for (i = 1; i <= n; i++) {
      f = names[i]; TL += nl[f]; HL += hl[f]; TF += nf[f]; HF += hf[f]
      printf "  %-26s lines %6.2f%% of %4d   functions %3d/%-3d\n", f, nl[f] ? 100 * hl[f] / nl[f] : 100, nl[f], hf[f], nf[f]
    }
    printf "  %-26s lines %6.2f%% of %4d   functions %3d/%-3d (%.2f%%)\n", "total", TL ? 100 * HL / TL : 0, TL, HF, TF, TF ? 100 * HF / TF : 0
  }' "$records"

echo
if [ -n "$uncovered" ]; then
  echo "== public SDK functions never executed by a test:"
  printf '  %s\n' $uncovered
  echo "uncovered: $(printf '%s\n' $uncovered | wc -l) of $npublic public functions"
  status=1
else
  echo "== every public SDK function ran: 0 uncovered of $npublic"
fi
exit $status
