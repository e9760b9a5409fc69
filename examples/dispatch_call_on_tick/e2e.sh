#!/usr/bin/env bash
# dispatch_call_on_tick in Envoy: both plugins (context ids 1 and 2) get the
# answers of their timer-driven callouts, /ok (200) and /fail (503) alike
# (Go e2e: "called N for contextID=1|2" for N = 1..5, ":status: 200|503").
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
e2e_log_contains "set tick period milliseconds: 100"
for n in 1 2 3 4 5; do
  e2e_log_contains "called $n for contextID=1"
  e2e_log_contains "called $n for contextID=2"
done
e2e_log_contains "response header for the dispatched call: :status: 200"
e2e_log_contains "response header for the dispatched call: :status: 503"
e2e_log_lacks "dispatch httpcall failed"
e2e_pass
