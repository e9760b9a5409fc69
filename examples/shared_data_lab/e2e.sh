#!/usr/bin/env bash
# shared_data_lab in Envoy: two modules with vm_id my_vm share one counter.
source "$(dirname "$0")/../../tests/e2e/lib.sh"

e2e_envoy_start
e2e_log_contains "wasm log my_vm: [wasm-extension]: Setting initial shared value 1"
e2e_http 200 http://127.0.0.1:18000/
e2e_body_is $'hello world\n'
e2e_log_contains "wasm log my_vm: incremented shared value: 2"
e2e_log_contains "wasm log my_vm: [second-extension]: Reading shared data: 2"
for i in 3 4 5; do
  e2e_http 200 http://127.0.0.1:18000/
  e2e_log_contains "incremented shared value: $i"
  e2e_log_contains "[second-extension]: Reading shared data: $i"
done
e2e_log_lacks "error getting shared data"
e2e_pass
