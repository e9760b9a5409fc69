#!/usr/bin/env bash
# remote_code: vm_config.code.remote (http_uri + sha256). The right hash:
# the module loads and works (http_headers' header). A wrong hash, with
# fail_open false and then true: what the operator sees.
source "$(dirname "$0")/../lib.sh"

wasm=build/examples/http_headers/plugin.wasm
[ -f "$wasm" ] || e2e_fail "$wasm missing (make $wasm)"
mkdir -p "$E2E_DIR/www"
cp "$wasm" "$E2E_DIR/www/plugin.wasm"
# The module's server: started after Envoy's lock is ours (port 8097 is fixed).
e2e__lock
python3 -m http.server 8097 --bind 127.0.0.1 --directory "$E2E_DIR/www" >"$E2E_DIR/http.log" 2>&1 &
e2e_cleanup kill $!
e2e_until 10 curl -sf -o /dev/null http://127.0.0.1:8097/plugin.wasm

good=$(sha256sum "$wasm" | cut -d' ' -f1)
bad=$(printf '%064d' 0)
yaml() { # yaml NAME SHA256 FAIL_OPEN
  sed -e "s/sha256: \"$bad\"/sha256: \"$2\"/" -e "s/fail_open: false/fail_open: $3/" \
    tests/e2e/remote_code/envoy.yaml >"$E2E_DIR/$1.yaml"
  grep -q "sha256: \"$2\"" "$E2E_DIR/$1.yaml" && grep -q "fail_open: $3" "$E2E_DIR/$1.yaml" ||
    e2e_fail "could not write $1.yaml"
  echo "$E2E_DIR/$1.yaml"
}

# Right hash: fetched over HTTP, loaded, working.
e2e_envoy_start "$(yaml good "$good" false)"
e2e_http 200 http://localhost:18000/
e2e_header_is x-wasm-header demo-wasm
e2e_header_is x-proxy-wasm-go-sdk-example http_headers
grep -q '"GET /plugin.wasm' "$E2E_DIR/http.log" || e2e_fail "Envoy did not fetch the module over HTTP"
e2e_envoy_stop

# Wrong hash (same server, same module): Envoy still starts and becomes
# ready; it fetches the module, refuses it, and says only that the fetch
# failed. fail_open false: every request through the filter gets 503.
# fail_open true (deprecated in Envoy 1.40, which warns): requests pass
# without the plugin.
E2E_ALLOW_VM_FAILURE=1
e2e_envoy_start "$(yaml bad-closed "$bad" false)"
e2e_log_contains "Retry limit exceeded for fetching data from remote data source"
e2e_log_contains "Failed to load Wasm code (fetch failed) from http://127.0.0.1:8097/plugin.wasm"
e2e_log_contains "Plugin configured to fail closed failed to load"
e2e_http 503 http://localhost:18000/
e2e_envoy_stop

e2e_envoy_start "$(yaml bad-open "$bad" true)"
e2e_log_contains "Failed to load Wasm code (fetch failed) from http://127.0.0.1:8097/plugin.wasm"
e2e_log_contains "Using deprecated option 'envoy.extensions.wasm.v3.PluginConfig.fail_open'"
e2e_http 200 http://localhost:18000/
e2e_body_is $'example body\n'
grep -qi '^x-wasm-header:' "$E2E_HEADERS" && e2e_fail "fail_open with a refused module still ran a plugin"
e2e_log_lacks "Plugin configured to fail closed"
e2e_pass "right hash loads; wrong hash: 503 (fail_open false) or no plugin (fail_open true)"
