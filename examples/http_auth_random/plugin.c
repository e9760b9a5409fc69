/*
 * http_auth_random - asynchronous authorization with an HTTP callout: each
 * request is paused while its headers are sent to the cluster "httpbin";
 * when the answer arrives, the FNV-1a hash of its body decides: even lets
 * the request continue, odd answers 403 "access forbidden".
 *
 * Port of the Go SDK's examples/http_auth_random, with the same log texts.
 */
#include <proxywasm.h>

#define CLUSTER_NAME "httpbin"

/* 32-bit FNV-1a, as Go's hash/fnv New32a. */
static uint32_t fnv1a32(proxywasm_bytes b) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < b.len; i++) {
    h ^= (unsigned char)b.data[i];
    h *= 16777619u;
  }
  return h;
}

/* Runs with the paused request as the current context (the SDK skips it if
   the request is gone). */
static void on_auth_response(proxywasm_context *caller, uint32_t token,
                             const proxywasm_http_call_response *response, void *user_data) {
  (void)token;
  (void)user_data;
  proxywasm_http *http = proxywasm_context_as_http(caller);

  proxywasm_header *headers;
  size_t count;
  proxywasm_status s = proxywasm_http_call_get_headers(&headers, &count);
  if (s != PROXYWASM_OK) {
    proxywasm_log_criticalf("failed to get response headers: %s", proxywasm_status_str(s));
    proxywasm_http_resume_request(http);
    return;
  }
  for (size_t i = 0; i < count; i++)
    proxywasm_log_infof("response header from %s: %s: %s", CLUSTER_NAME, headers[i].name.data,
                        headers[i].value.data);

  /* A failed call (no answer) has no body: fail open, like the Go example. */
  proxywasm_bytes body;
  s = proxywasm_http_call_get_body(0, response->body_size, &body);
  if (s != PROXYWASM_OK) {
    proxywasm_log_criticalf("failed to get response body: %s", proxywasm_status_str(s));
    proxywasm_http_resume_request(http);
    return;
  }

  if (fnv1a32(body) % 2 == 0) {
    proxywasm_log_info("access granted");
    proxywasm_http_resume_request(http);
    return;
  }

  static const char forbidden[] = "access forbidden";
  const proxywasm_header extra[] = {PROXYWASM_HEADER("powered-by", "proxy-wasm-go-sdk!!")};
  proxywasm_log_info(forbidden);
  s = proxywasm_http_send_response(http, 403, extra, 1, PROXYWASM_STR(forbidden));
  if (s != PROXYWASM_OK) {
    proxywasm_log_errorf("failed to send local response: %s", proxywasm_status_str(s));
    proxywasm_http_resume_request(http);
  }
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  (void)header_count;
  (void)end_of_stream;
  proxywasm_header *headers;
  size_t count;
  proxywasm_status s = proxywasm_http_get_request_headers(http, &headers, &count);
  if (s != PROXYWASM_OK) {
    proxywasm_log_criticalf("failed to get request headers: %s", proxywasm_status_str(s));
    return PROXYWASM_CONTINUE;
  }
  for (size_t i = 0; i < count; i++)
    proxywasm_log_infof("request header: %s: %s", headers[i].name.data, headers[i].value.data);

  /* Forward the request's own headers (:method, :path, :authority included). */
  proxywasm_http_call_request request = {
      .upstream = PROXYWASM_LIT(CLUSTER_NAME),
      .headers = headers,
      .header_count = count,
      .timeout_ms = 50000,
  };
  s = proxywasm_http_call(proxywasm_http_context(http), &request, on_auth_response, NULL, NULL);
  if (s != PROXYWASM_OK) {
    proxywasm_log_criticalf("dispatch httpcall failed: %s", proxywasm_status_str(s));
    return PROXYWASM_CONTINUE;
  }
  proxywasm_log_infof("http call dispatched to %s", CLUSTER_NAME);
  return PROXYWASM_PAUSE;
}

PROXYWASM_HOOKS(on_request_headers);
