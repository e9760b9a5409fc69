/*
 * multiple_dispatches - holds each response until ten HTTP callouts made on
 * its behalf have been answered.
 *
 * On response headers the plugin sends TOTAL_DISPATCH_NUM GET requests to the
 * "httpbin" cluster and pauses. Every callout callback runs in the stream's
 * context; the last one adds "total-dispatched: 10" to the held response and
 * resumes it.
 */
#include <proxywasm.h>

#define CLUSTER_NAME "httpbin"
#define TOTAL_DISPATCH_NUM 10

/* Per-stream state. */
typedef struct stream {
  int pending; /* callouts sent and not answered yet */
} stream;

static void dispatch_callback(proxywasm_context *caller, uint32_t token,
                              const proxywasm_http_call_response *response, void *user_data);

static proxywasm_action on_response_headers(proxywasm_http *http, size_t header_count,
                                            bool end_of_stream) {
  (void)header_count;
  (void)end_of_stream;
  static const proxywasm_header headers[] = {
      PROXYWASM_HEADER_INIT(":path", "/"),
      PROXYWASM_HEADER_INIT(":method", "GET"),
      PROXYWASM_HEADER_INIT(":authority", ""),
  };
  const proxywasm_http_call_request request = {
      .upstream = PROXYWASM_LIT(CLUSTER_NAME),
      .headers = headers,
      .header_count = sizeof headers / sizeof headers[0],
      .timeout_ms = 50000,
  };
  stream *st = proxywasm_http_alloc(http, sizeof *st); /* freed with the stream */
  if (st == NULL)
    return PROXYWASM_CONTINUE;

  for (int i = 0; i < TOTAL_DISPATCH_NUM; i++) {
    /* Callouts are asynchronous: this loop does not wait for the answers. */
    proxywasm_status s =
        proxywasm_http_call(proxywasm_http_context(http), &request, dispatch_callback, st, NULL);
    if (s != PROXYWASM_OK) {
      proxywasm_log_criticalf("failed to dispatch http call: %s", proxywasm_status_str(s));
      break;
    }
    st->pending++;
  }
  return st->pending > 0 ? PROXYWASM_PAUSE : PROXYWASM_CONTINUE;
}

/* Runs with the calling stream as the current context. The SDK skips it if
   the stream is already gone, so its state st is still alive here. */
static void dispatch_callback(proxywasm_context *caller, uint32_t token,
                              const proxywasm_http_call_response *response, void *user_data) {
  (void)token;
  (void)response; /* answered or failed, it is no longer pending */
  proxywasm_http *http = (proxywasm_http *)caller;
  stream *st = user_data;
  if (--st->pending > 0) {
    proxywasm_log_infof("pending dispatched requests: %d", st->pending);
    return;
  }
  /* All answered: decorate the held response and let it go. */
  proxywasm_http_add_response_header(http, "total-dispatched", PROXYWASM_STR("10"));
  proxywasm_http_resume_response(http);
  proxywasm_log_infof("response resumed after processed %d dispatched request", TOTAL_DISPATCH_NUM);
}

PROXYWASM_HOOKS(on_response_headers);
