#!/usr/bin/env bash
# Runs every test suite and prints one summary line per suite, then a total
# line "check: N passed, N failed" (suites). Called by `make check`.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=${JOBS:-$(nproc)}
passed=0 failed=0
suite() {
  local name=$1; shift
  echo "##### $name"
  if "$@"; then passed=$((passed + 1)); echo "##### $name: ok"
  else failed=$((failed + 1)); echo "##### $name: FAILED"; fi
}
suite build make -j"$jobs" all
suite unit make -j"$jobs" unit
suite unit-wasm make -j"$jobs" unit-wasm
suite api-coverage make -j"$jobs" coverage
suite abi make abi
suite wasm-stress make wasm-stress
suite fuzz make -j"$jobs" fuzz-check
suite docs scripts/doc-check.sh
suite doc-snippets scripts/doc-snippets.sh
suite format scripts/format-check.sh
suite naming scripts/naming-check.sh
suite toolchain tests/toolchain/wasi_sdk_layout.sh
suite speed-profile tests/toolchain/speed_profile.sh
suite toolchains tests/toolchain/matrix.sh
suite install tests/install/run.sh
suite bench-fuel make bench-fuel-gate
suite e2e make e2e
suite fidelity make fidelity
suite fidelity-envoy-1.36.2 make fidelity ENVOY_VERSION=1.36.2
suite e2e-envoy-1.36.2 make e2e ENVOY_VERSION=1.36.2
suite load make load
suite istio-images make istio-test
suite istio-e2e make istio-e2e
echo "check: $passed passed, $failed failed"
[ "$failed" = 0 ]
