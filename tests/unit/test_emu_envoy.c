/*
 * test_emu_envoy.c - the emulator's answers where Envoy 1.40 was probed:
 * stream buffers outside their hook, hook result conversion, the effective
 * context 0, end-of-stream trailers, the access-log phase, gRPC tokens,
 * clusters, resuming the response, callout retries and body hooks while
 * headers are stopped. The plugin uses the raw ABI to see exact statuses.
 *
 * These answers were probed in Envoy once and are checked here against the
 * emulator only. The differential suite (tests/fidelity, make fidelity,
 * part of make check) checks the emulator against real Envoy (1.40.0 and
 * 1.36.2) on every run; a rule moved there is proven, one that stays only
 * here is a record. Add new Envoy facts as fidelity scenarios.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proxywasm.h"
#include "proxywasm/emulator.h"

/* The host imports (the SDK's private src/abi.h declares the same). */
uint32_t proxy_get_buffer_status(uint32_t buffer, size_t *size, uint32_t *flags);
uint32_t proxy_get_buffer_bytes(uint32_t buffer, size_t start, size_t max_size, const char **data,
                                size_t *size);
uint32_t proxy_set_buffer_bytes(uint32_t buffer, size_t start, size_t size, const char *data,
                                size_t data_size);
uint32_t proxy_get_header_map_value(uint32_t map, const char *key, size_t key_size,
                                    const char **value, size_t *value_size);
uint32_t proxy_get_header_map_pairs(uint32_t map, const char **data, size_t *size);
uint32_t proxy_get_header_map_size(uint32_t map, size_t *size);
uint32_t proxy_add_header_map_value(uint32_t map, const char *key, size_t key_size,
                                    const char *value, size_t value_size);
uint32_t proxy_set_effective_context(uint32_t context_id);
uint32_t proxy_continue_stream(uint32_t stream);
uint32_t proxy_send_local_response(uint32_t status_code, const char *details, size_t details_size,
                                   const char *body, size_t body_size, const char *headers,
                                   size_t headers_size, int32_t grpc_status);
uint32_t proxy_http_call(const char *upstream, size_t upstream_size, const char *headers,
                         size_t headers_size, const char *body, size_t body_size,
                         const char *trailers, size_t trailers_size, uint32_t timeout_ms,
                         uint32_t *token);
uint32_t proxy_grpc_call(const char *upstream, size_t upstream_size, const char *service,
                         size_t service_size, const char *method, size_t method_size,
                         const char *initial_metadata, size_t initial_metadata_size,
                         const char *message, size_t message_size, uint32_t timeout_ms,
                         uint32_t *token);
uint32_t proxy_grpc_stream(const char *upstream, size_t upstream_size, const char *service,
                           size_t service_size, const char *method, size_t method_size,
                           const char *initial_metadata, size_t initial_metadata_size,
                           uint32_t *token);
uint32_t proxy_grpc_send(uint32_t token, const char *message, size_t message_size,
                         uint32_t end_stream);
uint32_t proxy_grpc_close(uint32_t token);

/* ---- the plugin under test ---- */

/* Buffer types whose unavailable form is "empty", and the NOT_FOUND ones. */
static const uint32_t empty_types[] = {0, 1, 2, 3, 5, 8};
enum { NEMPTY = sizeof empty_types / sizeof empty_types[0] };

typedef struct buf_probe {
  uint32_t status, bytes, set, call_body_status, plugin_cfg_status;
  size_t size, len;
  const char *data;
} buf_probe;

enum { PH_START, PH_HEADERS, PH_LOG, PH_TICK, PH_COUNT };

static struct {
  /* what the hooks do */
  uint32_t req_headers_ret, req_body_ret, req_trailers_ret, resp_headers_ret;
  bool lr_in_headers, lr_in_body, lr_in_trailers;
  int tick_mode;
  uint32_t stream_id;
  proxywasm_emu_vm *vm;
  uint32_t other_token;
  /* what they saw */
  buf_probe probes[PH_COUNT][NEMPTY];
  uint32_t probe_call_body[PH_COUNT], probe_plugin_cfg[PH_COUNT];
  bool probed[PH_COUNT];
  uint32_t eos_value_before, eos_pairs, eos_size, eos_value_after, eos_add, eos_value_added;
  size_t eos_size_n;
  uint32_t log_value[8], log_size0;
  uint32_t t[16];
  proxywasm_status nested_reply;
  int responses;
} s;

