/*
 * auth_callout - asks an authorization service about every request. The
 * request waits (PAUSE) while its authorization header goes to the
 * service; a 200 lets it through, any other answer gets 403, and a service
 * that is slow or down (Envoy answers the callout itself: 504 after the
 * timeout, 503 when it cannot connect) gets 503.
 *
 * Configuration (JSON, all optional):
 *   {"cluster": "auth", "path": "/check", "timeout_ms": 500}
 */
#include <proxywasm.h>

typedef struct config {
  proxywasm_bytes cluster, path;
  uint32_t timeout_ms;
} config;

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  proxywasm_context *ctx = proxywasm_plugin_context(plugin);
  proxywasm_bytes doc = {0};
  if (configuration_size)
    (void)proxywasm_plugin_configuration_get(&doc);
  proxywasm_json_reader r;
  proxywasm_json_reader_init(&r, doc);
  proxywasm_bytes cluster = proxywasm_json_reader_get_string(&r, "cluster", "auth");
  proxywasm_bytes path = proxywasm_json_reader_get_string(&r, "path", "/check");
  config *c = proxywasm_plugin_alloc(plugin, sizeof *c);
  if (c == NULL || proxywasm_context_copy(ctx, cluster, &c->cluster) ||
      proxywasm_context_copy(ctx, path, &c->path))
    return false;
  c->timeout_ms = (uint32_t)proxywasm_json_reader_get_int(&r, "timeout_ms", 500);
  if (proxywasm_json_reader_error(&r)) {
    proxywasm_log_errorf("auth_callout: bad configuration: %s", proxywasm_json_reader_error(&r));
    return false;
  }
  proxywasm_plugin_set_data(plugin, c);
  return true;
}

static void deny(proxywasm_http *http, uint32_t status, const char *body) {
  proxywasm_log_infof("auth: %u %s", (unsigned)status, body);
  proxywasm_http_send_response(http, status, NULL, 0, PROXYWASM_STR(body));
}

static void on_auth_answer(proxywasm_context *caller, uint32_t token,
                           const proxywasm_http_call_response *response, void *user_data) {
  (void)token, (void)user_data, (void)response;
  proxywasm_http *http = proxywasm_context_as_http(caller);
  proxywasm_bytes status = {0};
  (void)proxywasm_http_call_get_header(":status", &status);
  if (proxywasm_bytes_eq(status, "200"))
    proxywasm_http_resume_request(http);
  else if (proxywasm_bytes_eq(status, "503") || proxywasm_bytes_eq(status, "504") || !status.len)
    deny(http, 503, "authorization unavailable");
  else
    deny(http, 403, "access denied");
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  (void)header_count, (void)end_of_stream;
  const config *c = proxywasm_plugin_get_data(proxywasm_http_plugin(http));
  proxywasm_bytes auth;
  if (proxywasm_http_get_request_header(http, "authorization", &auth) != PROXYWASM_OK) {
    deny(http, 401, "authorization required");
    return PROXYWASM_PAUSE;
  }
  proxywasm_header headers[] = {PROXYWASM_HEADER(":method", "GET"),
                                proxywasm_header_bytes(":path", c->path),
                                proxywasm_header_bytes(":authority", c->cluster),
                                proxywasm_header_bytes("authorization", auth)};
  proxywasm_http_call_request call = {
      .upstream = c->cluster, .headers = headers, .header_count = 4, .timeout_ms = c->timeout_ms};
  if (proxywasm_http_call(proxywasm_http_context(http), &call, on_auth_answer, NULL, NULL))
    deny(http, 503, "authorization unavailable");
  return PROXYWASM_PAUSE;
}

PROXYWASM_HOOKS(on_plugin_start, on_request_headers);
