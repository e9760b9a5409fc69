/* Unit tests of helloworld in the host emulator (Go: TestHelloWorld_*). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <proxywasm.h>
#include <proxywasm/emulator.h>

/* The emulator's clock starts at 2024-01-01T00:00:00Z. */
#define START_NS UINT64_C(1704067200000000000)

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

static void test_on_plugin_start(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  assert_int_equal(proxywasm_emu_get_tick_period(vm, proxywasm_emu_vm_root(vm)), 1000);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "OnPluginStart from Go!"));
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_CRITICAL), 0);
}

static void test_on_tick(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  assert_int_equal(proxywasm_emu_get_tick_period(vm, proxywasm_emu_vm_root(vm)), 1000);

  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "OnTick called"));
  char want[64];
  snprintf(want, sizeof want, "It's %llu: random value: ", (unsigned long long)START_NS);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, want));
}

/* Ticks fire once a second with the time of each tick and a fresh number. */
static void test_ticks_follow_the_clock(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  proxywasm_emu_log_clear(emu);

  assert_int_equal(proxywasm_emu_advance(emu, 3500), 3);
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_INFO), 6);

  unsigned long long values[3];
  for (size_t i = 0; i < 3; i++) {
    const char *line = proxywasm_emu_log_message(emu, PROXYWASM_LOG_INFO, 2 * i);
    assert_non_null(line);
    unsigned long long ns;
    assert_int_equal(sscanf(line, "It's %llu: random value: %llu", &ns, &values[i]), 2);
    assert_true(ns == START_NS + (i + 1) * UINT64_C(1000000000));
    assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_INFO, 2 * i + 1),
                        "OnTick called");
  }
  assert_true(values[0] != values[1] && values[1] != values[2]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_on_plugin_start, setup, teardown),
      cmocka_unit_test_setup_teardown(test_on_tick, setup, teardown),
      cmocka_unit_test_setup_teardown(test_ticks_follow_the_clock, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
