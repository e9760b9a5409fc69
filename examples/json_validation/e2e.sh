#!/usr/bin/env bash
# json_validation in Envoy: only JSON requests carrying "id" and "token" pass.
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
url=http://localhost:18000/

# No content-type: rejected in the header phase.
e2e_http 403 "$url"
e2e_body_is 'content-type must be provided'

# Both required keys: passes to the upstream.
e2e_http 200 -X POST -H 'Content-Type: application/json' \
  --data '{"id": "abc123", "token": "xyz456"}' "$url"
e2e_body_is $'hello from the server\n'

# A required key missing.
e2e_http 403 -X POST -H 'Content-Type: application/json' --data '{"id": "abc123"}' "$url"
e2e_body_is 'invalid payload'
e2e_log_contains 'required key (token) is missing: {"id": "abc123"}'

# Not JSON at all.
e2e_http 403 -X POST -H 'Content-Type: application/json' --data 'invalid_payload' "$url"
e2e_body_is 'invalid payload'
e2e_log_contains 'body is not a valid json: "invalid_payload"'

# A body that arrives in pieces: Envoy calls on_request_body once per piece
# with body_size = everything buffered so far (not the piece's size), and the
# plugin reads the whole body once, at the end of the stream.
send_in_pieces() { # <status> <piece>...
  local status=$1
  shift
  e2e_http "$status" -X POST -H 'Content-Type: application/json' -H 'Expect:' -T - "$url" < <(
    for piece in "$@"; do printf '%s' "$piece"; sleep 0.3; done)
}
send_in_pieces 200 '{"id": "abc123",' ' "padding": "xxxxxxxxxxxxxxxx",' ' "token": "xyz456"}'
e2e_body_is $'hello from the server\n'
send_in_pieces 403 '{"id": "abc123",' ' "padding": "xxxxxxxxxxxxxxxx",' ' "tok": "xyz456"}'
e2e_body_is 'invalid payload'

# Stopping Envoy flushes its log. The accepted 66-byte body must have been
# seen in several calls with growing sizes, the last one complete.
e2e_envoy_stop
calls=$(grep -oE 'proxy_on_request_body\([0-9]+, [0-9]+, [01]\)' "$E2E_LOG" | tr -d ' ')
id=$(grep -F ',66,1)' <<<"$calls" | head -n 1 | sed -E 's/.*\(([0-9]+),.*/\1/')
[ -n "$id" ] || e2e_fail "no on_request_body call with the complete 66-byte body"
partial=$(grep -cE "\\($id,([0-9]|[1-5][0-9]|6[0-5]),0\\)" <<<"$calls")
[ "$partial" -ge 1 ] || e2e_fail "the 66-byte body was not delivered in pieces: $(tr '\n' ' ' <<<"$calls")"
e2e_pass
