#!/usr/bin/env bash
# Builds the quickstart plugin with PROXYWASM_PROFILE=speed (-O2, Wasm SIMD)
# and checks that Envoy loads it: `envoy --mode validate` instantiates the
# VM and runs on_plugin_start, which rejects a bad module or configuration.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s -C "$root" PROXYWASM_PROFILE=speed PROXYWASM_BUILD="$tmp/build" \
  "$tmp/build/quickstart.wasm" PROXYWASM_EXTRA_PLUGIN="$tmp/build/quickstart.wasm" \
  >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
wasm=$tmp/build/quickstart.wasm
wasm-objdump -x "$wasm" | grep -q '\[+\] simd128' || { echo "speed profile: no simd128 feature"; exit 1; }
sed "s|build/examples/quickstart/plugin.wasm|$wasm|" "$root/examples/quickstart/envoy.yaml" >"$tmp/envoy.yaml"
out=$("$root/scripts/envoy.sh" --mode validate -c "$tmp/envoy.yaml" --base-id 7309 2>&1) ||
  { echo "$out" | tail -20; echo "speed profile: Envoy refused the module"; exit 1; }
echo "speed profile: $(stat -c %s "$wasm") bytes, simd128, loaded by Envoy (validate mode)"
