/*
 * test_sdk_lazy.c - a module with both HTTP and TCP hooks: a stream's kind
 * is decided by its first event (on_new_connection: TCP; anything else:
 * HTTP), and the matching create hook runs once, just before that event.
 * A stream deleted before any event runs neither create nor delete hooks.
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

/* Every hook appends a letter: the order of events, per test. */
static char events[64];
static bool bad_kind;

static void ev(char c) {
  size_t n = strlen(events);
  if (n + 1 < sizeof events)
    events[n] = c;
}

static void expect_kind(proxywasm_context *c, proxywasm_context_kind k) {
  if (proxywasm_context_get_kind(c) != k)
    bad_kind = true;
}

static void on_http_create(proxywasm_http *h) {
  ev('H');
  expect_kind(proxywasm_http_context(h), PROXYWASM_CONTEXT_HTTP);
  /* The handle is usable at once: state set here survives. */
  int *n = proxywasm_http_alloc(h, sizeof *n);
  if (n)
    *n = 7;
  proxywasm_http_set_data(h, n);
}

static void on_tcp_create(proxywasm_tcp *t) {
  ev('T');
  expect_kind(proxywasm_tcp_context(t), PROXYWASM_CONTEXT_TCP);
  proxywasm_tcp_set_data(t, proxywasm_tcp_alloc(t, 8));
}

/* The first stream, kept to be used from another stream's hook. */
static proxywasm_http *first;
static proxywasm_status other_st = PROXYWASM_OK;

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  ev('q');
  if (first == NULL) {
    first = h;
  } else if (first != h) {
    /* A tracked stream's handle outlives its hook: used from another
       stream's hook it acts on its own stream (the SDK switches the
       effective context), never on the running one. */
    other_st = proxywasm_http_add_request_header(first, "x-other", "1", 1);
  }
  expect_kind(proxywasm_http_context(h), PROXYWASM_CONTEXT_HTTP);
  int *state = proxywasm_http_get_data(h);
  if (state == NULL || *state != 7)
    bad_kind = true;
  proxywasm_bytes path;
  if (h == first && proxywasm_http_get_request_header(h, ":path", &path) == PROXYWASM_OK &&
      strcmp(path.data, "/a") == 0)
    return PROXYWASM_PAUSE; /* keeps its request headers writable */
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_response_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  ev('r');
  expect_kind(proxywasm_http_context(h), PROXYWASM_CONTEXT_HTTP);
  return PROXYWASM_CONTINUE;
}

static void on_http_done(proxywasm_http *h) {
  ev('d');
  expect_kind(proxywasm_http_context(h), PROXYWASM_CONTEXT_HTTP);
}

static void on_http_delete(proxywasm_http *h) {
  ev('x');
  if (h == first)
    first = NULL;
  expect_kind(proxywasm_http_context(h), PROXYWASM_CONTEXT_HTTP);
}

