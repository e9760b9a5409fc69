#!/usr/bin/env bash
# http_headers in Envoy: the configured and the fixed response header are
# added, and every request and response header is logged.
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
e2e_pass
