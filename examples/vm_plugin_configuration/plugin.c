/*
 * vm_plugin_configuration - prints the VM configuration when the VM starts
 * and the plugin configuration when the plugin starts.
 *
 * Envoy passes vm_config.configuration and config.configuration as bytes
 * (a google.protobuf.StringValue unwrapped). Port of the Go SDK's
 * examples/vm_plugin_configuration.
 */
#include <proxywasm.h>

static bool on_vm_start(proxywasm_plugin *plugin, size_t vm_configuration_size) {
  (void)plugin, (void)vm_configuration_size;
  proxywasm_bytes config;
  proxywasm_status s = proxywasm_vm_configuration_get(&config);
  if (s != PROXYWASM_OK)
    proxywasm_log_criticalf("error reading vm configuration: %s", proxywasm_status_str(s));
  /* On failure config is empty, so this logs "vm config: " as Go does. */
  proxywasm_log_infof("vm config: %.*s", (int)config.len, config.data);
  return true;
}

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)plugin, (void)configuration_size;
  proxywasm_bytes config;
  proxywasm_status s = proxywasm_plugin_configuration_get(&config);
  if (s != PROXYWASM_OK)
    proxywasm_log_criticalf("error reading plugin configuration: %s", proxywasm_status_str(s));
  proxywasm_log_infof("plugin config: %.*s", (int)config.len, config.data);
  return true;
}

PROXYWASM_HOOKS(on_vm_start, on_plugin_start);
