#!/usr/bin/env bash
# shared_queue in Envoy: the sender VM (HTTP filter on :18000, network filter
# on :18001) enqueues; the receiver VM (singleton services) dequeues. Every
# enqueued item must be dequeued exactly once.
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
e2e_log_contains 'queue "http_request_headers" registered as queueID='
e2e_log_contains 'queue "http_response_headers" registered as queueID='
e2e_log_contains 'queue "tcp_data_hashes" registered as queueID='
e2e_log_contains "is configured for http"
e2e_log_contains "is configured for tcp"

for i in 1 2 3; do
  e2e_http 200 "http://127.0.0.1:18000/$i"
  e2e_http 200 "http://127.0.0.1:18001/ready"
done
e2e_log_contains 'enqueued data: {"key": ":method","value": "GET"}'
e2e_log_contains 'enqueued data: {"key": ":path","value": "/3"}'
e2e_log_contains 'dequeued data from http_request_headers'
e2e_log_contains 'dequeued data from http_response_headers'
e2e_log_contains 'dequeued data from tcp_data_hashes'
e2e_log_lacks "error queueing"
e2e_log_lacks "error resolving queue id"

# Receiving runs on the main thread, after the worker enqueued: poll.
balanced() {
  [ "$(e2e_log_count "enqueued data: ")" = "$(e2e_log_count "dequeued data from ")" ]
}
e2e_until 10 balanced
# Stopping Envoy flushes its log; then compare the complete record.
e2e_envoy_stop
balanced || e2e_fail "enqueued $(e2e_log_count "enqueued data: ") items, dequeued $(e2e_log_count "dequeued data from ")"
# Same items: the payloads logged on both sides, as multisets.
grep -oE 'enqueued data: .*$' "$E2E_LOG" | sed 's/^enqueued data: //' | sort >"$E2E_DIR/enq"
grep -oE 'dequeued data from [a-z_]+\(queueID=[0-9]+\): .*$' "$E2E_LOG" |
  sed -E 's/^[^)]*\): //' | sort >"$E2E_DIR/deq"
cmp -s "$E2E_DIR/enq" "$E2E_DIR/deq" || e2e_fail "enqueued and dequeued items differ (see $E2E_DIR/enq, deq)"
hashes=$(grep -cE 'enqueued data: [0-9a-f]{32}$' "$E2E_LOG")
[ "$hashes" -ge 3 ] || e2e_fail "only $hashes TCP data hashes enqueued, want >= 3"
e2e_pass "$(wc -l <"$E2E_DIR/enq") items enqueued and dequeued"
