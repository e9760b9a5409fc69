/* Unit tests of http_routing in the host emulator (Go: TestHttpRouting_*). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

/* Sends one request for my-host.com; returns the resulting :authority. */
static const char *route(proxywasm_emu_vm *vm) {
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  const proxywasm_header hs[] = {PROXYWASM_HEADER(":authority", "my-host.com")};
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, hs, 1, false), PROXYWASM_CONTINUE);
  size_t n;
  const proxywasm_header *got = proxywasm_emu_get_request_headers(vm, id, &n);
  assert_int_equal(n, 1);
  assert_true(proxywasm_bytes_eq(got[0].name, ":authority"));
  return got[0].value.data;
}

/* The configuration's first byte fixes the dice: 2 is even, so canary. */
static void test_canary(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, "\x02");
  assert_non_null(vm);
  assert_string_equal(route(vm), "my-host.com-canary");
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "value: 2"));
}

static void test_non_canary(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, "\x01");
  assert_non_null(vm);
  assert_string_equal(route(vm), "my-host.com");
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "value: 1"));
}

/* Without configuration the dice is random: both routes occur (a chance of
   2^-63 that 64 rolls agree). */
static void test_random(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  int canary = 0, primary = 0;
  for (int i = 0; i < 64; i++) {
    const char *authority = route(vm);
    if (strcmp(authority, "my-host.com-canary") == 0)
      canary++;
    else if (strcmp(authority, "my-host.com") == 0)
      primary++;
  }
  assert_int_equal(canary + primary, 64);
  assert_true(canary > 0 && primary > 0);
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_INFO), 64);
}

/* An even roll without :authority cannot be routed: the request is held
   and the failure logged. */
static void test_missing_authority(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, "\x04");
  assert_non_null(vm);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  const proxywasm_header hs[] = {PROXYWASM_HEADER(":path", "/")};
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, hs, 1, true), PROXYWASM_PAUSE);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_CRITICAL,
                                         "failed to get request header: ':authority'"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_canary, setup, teardown),
      cmocka_unit_test_setup_teardown(test_non_canary, setup, teardown),
      cmocka_unit_test_setup_teardown(test_random, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_authority, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
