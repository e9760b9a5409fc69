/* Unit tests of the quickstart plugin through the host emulator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <proxywasm.h>
#include <proxywasm/emulator.h>

static void adds_configured_header_and_logs_path(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm =
      proxywasm_emu_start(emu, "{\"header\": \"x-hello\", \"value\": \"wörld\"}");
  assert_non_null(vm);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO,
                                         "quickstart: adding \"x-hello: wörld\" to responses"));

  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/some/path"),
                            PROXYWASM_HEADER(":method", "GET")};
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, req, 2, true), PROXYWASM_CONTINUE);
  assert_true(
      proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "quickstart: request path /some/path"));

  proxywasm_header resp[] = {PROXYWASM_HEADER(":status", "200")};
  assert_int_equal(proxywasm_emu_on_response_headers(vm, id, resp, 1, false), PROXYWASM_CONTINUE);
  assert_string_equal(proxywasm_emu_get_response_header(vm, id, "x-hello"), "wörld");
  proxywasm_emu_http_complete(vm, id);
  proxywasm_emu_free(emu);
}

static void rejects_bad_configurations(void **state) {
  (void)state;
  static const char *const bad[] = {
      "",                                         /* none */
      "not json",                                 /* not JSON */
      "{\"header\": \"x-a\"}",                    /* no value */
      "{\"header\": \"\", \"value\": \"v\"}",     /* empty name */
      "{\"header\": 7, \"value\": \"v\"}",        /* wrong type */
      "{\"header\": \"x-a\", \"value\": \"v\",}", /* trailing comma */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    proxywasm_emu *emu = proxywasm_emu_new();
    assert_null(proxywasm_emu_start(emu, bad[i]));
    assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_ERROR,
                                           "quickstart: the configuration must be"));
    proxywasm_emu_free(emu);
  }
}

static void missing_path_is_not_an_error(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, "{\"header\": \"x-a\", \"value\": \"b\"}");
  assert_non_null(vm);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, NULL, 0, true), PROXYWASM_CONTINUE);
  assert_false(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "request path"));
  proxywasm_emu_http_complete(vm, id);
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(adds_configured_header_and_logs_path),
      cmocka_unit_test(rejects_bad_configurations),
      cmocka_unit_test(missing_path_is_not_an_error),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
