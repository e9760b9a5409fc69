/*
 * quickstart: adds the response header named in the plugin configuration
 * and logs the path of every request.
 *
 * Configuration (JSON): {"header": "x-hello", "value": "from proxy-wasm-c"}
 */
#define PROXYWASM_UNTRACKED_STREAMS /* one plugin per VM: no extra call per request */
#include <proxywasm.h>

typedef struct config {
  char name[64], value[256];
  proxywasm_checked_header header; /* checked once here, sent on every response */
} config;

/* Reads and checks the configuration once per plugin instance; returning
   false makes Envoy reject the configuration. */
static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)configuration_size;
  /* Owned by the plugin context: freed by the SDK when the plugin goes. */
  config *cfg = proxywasm_plugin_alloc(plugin, sizeof *cfg);
  proxywasm_bytes raw;
  proxywasm_json root, field;
  size_t name_len = 0, value_len = 0;
  if (cfg == NULL)
    return false;
  if (proxywasm_plugin_configuration_get(&raw) != PROXYWASM_OK ||
      proxywasm_json_parse(raw, &root) != PROXYWASM_OK ||
      proxywasm_json_get(&root, "header", &field) != PROXYWASM_OK ||
      proxywasm_json_get_string(&field, cfg->name, sizeof cfg->name, &name_len) != PROXYWASM_OK ||
      proxywasm_json_get(&root, "value", &field) != PROXYWASM_OK ||
      proxywasm_json_get_string(&field, cfg->value, sizeof cfg->value, &value_len) !=
          PROXYWASM_OK ||
      proxywasm_header_check((proxywasm_bytes){cfg->name, name_len},
                             (proxywasm_bytes){cfg->value, value_len},
                             &cfg->header) != PROXYWASM_OK) {
    proxywasm_log_error("quickstart: the configuration must be "
                        "{\"header\": \"<name>\", \"value\": \"<value>\"}");
    return false;
  }
  proxywasm_plugin_set_data(plugin, cfg);
  proxywasm_log_infof("quickstart: adding \"%s: %s\" to responses", cfg->name, cfg->value);
  return true;
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  (void)header_count;
  (void)end_of_stream;
  proxywasm_bytes path;
  if (proxywasm_http_get_request_header(http, ":path", &path) == PROXYWASM_OK)
    proxywasm_log_infof("quickstart: request path %.*s", (int)path.len, path.data);
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_response_headers(proxywasm_http *http, size_t header_count,
                                            bool end_of_stream) {
  (void)header_count;
  (void)end_of_stream;
  const config *cfg = proxywasm_plugin_get_data(proxywasm_http_plugin(http));
  if (cfg != NULL)
    proxywasm_headers_add_checked(proxywasm_http_context(http), PROXYWASM_MAP_HTTP_RESPONSE_HEADERS,
                                  &cfg->header);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_plugin_start, on_request_headers, on_response_headers);
