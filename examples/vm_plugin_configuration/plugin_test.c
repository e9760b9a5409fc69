/*
 * Unit tests of vm_plugin_configuration through the host emulator: the VM
 * and plugin configurations are logged (Go's TestContext_OnVMStart and
 * TestContext_OnPluginStart), and missing ones are reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <proxywasm.h>
#include <proxywasm/emulator.h>

static void test_plugin_configuration(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  assert_non_null(proxywasm_emu_start(emu, "tinygo plugin configuration"));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO,
                                         "plugin config: tinygo plugin configuration"));
  proxywasm_emu_free(emu);
}

static void test_vm_configuration(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm_options vo = {.configuration = "tinygo vm configuration"};
  proxywasm_emu_vm *vm = proxywasm_emu_vm_new(emu, &vo);
  assert_non_null(vm);
  uint32_t root = proxywasm_emu_plugin_new(vm, NULL);
  assert_true(proxywasm_emu_on_vm_start(vm, root));
  assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_INFO, 0),
                      "vm config: tinygo vm configuration");
  proxywasm_emu_free(emu);
}

/* Both configurations as Envoy passes them from envoy.yaml (JSON text). */
static void test_both_json(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm_options vo = {.configuration = "{\"name\": \"vm configuration\"}"};
  proxywasm_emu_vm *vm = proxywasm_emu_vm_new(emu, &vo);
  proxywasm_emu_plugin_options po = {.configuration = "{\"name\": \"plugin configuration\"}"};
  bool started = false;
  assert_int_not_equal(proxywasm_emu_plugin_add(vm, &po, &started), 0);
  assert_true(started);
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_INFO), 2);
  assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_INFO, 0),
                      "vm config: {\"name\": \"vm configuration\"}");
  assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_INFO, 1),
                      "plugin config: {\"name\": \"plugin configuration\"}");
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_CRITICAL), 0);
  proxywasm_emu_free(emu);
}

/* No configurations: both reported, and the plugin still starts (as Go). */
static void test_missing_configurations(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  assert_non_null(proxywasm_emu_start(emu, NULL));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_CRITICAL,
                                         "error reading vm configuration: not found"));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_CRITICAL,
                                         "error reading plugin configuration: not found"));
  assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_INFO, 0), "vm config: ");
  assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_INFO, 1), "plugin config: ");
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_plugin_configuration),
      cmocka_unit_test(test_vm_configuration),
      cmocka_unit_test(test_both_json),
      cmocka_unit_test(test_missing_configurations),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
