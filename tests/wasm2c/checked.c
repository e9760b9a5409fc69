/* checked.c - the plugin of test_checked.c, the quickstart's pattern with a
   checked header: the configuration "name=value" is copied into memory the
   plugin context owns and checked once in on_plugin_start (a refused header
   refuses the configuration); every response gets it without a check. In
   the module, views are 32-bit pointers: the proof's own width. */
#include <proxywasm.h>

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)configuration_size;
  proxywasm_bytes raw;
  if (proxywasm_plugin_configuration_get(&raw) != PROXYWASM_OK)
    return false;
  /* Owned by the plugin context: alive and unchanged while it is sent. */
  proxywasm_checked_header *h = proxywasm_plugin_alloc(plugin, sizeof *h + raw.len);
  if (h == NULL)
    return false;
  char *copy = (char *)(h + 1);
  memcpy(copy, raw.data, raw.len);
  const char *eq = memchr(copy, '=', raw.len);
  if (eq == NULL)
    return false;
  proxywasm_bytes name = {copy, (size_t)(eq - copy)};
  proxywasm_bytes value = {eq + 1, raw.len - name.len - 1};
  if (proxywasm_header_check(name, value, h) != PROXYWASM_OK)
    return false; /* the check logged which header and why */
  return proxywasm_plugin_set_data(plugin, h) == PROXYWASM_OK;
}

static proxywasm_action on_response_headers(proxywasm_http *http, size_t header_count, bool eos) {
  (void)header_count, (void)eos;
  const proxywasm_checked_header *h = proxywasm_plugin_get_data(proxywasm_http_plugin(http));
  if (h != NULL)
    proxywasm_headers_add_checked(proxywasm_http_context(http), PROXYWASM_MAP_HTTP_RESPONSE_HEADERS,
                                  h);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_plugin_start, on_response_headers);
