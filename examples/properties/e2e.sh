#!/usr/bin/env bash
# properties in Envoy: the header required per route comes from route
# metadata; missing it gives 401, a route without metadata passes.
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
e2e_http 401 http://127.0.0.1:18000/one
e2e_http 200 http://127.0.0.1:18000/one -H "cookie: value"
e2e_body_is $'example body\n'
e2e_http 401 http://127.0.0.1:18000/two
e2e_http 200 http://127.0.0.1:18000/two -H "authorization: token"
e2e_http 200 http://127.0.0.1:18000/three
e2e_log_contains 'auth header is "cookie"'
e2e_log_contains 'auth header is "authorization"'
e2e_log_contains "no auth header for route"
# on_http_done ran for every stream, local replies included (ids 2..6).
done_count() { [ "$(e2e_log_count " finished")" -ge 5 ]; }
e2e_until 5 done_count
e2e_log_lacks "failed to read properties"
e2e_pass
