/*
 * two_plugins - one module, two plugins, told apart by root_id (Envoy's
 * root_id of each filter configuration; Istio's WasmPlugin pluginName):
 *  - "tagger" adds its configuration as an x-tag response header;
 *  - "guard" answers requests under /admin with 403 itself.
 * The module exports only the hooks the two list.
 */
#include <proxywasm.h>

/* tagger: the configuration, kept in the plugin's own memory. */
static bool tagger_on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)configuration_size;
  proxywasm_bytes cfg = PROXYWASM_LIT("untagged");
  (void)proxywasm_plugin_configuration_get(&cfg);
  proxywasm_bytes *tag = proxywasm_plugin_alloc(plugin, sizeof *tag);
  if (tag == NULL || proxywasm_context_copy(proxywasm_plugin_context(plugin), cfg, tag))
    return false;
  proxywasm_plugin_set_data(plugin, tag);
  return true;
}

static proxywasm_action tagger_on_response_headers(proxywasm_http *http, size_t header_count,
                                                   bool end_of_stream) {
  (void)header_count, (void)end_of_stream;
  const proxywasm_bytes *tag = proxywasm_plugin_get_data(proxywasm_http_plugin(http));
  proxywasm_http_replace_response_header(http, "x-tag", PROXYWASM_BYTES(*tag));
  return PROXYWASM_CONTINUE;
}

/* guard: no state. */
static proxywasm_action guard_on_request_headers(proxywasm_http *http, size_t header_count,
                                                 bool end_of_stream) {
  (void)header_count, (void)end_of_stream;
  proxywasm_bytes path;
  if (proxywasm_http_get_request_header(http, ":path", &path) != PROXYWASM_OK ||
      !proxywasm_bytes_starts_with(path, "/admin"))
    return PROXYWASM_CONTINUE;
  static const char body[] = "forbidden by guard\n";
  proxywasm_http_send_response(http, 403, NULL, 0, PROXYWASM_STR(body));
  return PROXYWASM_PAUSE;
}

PROXYWASM_PLUGIN(tagger, "tagger", on_plugin_start, on_response_headers);
PROXYWASM_PLUGIN(guard, "guard", on_request_headers);
