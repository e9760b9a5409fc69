#!/usr/bin/env bash
# shared_data in Envoy: the Go e2e check (10 requests give "shared value: 10"),
# then a contention test: two worker threads, 200 concurrent requests. Every
# increment must land exactly once (compare-and-swap, no lost update), so the
# logged values are exactly 11..210, each once.
source "$(dirname "$0")/../../tests/e2e/lib.sh"

E2E_CONCURRENCY=2
e2e_envoy_start
for i in $(seq 1 10); do
  e2e_http 200 http://127.0.0.1:18000/
done
e2e_log_contains "shared value: 10"
e2e_log_lacks "shared value: 11"

n=200
seq 1 "$n" | xargs -P 16 -I{} curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 \
  "http://127.0.0.1:18000/{}" >"$E2E_DIR/statuses"
ok=$(grep -cx 200 "$E2E_DIR/statuses")
[ "$ok" = "$n" ] || e2e_fail "$ok of $n concurrent requests returned 200"
total=$((n + 10))
e2e_log_contains "shared value: $total"
# Stopping Envoy flushes its log: every increment is logged by then.
e2e_envoy_stop

# Values as logged: each of 1..total exactly once.
grep -oE 'shared value: [0-9]+$' "$E2E_LOG" | awk '{ print $3 }' | sort -n >"$E2E_DIR/values"
seq 1 "$total" >"$E2E_DIR/expected"
if ! cmp -s "$E2E_DIR/values" "$E2E_DIR/expected"; then
  dups=$(uniq -d "$E2E_DIR/values" | head -5 | tr '\n' ' ')
  e2e_fail "logged values are not exactly 1..$total (count $(wc -l <"$E2E_DIR/values"), duplicates: ${dups:-none})"
fi
e2e_log_lacks "shared value: $((total + 1))"
# Both workers served requests (thread id is the second [...] of a log line).
threads=$(grep -F 'shared value: ' "$E2E_LOG" | sed -E 's/^\[[^]]*\]\[([0-9]+)\].*/\1/' | sort -u | wc -l)
[ "$threads" -ge 2 ] || e2e_fail "only $threads worker thread served the requests"
retries=$(e2e_log_count "error setting shared data on OnHttpRequestHeaders: cas mismatch")
e2e_pass "$total increments from $threads threads, none lost ($retries CAS retries)"
