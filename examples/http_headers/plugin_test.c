/* Unit tests of http_headers in the host emulator (Go: TestHttpHeaders_*). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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

/* True if the list holds exactly this name and value. */
static bool has_header(const proxywasm_header *h, size_t n, const char *name, const char *value) {
  for (size_t i = 0; i < n; i++)
    if (proxywasm_bytes_eq(h[i].name, name) && proxywasm_bytes_eq(h[i].value, value))
      return true;
  return false;
}

static void assert_finished_logged(proxywasm_emu *emu, uint32_t id) {
  char want[32];
  snprintf(want, sizeof want, "%u finished", (unsigned)id);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, want));
}

static void test_on_request_headers(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL); /* no configuration */
  assert_non_null(vm);

  uint32_t id = proxywasm_emu_http_new(vm, 0);
  const proxywasm_header hs[] = {PROXYWASM_HEADER("key1", "value1"),
                                 PROXYWASM_HEADER("key2", "value2")};
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, hs, 2, false), PROXYWASM_CONTINUE);
  assert_string_equal(proxywasm_emu_get_request_header(vm, id, "test"), "best");

  proxywasm_emu_http_complete(vm, id);
  assert_finished_logged(emu, id);
  assert_true(
      proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "request header --> key2: value2"));
  assert_true(
      proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "request header --> key1: value1"));
  /* The header the plugin set is logged too (it reads the map back). */
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "request header --> test: best"));
}

/* An existing "test" header is replaced, not duplicated. */
static void test_request_header_replaced(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);

  uint32_t id = proxywasm_emu_http_new(vm, 0);
  const proxywasm_header hs[] = {PROXYWASM_HEADER("test", "worst")};
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, hs, 1, true), PROXYWASM_CONTINUE);
  size_t n;
  const proxywasm_header *got = proxywasm_emu_get_request_headers(vm, id, &n);
  assert_int_equal(proxywasm_emu_header_count(got, n, "test"), 1);
  assert_true(has_header(got, n, "test", "best"));
}

static void test_on_response_headers(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm =
      proxywasm_emu_start(emu, "{\"header\": \"x-wasm-header\", \"value\": \"x-value\"}");
  assert_non_null(vm);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO,
                                         "header from config: x-wasm-header = x-value"));

  uint32_t id = proxywasm_emu_http_new(vm, 0);
  const proxywasm_header hs[] = {PROXYWASM_HEADER("key1", "value1"),
                                 PROXYWASM_HEADER("key2", "value2")};
  assert_int_equal(proxywasm_emu_on_response_headers(vm, id, hs, 2, false), PROXYWASM_CONTINUE);
  proxywasm_emu_http_complete(vm, id);

  size_t n;
  const proxywasm_header *got = proxywasm_emu_get_response_headers(vm, id, &n);
  assert_int_equal(n, 4);
  assert_true(has_header(got, n, "key1", "value1"));
  assert_true(has_header(got, n, "key2", "value2"));
  assert_true(has_header(got, n, "x-wasm-header", "x-value"));
  assert_true(has_header(got, n, "x-proxy-wasm-go-sdk-example", "http_headers"));

  assert_finished_logged(emu, id);
  assert_true(
      proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "adding header: x-wasm-header=x-value"));
  assert_true(
      proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "response header <-- key2: value2"));
  assert_true(
      proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "response header <-- key1: value1"));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO,
                                         "response header <-- x-wasm-header: x-value"));
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_INFO, "response header <-- x-proxy-wasm-go-sdk-example: http_headers"));
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_CRITICAL), 0);
}

/* Without configuration only the fixed header is added. */
static void test_response_without_configuration(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);

  uint32_t id = proxywasm_emu_http_new(vm, 0);
  const proxywasm_header hs[] = {PROXYWASM_HEADER(":status", "200")};
  assert_int_equal(proxywasm_emu_on_response_headers(vm, id, hs, 1, true), PROXYWASM_CONTINUE);
  size_t n;
  const proxywasm_header *got = proxywasm_emu_get_response_headers(vm, id, &n);
  assert_int_equal(n, 2);
  assert_true(has_header(got, n, "x-proxy-wasm-go-sdk-example", "http_headers"));
}

/* Names and values are trimmed, as Go's strings.TrimSpace does. */
static void test_configuration_trimmed(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm =
      proxywasm_emu_start(emu, "{\"header\": \"  x-h\\t\", \"value\": \" v 1 \", \"other\": 1}");
  assert_non_null(vm);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "header from config: x-h = v 1"));

  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_response_headers(vm, id, NULL, 0, true), PROXYWASM_CONTINUE);
  assert_string_equal(proxywasm_emu_get_response_header(vm, id, "x-h"), "v 1");
}

/* Issue 9's reproducer: a configured value that would inject a header.
   The SDK refuses it with a warning; the response keeps its other header. */
static void test_injection_refused(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(
      emu, "{\"header\": \"x-wasm-header\", \"value\": \"v\\r\\nx-injected: 1\"}");
  assert_non_null(vm);

  uint32_t id = proxywasm_emu_http_new(vm, 0);
  const proxywasm_header hs[] = {PROXYWASM_HEADER(":status", "200")};
  assert_int_equal(proxywasm_emu_on_response_headers(vm, id, hs, 1, true), PROXYWASM_CONTINUE);
  size_t n;
  const proxywasm_header *got = proxywasm_emu_get_response_headers(vm, id, &n);
  assert_int_equal(n, 2);
  assert_true(has_header(got, n, "x-proxy-wasm-go-sdk-example", "http_headers"));
  assert_int_equal(proxywasm_emu_header_count(got, n, "x-wasm-header"), 0);
  assert_int_equal(proxywasm_emu_header_count(got, n, "x-injected"), 0);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_WARN,
                                         "proxywasm: refused header \"x-wasm-header\": value has "
                                         "CR, LF or NUL (byte 1 of 16 is 0x0d)"));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_CRITICAL,
                                         "failed to set response headers: bad argument"));
  assert_int_equal(proxywasm_emu_invalid_header_count(emu), 0);
}

/* Each bad configuration makes on_plugin_start fail with the Go message. */
static void test_invalid_configuration(void **state) {
  static const char *const bad[] = {
      "not json",
      "{\"header\": \"x-wasm-header\"}",
      "{\"value\": \"v\"}",
      "{\"header\": \"   \", \"value\": \"v\"}",
      "{\"header\": \"x\", \"value\": \"\"}",
      "{\"header\": 1, \"value\": \"v\"}",
      "[\"header\", \"value\"]",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    proxywasm_emu *emu = proxywasm_emu_new();
    assert_non_null(emu);
    assert_null(proxywasm_emu_start(emu, bad[i]));
    assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_CRITICAL,
                                           "invalid configuration format; expected {\"header\": "
                                           "\"<header name>\", \"value\": \"<header value>\"}"));
    proxywasm_emu_free(emu);
  }
  (void)state;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_on_request_headers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_request_header_replaced, setup, teardown),
      cmocka_unit_test_setup_teardown(test_on_response_headers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_response_without_configuration, setup, teardown),
      cmocka_unit_test_setup_teardown(test_configuration_trimmed, setup, teardown),
      cmocka_unit_test_setup_teardown(test_injection_refused, setup, teardown),
      cmocka_unit_test(test_invalid_configuration),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
