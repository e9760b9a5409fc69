/* Unit tests of foreign_call_on_tick in the host emulator
   (Go: TestPluginContext_OnTick). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <proxywasm.h>
#include <proxywasm/emulator.h>

static int setup(void **state) {
  proxywasm_emu *emu = proxywasm_emu_new();
  assert_non_null(emu);
  *state = emu;
  return 0;
}

static int teardown(void **state) {
  proxywasm_emu_free(*state);
  return 0;
}

/* A stand-in for Envoy's "compress": returns its argument (as Go's test does). */
static proxywasm_status identity(void *user_data, const char *args, size_t args_len, char **result,
                                 size_t *result_len) {
  (*(int *)user_data)++;
  *result = malloc(args_len);
  if (*result == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  memcpy(*result, args, args_len);
  *result_len = args_len;
  return PROXYWASM_OK;
}

static void test_on_tick(void **state) {
  proxywasm_emu *emu = *state;
  int calls = 0;
  assert_int_equal(proxywasm_emu_register_foreign_function(emu, "compress", identity, &calls),
                   PROXYWASM_OK);
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  uint32_t root = proxywasm_emu_vm_root(vm);
  assert_int_equal(proxywasm_emu_get_tick_period(vm, root), 1);

  for (int i = 1; i < 10; i++) {
    proxywasm_emu_on_tick(vm, root);
    assert_int_equal(calls, i);
    char want[128];
    snprintf(want, sizeof want, "foreign function (compress) called: %d, result: %s", i,
             "68656c6c6f20776f726c6421"); /* hex of "hello world!" */
    assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, want));
  }
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_CRITICAL), 0);
}

/* Without the host function the failure is logged and the tick still counted. */
static void test_missing_function(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_CRITICAL,
                                         "foreign function (compress) failed: "));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO,
                                         "foreign function (compress) called: 1, result: "));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_on_tick, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_function, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
