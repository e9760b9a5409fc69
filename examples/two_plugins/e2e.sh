#!/usr/bin/env bash
# two_plugins in Envoy: one module configured twice with two root_ids in
# one filter chain. "guard" answers /admin with 403; "tagger" adds x-tag
# from its configuration to every other response, and to guard's 403 (a
# local response passes through the response hooks of the filters before it).
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
e2e_http 200 http://127.0.0.1:18000/
e2e_header_is x-tag blue
e2e_body_is $'example body\n'
e2e_http 403 http://127.0.0.1:18000/admin/users
e2e_body_is $'forbidden by guard\n'
e2e_log_lacks "no PROXYWASM_PLUGIN has root_id"
e2e_pass "two plugins of one module, selected by root_id"
