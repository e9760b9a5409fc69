#!/usr/bin/env bash
# ABI conformance of built modules:
#  1. the kitchen-sink plugin (every hook, every wrapper) has exactly the
#     imports and exports of ABI v0.2.1 listed in expected.txt, with their
#     exact signatures, and no WASI import;
#  2. the minimal plugin exports only the ABI marker, _initialize, the two
#     allocators and its one hook, imports only the hostcall it uses (its
#     header is a literal the compiler proves valid, so the run-time syntax
#     check and its proxy_log line are not linked), and is within its size
#     budget;
#  3. the quickstart is within its size budget and links no float
#     conversion (it formats no double), a plugin that logs a double does.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sink=$1 minimal=$2 all=${3:-} quickstart=${4:-} double=${5:-}
# Size budgets: within 10 % of the measured sizes (minimal 1517 bytes,
# quickstart 15968 bytes with clang-19 and wasm-opt), so growth is noticed.
min_budget=1660 quick_budget=17400
fail=0 pass=0
ok() { echo "ok: $*"; pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

got=$("$here/signatures.sh" "$sink")
want=$(grep -v '^#' "$here/expected.txt" | sort)
envgot=$(echo "$got" | grep -v '^import wasi_')
if diff <(echo "$want") <(echo "$envgot") >/tmp/abi.diff; then
  ok "kitchen sink: all $(echo "$want" | wc -l) ABI v0.2.1 imports and exports, exact signatures"
else
  bad "kitchen sink differs from expected.txt (< expected, > built):"; cat /tmp/abi.diff
fi
# The SDK imports no WASI function at all (hosts without WASI load it).
wasi=$(echo "$got" | grep '^import wasi_' || true)
if [ -z "$wasi" ]; then ok "kitchen sink: no WASI imports"; else bad "WASI imports: $wasi"; fi

got=$("$here/signatures.sh" "$minimal")
want_min='export _initialize () -> nil
export malloc (i32) -> i32
export proxy_abi_version_0_2_1 () -> nil
export proxy_on_memory_allocate (i32) -> i32
export proxy_on_response_headers (i32, i32, i32) -> i32
import env.proxy_add_header_map_value (i32, i32, i32, i32, i32) -> i32'
if [ "$got" = "$want_min" ]; then
  ok "minimal plugin: marker, _initialize, malloc, proxy_on_memory_allocate, one hook and its import"
else
  bad "minimal plugin exports/imports:"; echo "$got"
fi
size=$(stat -c %s "$minimal")
if [ "$size" -le "$min_budget" ]; then ok "minimal plugin: $size bytes (budget $min_budget)"; else bad "minimal plugin: $size bytes > $min_budget"; fi
if [ -n "$quickstart" ]; then
  size=$(stat -c %s "$quickstart")
  if [ "$size" -le "$quick_budget" ]; then ok "quickstart plugin: $size bytes (budget $quick_budget)"
  else bad "quickstart plugin: $size bytes > $quick_budget"; fi
fi
# The formatter's f/e/g code is one function reached through a pointer, so
# its name stays in the module whenever it is linked.
has_float() { wasm-objdump -x -j Function "$1" | grep -q '<proxywasm__fmt_float>'; }
if [ -n "$quickstart" ] && [ -n "$double" ]; then
  if has_float "$quickstart"; then bad "quickstart plugin links the float conversions (it formats no double)"
  else ok "quickstart plugin: no float conversion code (it formats no double)"; fi
  if has_float "$double"; then ok "a plugin that logs a double links the float conversions"
  else bad "$double logs a double but has no float conversion code"; fi
fi
# 4. the minimal plugin built with PROXYWASM_EXPORT_ALL_HOOKS exports every
#    proxy_on_* callback of the ABI, with its exact signature.
if [ -n "$all" ]; then
  want=$(grep '^export proxy_on_' "$here/expected.txt" | sort)
  got=$("$here/signatures.sh" "$all" | grep '^export proxy_on_' | sort)
  if [ "$want" = "$got" ]; then
    ok "PROXYWASM_EXPORT_ALL_HOOKS: all $(echo "$want" | wc -l) proxy_on_* exports"
  else
    bad "PROXYWASM_EXPORT_ALL_HOOKS exports differ:"; diff <(echo "$want") <(echo "$got")
  fi
fi
echo "abi: $pass passed, $fail failed"
[ "$fail" = 0 ]
