#!/usr/bin/env bash
# multiple_dispatches in Envoy: the response waits for ten callouts to the
# local "httpbin" cluster, then gets a total-dispatched header.
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
e2e_http 200 http://localhost:18000/
e2e_body_is $'example body\n'
e2e_header_is total-dispatched 10
for n in 9 8 7 6 5 4 3 2 1; do
  e2e_log_contains "wasm log: pending dispatched requests: $n"
done
e2e_log_contains "wasm log: response resumed after processed 10 dispatched request"
[ "$(e2e_log_count 'pending dispatched requests:')" = 9 ] ||
  e2e_fail "expected exactly 9 'pending dispatched requests' lines"
e2e_pass
