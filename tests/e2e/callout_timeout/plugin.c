/*
 * callout_timeout - the HTTP-auth pattern that must fail closed: each
 * request waits for a callout to the auth cluster (the plugin
 * configuration names it) with a 300 ms timeout; 200 lets the request
 * through, any other answer is refused with 403, and when the auth service
 * cannot answer (Envoy's own 504 on a timeout, 503 for an unreachable
 * upstream, or a failed call) the request gets 503.
 *
 * Envoy delivers a timeout as an ANSWER with :status 504, not as a failed
 * call: a plugin that only checks response->status would let it through
 * or deny it as 403. Tested in the emulator (plugin_test.c) and in Envoy
 * (e2e.sh) with the same expectations.
 */
#include <string.h>

#include <proxywasm.h>

static char cluster[64];

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)plugin;
  proxywasm_bytes conf;
  if (configuration_size == 0 || configuration_size >= sizeof cluster ||
      proxywasm_plugin_configuration_get(&conf) != PROXYWASM_OK) {
    proxywasm_log_error("configuration: the auth cluster's name");
    return false;
  }
  memcpy(cluster, conf.data, conf.len);
  cluster[conf.len] = 0;
  return true;
}

static void deny(proxywasm_http *http, uint32_t code, const char *why) {
  if (proxywasm_http_send_response(http, code, NULL, 0, why, strlen(why)) != PROXYWASM_OK)
    proxywasm_http_reset(http); /* never let the request through unchecked */
}

static void on_auth(proxywasm_context *caller, uint32_t token,
                    const proxywasm_http_call_response *response, void *user_data) {
  (void)token;
  (void)user_data;
  proxywasm_http *http = proxywasm_context_as_http(caller);
  proxywasm_bytes status = {0};
  if (response->status != PROXYWASM_OK ||
      proxywasm_http_call_get_header(":status", &status) != PROXYWASM_OK) {
    proxywasm_log_warn("auth call failed");
    deny(http, 503, "auth unavailable");
    return;
  }
  proxywasm_log_infof("auth answered %.*s", (int)status.len, status.data);
  if (proxywasm_bytes_eq(status, "200"))
    proxywasm_http_resume_request(http);
  else if (status.len == 3 && status.data[0] == '5') /* 504 timeout, 503 unreachable */
    deny(http, 503, "auth unavailable");
  else
    deny(http, 403, "denied");
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  (void)header_count;
  (void)end_of_stream;
  static const proxywasm_header headers[] = {PROXYWASM_HEADER_INIT(":method", "GET"),
                                             PROXYWASM_HEADER_INIT(":path", "/check"),
                                             PROXYWASM_HEADER_INIT(":authority", "auth")};
  proxywasm_http_call_request request = {.upstream = proxywasm_bytes_cstr(cluster),
                                         .headers = headers,
                                         .header_count = 3,
                                         .timeout_ms = 300};
  if (proxywasm_http_call(proxywasm_http_context(http), &request, on_auth, NULL, NULL) !=
      PROXYWASM_OK)
    deny(http, 503, "auth unavailable");
  return PROXYWASM_PAUSE; /* until on_auth decides (or the local response) */
}

PROXYWASM_HOOKS(on_plugin_start, on_request_headers);
