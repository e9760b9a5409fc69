/*
 * test_emu_http.c - the emulator and the SDK together on HTTP streams:
 * lifecycle order, header map semantics, body buffering, phase rules,
 * local responses, resuming and resets.
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

/* ---- the plugin under test ---- */

/* What the hooks saw, for the tests to check. */
static struct {
  proxywasm_status path_st, missing_st, body_in_headers_st, resp_in_req_st;
  char path[64];
  size_t map_size;
  size_t body_sizes[8];
  int nbodies;
  bool buffer_until_eos;
  proxywasm_status write_req_in_resp_st;
  proxywasm_status log_read_st, log_write_st, log_trailer_st;
  char log_path[64];
  proxywasm_status add_trailer_st;
  bool deny;
  bool reset;
  uint32_t paused_id;
  proxywasm_status bad_splice_st, cfg_write_st, cfg_read_late_st;
  proxywasm_status log_size_st, wm_resume_st, write_after_resume_st;
  bool watermark;
  char config[64];
} seen;

static bool on_plugin_start(proxywasm_plugin *p, size_t size) {
  (void)p;
  proxywasm_bytes cfg;
  if (size && proxywasm_plugin_configuration_get(&cfg) == PROXYWASM_OK)
    snprintf(seen.config, sizeof seen.config, "%.*s", (int)cfg.len, cfg.data);
  return strcmp(seen.config, "fail") != 0;
}

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n;
  (void)eos;
  proxywasm_bytes v;
  seen.path_st = proxywasm_http_get_request_header(h, ":path", &v);
  if (seen.path_st == PROXYWASM_OK)
    snprintf(seen.path, sizeof seen.path, "%.*s", (int)v.len, v.data);
  seen.missing_st = proxywasm_http_get_request_header(h, "x-missing", &v);
  proxywasm_http_add_request_header(h, "X-Multi", "a", 1);
  proxywasm_http_add_request_header(h, "x-multi", "b", 1);
  proxywasm_http_replace_request_header(h, "X-Rep", "new", 3);
  proxywasm_http_replace_request_header(h, "x-added", "1", 1);
  proxywasm_http_remove_request_header(h, "remove-me");
  proxywasm_headers_size(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_HEADERS,
                         &seen.map_size);
  seen.body_in_headers_st = proxywasm_http_get_request_body(h, 0, 10, &v);
  seen.resp_in_req_st = proxywasm_http_get_response_header(h, ":status", &v);
  if (seen.deny) {
    proxywasm_header extra[] = {PROXYWASM_HEADER("x-why", "denied")};
    proxywasm_local_response r = {403, "access denied", extra, 1, "no", 2, 7};
    proxywasm_http_send_local_response(h, &r);
    return PROXYWASM_CONTINUE; /* Envoy stops the chain anyway */
  }
  if (proxywasm_http_get_request_header(h, "x-pause", &v) == PROXYWASM_OK) {
    seen.paused_id = proxywasm_context_id(proxywasm_http_context(h));
    return PROXYWASM_PAUSE;
  }
  if (proxywasm_http_get_request_header(h, "x-self-resume", &v) == PROXYWASM_OK) {
    /* Envoy drops the request headers as soon as the stream is resumed. */
    seen.wm_resume_st = proxywasm_http_resume_request(h);
    seen.write_after_resume_st = proxywasm_http_add_request_header(h, "too-late", "1", 1);
    return PROXYWASM_PAUSE;
  }
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_request_body(proxywasm_http *h, size_t size, bool eos) {
  if (seen.nbodies < 8)
    seen.body_sizes[seen.nbodies++] = size;
  if (seen.buffer_until_eos && !eos)
    return PROXYWASM_PAUSE;
  proxywasm_bytes b;
  if (proxywasm_http_get_request_body(h, 0, PROXYWASM_BUFFER_ALL, &b) == PROXYWASM_OK) {
    char up[256];
    size_t n = b.len < sizeof up ? b.len : sizeof up;
    for (size_t i = 0; i < n; i++)
      up[i] = (char)(b.data[i] >= 'a' && b.data[i] <= 'z' ? b.data[i] - 32 : b.data[i]);
    proxywasm_http_replace_request_body(h, up, n);
    proxywasm_http_prepend_request_body(h, "<", 1);
    proxywasm_http_append_request_body(h, ">", 1);
    seen.bad_splice_st = proxywasm_buffer_set(proxywasm_http_context(h),
                                              PROXYWASM_BUFFER_HTTP_REQUEST_BODY, 1, 0, "x", 1);
  }
  /* Configurations are read-only, and the plugin's only while it starts. */
  seen.cfg_write_st = proxywasm_buffer_set(proxywasm_http_context(h),
                                           PROXYWASM_BUFFER_VM_CONFIGURATION, 0, 0, "x", 1);
  proxywasm_bytes cfg;
  seen.cfg_read_late_st = proxywasm_plugin_configuration_get(&cfg);
  if (seen.watermark && !eos)
    return PROXYWASM_DATA_STOP_AND_WATERMARK;
  if (eos)
    seen.add_trailer_st = proxywasm_http_add_request_trailer(h, "x-checksum", "42", 2);
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_response_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n;
  (void)eos;
  proxywasm_http_add_response_header(h, "x-resp", "yes", 3);
  seen.write_req_in_resp_st = proxywasm_http_add_request_header(h, "late", "1", 1);
  if (seen.reset)
    proxywasm_http_reset(h);
  return PROXYWASM_CONTINUE;
}

