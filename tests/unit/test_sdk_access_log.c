/*
 * test_sdk_access_log.c - an access-logger module (envoy.access_loggers.wasm):
 * Envoy calls proxy_on_log with the plugin's own id, and no stream contexts
 * exist. The module lists only plugin hooks; on_plugin_log must run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "proxywasm.h"
#include "proxywasm/emulator.h"

static int logs;
static proxywasm_plugin *started_as, *logged_as;

static bool on_plugin_start(proxywasm_plugin *plugin, size_t size) {
  (void)size;
  started_as = plugin;
  return true;
}

static void on_plugin_log(proxywasm_plugin *plugin) {
  logs++;
  logged_as = plugin;
}

PROXYWASM_HOOKS(on_plugin_start, on_plugin_log);

static void test_access_log_hook_runs(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  uint32_t root = proxywasm_emu_vm_root(vm);
  proxywasm_emu_on_plugin_log(vm, root);
  proxywasm_emu_on_plugin_log(vm, root);
  assert_int_equal(logs, 2);
  assert_ptr_equal(logged_as, started_as);
  assert_int_equal(proxywasm_context_id(proxywasm_plugin_context(logged_as)), root);
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_access_log_hook_runs)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
