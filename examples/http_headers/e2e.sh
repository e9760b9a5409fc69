#!/usr/bin/env bash
# http_headers in Envoy: the configured and the fixed response header are
# added, and every request and response header is logged, over HTTP/1.1 and
# HTTP/2. Then issue 9's reproducer: configured with the value
# "v\r\nx-injected: 1", the plugin's header is refused (Envoy would send it
# raw: an injected header on HTTP/1, a stream reset on HTTP/2), the refusal
# is logged, and both protocols keep working.
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
e2e_log_contains "header from config: x-wasm-header = demo-wasm"

e2e_http 200 -H 'this-is-key: this-is-value' http://localhost:18000/uuid
e2e_body_is $'example body\n'
e2e_header_is x-wasm-header demo-wasm
e2e_header_is x-proxy-wasm-go-sdk-example http_headers

e2e_log_contains "request header --> this-is-key: this-is-value"
e2e_log_contains "request header --> :path: /uuid"
e2e_log_contains "request header --> test: best"
e2e_log_contains "adding header: x-wasm-header=demo-wasm"
e2e_log_contains "response header <-- server: envoy"
e2e_log_contains "response header <-- x-wasm-header: demo-wasm"
e2e_log_contains "response header <-- x-proxy-wasm-go-sdk-example: http_headers"
# The stream's context id is not fixed; match "<digits> finished".
e2e_until 10 grep -qE 'wasm log: [0-9]+ finished' "$E2E_LOG"

# HTTP/2 over cleartext (the listener's codec_type auto accepts it).
e2e_http 200 --http2-prior-knowledge http://localhost:18000/uuid
e2e_header_is x-wasm-header demo-wasm
e2e_header_is x-proxy-wasm-go-sdk-example http_headers

# ---- issue 9: a configured value that would inject a header ----
e2e_envoy_stop
inject=$E2E_DIR/envoy-injection.yaml
sed 's/"value": "demo-wasm"/"value": "v\\r\\nx-injected: 1"/' examples/http_headers/envoy.yaml >"$inject"
grep -qF '"value": "v\r\nx-injected: 1"' "$inject" || e2e_fail "could not write $inject"
e2e_envoy_start "$inject"

# Fails if the last response has header $1.
no_header() {
  ! grep -qi "^$1:" "$E2E_HEADERS" || e2e_fail "the response has a $1 header: $(tr -d '\r' <"$E2E_HEADERS" | tr '\n' '|')"
}
e2e_http 200 http://localhost:18000/uuid
e2e_body_is $'example body\n'
e2e_header_is x-proxy-wasm-go-sdk-example http_headers
no_header x-injected
no_header x-wasm-header
e2e_log_contains 'proxywasm: refused header "x-wasm-header": value has CR, LF or NUL (byte 1 of 16 is 0x0d)'
e2e_log_contains 'failed to set response headers: bad argument'
for _ in 1 2 3; do
  e2e_http 200 --http2-prior-knowledge http://localhost:18000/uuid
  e2e_body_is $'example body\n'
  e2e_header_is x-proxy-wasm-go-sdk-example http_headers
  no_header x-injected
done
e2e_pass