static void on_http_done(proxywasm_http *h) {
  proxywasm_bytes v;
  seen.log_read_st = proxywasm_http_get_request_header(h, ":path", &v);
  if (seen.log_read_st == PROXYWASM_OK)
    snprintf(seen.log_path, sizeof seen.log_path, "%.*s", (int)v.len, v.data);
  seen.log_write_st = proxywasm_http_add_request_header(h, "x", "1", 1);
  seen.log_trailer_st = proxywasm_http_get_request_trailer(h, "x", &v);
  size_t size;
  seen.log_size_st =
      proxywasm_headers_size(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_HEADERS, &size);
  proxywasm_log_info("stream done");
}

static void on_http_delete(proxywasm_http *h) {
  (void)h;
  proxywasm_log_debug("stream deleted");
}

static void on_tick(proxywasm_plugin *p) {
  (void)p;
  /* Resume the paused request from outside its hook. */
  proxywasm_context *c = proxywasm_context_find(seen.paused_id);
  if (c) {
    proxywasm_http *h = (proxywasm_http *)c;
    proxywasm_http_replace_request_header(h, "x-resumed", "1", 1);
    proxywasm_http_resume_request(h);
  }
}

PROXYWASM_HOOKS(on_plugin_start, on_request_headers, on_request_body, on_response_headers,
                on_http_done, on_http_delete, on_tick);

/* ---- tests ---- */

/* Frees what a failed test left loaded, so the next test can start. */
static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(proxywasm_emu_static_host());
  return 0;
}

static int reset_seen(void **state) {
  (void)state;
  memset(&seen, 0, sizeof seen);
  return 0;
}

/* A request with repeated and mixed-case names. */
#define REQ                                                                    \
  proxywasm_header req[] = {{PROXYWASM_LIT(":path"), PROXYWASM_LIT("/hello")}, \
                            {PROXYWASM_LIT(":method"), PROXYWASM_LIT("GET")},  \
                            {PROXYWASM_LIT("X-Rep"), PROXYWASM_LIT("old")},    \
                            {PROXYWASM_LIT("x-rep"), PROXYWASM_LIT("old2")},   \
                            {PROXYWASM_LIT("remove-me"), PROXYWASM_LIT("1")},  \
                            {PROXYWASM_LIT("Remove-Me"), PROXYWASM_LIT("2")}}; \
  (void)req