static void probe(int ph) {
  for (int i = 0; i < NEMPTY; i++) {
    buf_probe *p = &s.probes[ph][i];
    uint32_t flags = 99;
    p->size = 99;
    p->status = proxy_get_buffer_status(empty_types[i], &p->size, &flags);
    p->data = "junk";
    p->len = 99;
    p->bytes = proxy_get_buffer_bytes(empty_types[i], 0, 10, &p->data, &p->len);
    p->set = proxy_set_buffer_bytes(empty_types[i], 0, 0, "x", 1);
  }
  size_t size;
  uint32_t flags;
  s.probe_call_body[ph] = proxy_get_buffer_status(4, &size, &flags);
  s.probe_plugin_cfg[ph] = proxy_get_buffer_status(7, &size, &flags);
  s.probed[ph] = true;
}

static bool on_plugin_start(proxywasm_plugin *p, size_t size) {
  (void)p, (void)size;
  probe(PH_START);
  return true;
}

static uint32_t local_reply(void) {
  return proxy_send_local_response(403, "", 0, "no", 2, NULL, 0, -1);
}

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)h, (void)n, (void)eos;
  probe(PH_HEADERS);
  if (s.lr_in_headers)
    local_reply();
  return (proxywasm_action)s.req_headers_ret;
}

static proxywasm_action on_request_body(proxywasm_http *h, size_t n, bool eos) {
  (void)h, (void)n;
  if (eos) {
    const char *v = NULL;
    size_t vl = 0;
    s.eos_value_before = proxy_get_header_map_value(1, "x-t", 3, &v, &vl);
    s.eos_pairs = proxy_get_header_map_pairs(1, &v, &vl);
    s.eos_size = proxy_get_header_map_size(1, &s.eos_size_n);
    s.eos_value_after = proxy_get_header_map_value(1, "x-t", 3, &v, &vl);
    s.eos_add = proxy_add_header_map_value(1, "x-t", 3, "1", 1);
    s.eos_value_added = proxy_get_header_map_value(1, "x-t", 3, &v, &vl);
  }
  if (s.lr_in_body)
    local_reply();
  return (proxywasm_action)s.req_body_ret;
}

static proxywasm_action on_request_trailers(proxywasm_http *h, size_t n) {
  (void)h, (void)n;
  if (s.lr_in_trailers)
    local_reply();
  return (proxywasm_action)s.req_trailers_ret;
}

static proxywasm_action on_response_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)h, (void)n, (void)eos;
  return (proxywasm_action)s.resp_headers_ret;
}

static void on_http_done(proxywasm_http *h) {
  (void)h;
  probe(PH_LOG);
  for (uint32_t t = 0; t < 8; t++) {
    const char *v;
    size_t vl;
    s.log_value[t] = proxy_get_header_map_value(t, "zz", 2, &v, &vl);
  }
  size_t n;
  s.log_size0 = proxy_get_header_map_size(0, &n);
}

/* ABI header pairs for :method, :path, :authority. */
static size_t call_headers(char *out) {
  static const char *const kv[] = {":method", "GET", ":path", "/", ":authority", "a"};
  uint32_t n = 3;
  memcpy(out, &n, 4);
  size_t off = 4;
  for (int i = 0; i < 6; i++) {
    uint32_t l = (uint32_t)strlen(kv[i]);
    memcpy(out + off, &l, 4);
    off += 4;
  }
  for (int i = 0; i < 6; i++) {
    memcpy(out + off, kv[i], strlen(kv[i]) + 1);
    off += strlen(kv[i]) + 1;
  }
  return off;
}

enum {
  TICK_PROBE = 1,
  TICK_EFFECTIVE,
  TICK_RESUME_RESP,
  TICK_AFTER_RESUME,
  TICK_GRPC,
  TICK_CLUSTERS,
  TICK_CALLOUTS,
  TICK_RESUME_REQ
};

static void on_answer(proxywasm_context *caller, uint32_t token,
                      const proxywasm_http_call_response *r, void *user) {
  (void)caller, (void)token, (void)r, (void)user;
  s.responses++;
}

