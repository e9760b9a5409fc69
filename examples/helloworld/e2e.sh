#!/usr/bin/env bash
# helloworld in Envoy: the plugin starts, its one-second timer fires, and the
# filter lets requests through (Go e2e: "OnPluginStart from Go!" and "It's").
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
e2e_log_contains "wasm log: OnPluginStart from Go!"
e2e_log_contains "wasm log: It's "
e2e_log_contains "wasm log: OnTick called"

# "It's <unix nanoseconds>: random value: <number>", with a current time.
line=$(grep -m1 -oE "It's [0-9]+: random value: [0-9]+" "$E2E_LOG") ||
  e2e_fail "no well-formed tick line"
ns=${line#It\'s }
ns=${ns%%:*}
[ $((ns / 1000000000 - $(date +%s))) -le 60 ] && [ $(($(date +%s) - ns / 1000000000)) -le 60 ] ||
  e2e_fail "tick time $ns is not now"

e2e_http 200 http://localhost:18000/
e2e_body_is "example body
"
e2e_pass
