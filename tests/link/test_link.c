/*
 * test_link.c - the link-configuration matrix: the same plugin and the same
 * test bodies, built once per hook list (mk/link.mk passes -DLINK_SET=n).
 * Which hooks a module lists decides which exports and imports it has,
 * never what a call does, so every body must pass in every set:
 *
 *   1 streams    HTTP and TCP stream hooks only
 *   2 plugin     1 + on_plugin_start (plugin records)
 *   3 ticks      2 + on_tick (effective-context switching)
 *   4 lifecycle  2 + create/delete hooks (stream records: on_context_create, on_delete)
 *   5 callouts   2 + a proxywasm_http_call (pending calls)
 *
 * Each set is built twice: LINK_FIND=1 adds the one body that finds a
 * stream by id (proxywasm_context_find, which tracks streams), LINK_FIND=0
 * leaves it out so that sets 1-3 track no streams at all. A body that needs
 * what a build lacks (a plugin handle needs a plugin hook) is skipped
 * there, by name.
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

#ifndef LINK_SET
#error "build with -DLINK_SET=1..5 (mk/link.mk)"
#endif
#ifndef LINK_FIND
#error "build with -DLINK_FIND=0 or 1 (mk/link.mk)"
#endif
#define HAS_PLUGIN_HOOK (LINK_SET >= 2)

#define UNUSED __attribute__((unused))

static proxywasm_plugin *plugin;             /* from on_plugin_start */
static uint32_t parked;                      /* a paused request's id */
static proxywasm_status last = PROXYWASM_OK; /* status of the last operation */
static unsigned http_done_calls, wrong_kind;

static UNUSED bool on_plugin_start(proxywasm_plugin *p, size_t size) {
  (void)size;
  plugin = p;
  /* Configuration kept for the plugin's life, freed when it is deleted. */
  proxywasm_plugin_set_data(p, proxywasm_plugin_alloc(p, 32));
  return proxywasm_plugin_get_data(p) != NULL;
}

static UNUSED void on_tick(proxywasm_plugin *p) { (void)p; }
static UNUSED void on_http_create(proxywasm_http *h) { (void)h; }
static UNUSED void on_http_delete(proxywasm_http *h) { (void)h; }
static UNUSED void on_plugin_delete(proxywasm_plugin *p) { (void)p; }

#if LINK_SET == 5
static void answered(proxywasm_context *c, uint32_t token, const proxywasm_http_call_response *r,
                     void *u) {
  (void)c, (void)token, (void)r, (void)u;
}
static proxywasm_status call_out(proxywasm_http *h) {
  static const proxywasm_header hd[] = {PROXYWASM_HEADER_INIT(":method", "GET"),
                                        PROXYWASM_HEADER_INIT(":path", "/"),
                                        PROXYWASM_HEADER_INIT(":authority", "c")};
  proxywasm_http_call_request req = {
      .upstream = PROXYWASM_LIT("c"), .headers = hd, .header_count = 3, .timeout_ms = 100};
  return proxywasm_http_call(proxywasm_http_context(h), &req, answered, NULL, NULL);
}
#else
static proxywasm_status call_out(proxywasm_http *h) {
  (void)h;
  return PROXYWASM_OK;
}
#endif

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_bytes op;
  if (proxywasm_http_get_request_header(h, "x-op", &op) != PROXYWASM_OK)
    return PROXYWASM_CONTINUE;
  if (strcmp(op.data, "park") == 0) {
    parked = proxywasm_context_id(proxywasm_http_context(h));
    return PROXYWASM_PAUSE;
  }
#if LINK_FIND
  if (strcmp(op.data, "resume") == 0) /* another stream's request, by id */
    last = proxywasm_http_resume_request(proxywasm_context_as_http(proxywasm_context_find(parked)));
#endif
  if (strcmp(op.data, "tick") == 0) /* the plugin's handle, kept since on_plugin_start */
    last = proxywasm_tick_period_set(proxywasm_plugin_context(plugin), 1000);
  else if (strcmp(op.data, "call") == 0)
    last = call_out(h);
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_response_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)h, (void)n, (void)eos;
  return PROXYWASM_CONTINUE;
}

static void on_http_done(proxywasm_http *h) {
  http_done_calls++;
  if (proxywasm_context_get_kind(proxywasm_http_context(h)) != PROXYWASM_CONTEXT_HTTP)
    wrong_kind++;
}