static void on_answer_nested(proxywasm_context *caller, uint32_t token,
                             const proxywasm_http_call_response *r, void *user) {
  (void)caller, (void)token, (void)r;
  /* While one answer is being delivered, answering another is refused. */
  s.nested_reply = proxywasm_emu_callout_reply(user, s.other_token, NULL, 0, NULL, 0, NULL, 0);
  s.responses++;
}

static void on_tick(proxywasm_plugin *p) {
  const char *v;
  size_t vl;
  char hb[128];
  size_t hl;
  switch (s.tick_mode) {
  case TICK_PROBE:
    probe(PH_TICK);
    break;
  case TICK_EFFECTIVE:
    s.t[0] = proxy_set_effective_context(s.stream_id);
    s.t[1] = proxy_get_header_map_value(0, ":path", 5, &v, &vl);
    s.t[2] = proxy_set_effective_context(0);
    s.t[3] = proxy_get_header_map_value(0, ":path", 5, &v, &vl); /* root again */
    s.t[4] = proxy_set_effective_context(9999);
    break;
  case TICK_RESUME_RESP:
  case TICK_RESUME_REQ:
    proxy_set_effective_context(s.stream_id);
    s.t[0] = proxy_continue_stream(s.tick_mode == TICK_RESUME_RESP ? 1 : 0);
    break;
  case TICK_AFTER_RESUME:
    proxy_set_effective_context(s.stream_id);
    s.t[0] = proxy_get_header_map_value(0, ":path", 5, &v, &vl);
    s.t[1] = proxy_add_header_map_value(2, "x-r", 3, "1", 1);
    s.t[2] = proxy_get_header_map_value(2, "x-r", 3, &v, &vl);
    break;
  case TICK_GRPC:
    s.t[0] = proxy_grpc_send(12345, "m", 1, 0);
    s.t[1] = proxy_grpc_send(12346, "m", 1, 0);
    s.t[2] = proxy_grpc_call("c", 1, "s", 1, "m", 1, NULL, 0, "q", 1, 1000, &s.t[8]);
    s.t[3] = proxy_grpc_send(s.t[8], "m", 1, 0);
    s.t[4] = proxy_grpc_stream("c", 1, "s", 1, "m", 1, NULL, 0, &s.t[9]);
    s.t[5] = proxy_grpc_close(s.t[9]);
    s.t[6] = proxy_grpc_close(s.t[9]);
    s.t[7] = proxy_grpc_close(s.t[8]);
    break;
  case TICK_CLUSTERS:
    hl = call_headers(hb);
    s.t[0] = proxy_http_call("nosuch", 6, hb, hl, NULL, 0, NULL, 0, 1000, &s.t[8]);
    s.t[1] = proxy_grpc_call("nosuch", 6, "s", 1, "m", 1, NULL, 0, NULL, 0, 1000, &s.t[9]);
    s.t[2] = proxy_http_call("up", 2, hb, hl, NULL, 0, NULL, 0, 1000, &s.t[10]);
    break;
  case TICK_CALLOUTS: {
    static const proxywasm_header hs[] = {PROXYWASM_HEADER_INIT(":method", "GET"),
                                          PROXYWASM_HEADER_INIT(":path", "/"),
                                          PROXYWASM_HEADER_INIT(":authority", "a")};
    proxywasm_http_call_request r = {PROXYWASM_LIT_INIT("up"), hs, 3, NULL, 0, NULL, 0, 1000};
    s.t[0] = proxywasm_http_call(proxywasm_plugin_context(p), &r, on_answer_nested, s.vm, &s.t[8]);
    s.t[1] = proxywasm_http_call(proxywasm_plugin_context(p), &r, on_answer, NULL, &s.t[9]);
    break;
  }
  }
}

PROXYWASM_HOOKS(on_plugin_start, on_request_headers, on_request_body, on_request_trailers,
                on_response_headers, on_http_done, on_tick);

/* ---- helpers ---- */

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(proxywasm_emu_static_host());
  return 0;
}

static int setup(void **state) {
  (void)state;
  memset(&s, 0, sizeof s);
  return 0;
}

static const proxywasm_header req[] = {PROXYWASM_HEADER_INIT(":path", "/x"),
                                       PROXYWASM_HEADER_INIT(":method", "POST")};
static const proxywasm_header resp[] = {PROXYWASM_HEADER_INIT(":status", "200")};

static void tick(proxywasm_emu_vm *vm, int mode) {
  s.tick_mode = mode;
  memset(s.t, 0, sizeof s.t);
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
}