static proxywasm_action on_new_connection(proxywasm_tcp *t) {
  ev('n');
  expect_kind(proxywasm_tcp_context(t), PROXYWASM_CONTEXT_TCP);
  if (proxywasm_tcp_get_data(t) == NULL)
    bad_kind = true;
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_downstream_data(proxywasm_tcp *t, size_t size, bool eos) {
  (void)size, (void)eos;
  ev('s');
  expect_kind(proxywasm_tcp_context(t), PROXYWASM_CONTEXT_TCP);
  return PROXYWASM_CONTINUE;
}

static void on_tcp_done(proxywasm_tcp *t) {
  ev('D');
  expect_kind(proxywasm_tcp_context(t), PROXYWASM_CONTEXT_TCP);
}

static void on_tcp_delete(proxywasm_tcp *t) {
  ev('X');
  expect_kind(proxywasm_tcp_context(t), PROXYWASM_CONTEXT_TCP);
}

PROXYWASM_HOOKS(on_http_create, on_tcp_create, on_request_headers, on_response_headers,
                on_http_done, on_http_delete, on_new_connection, on_downstream_data, on_tcp_done,
                on_tcp_delete);

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;

static int setup(void **state) {
  (void)state;
  memset(events, 0, sizeof events);
  bad_kind = false;
  first = NULL;
  other_st = PROXYWASM_OK;
  emu = proxywasm_emu_new();
  if (emu == NULL)
    return -1;
  vm = proxywasm_emu_start(emu, NULL);
  return vm ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  emu = NULL;
  return 0;
}

static const proxywasm_header req[] = {{{":path", 5}, {"/", 1}}};

static void test_http_stream(void **state) {
  (void)state;
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_string_equal(events, ""); /* not yet classified */
  proxywasm_emu_on_request_headers(vm, id, req, 1, true);
  proxywasm_emu_on_response_headers(vm, id, req, 1, true);
  proxywasm_emu_http_complete(vm, id);
  assert_string_equal(events, "Hqrdx");
  assert_false(bad_kind);
}

static void test_tcp_stream(void **state) {
  (void)state;
  uint32_t id = proxywasm_emu_tcp_new(vm, 0, NULL);
  proxywasm_emu_on_downstream_data(vm, id, "x", 1, true);
  proxywasm_emu_tcp_complete(vm, id);
  assert_string_equal(events, "TnsDX");
  assert_false(bad_kind);
}

static void test_http_stream_ended_before_any_event(void **state) {
  (void)state;
  /* Envoy creates TCP contexts with on_new_connection: a stream that only
     ends is an HTTP stream that ended early. */
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_emu_http_complete(vm, id);
  assert_string_equal(events, "Hdx");
  assert_false(bad_kind);
}

static void test_stream_deleted_before_any_event(void **state) {
  (void)state;
  proxywasm_emu_http_new(vm, 0);
  /* Freeing the VM deletes the stream: it never became HTTP or TCP. */
  proxywasm_emu_vm_free(vm);
  vm = NULL;
  assert_string_equal(events, "");
}

static void test_interleaved_streams(void **state) {
  (void)state;
  uint32_t h = proxywasm_emu_http_new(vm, 0);
  uint32_t t = proxywasm_emu_tcp_new(vm, 0, NULL);
  proxywasm_emu_on_request_headers(vm, h, req, 1, true);
  proxywasm_emu_on_downstream_data(vm, t, "x", 1, false);
  proxywasm_emu_http_complete(vm, h);
  proxywasm_emu_tcp_complete(vm, t);
  assert_string_equal(events, "TnHqsdxDX");
  assert_false(bad_kind);
}

static void test_sequential_streams(void **state) {
  (void)state;
  /* Ids keep growing while few contexts live: the SDK's small table wraps
     around, reuses deleted slots and probes past the plugin's record. */
  int creates = 0;
  for (int i = 0; i < 100; i++) {
    memset(events, 0, sizeof events);
    uint32_t id = i % 2 ? proxywasm_emu_tcp_new(vm, 0, NULL) : proxywasm_emu_http_new(vm, 0);
    if (i % 2 == 0)
      proxywasm_emu_on_request_headers(vm, id, req, 1, true);
    if (i % 2)
      proxywasm_emu_tcp_complete(vm, id);
    else
      proxywasm_emu_http_complete(vm, id);
    creates += strcmp(events, i % 2 ? "TnDX" : "Hqdx") == 0;
  }
  assert_int_equal(creates, 100);
  assert_false(bad_kind);
}

static void test_other_handle_acts_on_its_stream(void **state) {
  (void)state;
  uint32_t a = proxywasm_emu_http_new(vm, 0), b = proxywasm_emu_http_new(vm, 0);
  proxywasm_header hs[] = {PROXYWASM_HEADER(":path", "/a")};
  assert_int_equal(proxywasm_emu_on_request_headers(vm, a, hs, 1, false), PROXYWASM_PAUSE);
  proxywasm_emu_on_request_headers(vm, b, req, 1, true);
  assert_int_equal(other_st, PROXYWASM_OK);
  assert_string_equal(proxywasm_emu_get_request_header(vm, a, "x-other"), "1");
  assert_null(proxywasm_emu_get_request_header(vm, b, "x-other"));
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "set_effective_context"), 1);
  proxywasm_emu_http_complete(vm, a);
  proxywasm_emu_http_complete(vm, b);
  assert_null(first);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_http_stream, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tcp_stream, setup, teardown),
      cmocka_unit_test_setup_teardown(test_http_stream_ended_before_any_event, setup, teardown),
      cmocka_unit_test_setup_teardown(test_stream_deleted_before_any_event, setup, teardown),
      cmocka_unit_test_setup_teardown(test_interleaved_streams, setup, teardown),
      cmocka_unit_test_setup_teardown(test_sequential_streams, setup, teardown),
      cmocka_unit_test_setup_teardown(test_other_handle_acts_on_its_stream, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
