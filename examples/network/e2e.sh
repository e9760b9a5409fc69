#!/usr/bin/env bash
# network in Envoy: a TCP filter logs both directions of an HTTP exchange
# proxied by tcp_proxy, reads upstream properties and counts connections.
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
e2e_http 200 -H 'This-Is-Key: this-is-value' -H 'Connection: close' http://localhost:18000/
e2e_body_is $'example body\n'

e2e_log_contains "new connection!"
e2e_log_contains ">>>>>> downstream data received >>>>>>"
e2e_log_contains "This-Is-Key: this-is-value"
e2e_log_contains "remote address: 127.0.0.1:8099"
e2e_log_contains "upstream cluster metadata location[cloud_provider]=aws"
e2e_log_contains "upstream cluster metadata location[region]=ap-northeast-1"
e2e_log_contains "upstream cluster metadata location[az]=ap-northeast-1a"
e2e_log_contains "<<<<<< upstream data received <<<<<<"
e2e_log_contains "example body"
e2e_log_contains "downstream connection close!"
e2e_log_contains "connection complete!"
counted_one() { [ "$(e2e_stat_value proxy_wasm_go.connection_counter)" = 1 ]; }
e2e_until 10 counted_one
e2e_pass
