/* The out-of-tree plugin's unit test, through the installed emulator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <proxywasm.h>
#include <proxywasm/emulator.h>

static void adds_version_header(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header resp[] = {PROXYWASM_HEADER(":status", "200")};
  assert_int_equal(proxywasm_emu_on_response_headers(vm, id, resp, 1, true), PROXYWASM_CONTINUE);
  assert_string_equal(proxywasm_emu_get_response_header(vm, id, "x-built-with"),
                      "proxy-wasm-c " PROXYWASM_VERSION_STRING);
  proxywasm_emu_http_complete(vm, id);
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(adds_version_header)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
