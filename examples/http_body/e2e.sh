#!/usr/bin/env bash
# http_body in Envoy: every buffer operation on the request and on the
# response body (Go e2e: PUT /anything with "[original body]" for mode
# request|response x op append|prepend|replace|invalid; exact response body,
# "original <mode> body: [original body]" logged, nothing "failed to").
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
# True once the log has more than $2 lines containing $1.
log_count_above() { [ "$(e2e_log_count "$1")" -gt "$2" ]; }
expected() {
  case $1 in
    append) echo '[original body][this is appended body]' ;;
    prepend) echo '[this is prepended body][original body]' ;;
    *) echo '[this is replaced body]' ;; # invalid falls back to replace
  esac
}
for mode in request response; do
  for op in append prepend replace invalid; do
    before=$(e2e_log_count "original $mode body: [original body]")
    e2e_http 200 -X PUT http://localhost:18000/anything --data '[original body]' \
      -H "buffer-replace-at: $mode" -H "buffer-operation: $op"
    e2e_body_is "$(expected $op)"
    e2e_until 5 log_count_above "original $mode body: [original body]" "$before"
  done
done

# Without content-length the set-body plugin refuses the request.
e2e_http 400 -X PUT http://localhost:18000/anything -H 'transfer-encoding: chunked' --data x
e2e_body_is "content must be provided"

# The echo listener on its own: answers with the request body.
e2e_http 200 -X POST http://127.0.0.1:18140/ --data 'frame1...frame2...'
e2e_body_is "frame1...frame2..."

e2e_log_lacks "failed to"
e2e_log_lacks "error reading plugin configuration"
e2e_pass
