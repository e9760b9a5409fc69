#!/usr/bin/env bash
# vm_plugin_configuration in Envoy: both configurations are logged at start.
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
e2e_log_contains 'name": "vm configuration'
e2e_log_contains 'name": "plugin configuration'
e2e_log_contains "vm config: {"
e2e_log_contains "plugin config: {"
e2e_log_lacks "error reading"
e2e_http 200 http://127.0.0.1:18000/
e2e_pass
