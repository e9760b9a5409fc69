/*
 * http_headers - reads and writes request and response headers.
 *
 * Requests: sets "test: best" and logs every request header.
 * Responses: adds "x-proxy-wasm-go-sdk-example: http_headers" and the header
 * named in the plugin configuration, then logs every response header.
 *
 * Configuration (JSON): {"header": "<header name>", "value": "<header value>"}
 */
#include <string.h>

#include <proxywasm.h>

#define CONFIG_FORMAT_ERROR                                                                      \
  "invalid configuration format; expected {\"header\": \"<header name>\", \"value\": \"<header " \
  "value>\"}"

/* Per-plugin state: the configured response header (NULLs if none). */
typedef struct config {
  char *header_name;
  char *header_value;
} config;

/* A copy of the string member key of object without surrounding ASCII
   whitespace, owned by the plugin; NULL if it is missing, not a string,
   blank or out of memory. */
static char *trimmed_string(proxywasm_plugin *plugin, const proxywasm_json *object,
                            const char *key) {
  proxywasm_json v;
  size_t len;
  if (proxywasm_json_get(object, key, &v) != PROXYWASM_OK || v.type != PROXYWASM_JSON_STRING)
    return NULL;
  (void)proxywasm_json_get_string(&v, NULL, 0, &len); /* sizing call: sets len */
  char *s = proxywasm_plugin_alloc(plugin, len + 1);
  if (s == NULL || proxywasm_json_get_string(&v, s, len + 1, &len) != PROXYWASM_OK)
    return NULL;
  size_t start = strspn(s, " \t\r\n\v\f");
  while (len > start && strchr(" \t\r\n\v\f", s[len - 1]) != NULL)
    len--;
  memmove(s, s + start, len - start);
  s[len - start] = '\0';
  return s[0] != '\0' ? s : NULL;
}

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)configuration_size;
  proxywasm_log_debug("loading plugin config");
  proxywasm_bytes data;
  proxywasm_status s = proxywasm_plugin_configuration_get(&data);
  if (s == PROXYWASM_NOT_FOUND)
    return true; /* no configuration: only the fixed header is added */
  if (s != PROXYWASM_OK) {
    proxywasm_log_criticalf("error reading plugin configuration: %s", proxywasm_status_str(s));
    return false;
  }

  /* Memory from proxywasm_plugin_alloc() lives as long as the plugin. */
  proxywasm_json root;
  config *cfg = proxywasm_plugin_alloc(plugin, sizeof *cfg);
  if (cfg == NULL || proxywasm_json_parse(data, &root) != PROXYWASM_OK ||
      (cfg->header_name = trimmed_string(plugin, &root, "header")) == NULL ||
      (cfg->header_value = trimmed_string(plugin, &root, "value")) == NULL) {
    proxywasm_log_critical(CONFIG_FORMAT_ERROR);
    return false;
  }
  proxywasm_log_infof("header from config: %s = %s", cfg->header_name, cfg->header_value);
  proxywasm_plugin_set_data(plugin, cfg);
  return true;
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  (void)header_count;
  (void)end_of_stream;
  if (proxywasm_http_replace_request_header(http, "test", PROXYWASM_STR("best")) != PROXYWASM_OK)
    proxywasm_log_critical("failed to set request header: test");

  proxywasm_header *headers;
  size_t count;
  proxywasm_status s = proxywasm_http_get_request_headers(http, &headers, &count);
  if (s != PROXYWASM_OK)
    proxywasm_log_criticalf("failed to get request headers: %s", proxywasm_status_str(s));
  for (size_t i = 0; i < count; i++)
    proxywasm_log_infof("request header --> %s: %s", headers[i].name.data, headers[i].value.data);
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_response_headers(proxywasm_http *http, size_t header_count,
                                            bool end_of_stream) {
  (void)header_count;
  (void)end_of_stream;
  const config *cfg = proxywasm_plugin_get_data(proxywasm_http_plugin(http));
  const char *name = cfg != NULL ? cfg->header_name : "";
  const char *value = cfg != NULL ? cfg->header_value : "";
  proxywasm_log_infof("adding header: %s=%s", name, value);

  /* A fixed header, then the configured one. */
  proxywasm_status s = proxywasm_http_add_response_header(http, "x-proxy-wasm-go-sdk-example",
                                                          PROXYWASM_STR("http_headers"));
  if (s != PROXYWASM_OK)
    proxywasm_log_criticalf("failed to set response constant header: %s", proxywasm_status_str(s));
  if (name[0] != '\0') {
    s = proxywasm_http_add_response_header(http, name, value, strlen(value));
    if (s != PROXYWASM_OK)
      proxywasm_log_criticalf("failed to set response headers: %s", proxywasm_status_str(s));
  }

  proxywasm_header *headers;
  size_t count;
  s = proxywasm_http_get_response_headers(http, &headers, &count);
  if (s != PROXYWASM_OK)
    proxywasm_log_criticalf("failed to get response headers: %s", proxywasm_status_str(s));
  for (size_t i = 0; i < count; i++)
    proxywasm_log_infof("response header <-- %s: %s", headers[i].name.data, headers[i].value.data);
  return PROXYWASM_CONTINUE;
}

/* The stream is over (access-log phase). */
static void on_http_done(proxywasm_http *http) {
  proxywasm_log_infof("%u finished", (unsigned)proxywasm_context_id(proxywasm_http_context(http)));
}

PROXYWASM_HOOKS(on_plugin_start, on_request_headers, on_response_headers, on_http_done);
