#!/usr/bin/env bash
# tcp_counter in Envoy: two HTTP exchanges over tcp_proxy; the plugin's log
# line for each connection and its two counters must equal the bytes curl
# sent and received.
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
sent=0 received=0
for path in / /a-longer-path; do
  out=$(curl -s --max-time 10 -o /dev/null -H 'Connection: close' \
    -w '%{http_code} %{size_request} %{size_header} %{size_download}' "http://localhost:18000$path")
  read -r code req hdr body <<<"$out"
  [ "$code" = 200 ] || e2e_fail "GET $path: status $code"
  e2e_log_contains "bytes received, $((hdr + body)) bytes sent"
  e2e_log_contains ": $req bytes received"
  sent=$((sent + req)) received=$((received + hdr + body))
done
totals() {
  [ "$(e2e_stat_value tcp_counter.bytes_received)" = "$sent" ] &&
    [ "$(e2e_stat_value tcp_counter.bytes_sent)" = "$received" ]
}
e2e_until 10 totals
e2e_pass "$sent bytes in, $received bytes out, counted per connection and in total"
