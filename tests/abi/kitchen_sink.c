/* A plugin that lists every hook and calls every hostcall wrapper, so that
   its module carries every import and export of the ABI. tests/abi/check.sh
   compares them, with their wasm signatures, against expected.txt. It is
   built, never run. */
#include <proxywasm.h>

static const proxywasm_header hdr[] = {PROXYWASM_HEADER(":path", "/")};

static void on_call(proxywasm_context *caller, uint32_t token,
                    const proxywasm_http_call_response *r, void *user) {
  (void)caller, (void)token, (void)r, (void)user;
  proxywasm_header *h;
  size_t n;
  proxywasm_bytes b;
  uint32_t code;
  proxywasm_http_call_get_headers(&h, &n);
  proxywasm_http_call_get_body(0, PROXYWASM_BUFFER_ALL, &b);
  proxywasm_status_get(&code, &b);
}

static const proxywasm_grpc_callbacks grpc_cbs = {0};

static bool on_vm_start(proxywasm_plugin *p, size_t n) {
  (void)n;
  proxywasm_bytes b;
  proxywasm_log_level level;
  uint64_t t;
  proxywasm_vm_configuration_get(&b);
  proxywasm_log_level_get(&level);
  proxywasm_time_get(&t);
  proxywasm_log_infof("%d", 1);
  proxywasm_tick_period_set(proxywasm_plugin_context(p), 1);
  return true;
}

static bool on_plugin_start(proxywasm_plugin *p, size_t n) {
  (void)n;
  proxywasm_context *c = proxywasm_plugin_context(p);
  proxywasm_bytes b;
  uint32_t cas, q, tok;
  proxywasm_metric m;
  uint64_t v;
  proxywasm_shared_data_get("k", &b, &cas);
  proxywasm_shared_data_set("k", "v", 1, cas);
  proxywasm_queue_register(c, "q", &q);
  proxywasm_queue_resolve("vm", "q", &q);
  proxywasm_queue_enqueue(q, "x", 1);
  proxywasm_queue_dequeue(q, &b);
  proxywasm_counter_define("c", &m);
  proxywasm_metric_increment(m, 1);
  proxywasm_metric_record(m, 1);
  proxywasm_metric_get(m, &v);
  proxywasm_foreign_call("compress", "x", 1, &b);
  proxywasm_http_call_request req = {PROXYWASM_LIT_INIT("cluster"), hdr, 1, NULL, 0, NULL, 0, 1000};
  proxywasm_http_call(c, &req, on_call, NULL, &tok);
  proxywasm_grpc_request g = {PROXYWASM_LIT("cluster"), "svc", "m", NULL, 0, NULL, 0, 0};
  proxywasm_grpc_call(c, &g, &grpc_cbs, NULL, &tok);
  proxywasm_grpc_stream(c, &g, &grpc_cbs, NULL, &tok);
  proxywasm_grpc_send(tok, "x", 1, false);
  proxywasm_grpc_cancel(tok);
  proxywasm_grpc_close(tok);
  proxywasm_property_get(PROXYWASM_PATH("plugin_name"), &b);
  proxywasm_property_set(PROXYWASM_PATH("my_state"), "x", 1);
  return true;
}

static bool on_plugin_done(proxywasm_plugin *p) {
  proxywasm_plugin_done(p);
  return false;
}
static void on_plugin_delete(proxywasm_plugin *p) { (void)p; }
static void on_plugin_log(proxywasm_plugin *p) { (void)p; }
static void on_tick(proxywasm_plugin *p) {
  proxywasm_context_set_effective(proxywasm_plugin_context(p));
}
static void on_queue_ready(proxywasm_plugin *p, uint32_t id) { (void)p, (void)id; }
static void on_foreign_function(proxywasm_plugin *p, uint32_t id, size_t n) {
  (void)p, (void)id, (void)n;
  proxywasm_bytes b;
  proxywasm_foreign_get_arguments(&b);
}

static void on_http_create(proxywasm_http *h) { (void)h; }
static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_bytes v;
  proxywasm_header *all;
  size_t count, size;
  uint32_t flags;
  proxywasm_http_get_request_header(h, "a", &v);
  proxywasm_http_add_request_header(h, "a", "b", 1);
  proxywasm_http_replace_request_header(h, "a", "b", 1);
  proxywasm_http_remove_request_header(h, "a");
  proxywasm_http_get_request_headers(h, &all, &count);
  proxywasm_http_set_request_headers(h, all, count);
  proxywasm_headers_size(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_HEADERS, &size);
  proxywasm_buffer_status(proxywasm_http_context(h), PROXYWASM_BUFFER_HTTP_REQUEST_BODY, &size,
                          &flags);
  return PROXYWASM_CONTINUE;
}
static proxywasm_action on_request_body(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_bytes b;
  proxywasm_http_get_request_body(h, 0, 10, &b);
  proxywasm_http_replace_request_body(h, "x", 1);
  return PROXYWASM_CONTINUE;
}
static proxywasm_action on_request_trailers(proxywasm_http *h, size_t n) {
  (void)n;
  proxywasm_http_resume_request(h);
  return PROXYWASM_CONTINUE;
}
static proxywasm_action on_response_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_http_send_response(h, 403, hdr, 1, "no", 2);
  return PROXYWASM_PAUSE;
}
static proxywasm_action on_response_body(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_http_reset(h);
  return PROXYWASM_CONTINUE;
}
static proxywasm_action on_response_trailers(proxywasm_http *h, size_t n) {
  (void)h, (void)n;
  return PROXYWASM_CONTINUE;
}
static void on_http_done(proxywasm_http *h) { (void)h; }
static void on_http_delete(proxywasm_http *h) { (void)h; }

static void on_tcp_create(proxywasm_tcp *t) { (void)t; }
static proxywasm_action on_new_connection(proxywasm_tcp *t) {
  proxywasm_tcp_resume(t);
  return PROXYWASM_CONTINUE;
}
static proxywasm_action on_downstream_data(proxywasm_tcp *t, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_tcp_close_downstream(t);
  return PROXYWASM_CONTINUE;
}
static void on_downstream_close(proxywasm_tcp *t, proxywasm_peer p) { (void)t, (void)p; }
static proxywasm_action on_upstream_data(proxywasm_tcp *t, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_tcp_close_upstream(t);
  return PROXYWASM_CONTINUE;
}
static void on_upstream_close(proxywasm_tcp *t, proxywasm_peer p) { (void)t, (void)p; }
static void on_tcp_done(proxywasm_tcp *t) { (void)t; }
static void on_tcp_delete(proxywasm_tcp *t) { (void)t; }

PROXYWASM_HOOKS(on_vm_start, on_plugin_start, on_plugin_done, on_plugin_delete, on_plugin_log,
                on_tick, on_queue_ready, on_foreign_function, on_http_create, on_request_headers,
                on_request_body, on_request_trailers, on_response_headers, on_response_body,
                on_response_trailers, on_http_done, on_http_delete, on_tcp_create,
                on_new_connection, on_downstream_data, on_downstream_close, on_upstream_data,
                on_upstream_close, on_tcp_done, on_tcp_delete);
