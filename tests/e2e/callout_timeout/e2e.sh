#!/usr/bin/env bash
# callout_timeout in Envoy: the same three cases as plugin_test.c in the
# emulator. An auth callout that times out (Envoy answers it with :status
# 504) or cannot connect (503) must fail closed with 503, never pass and
# never become 403.
source "$(dirname "$0")/../lib.sh"
e2e_envoy_start

e2e_http 200 http://127.0.0.1:18310/
e2e_body_is "passed"
e2e_log_contains "auth answered 200"

e2e_http 503 http://127.0.0.1:18311/
e2e_body_is "auth unavailable"
e2e_log_contains "auth answered 504"

e2e_http 503 http://127.0.0.1:18312/
e2e_body_is "auth unavailable"
e2e_log_contains "auth answered 503"
e2e_log_lacks "auth call failed"
e2e_pass
