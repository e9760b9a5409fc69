#!/usr/bin/env bash
# http_auth_random in Envoy: requests are held while the plugin asks the
# local "httpbin" (a listener answering {"uuid": "<random>"}); some are let
# through, the others get the plugin's 403 (Go e2e: logs contain "access
# forbidden", "access granted" and "response header from httpbin: :status: 200").
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
granted=0 forbidden=0
for _ in $(seq 1 60); do
  code=$(curl -s --max-time 10 -o "$E2E_BODY" -D "$E2E_HEADERS" -w '%{http_code}' \
    -H 'this-is-key: this-is-value' http://localhost:18000/uuid)
  case $code in
    200)
      # Exactly the upstream's '{"uuid": "%UNIQUE_ID%"}\n' (a random UUID).
      grep -qxE '\{"uuid": "[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"\}' "$E2E_BODY" &&
        [ "$(wc -l <"$E2E_BODY")" = 1 ] && [ "$(tail -c1 "$E2E_BODY" | od -An -c | tr -d ' ')" = '\n' ] ||
        e2e_fail "body is $(cat "$E2E_BODY"), want {\"uuid\": \"<uuid>\"} and a newline"
      granted=$((granted + 1)) ;;
    403)
      e2e_body_is "access forbidden"
      e2e_header_is powered-by 'proxy-wasm-go-sdk!!'
      forbidden=$((forbidden + 1)) ;;
    *) e2e_fail "GET /uuid: status $code, want 200 or 403" ;;
  esac
  [ "$granted" -gt 0 ] && [ "$forbidden" -gt 0 ] && break
done
[ "$granted" -gt 0 ] && [ "$forbidden" -gt 0 ] ||
  e2e_fail "want both outcomes; granted $granted, forbidden $forbidden"

e2e_log_contains "request header: this-is-key: this-is-value"
e2e_log_contains "request header: :path: /uuid"
e2e_log_contains "http call dispatched to httpbin"
e2e_log_contains "response header from httpbin: :status: 200"
e2e_log_contains "access granted"
e2e_log_contains "access forbidden"
[ "$(e2e_log_count "wasm log: access granted")" = "$granted" ] ||
  e2e_fail "$granted requests got through but the log says otherwise"
e2e_pass "granted $granted, forbidden $forbidden"
