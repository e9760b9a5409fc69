/*
 * test_sdk_transient.c - a plugin that lists only stream hooks (no
 * lifecycle, plugin or state hooks, no callouts): the module exports no
 * proxy_on_context_create/proxy_on_delete, and each hook gets a transient
 * handle that is valid while the hook runs.
 *
 * Everything this file calls must keep the SDK's stream records out of the
 * link (no proxywasm_context_set_data, _alloc, _plugin, _find, callouts,
 * ticks).
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

static struct {
  int hooks;
  uint32_t ids[4];
  proxywasm_context_kind kinds[4];
  bool current_ok[4];
  proxywasm_status switch_own, switch_null, header_st, add_st, tcp_st;
  char path[16];
} seen;

static void record(proxywasm_context *c) {
  int i = seen.hooks++;
  if (i >= 4)
    return;
  seen.ids[i] = proxywasm_context_id(c);
  seen.kinds[i] = proxywasm_context_get_kind(c);
  seen.current_ok[i] = proxywasm_context_current() == c;
}

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  record(proxywasm_http_context(h));
  seen.switch_own = proxywasm_context_set_effective(proxywasm_http_context(h));
  seen.switch_null = proxywasm_context_set_effective(NULL);
  proxywasm_bytes v;
  seen.header_st = proxywasm_http_get_request_header(h, ":path", &v);
  if (seen.header_st == PROXYWASM_OK)
    snprintf(seen.path, sizeof seen.path, "%.*s", (int)v.len, v.data);
  seen.add_st = proxywasm_http_add_request_header(h, "x-transient", "1", 1);
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_response_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  record(proxywasm_http_context(h));
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_new_connection(proxywasm_tcp *t) {
  record(proxywasm_tcp_context(t));
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_downstream_data(proxywasm_tcp *t, size_t size, bool eos) {
  (void)size, (void)eos;
  record(proxywasm_tcp_context(t));
  seen.tcp_st = proxywasm_tcp_replace_downstream_data(t, "T", 1);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_request_headers, on_response_headers, on_new_connection, on_downstream_data);

static int setup(void **state) {
  (void)state;
  memset(&seen, 0, sizeof seen);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(proxywasm_emu_static_host());
  return 0;
}

static void test_http_hooks_get_transient_handles(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/t")};
  proxywasm_emu_on_request_headers(vm, id, req, 1, true);
  proxywasm_emu_on_response_headers(vm, id, req, 1, true);
  proxywasm_emu_http_complete(vm, id);
  assert_int_equal(seen.hooks, 2);
  for (int i = 0; i < 2; i++) {
    assert_int_equal(seen.ids[i], id);
    assert_int_equal(seen.kinds[i], PROXYWASM_CONTEXT_HTTP);
    assert_true(seen.current_ok[i]);
  }
  assert_int_equal(seen.switch_own, PROXYWASM_OK);
  assert_int_equal(seen.switch_null, PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(seen.header_st, PROXYWASM_OK);
  assert_string_equal(seen.path, "/t");
  assert_int_equal(seen.add_st, PROXYWASM_OK);
  assert_string_equal(proxywasm_emu_get_request_header(vm, id, "x-transient"), "1");
  /* The module exports only its hooks: no context create, log or delete calls. */
  char want[128];
  snprintf(want, sizeof want,
           "proxy_on_request_headers(%u,1,1)\nproxy_on_response_headers(%u,1,1)\n", id, id);
  assert_string_equal(proxywasm_emu_vm_trace(vm), want);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "set_effective_context"), 0);
  proxywasm_emu_free(emu);
}

static void test_tcp_hooks_get_transient_handles(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  proxywasm_action a;
  uint32_t id = proxywasm_emu_tcp_new(vm, 0, &a);
  assert_int_equal(a, PROXYWASM_CONTINUE);
  proxywasm_emu_on_downstream_data(vm, id, "t", 1, false);
  proxywasm_emu_tcp_complete(vm, id);
  assert_int_equal(seen.hooks, 2);
  for (int i = 0; i < 2; i++) {
    assert_int_equal(seen.ids[i], id);
    assert_int_equal(seen.kinds[i], PROXYWASM_CONTEXT_TCP);
    assert_true(seen.current_ok[i]);
  }
  assert_int_equal(seen.tcp_st, PROXYWASM_OK);
  size_t len;
  assert_string_equal(proxywasm_emu_get_downstream_data_sent(vm, id, &len), "T");
  assert_null(strstr(proxywasm_emu_vm_trace(vm), "proxy_on_context_create"));
  assert_null(strstr(proxywasm_emu_vm_trace(vm), "proxy_on_delete"));
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_http_hooks_get_transient_handles, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tcp_hooks_get_transient_handles, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
