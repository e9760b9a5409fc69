#!/usr/bin/env bash
# Envoy runs on_vm_start for every plugin context of a VM, not once per VM:
# examples/vm_plugin_configuration as two filters sharing one VM logs its VM
# configuration once per plugin, right before that plugin's configuration.
# The emulator does the same (proxywasm_emu_plugin_add; tests/unit
# test_emu_host and test_sdk_plugin count two on_vm_start for two plugins).
source "$(dirname "$0")/../lib.sh"

e2e_envoy_start
e2e_log_contains '"name": "second plugin configuration"'
e2e_envoy_stop
# Per thread, the order of the two hooks' lines: vm, plugin, vm, plugin.
order=$(sed -n 's/^.*\]\[\([0-9]*\)\]\[info\]\[wasm\].*wasm log: \(vm\|plugin\) config: .*/\1 \2/p' "$E2E_LOG")
for t in $(awk '{print $1}' <<<"$order" | sort -u); do
  seq=$(awk -v t="$t" '$1 == t {printf "%s ", $2}' <<<"$order")
  case $seq in
    *"vm plugin vm plugin "*) ;;
    *) e2e_fail "thread $t ran: $seq(want on_vm_start before each plugin's on_plugin_start)" ;;
  esac
done
vm=$(e2e_log_count "wasm log: vm config: {")
plugin=$(e2e_log_count "wasm log: plugin config: {")
[ "$vm" = "$plugin" ] && [ "$vm" -ge 4 ] || e2e_fail "on_vm_start ran $vm times, on_plugin_start $plugin"
e2e_pass "on_vm_start once per plugin context ($vm)"
