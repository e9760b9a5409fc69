/* Unit tests of metrics in the host emulator (Go: TestMetric, and more). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <proxywasm.h>
#include <proxywasm/emulator.h>

#define FOO_COUNTER "custom_header_value_counts_value=foo_reporter=wasmcsdk"
#define BAR_COUNTER "custom_header_value_counts_value=bar_reporter=wasmcsdk"

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

static uint64_t counter(proxywasm_emu *emu, const char *name) {
  uint64_t v = 0;
  assert_int_equal(proxywasm_emu_get_counter(emu, name, &v), PROXYWASM_OK);
  return v;
}

/* Go: three requests with my-custom-header: foo count 3. */
static void test_metric(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);

  const proxywasm_header headers[] = {PROXYWASM_HEADER("my-custom-header", "foo")};
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_not_equal(id, 0);
  for (int i = 0; i < 3; i++)
    assert_int_equal(proxywasm_emu_on_request_headers(vm, id, headers, 1, false),
                     PROXYWASM_CONTINUE);
  assert_int_equal(counter(emu, FOO_COUNTER), 3);
}

/* One counter per value, over many streams; each name is defined once. */
static void test_counter_per_value(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);

  const proxywasm_header foo[] = {PROXYWASM_HEADER("my-custom-header", "foo")};
  const proxywasm_header bar[] = {PROXYWASM_HEADER("My-Custom-Header", "bar")};
  const proxywasm_header none[] = {PROXYWASM_HEADER(":path", "/")};
  for (int i = 0; i < 8; i++) {
    uint32_t id = proxywasm_emu_http_new(vm, 0);
    const proxywasm_header *h = i < 3 ? foo : bar;
    assert_int_equal(proxywasm_emu_on_request_headers(vm, id, h, 1, true), PROXYWASM_CONTINUE);
    proxywasm_emu_http_complete(vm, id);
  }
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, none, 1, true), PROXYWASM_CONTINUE);

  assert_int_equal(counter(emu, FOO_COUNTER), 3);
  assert_int_equal(counter(emu, BAR_COUNTER), 5);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "proxy_define_metric"), 2);
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_CRITICAL), 0);
}

/* A failed definition is logged and the request still continues. */
static void test_define_failure(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  assert_int_equal(
      proxywasm_emu_fail_hostcall(emu, "proxy_define_metric", 1, PROXYWASM_BAD_ARGUMENT),
      PROXYWASM_OK);

  const proxywasm_header foo[] = {PROXYWASM_HEADER("my-custom-header", "foo")};
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, foo, 1, true), PROXYWASM_CONTINUE);
  assert_true(
      proxywasm_emu_log_contains(emu, PROXYWASM_LOG_CRITICAL, "failed to define counter for foo"));
  uint64_t v;
  assert_int_equal(proxywasm_emu_get_counter(emu, FOO_COUNTER, &v), PROXYWASM_NOT_FOUND);

  /* The next request defines it. */
  id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, foo, 1, true), PROXYWASM_CONTINUE);
  assert_int_equal(counter(emu, FOO_COUNTER), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_metric, setup, teardown),
      cmocka_unit_test_setup_teardown(test_counter_per_value, setup, teardown),
      cmocka_unit_test_setup_teardown(test_define_failure, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
