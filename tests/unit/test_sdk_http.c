/*
 * test_sdk_http.c - HTTP streams through the SDK and the host emulator:
 * bodies, flow control (resume, reset) from the stream's own hooks and
 * from a tick (automatic effective-context switching), local responses,
 * per-stream state and context-owned memory, phase rules, failures.
 *
 * Hook bodies are installed per test (script.*); checks inside hooks are
 * recorded with CHECK and asserted after the driver returned.
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

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN 1
#endif
#ifdef HAVE_ASAN
#include <sanitizer/asan_interface.h>
#endif

/* ---- checks inside hooks ---- */

#include "hook_checks.h"

/* ---- the plugin ---- */

typedef proxywasm_action (*data_fn)(proxywasm_http *, size_t, bool);
static struct {
  data_fn req_headers, req_body, resp_headers, resp_body;
  void (*create)(proxywasm_http *);
  void (*done)(proxywasm_http *);
  void (*del)(proxywasm_http *);
  void (*tick)(proxywasm_plugin *);
} script;

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;
static uint32_t stream_id; /* the stream the test drives */

static void on_http_create(proxywasm_http *h) {
  if (script.create)
    script.create(h);
}
static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  return script.req_headers ? script.req_headers(h, n, eos) : PROXYWASM_CONTINUE;
}
static proxywasm_action on_request_body(proxywasm_http *h, size_t n, bool eos) {
  return script.req_body ? script.req_body(h, n, eos) : PROXYWASM_CONTINUE;
}
static proxywasm_action on_response_headers(proxywasm_http *h, size_t n, bool eos) {
  return script.resp_headers ? script.resp_headers(h, n, eos) : PROXYWASM_CONTINUE;
}
static proxywasm_action on_response_body(proxywasm_http *h, size_t n, bool eos) {
  return script.resp_body ? script.resp_body(h, n, eos) : PROXYWASM_CONTINUE;
}
static void on_http_done(proxywasm_http *h) {
  if (script.done)
    script.done(h);
}
static void on_http_delete(proxywasm_http *h) {
  if (script.del)
    script.del(h);
}
static void on_tick(proxywasm_plugin *p) {
  if (script.tick)
    script.tick(p);
}

PROXYWASM_HOOKS(on_http_create, on_request_headers, on_request_body, on_response_headers,
                on_response_body, on_http_done, on_http_delete, on_tick);

/* ---- fixtures ---- */

static int setup(void **state) {
  (void)state;
  memset(&script, 0, sizeof script);
  check_line = checks_run = 0;
  emu = proxywasm_emu_new();
  if (emu == NULL)
    return -1;
  vm = proxywasm_emu_start(emu, NULL);
  if (vm == NULL)
    return -1;
  stream_id = proxywasm_emu_http_new(vm, 0);
  return stream_id ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  emu = NULL;
  return 0;
}

static const proxywasm_bytes junk = {"junk", 4};
static const proxywasm_header req[] = {
    {{":path", 5}, {"/r", 2}}, {{":method", 7}, {"POST", 4}}, {{"x-pause", 7}, {"1", 1}}};

static void tick(void) { proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm)); }

/* ---- bodies ---- */

