#!/usr/bin/env bash
# auth_callout in Envoy: each request waits for the local authorization
# service. Granted (200 upstream), denied (the service's 401 -> 403), no
# credentials (401 without a callout), a service slower than the 300 ms
# timeout (Envoy answers the callout 504 -> 503) and one nobody listens
# for (Envoy answers 503 -> 503).
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
e2e_http 200 -H 'authorization: Bearer good' http://127.0.0.1:18000/
e2e_body_is $'example body\n'
e2e_http 403 -H 'authorization: Bearer bad' http://127.0.0.1:18000/
e2e_body_is "access denied"
e2e_http 401 http://127.0.0.1:18000/
e2e_body_is "authorization required"
start=$(date +%s%3N)
e2e_http 503 -H 'authorization: Bearer slow' http://127.0.0.1:18000/
took=$(($(date +%s%3N) - start))
e2e_body_is "authorization unavailable"
[ "$took" -lt 1500 ] || e2e_fail "the timed-out callout took $took ms (timeout 300 ms, service 2 s)"
e2e_http 503 -H 'authorization: Bearer good' http://127.0.0.1:18001/
e2e_body_is "authorization unavailable"
e2e_log_contains "auth: 403 access denied"
e2e_pass "granted, denied, unauthenticated, timed out ($took ms), unreachable"