static void assert_empty_probes(int ph) {
  assert_true(s.probed[ph]);
  for (int i = 0; i < NEMPTY; i++) {
    buf_probe *p = &s.probes[ph][i];
    assert_int_equal(p->status, PROXYWASM_OK);
    assert_int_equal(p->size, 0);
    assert_int_equal(p->bytes, PROXYWASM_OK);
    assert_null(p->data);
    assert_int_equal(p->len, 0);
    assert_int_equal(p->set, PROXYWASM_BAD_ARGUMENT);
  }
  assert_int_equal(s.probe_call_body[ph], PROXYWASM_NOT_FOUND);
}

/* ---- tests ---- */

/* A1: stream buffers outside their hook are empty, in every phase. */
static void test_stream_buffers_outside_hooks(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, "cfg");
  assert_non_null(vm);
  assert_empty_probes(PH_START);
  assert_int_equal(s.probe_plugin_cfg[PH_START], PROXYWASM_OK);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, req, 2, true), PROXYWASM_CONTINUE);
  assert_empty_probes(PH_HEADERS);
  assert_int_equal(s.probe_plugin_cfg[PH_HEADERS], PROXYWASM_NOT_FOUND);
  tick(vm, TICK_PROBE);
  assert_empty_probes(PH_TICK);
  proxywasm_emu_http_complete(vm, id);
  assert_empty_probes(PH_LOG);
  proxywasm_emu_free(emu);
}

/* Runs a request headers hook returning ret: the driver and get_action give
   ret itself; the result is what Envoy applies. */
static proxywasm_action headers_with(proxywasm_emu_vm *vm, uint32_t ret, bool lr) {
  s.req_headers_ret = ret;
  s.lr_in_headers = lr;
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, req, 2, false), ret);
  assert_int_equal(proxywasm_emu_get_action(vm, id), ret);
  return proxywasm_emu_get_applied_action(vm, id);
}

/* A2/B9: hook results are converted as cpp-host does (get_applied_action);
   the drivers report the raw result. */
