/*
 * test_checked.c - a header from the configuration, checked once and sent
 * on every response (tests/wasm2c/checked.c), in both modes: natively and
 * as the built module, where the checked views are 32-bit pointers into
 * linear memory. A configuration whose header breaks field syntax is
 * refused at start, with the send path's log line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proxywasm/emulator.h"

static int setup(void **state) {
  *state = proxywasm_emu_new();
  return *state ? 0 : -1;
}

static int teardown(void **state) {
  proxywasm_emu_free(*state);
  return 0;
}

static void test_sent_on_every_response(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, "x-hello=from proxy-wasm-c");
  assert_non_null(vm);
  for (int i = 0; i < 3; i++) {
    uint32_t id = proxywasm_emu_http_new(vm, 0);
    proxywasm_header req[] = {{PROXYWASM_LIT(":path"), PROXYWASM_LIT("/")}};
    proxywasm_header resp[] = {{PROXYWASM_LIT(":status"), PROXYWASM_LIT("200")}};
    proxywasm_emu_on_request_headers(vm, id, req, 1, true);
    assert_int_equal(proxywasm_emu_on_response_headers(vm, id, resp, 1, true), PROXYWASM_CONTINUE);
    assert_string_equal(proxywasm_emu_get_response_header(vm, id, "x-hello"), "from proxy-wasm-c");
    proxywasm_emu_http_complete(vm, id);
  }
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "add_header_map_value"), 3);
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_WARN), 0);
  assert_int_equal(proxywasm_emu_invalid_header_count(emu), 0);
}

static void test_refused_at_start(void **state) {
  proxywasm_emu *emu = *state;
  assert_null(proxywasm_emu_start(emu, "x-hello=v\r\nx-injected: 1"));
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_WARN,
      "proxywasm: refused header \"x-hello\": value has CR, LF or NUL (byte 1 of 16 is 0x0d)"));
  assert_null(proxywasm_emu_start(emu, "x hello=v"));
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_WARN,
      "proxywasm: refused header \"x\\x20hello\": name is not a token (byte 1 of 7 is 0x20)"));
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "add_header_map_value"), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_sent_on_every_response, setup, teardown),
      cmocka_unit_test_setup_teardown(test_refused_at_start, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
