/*
 * json_validation - lets only JSON requests with the required keys through.
 *
 * Request headers: a content-type other than application/json is answered
 * with 403 "content-type must be provided". Request body: buffered until it
 * is complete, then parsed; invalid JSON, or JSON without one of the
 * configured keys, is answered with 403 "invalid payload".
 *
 * Configuration (JSON): {"requiredKeys": ["id", "token"]}. A key is a path as
 * proxywasm_json_get() takes it, so "user.id" looks inside "user".
 */
#include <string.h>

#include <proxywasm.h>

/* data as a double-quoted string with quotes, backslashes and control bytes
   escaped (as Go's %q does for ASCII), for unambiguous logs. The string is
   owned by ctx (release it with proxywasm_context_free); NULL if out of
   memory. */
static char *quote(proxywasm_context *ctx, proxywasm_bytes data) {
  char *q = proxywasm_context_alloc(ctx, data.len * 4 + 3), *p = q;
  if (q == NULL)
    return NULL;
  *p++ = '"';
  for (size_t i = 0; i < data.len; i++) {
    unsigned char c = (unsigned char)data.data[i];
    switch (c) {
    case '"':
    case '\\':
      *p++ = '\\';
      *p++ = (char)c;
      break;
    case '\n':
      *p++ = '\\';
      *p++ = 'n';
      break;
    case '\r':
      *p++ = '\\';
      *p++ = 'r';
      break;
    case '\t':
      *p++ = '\\';
      *p++ = 't';
      break;
    default:
      if (c < 0x20 || c == 0x7f)
        p += proxywasm_snprintf(p, 5, "\\x%02x", c);
      else
        *p++ = (char)c;
    }
  }
  *p++ = '"';
  *p = '\0';
  return q;
}

/* Per-plugin state: the required keys. */
typedef struct config {
  size_t num_keys;
  char *keys[]; /* num_keys NUL-terminated strings */
} config;

/* Parses the configuration into memory owned by the plugin; an empty one
   requires no keys. On failure returns NULL and sets *error. */
static config *config_parse(proxywasm_plugin *plugin, proxywasm_bytes data, const char **error) {
  proxywasm_json root, keys = {0}, key;
  size_t n = 0;
  if (data.len > 0) {
    if (proxywasm_json_parse(data, &root) != PROXYWASM_OK) {
      *error = "the plugin configuration is not a valid json";
      return NULL;
    }
    if (proxywasm_json_get(&root, "requiredKeys", &keys) == PROXYWASM_OK) {
      if (keys.type != PROXYWASM_JSON_ARRAY) {
        *error = "requiredKeys must be an array of strings";
        return NULL;
      }
      n = proxywasm_json_count(&keys);
    }
  }
  *error = "out of memory";
  config *cfg = proxywasm_plugin_alloc(plugin, sizeof *cfg + n * sizeof cfg->keys[0]);
  if (cfg == NULL)
    return NULL;
  proxywasm_json_iter it;
  proxywasm_json_iter_init(&keys, &it);
  while (cfg->num_keys < n && proxywasm_json_next(&it, NULL, &key)) {
    size_t len = 0;
    if (key.type != PROXYWASM_JSON_STRING) {
      *error = "requiredKeys must be an array of strings";
      return NULL;
    }
    (void)proxywasm_json_get_string(&key, NULL, 0, &len); /* sizing call: sets len */
    char *k = proxywasm_plugin_alloc(plugin, len + 1);
    if (k == NULL)
      return NULL;
    (void)proxywasm_json_get_string(&key, k, len + 1, &len);
    cfg->keys[cfg->num_keys++] = k;
  }
  return cfg;
}

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)configuration_size;
  proxywasm_bytes data;
  proxywasm_status s = proxywasm_plugin_configuration_get(&data);
  if (s != PROXYWASM_OK && s != PROXYWASM_NOT_FOUND) {
    proxywasm_log_criticalf("error reading plugin configuration: %s", proxywasm_status_str(s));
    return false;
  }
  const char *error;
  config *cfg = config_parse(plugin, data, &error);
  if (cfg == NULL) {
    char *quoted = quote(proxywasm_plugin_context(plugin), data);
    proxywasm_log_criticalf("error parsing plugin configuration: %s: %s", error,
                            quoted != NULL ? quoted : "");
    return false;
  }
  proxywasm_plugin_set_data(plugin, cfg);
  return true;
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  (void)header_count;
  (void)end_of_stream;
  proxywasm_bytes content_type;
  if (proxywasm_http_get_request_header(http, "content-type", &content_type) != PROXYWASM_OK ||
      !proxywasm_bytes_eq(content_type, "application/json")) {
    static const char body[] = "content-type must be provided";
    proxywasm_status s = proxywasm_http_send_response(http, 403, NULL, 0, PROXYWASM_STR(body));
    if (s != PROXYWASM_OK)
      proxywasm_log_errorf("failed to send the 403 response: %s", proxywasm_status_str(s));
    return PROXYWASM_PAUSE; /* the local response ends the stream */
  }
  return PROXYWASM_CONTINUE;
}

/* True if body is JSON with every required key; logs why not otherwise. */
static bool validate_payload(proxywasm_http *http, proxywasm_bytes body) {
  const config *cfg = proxywasm_plugin_get_data(proxywasm_http_plugin(http));
  proxywasm_json root, v;
  if (proxywasm_json_parse(body, &root) != PROXYWASM_OK) {
    char *quoted = quote(proxywasm_http_context(http), body);
    proxywasm_log_errorf("body is not a valid json: %s", quoted != NULL ? quoted : "");
    proxywasm_context_free(proxywasm_http_context(http), quoted);
    return false;
  }
  for (size_t i = 0; cfg != NULL && i < cfg->num_keys; i++) {
    if (proxywasm_json_get(&root, cfg->keys[i], &v) != PROXYWASM_OK) {
      proxywasm_log_errorf("required key (%s) is missing: %.*s", cfg->keys[i], (int)root.len,
                           root.text);
      return false;
    }
  }
  return true;
}

static proxywasm_action on_request_body(proxywasm_http *http, size_t body_size,
                                        bool end_of_stream) {
  /* Pausing makes Envoy buffer the chunks; body_size is everything so far. */
  if (!end_of_stream)
    return PROXYWASM_PAUSE;

  proxywasm_bytes body;
  proxywasm_status s = proxywasm_http_get_request_body(http, 0, body_size, &body);
  if (s != PROXYWASM_OK) {
    proxywasm_log_errorf("failed to get request body: %s", proxywasm_status_str(s));
    return PROXYWASM_CONTINUE;
  }
  if (!validate_payload(http, body)) {
    static const char msg[] = "invalid payload";
    s = proxywasm_http_send_response(http, 403, NULL, 0, PROXYWASM_STR(msg));
    if (s != PROXYWASM_OK)
      proxywasm_log_errorf("failed to send the 403 response: %s", proxywasm_status_str(s));
    return PROXYWASM_PAUSE;
  }
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_plugin_start, on_request_headers, on_request_body);