static void test_result_conversion(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_int_equal(headers_with(vm, 0, false), PROXYWASM_CONTINUE);
  assert_int_equal(headers_with(vm, 1, false), PROXYWASM_HEADERS_STOP_ALL_AND_WATERMARK);
  assert_int_equal(headers_with(vm, 2, false), PROXYWASM_CONTINUE);
  assert_int_equal(headers_with(vm, 3, false), PROXYWASM_HEADERS_STOP_ALL_AND_BUFFER);
  assert_int_equal(headers_with(vm, 4, false), PROXYWASM_HEADERS_STOP_ALL_AND_WATERMARK);
  assert_int_equal(headers_with(vm, 9, false), PROXYWASM_HEADERS_STOP_ALL_AND_WATERMARK);
  assert_int_equal(headers_with(vm, 0, true), PROXYWASM_HEADERS_STOP_ALL_AND_WATERMARK);
  assert_int_equal(headers_with(vm, 3, true), PROXYWASM_HEADERS_STOP_ALL_AND_WATERMARK);

  /* ContinueAndEndStream drops the header pointer like Continue... */
  s.req_headers_ret = 2;
  s.lr_in_headers = false;
  s.stream_id = proxywasm_emu_http_new(vm, 0);
  proxywasm_emu_on_request_headers(vm, s.stream_id, req, 2, false);
  tick(vm, TICK_EFFECTIVE);
  assert_int_equal(s.t[1], PROXYWASM_BAD_ARGUMENT);
  /* ...while a stop keeps it. */
  s.req_headers_ret = 1;
  s.stream_id = proxywasm_emu_http_new(vm, 0);
  proxywasm_emu_on_request_headers(vm, s.stream_id, req, 2, false);
  tick(vm, TICK_EFFECTIVE);
  assert_int_equal(s.t[1], PROXYWASM_OK);

  /* Bodies: 0-3 pass, above or after a local reply StopIterationNoBuffer. */
  static const uint32_t body_in[] = {0, 1, 2, 3, 4, 77};
  static const proxywasm_action body_out[] = {PROXYWASM_CONTINUE,
                                              PROXYWASM_DATA_STOP_AND_BUFFER,
                                              PROXYWASM_DATA_STOP_AND_WATERMARK,
                                              PROXYWASM_DATA_STOP_NO_BUFFER,
                                              PROXYWASM_DATA_STOP_NO_BUFFER,
                                              PROXYWASM_DATA_STOP_NO_BUFFER};
  for (size_t i = 0; i < 6; i++) {
    s.req_body_ret = body_in[i];
    uint32_t id = proxywasm_emu_http_new(vm, 0);
    assert_int_equal(proxywasm_emu_on_request_body(vm, id, "ab", 2, false), body_in[i]);
    assert_int_equal(proxywasm_emu_get_action(vm, id), body_in[i]);
    assert_int_equal(proxywasm_emu_get_applied_action(vm, id), body_out[i]);
  }
  s.req_body_ret = 0;
  s.lr_in_body = true;
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, "ab", 2, true), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_get_applied_action(vm, id), PROXYWASM_DATA_STOP_NO_BUFFER);
  size_t len = 9;
  proxywasm_emu_get_request_body_sent(vm, id, &len);
  assert_int_equal(len, 0); /* not buffered, not sent */

  /* Trailers: 0 Continue, anything else StopIteration. */
  s.lr_in_body = false;
  static const uint32_t tr_in[] = {0, 1, 2, 5};
  static const proxywasm_action tr_out[] = {PROXYWASM_CONTINUE, PROXYWASM_PAUSE, PROXYWASM_PAUSE,
                                            PROXYWASM_PAUSE};
  for (size_t i = 0; i < 4; i++) {
    s.req_trailers_ret = tr_in[i];
    id = proxywasm_emu_http_new(vm, 0);
    assert_int_equal(proxywasm_emu_on_request_trailers(vm, id, req, 1), tr_in[i]);
    assert_int_equal(proxywasm_emu_get_applied_action(vm, id), tr_out[i]);
  }
  s.req_trailers_ret = 0;
  s.lr_in_trailers = true;
  id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_request_trailers(vm, id, req, 1), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_get_applied_action(vm, id), PROXYWASM_PAUSE);
  /* A body PAUSE after a local reply is not buffered (applied 3). */
  s.lr_in_trailers = false;
  s.req_body_ret = PROXYWASM_PAUSE;
  s.lr_in_body = true;
  id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, "ab", 2, false), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_get_applied_action(vm, id), PROXYWASM_DATA_STOP_NO_BUFFER);
  s.lr_in_body = false;
  /* A second chunk is not appended to the first: nothing was buffered. */
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, "cd", 2, true), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_get_applied_action(vm, id), PROXYWASM_DATA_STOP_AND_BUFFER);
  size_t blen = 0;
  assert_memory_equal(proxywasm_emu_get_request_body(vm, id, &blen), "cd", 2);
  assert_int_equal(blen, 2);
  /* Not a stream: no action. */
  assert_int_equal(proxywasm_emu_get_applied_action(vm, proxywasm_emu_vm_root(vm)),
                   PROXYWASM_EMU_BAD_ACTION);
  assert_int_equal(proxywasm_emu_get_applied_action(vm, 999), PROXYWASM_EMU_BAD_ACTION);
  proxywasm_emu_free(emu);
}

/* A3: proxy_set_effective_context(0) is OK and goes back to the caller. */
static void test_effective_context_zero(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  s.req_headers_ret = 1;
  s.stream_id = proxywasm_emu_http_new(vm, 0);
  proxywasm_emu_on_request_headers(vm, s.stream_id, req, 2, false);
  tick(vm, TICK_EFFECTIVE);
  assert_int_equal(s.t[0], PROXYWASM_OK);
  assert_int_equal(s.t[1], PROXYWASM_OK);
  assert_int_equal(s.t[2], PROXYWASM_OK);
  assert_int_equal(s.t[3], PROXYWASM_BAD_ARGUMENT); /* the root has no headers */
  assert_int_equal(s.t[4], PROXYWASM_BAD_ARGUMENT);
  proxywasm_emu_free(emu);
}

