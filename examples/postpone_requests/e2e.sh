#!/usr/bin/env bash
# postpone_requests in Envoy: a request is paused until the next 1 s tick and
# then answered; concurrent requests are all resumed.
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
e2e_http 200 http://127.0.0.1:18000/
e2e_body_is $'example body\n'
e2e_log_contains "postpone request with contextID=2"
e2e_log_contains "resume request with contextID=2"

# Five requests at once: each is postponed and resumed exactly once.
pids=()
for i in 1 2 3 4 5; do
  curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 "http://127.0.0.1:18000/$i" \
    >"$E2E_DIR/par.$i" &
  pids+=($!)
done
wait "${pids[@]}"
for i in 1 2 3 4 5; do
  [ "$(cat "$E2E_DIR/par.$i")" = 200 ] || e2e_fail "parallel request $i: status $(cat "$E2E_DIR/par.$i")"
done
# The log is flushed every 50 ms: poll for the counts.
counts_are() {
  [ "$(e2e_log_count "postpone request with contextID=")" = "$1" ] &&
    [ "$(e2e_log_count "resume request with contextID=")" = "$1" ]
}
e2e_until 5 counts_are 6
e2e_log_lacks "is gone"
e2e_pass "6 requests postponed and resumed"
