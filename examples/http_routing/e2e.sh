#!/usr/bin/env bash
# http_routing in Envoy: requests are routed to both the primary and the
# canary cluster, depending on the plugin's dice.
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start

seen_primary=0 seen_canary=0
# One request; succeeds once both upstreams have answered at least once.
both_seen() {
  e2e_http 200 http://localhost:18000/ || return 1
  grep -qF 'hello from primary!' "$E2E_BODY" && seen_primary=1
  grep -qF 'hello from canary!' "$E2E_BODY" && seen_canary=1
  [ "$seen_primary" = 1 ] && [ "$seen_canary" = 1 ]
}
e2e_until 20 both_seen
e2e_log_contains "wasm log: value: "
e2e_pass
