#!/usr/bin/env bash
# What Envoy does with a header value the SDK's syntax check would refuse
# (docs/security.md): examples/http_headers built with
# PROXYWASM_HEADERS_ALLOW_RAW(), configured with "v\r\nx-injected: 1". On
# HTTP/1.1 the response carries an injected x-injected header; on HTTP/2 the
# request fails. examples/http_headers/e2e.sh shows the same configuration
# refused by the checked SDK.
source "$(dirname "$0")/../lib.sh"
yaml=$E2E_DIR/envoy-raw.yaml
sed -e 's/"value": "demo-wasm"/"value": "v\\r\\nx-injected: 1"/' \
    -e 's|build/examples/http_headers/plugin.wasm|build/e2e/raw_headers/plugin.wasm|' \
    examples/http_headers/envoy.yaml >"$yaml"
grep -qF 'build/e2e/raw_headers/plugin.wasm' "$yaml" || e2e_fail "could not write $yaml"
e2e_envoy_start "$yaml"
e2e_http 200 http://localhost:18000/uuid
grep -qi '^x-injected: 1' "$E2E_HEADERS" ||
  e2e_fail "HTTP/1.1: no injected header: $(tr -d '\r' <"$E2E_HEADERS" | tr '\n' '|')"
e2e_log_lacks 'proxywasm: refused header'
e2e_http 000 --http2-prior-knowledge http://localhost:18000/uuid
e2e_pass "raw CR/LF in a value: an injected header on HTTP/1.1, no response on HTTP/2"