static proxywasm_action req_body_api(proxywasm_http *h, size_t size, bool eos) {
  if (!eos) {
    CHECK_EQ(size, 6);
    return PROXYWASM_PAUSE; /* buffer until the end */
  }
  CHECK_EQ(size, 11); /* everything buffered so far */
  proxywasm_context *c = proxywasm_http_context(h);
  proxywasm_bytes b = junk;
  CHECK_EQ(proxywasm_http_get_request_body(h, 0, PROXYWASM_BUFFER_ALL, &b), PROXYWASM_OK);
  CHECK_BYTES(b, "hello world");
  CHECK(b.data[b.len] == 0);
  CHECK_EQ(proxywasm_http_get_request_body(h, 6, 3, &b), PROXYWASM_OK);
  CHECK_BYTES(b, "wor");
  CHECK_EQ(proxywasm_http_get_request_body(h, 6, PROXYWASM_BUFFER_ALL, &b), PROXYWASM_OK);
  CHECK_BYTES(b, "world");
  b = junk; /* a range past the end: OK and empty, as in Envoy */
  CHECK_EQ(proxywasm_http_get_request_body(h, 100, 5, &b), PROXYWASM_OK);
  CHECK_EQ(b.len, 0);
  b = junk;
  CHECK_EQ(proxywasm_http_get_request_body(h, (size_t)-1, (size_t)-1, &b), PROXYWASM_OK);
  CHECK_EQ(b.len, 0);
  CHECK_EQ(proxywasm_http_get_request_body(h, 0, 0, &b), PROXYWASM_OK);
  CHECK_EQ(b.len, 0);
  CHECK_EQ(proxywasm_http_get_request_body(h, 0, 1, NULL), PROXYWASM_BAD_ARGUMENT);
  size_t size2 = 99;
  uint32_t flags = 99;
  CHECK_EQ(proxywasm_buffer_status(c, PROXYWASM_BUFFER_HTTP_REQUEST_BODY, &size2, &flags),
           PROXYWASM_OK);
  CHECK_EQ(size2, 11);
  CHECK_EQ(flags, 0);
  CHECK_EQ(proxywasm_buffer_status(c, PROXYWASM_BUFFER_HTTP_REQUEST_BODY, NULL, NULL),
           PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_replace_request_body(h, "HELLO", 5), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_prepend_request_body(h, "<", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_append_request_body(h, ">", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_append_request_body(h, NULL, 0), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_append_request_body(h, NULL, 2), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_prepend_request_body(h, NULL, 2), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_replace_request_body(h, NULL, 2), PROXYWASM_BAD_ARGUMENT);
  /* Envoy cannot splice into the middle; start 0 drops then prepends. */
  CHECK_EQ(proxywasm_buffer_set(c, PROXYWASM_BUFFER_HTTP_REQUEST_BODY, 2, 1, "x", 1),
           PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_buffer_set(c, PROXYWASM_BUFFER_HTTP_REQUEST_BODY, 0, 1, "[", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_get_request_body(h, 0, PROXYWASM_BUFFER_ALL, &b), PROXYWASM_OK);
  CHECK_BYTES(b, "[HELLO>");
  /* Generic forms of the same calls. */
  CHECK_EQ(proxywasm_buffer_append(c, PROXYWASM_BUFFER_HTTP_REQUEST_BODY, "!", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_buffer_get(c, PROXYWASM_BUFFER_HTTP_REQUEST_BODY, 7, 1, &b), PROXYWASM_OK);
  CHECK_BYTES(b, "!");
  /* Other buffers are not there in this hook: Envoy reads them as empty
     and refuses writes. */
  b = junk;
  CHECK_EQ(proxywasm_http_get_response_body(h, 0, 1, &b), PROXYWASM_OK);
  CHECK_EMPTY(b);
  size2 = 5;
  CHECK_EQ(proxywasm_buffer_status(c, PROXYWASM_BUFFER_HTTP_RESPONSE_BODY, &size2, &flags),
           PROXYWASM_OK);
  CHECK_EQ(size2, 0);
  /* Configurations are read-only. */
  CHECK_EQ(proxywasm_buffer_replace(c, PROXYWASM_BUFFER_VM_CONFIGURATION, "x", 1),
           PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_buffer_prepend(c, PROXYWASM_BUFFER_VM_CONFIGURATION, "x", 1),
           PROXYWASM_BAD_ARGUMENT);
  return PROXYWASM_CONTINUE;
}

static char *scratch_kept; /* proxywasm_scratch_alloc() of resp_body_api */

static proxywasm_action resp_body_api(proxywasm_http *h, size_t size, bool eos) {
  CHECK_EQ(size, 3);
  CHECK(eos);
  proxywasm_bytes b = junk;
  CHECK_EQ(proxywasm_http_get_response_body(h, 0, PROXYWASM_BUFFER_ALL, &b), PROXYWASM_OK);
  CHECK_BYTES(b, "abc");
  /* A rewritten copy in scratch memory: freed when the hook returns. */
  char *copy = proxywasm_scratch_alloc(3);
  CHECK(copy != NULL && ((uintptr_t)copy & 15u) == 0);
  if (copy == NULL)
    return PROXYWASM_CONTINUE;
  for (size_t i = 0; i < 3; i++)
    copy[i] = (char)(b.data[i] + ('x' - 'a'));
  scratch_kept = copy;
  CHECK(proxywasm_scratch_alloc((size_t)-1) == NULL);
  CHECK_EQ(proxywasm_http_replace_response_body(h, copy, 3), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_prepend_response_body(h, "1", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_append_response_body(h, "2", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_get_response_body(h, 1, 3, &b), PROXYWASM_OK);
  CHECK_BYTES(b, "xyz");
  b = junk;
  CHECK_EQ(proxywasm_http_get_request_body(h, 0, 1, &b), PROXYWASM_OK); /* Envoy: empty */
  CHECK_EMPTY(b);
  return PROXYWASM_CONTINUE;
}

static void test_bodies(void **state) {
  (void)state;
  script.req_body = req_body_api;
  script.resp_body = resp_body_api;
  proxywasm_emu_on_request_headers(vm, stream_id, req, 2, false);
  assert_int_equal(proxywasm_emu_on_request_body(vm, stream_id, "hello ", 6, false),
                   PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_on_request_body(vm, stream_id, "world", 5, true),
                   PROXYWASM_CONTINUE);
  size_t len;
  const char *sent = proxywasm_emu_get_request_body_sent(vm, stream_id, &len);
  assert_int_equal(len, 8);
  assert_memory_equal(sent, "[HELLO>!", 8);
  proxywasm_header resp[] = {PROXYWASM_HEADER(":status", "200")};
  proxywasm_emu_on_response_headers(vm, stream_id, resp, 1, false);
  assert_int_equal(proxywasm_emu_on_response_body(vm, stream_id, "abc", 3, true),
                   PROXYWASM_CONTINUE);
  assert_checks();
  sent = proxywasm_emu_get_response_body_sent(vm, stream_id, &len);
  assert_int_equal(len, 5);
  assert_memory_equal(sent, "1xyz2", 5);
  assert_non_null(scratch_kept);
#ifdef HAVE_ASAN
  assert_true(__asan_address_is_poisoned(scratch_kept)); /* freed with the hook */
#endif
}

/* ---- resuming and resetting from the stream's hooks and from a tick ---- */

static proxywasm_action pause_request(proxywasm_http *h, size_t n, bool eos) {
  (void)h, (void)n, (void)eos;
  return PROXYWASM_PAUSE;
}
static proxywasm_action pause_response(proxywasm_http *h, size_t n, bool eos) {
  (void)h, (void)n, (void)eos;
  return PROXYWASM_PAUSE;
}

static proxywasm_http *find_stream(void) {
  proxywasm_context *c = proxywasm_context_find(stream_id);
  CHECK(c != NULL);
  CHECK_EQ(proxywasm_context_get_kind(c), PROXYWASM_CONTEXT_HTTP);
  /* The checked conversions give the typed handle of the right kind only. */
  CHECK(proxywasm_context_as_tcp(c) == NULL);
  CHECK(proxywasm_context_as_plugin(c) == NULL);
  CHECK(proxywasm_context_as_http(NULL) == NULL);
  proxywasm_http *h = proxywasm_context_as_http(c);
  CHECK(h != NULL && proxywasm_http_context(h) == c);
  return h;
}

static void tick_resume_request(proxywasm_plugin *p) {
  CHECK(proxywasm_context_current() == proxywasm_plugin_context(p));
  proxywasm_http *h = find_stream();
  /* A paused request's headers stay writable until it resumes. */
  CHECK_EQ(proxywasm_http_replace_request_header(h, "x-resumed", "tick", 4), PROXYWASM_OK);
  proxywasm_bytes v;
  CHECK_EQ(proxywasm_http_get_request_header(h, ":path", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "/r");
  CHECK_EQ(proxywasm_http_resume_request(h), PROXYWASM_OK);
  /* Envoy drops the request headers at once. */
  CHECK_EQ(proxywasm_http_add_request_header(h, "x-late", "1", 1), PROXYWASM_BAD_ARGUMENT);
  /* The tick's own context is still usable. */
  CHECK(proxywasm_context_current() == proxywasm_plugin_context(p));
}

static void tick_resume_response(proxywasm_plugin *p) {
  (void)p;
  proxywasm_http *h = find_stream();
  CHECK_EQ(proxywasm_http_add_response_header(h, "x-resp", "tick", 4), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_resume_response(h), PROXYWASM_OK);
}

static void test_resume_from_tick(void **state) {
  (void)state;
  script.req_headers = pause_request;
  script.resp_headers = pause_response;
  script.tick = tick_resume_request;
  assert_int_equal(proxywasm_emu_on_request_headers(vm, stream_id, req, 3, true), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_get_action(vm, stream_id), PROXYWASM_PAUSE);
  unsigned switches = proxywasm_emu_hostcall_count(emu, "set_effective_context");
  tick();
  /* The SDK made the stream effective for the calls on its handle. */
  assert_true(proxywasm_emu_hostcall_count(emu, "set_effective_context") > switches);
  assert_int_equal(proxywasm_emu_get_action(vm, stream_id), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_get_resume_count(vm, stream_id, PROXYWASM_STREAM_HTTP_REQUEST), 1);
  assert_string_equal(proxywasm_emu_get_request_header(vm, stream_id, "x-resumed"), "tick");
  assert_null(proxywasm_emu_get_request_header(vm, stream_id, "x-late"));

  proxywasm_header resp[] = {PROXYWASM_HEADER(":status", "200")};
  assert_int_equal(proxywasm_emu_on_response_headers(vm, stream_id, resp, 1, false),
                   PROXYWASM_PAUSE);
  script.tick = tick_resume_response;
  tick();
  assert_int_equal(proxywasm_emu_get_action(vm, stream_id), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_get_resume_count(vm, stream_id, PROXYWASM_STREAM_HTTP_RESPONSE),
                   1);
  assert_string_equal(proxywasm_emu_get_response_header(vm, stream_id, "x-resp"), "tick");
  assert_checks();
}

static void tick_after_delete(proxywasm_plugin *p) {
  CHECK(proxywasm_context_find(stream_id) == NULL);
  CHECK(proxywasm_context_find(0) == NULL);
  proxywasm_context *root = proxywasm_context_find(proxywasm_emu_vm_root(vm));
  CHECK(root == proxywasm_plugin_context(p));
  CHECK(proxywasm_context_as_plugin(root) == p);
  CHECK(proxywasm_context_as_http(root) == NULL);
  CHECK(proxywasm_context_as_tcp(root) == NULL);
}

static void test_find_after_delete(void **state) {
  (void)state;
  script.tick = tick_after_delete;
  proxywasm_emu_on_request_headers(vm, stream_id, req, 2, true);
  proxywasm_emu_http_complete(vm, stream_id);
  tick();
  assert_checks();
}

static void tick_explicit_switch(proxywasm_plugin *p) {
  proxywasm_http *h = find_stream();
  /* Explicitly: calls without a handle then act on the stream. */
  CHECK_EQ(proxywasm_context_set_effective(proxywasm_http_context(h)), PROXYWASM_OK);
  proxywasm_bytes v;
  CHECK_EQ(proxywasm_headers_get(NULL, PROXYWASM_MAP_HTTP_REQUEST_HEADERS, ":method", &v),
           PROXYWASM_OK);
  CHECK_BYTES(v, "POST");
  CHECK_EQ(proxywasm_stream_continue(NULL, PROXYWASM_STREAM_HTTP_REQUEST), PROXYWASM_OK);
  CHECK_EQ(proxywasm_context_set_effective(NULL), PROXYWASM_BAD_ARGUMENT);
  /* Back to the plugin: the stream's maps are not the plugin's. */
  CHECK_EQ(proxywasm_context_set_effective(proxywasm_plugin_context(p)), PROXYWASM_OK);
  v = junk;
  CHECK_EQ(proxywasm_headers_get(NULL, PROXYWASM_MAP_HTTP_REQUEST_HEADERS, ":method", &v),
           PROXYWASM_BAD_ARGUMENT);
  CHECK_EMPTY(v);
}

static void test_explicit_effective_context(void **state) {
  (void)state;
  script.req_headers = pause_request;
  script.tick = tick_explicit_switch;
  proxywasm_emu_on_request_headers(vm, stream_id, req, 3, true);
  tick();
  assert_checks();
  assert_int_equal(proxywasm_emu_get_resume_count(vm, stream_id, PROXYWASM_STREAM_HTTP_REQUEST), 1);
}

static void tick_switch_fails(proxywasm_plugin *p) {
  (void)p;
  proxywasm_http *h = find_stream();
  proxywasm_emu_fail_hostcall(emu, "set_effective_context", 1, PROXYWASM_BAD_ARGUMENT);
  proxywasm_bytes v = junk;
  CHECK_EQ(proxywasm_http_get_request_header(h, ":path", &v), PROXYWASM_BAD_ARGUMENT);
  CHECK_EMPTY(v);
  proxywasm_emu_fail_hostcall(emu, "set_effective_context", 1, PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_resume_request(h), PROXYWASM_BAD_ARGUMENT);
  /* Every wrapper taking a handle reports the failed switch, outputs empty. */
  unsigned writes = proxywasm_emu_hostcall_count(emu, "add_header_map_value") +
                    proxywasm_emu_hostcall_count(emu, "replace_header_map_value") +
                    proxywasm_emu_hostcall_count(emu, "remove_header_map_value") +
                    proxywasm_emu_hostcall_count(emu, "set_header_map_pairs");
  proxywasm_emu_fail_hostcall(emu, "set_effective_context", 20, PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_add_request_header(h, "x", "1", 1), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_replace_request_header(h, "x", "1", 1), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_remove_request_header(h, ":path"), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_set_request_headers(h, req, 1), PROXYWASM_BAD_ARGUMENT);
  proxywasm_header *hs = (proxywasm_header *)req;
  size_t n = 9;
  CHECK_EQ(proxywasm_http_get_request_headers(h, &hs, &n), PROXYWASM_BAD_ARGUMENT);
  CHECK(hs == NULL && n == 0);
  n = 9;
  CHECK_EQ(
      proxywasm_headers_size(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_HEADERS, &n),
      PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(n, 0);
  v = junk;
  CHECK_EQ(proxywasm_http_get_request_body(h, 0, 1, &v), PROXYWASM_BAD_ARGUMENT);
  CHECK_EMPTY(v);
  CHECK_EQ(proxywasm_http_append_request_body(h, "x", 1), PROXYWASM_BAD_ARGUMENT);
  uint32_t flags = 9;
  n = 9;
  CHECK_EQ(proxywasm_buffer_status(proxywasm_http_context(h), PROXYWASM_BUFFER_HTTP_REQUEST_BODY,
                                   &n, &flags),
           PROXYWASM_BAD_ARGUMENT);
  CHECK(n == 0 && flags == 0);
  CHECK_EQ(proxywasm_http_send_response(h, 500, NULL, 0, NULL, 0), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_reset(h), PROXYWASM_BAD_ARGUMENT);
  proxywasm_emu_fail_hostcall(emu, "set_effective_context", 0, PROXYWASM_OK);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "add_header_map_value") +
               proxywasm_emu_hostcall_count(emu, "replace_header_map_value") +
               proxywasm_emu_hostcall_count(emu, "remove_header_map_value") +
               proxywasm_emu_hostcall_count(emu, "set_header_map_pairs"),
           writes);
  /* The failed switch left nothing behind: the next call switches again. */
  CHECK_EQ(proxywasm_http_get_request_header(h, ":path", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "/r");
}

static void test_failed_switch(void **state) {
  (void)state;
  script.req_headers = pause_request;
  script.tick = tick_switch_fails;
  proxywasm_emu_on_request_headers(vm, stream_id, req, 3, true);
  tick();
  assert_checks();
  assert_int_equal(proxywasm_emu_get_action(vm, stream_id), PROXYWASM_PAUSE);
  assert_null(proxywasm_emu_get_local_response(vm, stream_id));
  assert_int_equal(proxywasm_emu_get_close_count(vm, stream_id, PROXYWASM_STREAM_HTTP_REQUEST), 0);
}

static proxywasm_action req_reset(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  CHECK_EQ(proxywasm_http_reset(h), PROXYWASM_OK);
  CHECK_EQ(proxywasm_stream_close(proxywasm_http_context(h), PROXYWASM_STREAM_HTTP_RESPONSE),
           PROXYWASM_OK);
  proxywasm_emu_fail_hostcall(emu, "close_stream", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_http_reset(h), PROXYWASM_INTERNAL_FAILURE);
  proxywasm_emu_fail_hostcall(emu, "continue_stream", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_http_resume_request(h), PROXYWASM_INTERNAL_FAILURE);
  proxywasm_emu_fail_hostcall(emu, "continue_stream", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_stream_continue(proxywasm_http_context(h), PROXYWASM_STREAM_HTTP_RESPONSE),
           PROXYWASM_INTERNAL_FAILURE);
  return PROXYWASM_CONTINUE;
}

static void test_reset(void **state) {
  (void)state;
  script.req_headers = req_reset;
  proxywasm_emu_on_request_headers(vm, stream_id, req, 2, true);
  assert_checks();
  assert_int_equal(proxywasm_emu_get_close_count(vm, stream_id, PROXYWASM_STREAM_HTTP_REQUEST), 1);
  assert_int_equal(proxywasm_emu_get_close_count(vm, stream_id, PROXYWASM_STREAM_HTTP_RESPONSE), 1);
  assert_int_equal(proxywasm_emu_get_resume_count(vm, stream_id, PROXYWASM_STREAM_HTTP_REQUEST), 0);
}

/* ---- local responses ---- */

static int lr_mode;

static proxywasm_action req_local_response(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_header extra[] = {PROXYWASM_HEADER("x-why", "denied"),
                              {PROXYWASM_LIT("x-bin"),
                               {"a\xff"
                                "b",
                                3}}};
  unsigned before = proxywasm_emu_hostcall_count(emu, "send_local_response");
  CHECK_EQ(proxywasm_http_send_local_response(h, NULL), PROXYWASM_BAD_ARGUMENT);
  proxywasm_local_response bad = {400, NULL, NULL, 0, NULL, 5, PROXYWASM_GRPC_STATUS_NONE};
  CHECK_EQ(proxywasm_http_send_local_response(h, &bad), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_send_response(h, 400, NULL, 0, NULL, 3), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "send_local_response"), before);
  proxywasm_emu_fail_hostcall(emu, "send_local_response", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_http_send_response(h, 503, NULL, 0, NULL, 0), PROXYWASM_INTERNAL_FAILURE);
  if (lr_mode == 0) {
    proxywasm_local_response r = {403, "access denied", extra, 2, "no", 2, 7};
    CHECK_EQ(proxywasm_http_send_local_response(h, &r), PROXYWASM_OK);
  } else if (lr_mode == 1) {
    CHECK_EQ(proxywasm_http_send_response(h, 401, extra, 1, "who?", 4), PROXYWASM_OK);
  } else {
    proxywasm_local_response r = {418, NULL, NULL, 0, NULL, 0, 99}; /* not a gRPC code */
    CHECK_EQ(proxywasm_http_send_local_response(h, &r), PROXYWASM_OK);
  }
  return PROXYWASM_CONTINUE; /* Envoy stops the chain anyway */
}

static void test_local_responses(void **state) {
  (void)state;
  script.req_headers = req_local_response;
  /* The driver gives the hook's own Continue; Envoy stops the chain. */
  assert_int_equal(proxywasm_emu_on_request_headers(vm, stream_id, req, 2, true),
                   PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_get_applied_action(vm, stream_id),
                   PROXYWASM_HEADERS_STOP_ALL_AND_WATERMARK);
  const proxywasm_emu_local_response *lr = proxywasm_emu_get_local_response(vm, stream_id);
  assert_non_null(lr);
  assert_int_equal(lr->status_code, 403);
  assert_string_equal(lr->details, "access_denied");
  assert_int_equal(lr->header_count, 2);
  assert_string_equal(lr->headers[0].value.data, "denied");
  assert_int_equal(lr->headers[1].value.len, 3);
  assert_memory_equal(lr->headers[1].value.data,
                      "a\xff"
                      "b",
                      3);
  assert_int_equal(lr->body_len, 2);
  assert_string_equal(lr->body, "no");
  assert_int_equal(lr->grpc_status, 7);

  lr_mode = 1;
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_emu_on_request_headers(vm, id, req, 2, true);
  lr = proxywasm_emu_get_local_response(vm, id);
  assert_non_null(lr);
  assert_int_equal(lr->status_code, 401);
  assert_string_equal(lr->details, "");
  assert_int_equal(lr->header_count, 1);
  assert_string_equal(lr->body, "who?");
  assert_int_equal(lr->grpc_status, -1);

  lr_mode = 2;
  id = proxywasm_emu_http_new(vm, 0);
  proxywasm_emu_on_request_headers(vm, id, req, 2, true);
  lr = proxywasm_emu_get_local_response(vm, id);
  assert_non_null(lr);
  assert_int_equal(lr->status_code, 418);
  assert_int_equal(lr->grpc_status, -1);
  assert_int_equal(lr->body_len, 0);
  lr_mode = 0;
  assert_checks();
}

static void tick_local_response(proxywasm_plugin *p) {
  (void)p;
  proxywasm_http *h = find_stream();
  CHECK_EQ(proxywasm_http_send_response(h, 429, NULL, 0, "slow down", 9), PROXYWASM_OK);
  /* From a plugin context Envoy has no stream to answer: OK, nothing sent. */
  CHECK_EQ(proxywasm_http_send_response((proxywasm_http *)p, 500, NULL, 0, NULL, 0), PROXYWASM_OK);
}

static void test_local_response_from_tick(void **state) {
  (void)state;
  script.req_headers = pause_request;
  script.tick = tick_local_response;
  proxywasm_emu_on_request_headers(vm, stream_id, req, 3, true);
  tick();
  assert_checks();
  const proxywasm_emu_local_response *lr = proxywasm_emu_get_local_response(vm, stream_id);
  assert_non_null(lr);
  assert_int_equal(lr->status_code, 429);
  assert_string_equal(lr->body, "slow down");
}

/* ---- per-stream state and context-owned memory ---- */

typedef struct stream_state {
  char tag[16];
  char *heap; /* user-managed memory, freed in on_http_delete */
} stream_state;

static stream_state *kept_state;
static void *kept_early;
static int creates, deletes;

static void create_state(proxywasm_http *h) {
  creates++;
  CHECK(proxywasm_http_get_data(h) == NULL);
  stream_state *st = proxywasm_http_alloc(h, sizeof *st);
  CHECK(st != NULL);
  if (st == NULL)
    return;
  CHECK(((uintptr_t)st & 15u) == 0);
  CHECK(st->tag[0] == 0 && st->heap == NULL); /* zeroed */
  strcpy(st->tag, "state");
  st->heap = malloc(16);
  proxywasm_http_set_data(h, st);
  kept_state = st;
}

static proxywasm_action headers_use_state(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_context *c = proxywasm_http_context(h);
  CHECK(proxywasm_http_get_data(h) == kept_state);
  CHECK(proxywasm_context_get_data(c) == kept_state);
  CHECK(proxywasm_context_current() == c);
  CHECK_EQ(proxywasm_context_id(c), stream_id);
  CHECK_EQ(proxywasm_context_get_kind(c), PROXYWASM_CONTEXT_HTTP);
  proxywasm_plugin *p = proxywasm_http_plugin(h);
  CHECK(p != NULL);
  CHECK(proxywasm_context_plugin(c) == p);
  CHECK_EQ(proxywasm_context_id(proxywasm_plugin_context(p)), proxywasm_emu_vm_root(vm));
  CHECK_EQ(proxywasm_context_get_kind(proxywasm_plugin_context(p)), PROXYWASM_CONTEXT_PLUGIN);
  CHECK(proxywasm_context_plugin(proxywasm_plugin_context(p)) == p); /* a plugin is its own */
  CHECK(proxywasm_context_find(stream_id) == c);
  /* Released early. */
  kept_early = proxywasm_context_alloc(c, 100);
  CHECK(kept_early != NULL);
  proxywasm_context_free(c, kept_early);
#ifdef HAVE_ASAN
  CHECK(__asan_address_is_poisoned(kept_early));
#endif
  int not_owned;
  proxywasm_context_free(c, &not_owned); /* ignored */
  proxywasm_context_free(c, NULL);
  proxywasm_context_free(NULL, kept_state);
  CHECK(proxywasm_http_get_data(h) == kept_state); /* still owned */
  /* NULL and impossible requests. */
  CHECK(proxywasm_context_alloc(NULL, 8) == NULL);
  CHECK(proxywasm_context_alloc(c, (size_t)-1) == NULL);
  CHECK_EQ(proxywasm_context_set_data(NULL, kept_state), PROXYWASM_BAD_ARGUMENT);
  CHECK(proxywasm_context_get_data(NULL) == NULL);
  CHECK_EQ(proxywasm_context_id(NULL), 0);
  CHECK_EQ(proxywasm_context_get_kind(NULL), PROXYWASM_CONTEXT_STREAM);
  CHECK(proxywasm_context_plugin(NULL) == NULL);
  CHECK(proxywasm_http_context(NULL) == NULL);
  CHECK(proxywasm_http_plugin(NULL) == NULL);
  CHECK(proxywasm_http_get_data(NULL) == NULL);
  CHECK(proxywasm_http_alloc(NULL, 4) == NULL);
  /* Several blocks per context are all released with it. */
  for (int i = 0; i < 10; i++)
    CHECK(proxywasm_http_alloc(h, 1000) != NULL);
  return PROXYWASM_CONTINUE;
}

static void delete_state(proxywasm_http *h) {
  deletes++;
  stream_state *st = proxywasm_http_get_data(h);
  CHECK(st == kept_state);
  if (st == NULL)
    return;
  CHECK(strcmp(st->tag, "state") == 0); /* valid during the delete hook */
  free(st->heap);
  st->heap = NULL;
}

static void test_context_state_and_memory(void **state) {
  (void)state;
  script.create = create_state;
  script.req_headers = headers_use_state;
  script.del = delete_state;
  assert_null(proxywasm_context_current()); /* outside any hook */
  proxywasm_emu_on_request_headers(vm, stream_id, req, 2, true);
  assert_int_equal(creates, 1);
  proxywasm_emu_on_response_headers(vm, stream_id, req, 1, true);
  assert_int_equal(creates, 1); /* the create hook runs once, before the first event */
  proxywasm_emu_http_complete(vm, stream_id);
  assert_int_equal(deletes, 1);
  assert_checks();
#ifdef HAVE_ASAN
  /* The SDK freed the context's memory after the delete hook. */
  assert_true(__asan_address_is_poisoned(kept_state));
#endif
  assert_null(proxywasm_context_current());
}

/* ---- many streams: the SDK's context table grows, and reuses its slots ---- */

#define NSTREAMS 300
static uint32_t ids[3 * NSTREAMS];
static bool gone[3 * NSTREAMS];
static int nids;

static void create_numbered(proxywasm_http *h) {
  uint32_t *n = proxywasm_http_alloc(h, sizeof *n);
  CHECK(n != NULL);
  if (n)
    *n = proxywasm_context_id(proxywasm_http_context(h));
  proxywasm_http_set_data(h, n);
}

static void tick_find_all(proxywasm_plugin *p) {
  (void)p;
  for (int i = 0; i < nids; i++) {
    proxywasm_context *c = proxywasm_context_find(ids[i]);
    if (gone[i]) {
      CHECK(c == NULL);
      continue;
    }
    CHECK(c != NULL);
    uint32_t *n = proxywasm_context_get_data(c);
    CHECK(n != NULL && *n == ids[i]);
  }
}

static void add_streams(int count) {
  for (int i = 0; i < count; i++) {
    uint32_t id = proxywasm_emu_http_new(vm, 0);
    proxywasm_emu_on_request_headers(vm, id, req, 1, true);
    ids[nids++] = id;
  }
}

static void test_many_streams(void **state) {
  (void)state;
  script.create = create_numbered;
  script.tick = tick_find_all;
  nids = 0;
  memset(gone, 0, sizeof gone);
  add_streams(NSTREAMS);
  tick();
  assert_checks();
  /* Most of them end; their records are recycled for new streams. */
  for (int i = 0; i < NSTREAMS; i++)
    if (i % 10) {
      proxywasm_emu_http_complete(vm, ids[i]);
      gone[i] = true;
    }
  tick();
  add_streams(NSTREAMS);
  tick();
  assert_checks();
  assert_true(checks_run > 3 * NSTREAMS);
  /* One stream at a time: ids run far past the table's size and share
     slots with the live ones. */
  for (int i = 0; i < NSTREAMS; i++) {
    add_streams(1);
    if (i % 3) {
      proxywasm_emu_http_complete(vm, ids[nids - 1]);
      gone[nids - 1] = true;
    }
  }
  tick();
  assert_checks();
}

/* ---- phase rules ---- */

static proxywasm_action headers_phase(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_bytes b = junk;
  /* Envoy: no body yet reads as empty, not NOT_FOUND. */
  CHECK_EQ(proxywasm_http_get_request_body(h, 0, 1, &b), PROXYWASM_OK);
  CHECK_EMPTY(b);
  return PROXYWASM_CONTINUE;
}

static void done_phase(proxywasm_http *h) {
  proxywasm_bytes v = junk;
  /* on_http_done: headers readable, not writable. */
  CHECK_EQ(proxywasm_http_get_request_header(h, ":path", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "/r");
  CHECK_EQ(proxywasm_http_get_response_header(h, ":status", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "204");
  CHECK_EQ(proxywasm_http_add_request_header(h, "x", "1", 1), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_remove_response_header(h, ":status"), PROXYWASM_BAD_ARGUMENT);
  v = junk;
  CHECK_EQ(proxywasm_http_get_request_trailer(h, "x", &v), PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(v);
  size_t size = 1;
  CHECK_EQ(
      proxywasm_headers_size(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_HEADERS, &size),
      PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(size, 0);
  v = junk;
  CHECK_EQ(proxywasm_http_get_response_body(h, 0, 1, &v), PROXYWASM_OK); /* Envoy: empty */
  CHECK_EMPTY(v);
}

static void test_phase_rules(void **state) {
  (void)state;
  script.req_headers = headers_phase;
  script.done = done_phase;
  proxywasm_emu_on_request_headers(vm, stream_id, req, 2, false);
  proxywasm_header resp[] = {PROXYWASM_HEADER(":status", "204")};
  proxywasm_emu_on_response_headers(vm, stream_id, resp, 1, true);
  proxywasm_emu_http_complete(vm, stream_id);
  assert_checks();
}

/* ---- body failures ---- */

static proxywasm_action body_faults(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_context *c = proxywasm_http_context(h);
  proxywasm_bytes b = junk;
  proxywasm_emu_fail_hostcall(emu, "get_buffer_bytes", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_http_get_request_body(h, 0, 10, &b), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EMPTY(b);
  size_t size = 7;
  uint32_t flags = 7;
  proxywasm_emu_fail_hostcall(emu, "get_buffer_status", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_buffer_status(c, PROXYWASM_BUFFER_HTTP_REQUEST_BODY, &size, &flags),
           PROXYWASM_INTERNAL_FAILURE);
  CHECK(size == 0 && flags == 0);
  proxywasm_emu_fail_hostcall(emu, "set_buffer_bytes", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_http_append_request_body(h, "x", 1), PROXYWASM_INTERNAL_FAILURE);
  proxywasm_emu_fail_module_allocations(emu, 0, 1);
  b = junk;
  CHECK_EQ(proxywasm_http_get_request_body(h, 0, 10, &b), PROXYWASM_INVALID_MEMORY_ACCESS);
  CHECK_EMPTY(b);
  CHECK_EQ(proxywasm_http_get_request_body(h, 0, 10, &b), PROXYWASM_OK);
  CHECK_BYTES(b, "data");
  return PROXYWASM_CONTINUE;
}

static void test_body_failures(void **state) {
  (void)state;
  script.req_body = body_faults;
  proxywasm_emu_on_request_headers(vm, stream_id, req, 2, false);
  proxywasm_emu_on_request_body(vm, stream_id, "data", 4, true);
  assert_checks();
  size_t len;
  proxywasm_emu_get_request_body_sent(vm, stream_id, &len);
  assert_int_equal(len, 4); /* the failed append changed nothing */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_bodies, setup, teardown),
      cmocka_unit_test_setup_teardown(test_resume_from_tick, setup, teardown),
      cmocka_unit_test_setup_teardown(test_find_after_delete, setup, teardown),
      cmocka_unit_test_setup_teardown(test_explicit_effective_context, setup, teardown),
      cmocka_unit_test_setup_teardown(test_failed_switch, setup, teardown),
      cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
      cmocka_unit_test_setup_teardown(test_local_responses, setup, teardown),
      cmocka_unit_test_setup_teardown(test_local_response_from_tick, setup, teardown),
      cmocka_unit_test_setup_teardown(test_context_state_and_memory, setup, teardown),
      cmocka_unit_test_setup_teardown(test_many_streams, setup, teardown),
      cmocka_unit_test_setup_teardown(test_phase_rules, setup, teardown),
      cmocka_unit_test_setup_teardown(test_body_failures, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