static void test_lifecycle_order(void **state) {
  (void)state;
  REQ;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, "cfg");
  assert_non_null(vm);
  assert_string_equal(seen.config, "cfg");
  uint32_t root = proxywasm_emu_vm_root(vm);
  assert_int_equal(root, 1);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(id, 2);
  proxywasm_emu_on_request_headers(vm, id, req, 2, true);
  proxywasm_emu_http_complete(vm, id);
  const char *want = "proxy_on_context_create(1,0)\n"
                     "proxy_on_configure(1,3)\n"
                     "proxy_on_context_create(2,1)\n"
                     "proxy_on_request_headers(2,2,1)\n"
                     "proxy_on_log(2)\n"
                     "proxy_on_delete(2)\n";
  assert_string_equal(proxywasm_emu_vm_trace(vm), want);
  assert_int_equal(proxywasm_emu_context_state_of(vm, id), PROXYWASM_EMU_CONTEXT_DELETED);
  assert_true(proxywasm_emu_context_log_contains(vm, id, PROXYWASM_LOG_INFO, "stream done"));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_DEBUG, "stream deleted"));
  /* Recorded state survives the delete. */
  assert_string_equal(proxywasm_emu_get_request_header(vm, id, ":path"), "/hello");
  /* Drivers on a deleted stream are misuse, reported, never a crash. */
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, req, 1, true),
                   PROXYWASM_EMU_BAD_ACTION);
  assert_non_null(strstr(proxywasm_emu_error(emu), "deleted"));
  proxywasm_emu_free(emu);
}

static void test_start_failure(void **state) {
  (void)state;
  REQ;
  proxywasm_emu *emu = proxywasm_emu_new();
  assert_null(proxywasm_emu_start(emu, "fail"));
  /* The failed VM was freed, so another static VM can load. */
  proxywasm_emu_vm *vm = proxywasm_emu_vm_new(emu, NULL);
  assert_non_null(vm);
  bool started = true;
  proxywasm_emu_plugin_options o = {.configuration = "fail"};
  uint32_t root = proxywasm_emu_plugin_add(vm, &o, &started);
  assert_int_not_equal(root, 0);
  assert_false(started);
  proxywasm_emu_free(emu);
}

static void test_header_semantics(void **state) {
  (void)state;
  REQ;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, req, 6, false), PROXYWASM_CONTINUE);
  assert_int_equal(seen.path_st, PROXYWASM_OK);
  assert_string_equal(seen.path, "/hello");
  assert_int_equal(seen.missing_st, PROXYWASM_NOT_FOUND);
  assert_int_equal(seen.body_in_headers_st, PROXYWASM_OK); /* Envoy: empty, not NOT_FOUND */
  assert_int_equal(seen.resp_in_req_st, PROXYWASM_BAD_ARGUMENT);
  size_t n;
  const proxywasm_header *h = proxywasm_emu_get_request_headers(vm, id, &n);
  assert_non_null(h);
  /* :path :method x-multi a, x-multi b, x-rep new, x-added 1: Envoy's
     replace removes every entry and appends one. */
  assert_int_equal(n, 6);
  assert_int_equal(proxywasm_emu_header_count(h, n, "x-multi"), 2);
  assert_int_equal(proxywasm_emu_header_count(h, n, "x-rep"), 1);
  assert_int_equal(proxywasm_emu_header_count(h, n, "remove-me"), 0);
  assert_string_equal(proxywasm_emu_get_request_header(vm, id, "x-rep"), "new");
  assert_string_equal(proxywasm_emu_get_request_header(vm, id, "X-MULTI"), "a");
  assert_string_equal(h[2].name.data, "x-multi"); /* lowercased */
  assert_string_equal(h[3].value.data, "b");
  assert_string_equal(h[4].name.data, "x-rep");
  /* Envoy's byteSize at the time of the call: names + values. */
  size_t want = strlen(":path/hello:methodGETx-multiax-multibx-repnewx-added1");
  assert_int_equal(seen.map_size, want);
  /* After Continue Envoy drops the request headers: late writes fail. */
  proxywasm_header resp[] = {PROXYWASM_HEADER(":status", "200")};
  assert_int_equal(proxywasm_emu_on_response_headers(vm, id, resp, 1, false), PROXYWASM_CONTINUE);
  assert_int_equal(seen.write_req_in_resp_st, PROXYWASM_BAD_ARGUMENT);
  assert_null(proxywasm_emu_get_request_header(vm, id, "late"));
  assert_string_equal(proxywasm_emu_get_response_header(vm, id, "x-resp"), "yes");
  /* The access-log phase reads headers but cannot write them. */
  proxywasm_emu_http_complete(vm, id);
  assert_int_equal(seen.log_read_st, PROXYWASM_OK);
  assert_string_equal(seen.log_path, "/hello");
  assert_int_equal(seen.log_write_st, PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(seen.log_trailer_st, PROXYWASM_NOT_FOUND);
  assert_int_equal(seen.log_size_st, PROXYWASM_BAD_ARGUMENT); /* Envoy sizes the writable map */
  proxywasm_emu_free(emu);
}

