/*
 * test_sdk_all_hooks.c - PROXYWASM_EXPORT_ALL_HOOKS: every proxy_on_*
 * export exists; the ones the plugin does not list answer as Envoy does
 * when an export is missing, and the listed hook is the plugin's own.
 */
#define PROXYWASM_EXPORT_ALL_HOOKS
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "proxywasm.h"
#include "proxywasm/emulator.h"

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)h, (void)n, (void)eos;
  return PROXYWASM_PAUSE;
}

PROXYWASM_HOOKS(on_request_headers);

/* Defined by the SDK's weak defaults (src/allhooks.c). */
void proxy_on_log(uint32_t id);
void proxy_on_delete(uint32_t id);
uint32_t proxy_on_done(uint32_t id);

static void test_defaults(void **state) {
  (void)state;
  assert_int_equal(proxy_on_vm_start(1, 0), 1);
  assert_int_equal(proxy_on_configure(1, 0), 1);
  assert_int_equal(proxy_on_done(1), 1);
  assert_int_equal(proxy_on_new_connection(2), 0);
  assert_int_equal(proxy_on_downstream_data(2, 1, 0), 0);
  assert_int_equal(proxy_on_upstream_data(2, 1, 0), 0);
  assert_int_equal(proxy_on_request_body(2, 1, 0), 0);
  assert_int_equal(proxy_on_request_trailers(2, 1), 0);
  assert_int_equal(proxy_on_response_headers(2, 1, 0), 0);
  assert_int_equal(proxy_on_response_body(2, 1, 0), 0);
  assert_int_equal(proxy_on_response_trailers(2, 1), 0);
  proxy_on_tick(1);
  proxy_on_log(2);
  proxy_on_delete(2);
}

static void test_listed_hook_is_the_plugins(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm); /* default on_vm_start and on_configure accept */
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, NULL, 0, true), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_on_response_headers(vm, id, NULL, 0, true), PROXYWASM_CONTINUE);
  assert_true(proxywasm_emu_plugin_done(vm, 1));
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_defaults),
      cmocka_unit_test(test_listed_hook_is_the_plugins),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
