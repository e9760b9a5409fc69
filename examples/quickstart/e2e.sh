#!/usr/bin/env bash
# quickstart in real Envoy: the configured header is added, the path logged.
source "$(dirname "$0")/../../tests/e2e/lib.sh"
e2e_envoy_start
e2e_log_contains 'quickstart: adding "x-hello: from proxy-wasm-c" to responses'
e2e_http 200 http://127.0.0.1:18000/hello/world
e2e_header_is x-hello "from proxy-wasm-c"
e2e_body_is $'hello from envoy\n'
e2e_log_contains "quickstart: request path /hello/world"
e2e_pass
