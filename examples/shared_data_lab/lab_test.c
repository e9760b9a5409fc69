/*
 * The shared-data lab across two modules: incrementer.so and reader.so
 * loaded as two VMs with vm_id "my_vm" in one emulated host. The reader sees
 * every value the incrementer writes; a reader with another vm_id does not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>
#include <proxywasm.h>
#include <proxywasm/emulator.h>

static proxywasm_emu_vm *load(proxywasm_emu *emu, const char *vm_id, const char *plugin) {
  proxywasm_emu_vm_options vo = {.vm_id = vm_id, .plugin_path = plugin};
  proxywasm_emu_vm *vm = proxywasm_emu_vm_new(emu, &vo);
  if (vm == NULL)
    fprintf(stderr, "load %s: %s\n", plugin, proxywasm_emu_error(emu));
  assert_non_null(vm);
  bool started = false;
  assert_int_not_equal(proxywasm_emu_plugin_add(vm, NULL, &started), 0);
  assert_true(started);
  return vm;
}

static void request(proxywasm_emu_vm *vm) {
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, NULL, 0, true), PROXYWASM_CONTINUE);
  proxywasm_emu_http_complete(vm, id);
}

static bool info(proxywasm_emu *emu, const char *fmt, int n) {
  char msg[96];
  snprintf(msg, sizeof msg, fmt, n);
  return proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, msg);
}

static void test_reader_sees_increments(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *inc = load(emu, "my_vm", "shared_data_lab/incrementer");
  proxywasm_emu_vm *rd = load(emu, "my_vm", "shared_data_lab/reader");
  assert_true(info(emu, "[wasm-extension]: Setting initial shared value %d", 1));

  /* One request passes both filters, incrementer first (envoy.yaml order). */
  for (int n = 2; n <= 4; n++) {
    assert_false(info(emu, "incremented shared value: %d", n));
    request(inc);
    request(rd);
    assert_true(info(emu, "incremented shared value: %d", n));
    assert_true(info(emu, "[second-extension]: Reading shared data: %d", n));
  }
  /* Each message came from the VM that owns it. */
  assert_int_equal(proxywasm_emu_context_log_count(rd, 0, PROXYWASM_LOG_INFO), 3);
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_WARN), 0);

  /* The same reader module in another vm_id has no such key. */
  proxywasm_emu_vm *other = load(emu, "other_vm", "shared_data_lab/reader");
  request(other);
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_WARN, "[second-extension]: error getting shared data: not found"));
  proxywasm_emu_free(emu);
}

/* The increment survives a concurrent writer (CAS retry). */
static void test_increment_retries(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *inc = load(emu, "my_vm", "shared_data_lab/incrementer");
  proxywasm_emu_fail_hostcall(emu, "proxy_set_shared_data", 1, PROXYWASM_CAS_MISMATCH);
  request(inc);
  assert_true(info(emu, "incremented shared value: %d", 2));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_WARN,
                                         "error setting shared data: cas mismatch"));
  const char *v = NULL;
  size_t len = 0;
  assert_int_equal(proxywasm_emu_shared_data_get(emu, "my_vm", "shared_data_key", &v, &len, NULL),
                   PROXYWASM_OK);
  assert_int_equal(len, 8);
  assert_memory_equal(v, "\x02\0\0\0\0\0\0\0", 8);
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_reader_sees_increments),
      cmocka_unit_test(test_increment_retries),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