/* A4: end-of-stream trailers exist once written or sized. */
static void test_eos_trailers_created_on_write(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, "ab", 2, true), PROXYWASM_CONTINUE);
  assert_int_equal(s.eos_value_before, PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(s.eos_pairs, PROXYWASM_OK);
  assert_int_equal(s.eos_size, PROXYWASM_OK);
  assert_int_equal(s.eos_size_n, 0);
  assert_int_equal(s.eos_value_after, PROXYWASM_NOT_FOUND);
  assert_int_equal(s.eos_add, PROXYWASM_OK);
  assert_int_equal(s.eos_value_added, PROXYWASM_OK);
  size_t n;
  proxywasm_emu_get_request_trailers(vm, id, &n);
  assert_int_equal(n, 1);
  /* Not end of stream: no trailers to create. */
  id = proxywasm_emu_http_new(vm, 0);
  s.eos_value_before = 0;
  proxywasm_emu_on_request_body(vm, id, "ab", 2, false);
  assert_int_equal(s.eos_value_before, 0); /* the eos block did not run */
  proxywasm_emu_free(emu);
}

/* A5: in on_log a missing map of any type reads NOT_FOUND; size is refused. */
static void test_log_missing_maps(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_emu_on_request_headers(vm, id, req, 2, true);
  proxywasm_emu_on_response_headers(vm, id, resp, 1, true);
  proxywasm_emu_http_complete(vm, id);
  for (int t = 0; t < 8; t++)
    assert_int_equal(s.log_value[t], PROXYWASM_NOT_FOUND); /* "zz" is in no map */
  assert_int_equal(s.log_size0, PROXYWASM_BAD_ARGUMENT);
  proxywasm_emu_free(emu);
}

/* A6/B10: gRPC tokens and closes. */
static void test_grpc_tokens_and_close(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  tick(vm, TICK_GRPC);
  assert_int_equal(s.t[0], PROXYWASM_BAD_ARGUMENT); /* odd: a call token */
  assert_int_equal(s.t[1], PROXYWASM_NOT_FOUND);    /* even, unknown */
  assert_int_equal(s.t[2], PROXYWASM_OK);
  assert_int_equal(s.t[8] & 1, 1);
  assert_int_equal(s.t[3], PROXYWASM_BAD_ARGUMENT); /* send on a call */
  assert_int_equal(s.t[4], PROXYWASM_OK);
  assert_int_equal(s.t[9] & 1, 0);
  assert_int_equal(s.t[5], PROXYWASM_OK);
  assert_int_equal(s.t[6], PROXYWASM_OK); /* half-closed: still known */
  assert_int_equal(s.t[7], PROXYWASM_OK);
  uint32_t call = s.t[8], stream = s.t[9];
  assert_true(proxywasm_emu_grpc_find(vm, call)->closed);
  assert_true(proxywasm_emu_grpc_find(vm, stream)->half_closed);
  assert_false(proxywasm_emu_grpc_find(vm, stream)->closed);
  assert_int_equal(proxywasm_emu_grpc_reply_message(vm, call, "r", 1), PROXYWASM_NOT_FOUND);
  assert_int_equal(proxywasm_emu_grpc_reply_message(vm, stream, "r", 1), PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_grpc_reply_close(vm, stream, 0, NULL), PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_grpc_reply_close(vm, stream, 0, NULL), PROXYWASM_NOT_FOUND);
  proxywasm_emu_free(emu);
}

