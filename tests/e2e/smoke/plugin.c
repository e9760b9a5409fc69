/*
 * smoke - the walking skeleton: the smallest plugin that exercises the
 * whole path (configuration, plugin state, request and response hooks) in
 * a real Envoy. Configuration: {"header": "x-smoke", "value": "it works"};
 * the plugin adds that header to every response and logs each request path.
 */
#include <proxywasm.h>
#include <stdlib.h>

typedef struct smoke_config {
  char header[64];
  char value[256];
  size_t value_len;
} smoke_config;

/* Reads the string member key of root into buf; logs and fails otherwise. */
static bool read_string(const proxywasm_json *root, const char *key, char *buf, size_t cap,
                        size_t *len) {
  proxywasm_json v;
  proxywasm_status s = proxywasm_json_get(root, key, &v);
  if (s == PROXYWASM_OK)
    s = proxywasm_json_get_string(&v, buf, cap, len);
  if (s != PROXYWASM_OK) {
    proxywasm_log_errorf("smoke: bad configuration: \"%s\" must be a string of at most %zu "
                         "bytes (%s)",
                         key, cap - 1, proxywasm_status_str(s));
    return false;
  }
  return true;
}

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  proxywasm_bytes doc;
  proxywasm_json root;
  size_t header_len;
  (void)configuration_size;
  if (proxywasm_plugin_configuration_get(&doc) != PROXYWASM_OK) {
    proxywasm_log_error("smoke: bad configuration: none given");
    return false;
  }
  if (proxywasm_json_parse(doc, &root) != PROXYWASM_OK || root.type != PROXYWASM_JSON_OBJECT) {
    proxywasm_log_errorf("smoke: bad configuration: not a JSON object: %.40s", doc.data);
    return false;
  }
  smoke_config *cfg = calloc(1, sizeof *cfg);
  if (cfg == NULL) {
    proxywasm_log_error("smoke: out of memory");
    return false;
  }
  if (!read_string(&root, "header", cfg->header, sizeof cfg->header, &header_len) ||
      !read_string(&root, "value", cfg->value, sizeof cfg->value, &cfg->value_len)) {
    free(cfg);
    return false;
  }
  if (header_len == 0) {
    proxywasm_log_error("smoke: bad configuration: \"header\" is empty");
    free(cfg);
    return false;
  }
  free(proxywasm_plugin_get_data(plugin)); /* a reconfiguration replaces it */
  proxywasm_plugin_set_data(plugin, cfg);
  proxywasm_log_infof("smoke: configured %s: %s", cfg->header, cfg->value);
  return true;
}

static void on_plugin_delete(proxywasm_plugin *plugin) { free(proxywasm_plugin_get_data(plugin)); }

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  proxywasm_bytes path;
  (void)header_count;
  (void)end_of_stream;
  if (proxywasm_http_get_request_header(http, ":path", &path) == PROXYWASM_OK)
    proxywasm_log_infof("request path: %.*s", (int)path.len, path.data);
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_response_headers(proxywasm_http *http, size_t header_count,
                                            bool end_of_stream) {
  const smoke_config *cfg = proxywasm_plugin_get_data(proxywasm_http_plugin(http));
  (void)header_count;
  (void)end_of_stream;
  if (cfg != NULL) {
    proxywasm_status s =
        proxywasm_http_replace_response_header(http, cfg->header, cfg->value, cfg->value_len);
    if (s != PROXYWASM_OK)
      proxywasm_log_warnf("smoke: cannot set %s: %s", cfg->header, proxywasm_status_str(s));
  }
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_plugin_start, on_plugin_delete, on_request_headers, on_response_headers);
