#!/usr/bin/env bash
# grpc_auth in Envoy: the plugin asks grpc.health.v1.Health on a listener of
# the same Envoy (x-user decides) with a unary call, and over a stream for
# paths under /stream/; checks what Envoy delivers for each outcome.
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start

# --- unary calls (Health/Check) ---
# alice: a real gRPC success (message + grpc-status 0): Envoy delivers only
# the message (on_message), and the request goes upstream.
e2e_http 200 -H 'x-user: alice' http://localhost:18000/orders/42
e2e_body_is $'hello from upstream\n'
e2e_log_contains "to grpc_auth dispatched: user alice, path /orders/42"
e2e_log_contains "response message, 2 bytes, health status 1 SERVING"
e2e_log_contains "access granted: SERVING"

# mallory: trailers-only grpc-status 7 from a direct_response 403.
e2e_http 403 -H 'x-user: mallory' http://localhost:18000/orders/42
e2e_header_is x-grpc-status 7
# Envoy 1.40 delivers the grpc-message of a direct_response with
# "{via_upstream}" appended (a prefix check hid this).
e2e_body_is $'access denied: grpc status 7 PERMISSION_DENIED: user mallory is blocked{via_upstream}\n'
e2e_log_contains 'closed: status 7 PERMISSION_DENIED, message "user mallory is blocked{via_upstream}"'

# nobody: trailers-only grpc-status 0 without a message; Envoy's unary client
# turns that into INTERNAL (13) with an empty message.
e2e_http 503 -H 'x-user: nobody' http://localhost:18000/orders/42
e2e_header_is x-grpc-status 13
e2e_body_is $'access denied: grpc status 13 INTERNAL: \n'
e2e_log_contains 'closed: status 13 INTERNAL, message ""'

# eve: routed to a cluster that refuses connections: UNAVAILABLE (14).
e2e_http 503 -H 'x-user: eve' http://localhost:18000/orders/42
e2e_header_is x-grpc-status 14
e2e_body_contains "access denied: grpc status 14 UNAVAILABLE: upstream connect error"

# A unary call never gets metadata callbacks, and a success never a close.
e2e_log_lacks "initial metadata"
e2e_log_lacks "status 0 OK"

# --- streams (Health/Watch: open, send, half-close) ---
e2e_http 200 -H 'x-user: alice' http://localhost:18000/stream/orders
e2e_body_is $'hello from upstream\n'
e2e_log_contains "grpc stream"
e2e_log_contains "grpc initial metadata: content-type: application/grpc"
e2e_log_contains "grpc trailing metadata: grpc-status: 0"
e2e_log_contains 'closed: status 0 OK, message "via_upstream"'
e2e_log_contains "access granted: grpc status 0"

# The trailers-only "OK" that fails a unary call is a plain OK on a stream.
e2e_http 200 -H 'x-user: nobody' http://localhost:18000/stream/orders
e2e_body_is $'hello from upstream\n'

e2e_http 403 -H 'x-user: mallory' http://localhost:18000/stream/orders
e2e_header_is x-grpc-status 7
e2e_body_is $'access denied: grpc status 7 PERMISSION_DENIED: user mallory is blocked{via_upstream}\n'
e2e_log_contains "grpc trailing metadata: grpc-message: user mallory is blocked"

# Every paused request was decided exactly once.
[ "$(e2e_log_count "wasm log: access granted")" = 3 ] || e2e_fail "want 3 grants"
[ "$(e2e_log_count "wasm log: access denied")" = 4 ] || e2e_fail "want 4 denials"
e2e_log_lacks "request continues"
e2e_pass "unary OK/7/13/14 and stream OK/OK/7 as expected"
