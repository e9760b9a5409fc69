#!/usr/bin/env bash
# The toolchain matrix: builds the SDK and every example warning-free
# (-Werror) with each toolchain the project supports besides the default
# clang-19 (which `make all` and the e2e suite cover), and runs the
# quickstart example's Envoy test against that toolchain's module:
#   clang-22   Debian's newest clang, target wasm32-wasip1 (its preferred name)
#   zig        zig cc from PyPI's ziglang (.venv), target wasm32-wasi
# TOOLCHAINS selects a subset (default: "clang-22 zig").
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
jobs=${JOBS:-$(nproc)}
failed=0
for tc in ${TOOLCHAINS:-clang-22 zig}; do
  out=build/toolchain/$tc
  case $tc in
    zig) args=(PROXYWASM_TOOLCHAIN=zig "PROXYWASM_ZIG=$root/.venv/bin/python -m ziglang") ;;
    clang-*) args=(PROXYWASM_CC="$tc") ;;
    *) echo "toolchain: unknown $tc"; exit 2 ;;
  esac
  log=$out.log
  mkdir -p "$out"
  if ! make -j"$jobs" PROXYWASM_BUILD="$out" "${args[@]}" examples >"$log" 2>&1; then
    tail -20 "$log"; echo "toolchain $tc: FAILED to build the examples"; failed=1; continue
  fi
  if grep -q 'warning:' "$log"; then
    grep 'warning:' "$log" | head; echo "toolchain $tc: FAILED: warnings"; failed=1; continue
  fi
  target=$(make -s -p PROXYWASM_BUILD="$out" "${args[@]}" -n examples 2>/dev/null |
    sed -n 's/^PROXYWASM_TARGET := //p;s/^PROXYWASM_TARGET = //p' | head -1)
  n=$(find "$out/examples" -name '*.wasm' | wc -l)
  if ! E2E_WASM_BUILD="$out" E2E_NAME="quickstart-$tc" examples/quickstart/e2e.sh >"$out.e2e.log" 2>&1; then
    tail -20 "$out.e2e.log"; echo "toolchain $tc: FAILED in Envoy"; failed=1; continue
  fi
  echo "toolchain $tc ($target): $n example modules warning-free; quickstart passes in Envoy" \
    "($(stat -c %s "$out/examples/quickstart/plugin.wasm") bytes)"
done
exit $failed
