#!/usr/bin/env bash
# The walking skeleton in a real Envoy: the smoke plugin reads its JSON
# configuration, logs request paths and adds the configured response header;
# a configuration that is not JSON makes Envoy refuse the plugin.
source "$(dirname "$0")/../lib.sh"

# Good configuration, two workers.
E2E_CONCURRENCY=2
e2e_envoy_start
e2e_http 200 http://127.0.0.1:18000/smoke
e2e_body_is $'smoke ok\n'
e2e_header_is x-smoke "it works"
# Stream contexts log with the plugin name as prefix.
e2e_log_contains "wasm log smoke: request path: /smoke"
# on_plugin_start ran N+2 times: base VM, configuration canary, one per worker.
starts_are() { [ "$(e2e_log_count "smoke: configured x-smoke: it works")" = "$1" ]; }
e2e_until 10 starts_are 4
e2e_http 200 http://127.0.0.1:18000/again
e2e_header_is x-smoke "it works"
e2e_log_contains "request path: /again"
e2e_envoy_stop
starts_are 4 || e2e_fail "on_plugin_start ran $(e2e_log_count "smoke: configured") times, want 4"

# A configuration that is not JSON: the plugin returns false from
# on_plugin_start. Envoy 1.40 runs the plugin even in --mode validate, so
# validation fails too, with the plugin's reason in its output.
bad=tests/e2e/smoke/bad-config.yaml
reason="smoke: bad configuration: not a JSON object: x-smoke: it works"
if scripts/envoy.sh --mode validate --disable-hot-restart -c "$bad" >"$E2E_DIR/validate-bad.log" 2>&1; then
  e2e_fail "envoy --mode validate accepted $bad"
fi
grep -qF "$reason" "$E2E_DIR/validate-bad.log" || e2e_fail "validate output lacks the plugin's reason"
grep -qF "Unable to create Wasm plugin smoke" "$E2E_DIR/validate-bad.log" ||
  e2e_fail "validate output lacks Envoy's refusal"

# At startup Envoy exits non-zero before its listeners are ready.
E2E_CONCURRENCY=1
e2e_envoy_start_fails "$bad"
e2e_log_contains "$reason"
e2e_log_contains "Failed to configure base Wasm plugin"
e2e_log_contains "Unable to create Wasm plugin smoke"
e2e_log_lacks "request path"
e2e_pass