static void test_body_buffering(void **state) {
  (void)state;
  REQ;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  seen.buffer_until_eos = true;
  proxywasm_emu_on_request_headers(vm, id, req, 2, false);
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, "abc", 3, false), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, "de", 2, false), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, "f", 1, true), PROXYWASM_CONTINUE);
  /* Envoy passes the total buffered size each time. */
  assert_int_equal(seen.nbodies, 3);
  assert_int_equal(seen.body_sizes[0], 3);
  assert_int_equal(seen.body_sizes[1], 5);
  assert_int_equal(seen.body_sizes[2], 6);
  size_t len;
  const char *b = proxywasm_emu_get_request_body(vm, id, &len);
  assert_int_equal(len, 8);
  assert_memory_equal(b, "<ABCDEF>", 8);
  b = proxywasm_emu_get_request_body_sent(vm, id, &len);
  assert_int_equal(len, 8);
  assert_memory_equal(b, "<ABCDEF>", 8);
  assert_int_equal(seen.bad_splice_st, PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(seen.cfg_write_st, PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(seen.cfg_read_late_st, PROXYWASM_NOT_FOUND);
  /* The last body hook may add trailers. */
  assert_int_equal(seen.add_trailer_st, PROXYWASM_OK);
  const proxywasm_header *t = proxywasm_emu_get_request_trailers(vm, id, &len);
  assert_int_equal(len, 1);
  assert_string_equal(t[0].value.data, "42");
  proxywasm_emu_free(emu);
}

static void test_body_continue_passes_each_chunk(void **state) {
  (void)state;
  REQ;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_emu_on_request_headers(vm, id, req, 2, false);
  proxywasm_emu_on_request_body(vm, id, "ab", 2, false);
  proxywasm_emu_on_request_body(vm, id, "cd", 2, true);
  assert_int_equal(seen.body_sizes[0], 2);
  assert_int_equal(seen.body_sizes[1], 2); /* not accumulated after Continue */
  size_t len;
  const char *b = proxywasm_emu_get_request_body_sent(vm, id, &len);
  assert_int_equal(len, 8);
  assert_memory_equal(b, "<AB><CD>", 8);
  proxywasm_emu_free(emu);
}

static void test_watermark_does_not_accumulate(void **state) {
  (void)state;
  REQ;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  seen.watermark = true;
  proxywasm_emu_on_request_headers(vm, id, req, 2, false);
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, "abc", 3, false),
                   PROXYWASM_DATA_STOP_AND_WATERMARK);
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, "de", 2, false),
                   PROXYWASM_DATA_STOP_AND_WATERMARK);
  assert_int_equal(seen.body_sizes[1], 2); /* only StopIterationAndBuffer buffers */
  proxywasm_emu_free(emu);
}

static void test_resume_drops_request_headers_at_once(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header hs[] = {PROXYWASM_HEADER(":path", "/"), PROXYWASM_HEADER("x-self-resume", "1")};
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, hs, 2, true), PROXYWASM_PAUSE);
  assert_int_equal(seen.wm_resume_st, PROXYWASM_OK);
  assert_int_equal(seen.write_after_resume_st, PROXYWASM_BAD_ARGUMENT);
  assert_null(proxywasm_emu_get_request_header(vm, id, "too-late"));
  /* The resume took effect when the hook returned. */
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_get_resume_count(vm, id, PROXYWASM_STREAM_HTTP_REQUEST), 1);
  proxywasm_emu_free(emu);
}

