#!/usr/bin/env bash
# run.sh - end-to-end tests in a real Envoy.
#
#   tests/e2e/run.sh                 every case
#   tests/e2e/run.sh smoke http_headers examples/foo
#
# First checks every Envoy bootstrap with `envoy --mode validate` (examples/
# **/*.yaml except Kubernetes/Istio manifests, and tests/e2e/*/envoy.yaml),
# then runs each tests/e2e/*/e2e.sh and examples/*/e2e.sh in its own bash,
# one after another (their envoy.yaml files share fixed ports). With names,
# only those cases run and only their directories' configs are validated.
# Prints one line per case, the output of failed cases, and last
# "e2e: N passed, N failed"; exits non-zero if anything failed.
# Per-case output: build/e2e/<name>/output.log. Holds the flock on
# /tmp/proxywasm-e2e.lock while the cases run. Settings: E2E_CASE_TIMEOUT
# (180 s per case), E2E_LOCK_TIMEOUT (600 s), ENVOY_BIN (scripts/envoy.sh).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
out_dir=build/e2e
mkdir -p "$out_dir"
passed=0 failed=0 failures=()

now_ms() { date +%s%3N; }
report() { # report <ok|FAIL> <label> <start_ms> [detail]
  local secs
  secs=$(awk -v ms=$(($(now_ms) - $3)) 'BEGIN { printf "%.1f", ms / 1000 }')
  printf '%-4s %-52s %6ss%s\n' "$1" "$2" "$secs" "${4:+  $4}"
  if [ "$1" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

# ---- choose the case directories ------------------------------------------
dirs=()
if [ "$#" = 0 ]; then
  for d in tests/e2e/*/ examples/*/; do
    [ -d "$d" ] && dirs+=("${d%/}")
  done
else
  for a in "$@"; do
    a=${a%/}
    a=${a%/e2e.sh}
    if [ -d "$a" ] && [[ "$a" == tests/e2e/* || "$a" == examples/* ]]; then
      dirs+=("$a")
    elif [ -d "tests/e2e/$a" ] || [ -d "examples/$a" ]; then
      [ -d "tests/e2e/$a" ] && dirs+=("tests/e2e/$a")
      [ -d "examples/$a" ] && dirs+=("examples/$a")
    else
      t0=$(now_ms)
      report FAIL "$a" "$t0" "no such case (tests/e2e/$a or examples/$a)"
    fi
  done
fi

# ---- validate the Envoy configurations --------------------------------------
is_bootstrap() {
  grep -qE '^apiVersion:' "$1" && return 1 # Kubernetes / Istio manifest
  grep -qE '^(static_resources|dynamic_resources|admin|node|bootstrap_extensions|layered_runtime|stats_config|overload_manager):' "$1"
}

yamls=()
for d in "${dirs[@]+"${dirs[@]}"}"; do
  case "$d" in
    examples/*)
      while IFS= read -r f; do yamls+=("$f"); done \
        < <(find "$d" -type f \( -name '*.yaml' -o -name '*.yml' \) | sort) ;;
    *) [ -f "$d/envoy.yaml" ] && yamls+=("$d/envoy.yaml") ;;
  esac
done

mkdir -p "$out_dir/validate"
for y in "${yamls[@]+"${yamls[@]}"}"; do
  is_bootstrap "$y" || continue
  t0=$(now_ms)
  log="$out_dir/validate/$(echo "$y" | tr '/' '_').log"
  # Envoy 1.40's validate mode also loads each plugin and runs its
  # on_vm_start/on_plugin_start, so a missing .wasm or a rejected
  # configuration fails here too.
  if timeout -k 5 60 scripts/envoy.sh --mode validate --disable-hot-restart -c "$y" \
    >"$log" 2>&1; then
    report ok "validate $y" "$t0"
  else
    why=$(grep -m1 'error initializing configuration' "$log" |
      sed -E "s/.*error initializing configuration '[^']*': //" | cut -c1-160)
    report FAIL "validate $y" "$t0" "${why:-see $log}"
    failures+=("validate $y|$log")
  fi
done

# ---- run the cases ----------------------------------------------------------
# One lock for the whole run (lib.sh reuses it through E2E_LOCK_FD), so that
# time spent waiting for another run or a benchmark does not count against a
# case's timeout.
lock_file=${E2E_LOCK_FILE:-/tmp/proxywasm-e2e.lock}
exec {lock_fd}>>"$lock_file"
if ! flock -n "$lock_fd"; then
  echo "e2e: waiting for $lock_file (another Envoy test or benchmark is running)"
  if ! flock -w "${E2E_LOCK_TIMEOUT:-600}" "$lock_fd"; then
    echo "e2e: could not lock $lock_file; each case will wait for it itself"
  fi
fi
export E2E_LOCK_FD=$lock_fd
for d in "${dirs[@]+"${dirs[@]}"}"; do
  [ -f "$d/e2e.sh" ] || continue
  name=$(basename "$d")
  mkdir -p "$out_dir/$name"
  output="$out_dir/$name/output.log"
  t0=$(now_ms)
  E2E_NAME="$name" timeout -k 10 "${E2E_CASE_TIMEOUT:-180}" bash "$d/e2e.sh" >"$output" 2>&1
  rc=$?
  if [ "$rc" = 0 ]; then
    report ok "$name" "$t0"
  else
    detail="exit $rc"
    [ "$rc" = 124 ] && detail="timed out after ${E2E_CASE_TIMEOUT:-180}s"
    fail_line=$(grep -m1 -F "FAIL:" "$output" | cut -c1-200)
    report FAIL "$name" "$t0" "${fail_line:-$detail}"
    failures+=("$name|$output")
  fi
done

for f in "${failures[@]+"${failures[@]}"}"; do
  printf '\n==== %s (%s)\n' "${f%%|*}" "${f#*|}"
  tail -n "${E2E_OUTPUT_LINES:-40}" "${f#*|}" | sed 's/^/    /'
done
[ "${#failures[@]}" = 0 ] || echo
echo "e2e: $passed passed, $failed failed"
[ "$failed" = 0 ]