static proxywasm_action on_new_connection(proxywasm_tcp *t) {
  (void)t;
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_downstream_data(proxywasm_tcp *t, size_t size, bool eos) {
  (void)t, (void)size, (void)eos;
  return PROXYWASM_CONTINUE;
}

#define STREAM_HOOKS \
  on_request_headers, on_response_headers, on_http_done, on_new_connection, on_downstream_data
#if LINK_SET == 1
PROXYWASM_HOOKS(STREAM_HOOKS);
#elif LINK_SET == 2 || LINK_SET == 5
PROXYWASM_HOOKS(on_plugin_start, STREAM_HOOKS);
#elif LINK_SET == 3
PROXYWASM_HOOKS(on_plugin_start, on_tick, STREAM_HOOKS);
#elif LINK_SET == 4
PROXYWASM_HOOKS(on_plugin_start, on_http_create, on_http_delete, on_plugin_delete, STREAM_HOOKS);
#endif

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;

static int setup(void **state) {
  (void)state;
  plugin = NULL;
  parked = 0;
  last = PROXYWASM_OK;
  http_done_calls = wrong_kind = 0;
  emu = proxywasm_emu_new();
  vm = emu ? proxywasm_emu_start(emu, NULL) : NULL;
  return vm ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  return 0;
}

static proxywasm_action request(uint32_t id, const char *op) {
  proxywasm_header h[] = {PROXYWASM_HEADER(":path", "/"), {{"x-op", 4}, {op, strlen(op)}}};
  return proxywasm_emu_on_request_headers(vm, id, h, 2, true);
}

/* Stream B resumes stream A, paused earlier, through a handle found by id. */
static void test_resume_other_stream_found_by_id(void **state) {
  (void)state;
  if (!LINK_FIND)
    skip();
  uint32_t a = proxywasm_emu_http_new(vm, 0), b = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(request(a, "park"), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_get_resume_count(vm, a, PROXYWASM_STREAM_HTTP_REQUEST), 0);
  assert_int_equal(request(b, "resume"), PROXYWASM_CONTINUE);
  assert_string_equal(proxywasm_status_str(last), proxywasm_status_str(PROXYWASM_OK));
  assert_int_equal(proxywasm_emu_get_resume_count(vm, a, PROXYWASM_STREAM_HTTP_REQUEST), 1);
}

/* The plugin's handle, kept from on_plugin_start, acts from a stream hook. */
static void test_plugin_handle_used_from_stream(void **state) {
  (void)state;
  if (!HAS_PLUGIN_HOOK)
    skip();
  uint32_t a = proxywasm_emu_http_new(vm, 0);
  request(a, "tick");
  assert_string_equal(proxywasm_status_str(last), proxywasm_status_str(PROXYWASM_OK));
}

/* proxywasm_plugin_alloc memory lives until the plugin is deleted, then is freed. */
static void test_plugin_memory_freed_with_plugin(void **state) {
  (void)state;
  if (!HAS_PLUGIN_HOOK)
    skip();
  uint32_t root = proxywasm_context_id(proxywasm_plugin_context(plugin));
  assert_int_not_equal(root, 0);
  uint32_t a = proxywasm_emu_http_new(vm, 0);
  request(a, "none");
  proxywasm_emu_http_complete(vm, a);
  assert_int_equal(proxywasm_emu_vm_context_blocks(vm), 1);
  assert_true(proxywasm_emu_plugin_done(vm, root));
  assert_int_equal(proxywasm_emu_vm_context_blocks(vm), 0);
}

/* on_http_done runs for HTTP streams, never for a TCP connection. */
static void test_done_hook_only_for_its_kind(void **state) {
  (void)state;
  uint32_t t = proxywasm_emu_tcp_new(vm, 0, NULL);
  proxywasm_emu_on_downstream_data(vm, t, "x", 1, true);
  proxywasm_emu_tcp_complete(vm, t);
  assert_int_equal(http_done_calls, 0);
  uint32_t h = proxywasm_emu_http_new(vm, 0);
  request(h, "none");
  proxywasm_emu_http_complete(vm, h);
  uint32_t early = proxywasm_emu_http_new(vm, 0); /* ended before any event */
  proxywasm_emu_http_complete(vm, early);
  assert_int_equal(http_done_calls, 2);
  assert_int_equal(wrong_kind, 0);
}

/* The callout set's call works (and links pending calls). */
static void test_callout(void **state) {
  (void)state;
  if (LINK_SET != 5)
    skip();
  uint32_t a = proxywasm_emu_http_new(vm, 0);
  request(a, "call");
  assert_int_equal(last, PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_callout_count(vm, a), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_resume_other_stream_found_by_id, setup, teardown),
      cmocka_unit_test_setup_teardown(test_plugin_handle_used_from_stream, setup, teardown),
      cmocka_unit_test_setup_teardown(test_plugin_memory_freed_with_plugin, setup, teardown),
      cmocka_unit_test_setup_teardown(test_done_hook_only_for_its_kind, setup, teardown),
      cmocka_unit_test_setup_teardown(test_callout, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
