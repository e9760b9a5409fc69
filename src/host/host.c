/*
 * host.c - clock and configurations.
 */
#include "../internal.h"

proxywasm_status proxywasm_time_get(uint64_t *ns) {
  uint64_t t = 0;
  proxywasm_status s = proxywasm__st(proxy_get_current_time_nanoseconds(&t));
  if (ns)
    *ns = s == PROXYWASM_OK ? t : 0;
  return s;
}

static proxywasm_status whole(proxywasm_buffer b, proxywasm_bytes *out) {
  proxywasm_status s = proxywasm_buffer_get(NULL, b, 0, PROXYWASM_BUFFER_ALL, out);
  if (s == PROXYWASM_OK && out->len == 0) {
    proxywasm__clear(out); /* a failure leaves the output empty */
    return PROXYWASM_NOT_FOUND;
  }
  return s;
}

proxywasm_status proxywasm_vm_configuration_get(proxywasm_bytes *out) {
  return whole(PROXYWASM_BUFFER_VM_CONFIGURATION, out);
}

proxywasm_status proxywasm_plugin_configuration_get(proxywasm_bytes *out) {
  return whole(PROXYWASM_BUFFER_PLUGIN_CONFIGURATION, out);
}

proxywasm_status proxywasm_foreign_get_arguments(proxywasm_bytes *out) {
  return whole(PROXYWASM_BUFFER_FOREIGN_FUNCTION_ARGUMENTS, out);
}