/* A7: clusters. */
static void test_clusters(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  /* Lenient default: accepted, but the risk is reported. */
  tick(vm, TICK_CLUSTERS);
  assert_int_equal(s.t[0], PROXYWASM_OK);
  assert_int_equal(s.t[1], PROXYWASM_OK);
  /* (the last accepted call, to "up", wrote the warning) */
  assert_non_null(strstr(proxywasm_emu_error(emu), "\"up\" accepted only because"));
  /* Strict: Envoy's statuses. */
  proxywasm_emu_set_strict_clusters(emu, true);
  tick(vm, TICK_CLUSTERS);
  assert_int_equal(s.t[0], PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(s.t[1], PROXYWASM_PARSE_FAILURE);
  assert_int_equal(s.t[2], PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_emu_add_cluster(emu, "up"), PROXYWASM_OK);
  tick(vm, TICK_CLUSTERS);
  assert_int_equal(s.t[0], PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(s.t[2], PROXYWASM_OK);
  /* Declared clusters without strict mode behave the same. */
  proxywasm_emu_set_strict_clusters(emu, false);
  tick(vm, TICK_CLUSTERS);
  assert_int_equal(s.t[0], PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(s.t[1], PROXYWASM_PARSE_FAILURE);
  proxywasm_emu_free(emu);
}

/* B8: resuming the response drops the request pointers, not the response's. */
static void test_resume_response_keeps_response_maps(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  s.req_headers_ret = 1;
  s.resp_headers_ret = 1;
  s.stream_id = proxywasm_emu_http_new(vm, 0);
  proxywasm_emu_on_request_headers(vm, s.stream_id, req, 2, false);
  proxywasm_emu_on_response_headers(vm, s.stream_id, resp, 1, false);
  tick(vm, TICK_RESUME_RESP);
  assert_int_equal(s.t[0], PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_get_resume_count(vm, s.stream_id, PROXYWASM_STREAM_HTTP_RESPONSE),
                   1);
  tick(vm, TICK_AFTER_RESUME);
  assert_int_equal(s.t[0], PROXYWASM_BAD_ARGUMENT); /* request headers gone */
  assert_int_equal(s.t[1], PROXYWASM_OK);           /* response headers writable */
  assert_int_equal(s.t[2], PROXYWASM_OK);
  assert_string_equal(proxywasm_emu_get_response_header(vm, s.stream_id, "x-r"), "1");
  proxywasm_emu_free(emu);
}

/* C: a refused callout answer can be retried. */
static void test_refused_answer_can_be_retried(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  s.vm = vm;
  tick(vm, TICK_CALLOUTS);
  assert_int_equal(s.t[0], PROXYWASM_OK);
  assert_int_equal(s.t[1], PROXYWASM_OK);
  uint32_t a = s.t[8], b = s.t[9];
  s.other_token = b;
  assert_int_equal(proxywasm_emu_callout_reply(vm, a, NULL, 0, NULL, 0, NULL, 0), PROXYWASM_OK);
  assert_int_equal(s.nested_reply, PROXYWASM_INTERNAL_FAILURE);
  assert_false(proxywasm_emu_callout_find(vm, b)->answered);
  assert_int_equal(proxywasm_emu_callout_reply(vm, b, NULL, 0, NULL, 0, NULL, 0), PROXYWASM_OK);
  assert_int_equal(s.responses, 2);
  assert_int_equal(proxywasm_emu_callout_reply(vm, b, NULL, 0, NULL, 0, NULL, 0),
                   PROXYWASM_NOT_FOUND);
  proxywasm_emu_free(emu);
}

/* C: Envoy runs no body or trailers hook while that side's headers are stopped. */
static void test_body_refused_while_headers_stopped(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  s.req_headers_ret = 1;
  s.stream_id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(vm, s.stream_id, req, 2, false),
                   PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_get_applied_action(vm, s.stream_id),
                   PROXYWASM_HEADERS_STOP_ALL_AND_WATERMARK);
  assert_int_equal(proxywasm_emu_on_request_body(vm, s.stream_id, "ab", 2, false),
                   PROXYWASM_EMU_BAD_ACTION);
  assert_non_null(strstr(proxywasm_emu_error(emu), "stopped"));
  assert_int_equal(proxywasm_emu_on_request_trailers(vm, s.stream_id, req, 1),
                   PROXYWASM_EMU_BAD_ACTION);
  /* The response side is independent. */
  assert_int_equal(proxywasm_emu_on_response_headers(vm, s.stream_id, resp, 1, false),
                   PROXYWASM_CONTINUE);
  tick(vm, TICK_RESUME_REQ);
  assert_int_equal(s.t[0], PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_get_action(vm, s.stream_id), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_get_applied_action(vm, s.stream_id), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_on_request_body(vm, s.stream_id, "ab", 2, true),
                   PROXYWASM_CONTINUE);
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_stream_buffers_outside_hooks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_result_conversion, setup, teardown),
      cmocka_unit_test_setup_teardown(test_effective_context_zero, setup, teardown),
      cmocka_unit_test_setup_teardown(test_eos_trailers_created_on_write, setup, teardown),
      cmocka_unit_test_setup_teardown(test_log_missing_maps, setup, teardown),
      cmocka_unit_test_setup_teardown(test_grpc_tokens_and_close, setup, teardown),
      cmocka_unit_test_setup_teardown(test_clusters, setup, teardown),
      cmocka_unit_test_setup_teardown(test_resume_response_keeps_response_maps, setup, teardown),
      cmocka_unit_test_setup_teardown(test_refused_answer_can_be_retried, setup, teardown),
      cmocka_unit_test_setup_teardown(test_body_refused_while_headers_stopped, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