static void test_local_response(void **state) {
  (void)state;
  REQ;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  seen.deny = true;
  /* The hook returned Continue, and the driver says so; but a local response
     stops the chain: Envoy applies StopAllIterationAndWatermark. */
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, req, 2, true), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_get_applied_action(vm, id),
                   PROXYWASM_HEADERS_STOP_ALL_AND_WATERMARK);
  const proxywasm_emu_local_response *lr = proxywasm_emu_get_local_response(vm, id);
  assert_non_null(lr);
  assert_int_equal(lr->status_code, 403);
  assert_string_equal(lr->details, "access_denied");
  assert_int_equal(lr->body_len, 2);
  assert_string_equal(lr->body, "no");
  assert_int_equal(lr->grpc_status, 7);
  assert_int_equal(lr->header_count, 1);
  assert_string_equal(lr->headers[0].name.data, "x-why");
  assert_string_equal(lr->headers[0].value.data, "denied");
  /* No local response on other streams. */
  uint32_t other = proxywasm_emu_http_new(vm, 0);
  assert_null(proxywasm_emu_get_local_response(vm, other));
  proxywasm_emu_free(emu);
}

static void test_pause_and_resume_from_tick(void **state) {
  (void)state;
  REQ;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header hs[] = {PROXYWASM_HEADER(":path", "/"), PROXYWASM_HEADER("x-pause", "1")};
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, hs, 2, true), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_get_resume_count(vm, id, PROXYWASM_STREAM_HTTP_REQUEST), 0);
  /* While paused, another hook may still write the request headers. */
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_get_resume_count(vm, id, PROXYWASM_STREAM_HTTP_REQUEST), 1);
  assert_string_equal(proxywasm_emu_get_request_header(vm, id, "x-resumed"), "1");
  /* Resumed: the headers are gone for writes, so a second tick cannot add. */
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
  size_t n;
  const proxywasm_header *h = proxywasm_emu_get_request_headers(vm, id, &n);
  assert_int_equal(proxywasm_emu_header_count(h, n, "x-resumed"), 1);
  proxywasm_emu_free(emu);
}

static void test_reset(void **state) {
  (void)state;
  REQ;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  seen.reset = true;
  proxywasm_emu_on_request_headers(vm, id, req, 2, true);
  proxywasm_header resp[] = {PROXYWASM_HEADER(":status", "200")};
  proxywasm_emu_on_response_headers(vm, id, resp, 1, true);
  assert_int_equal(proxywasm_emu_get_close_count(vm, id, PROXYWASM_STREAM_HTTP_REQUEST), 1);
  assert_int_equal(proxywasm_emu_get_close_count(vm, id, PROXYWASM_STREAM_DOWNSTREAM), 0);
  proxywasm_emu_free(emu);
}

static void test_free_deletes_live_streams(void **state) {
  (void)state;
  REQ;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_emu_on_request_headers(vm, id, req, 2, false);
  proxywasm_emu_vm_free(vm);
  /* on_http_delete ran for the live stream while the VM was freed. */
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_DEBUG, "stream deleted"));
  proxywasm_emu_free(emu);
}

static void test_misuse_is_reported(void **state) {
  (void)state;
  REQ;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  /* Only one static VM at a time. */
  assert_null(proxywasm_emu_vm_new(emu, NULL));
  assert_non_null(strstr(proxywasm_emu_error(emu), "static VM"));
  assert_int_equal(proxywasm_emu_on_request_headers(vm, 99, req, 1, true),
                   PROXYWASM_EMU_BAD_ACTION);
  /* The root is not a stream. */
  assert_int_equal(proxywasm_emu_on_request_body(vm, 1, "x", 1, true), PROXYWASM_EMU_BAD_ACTION);
  assert_int_equal(proxywasm_emu_http_new(vm, 42), 0);
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_lifecycle_order, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_start_failure, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_header_semantics, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_body_buffering, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_body_continue_passes_each_chunk, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_watermark_does_not_accumulate, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_resume_drops_request_headers_at_once, reset_seen,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_local_response, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_pause_and_resume_from_tick, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_reset, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_free_deletes_live_streams, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_misuse_is_reported, reset_seen, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
