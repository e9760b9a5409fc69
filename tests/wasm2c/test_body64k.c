/*
 * test_body64k.c - wasm mode only: a fresh VM whose first request carries a
 * 64 KiB body, then more requests of several sizes, each body compared byte
 * for byte with what the plugin must make of it. In Envoy the SDK's arena
 * once grew linear memory under wasi-libc's lazily initialised malloc, and 4
 * bytes of every 64 KiB body came out wrong; natively the arena takes its
 * memory from malloc, so only the built module can show it.
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

/* Sends one request with a body of len bytes (arriving in chunks of
   chunk bytes) and checks the upper-cased body passed on. */
static void body_round_trip(proxywasm_emu_vm *vm, size_t len, size_t chunk, unsigned seed) {
  char *in = malloc(len), *want = malloc(len);
  assert_non_null(in);
  assert_non_null(want);
  for (size_t i = 0; i < len; i++) {
    in[i] = (char)('a' + (i * 7 + seed) % 26);
    if (i % 61 == 60)
      in[i] = '\n';
    want[i] = (char)(in[i] >= 'a' && in[i] <= 'z' ? in[i] - 32 : in[i]);
  }
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_not_equal(id, 0);
  proxywasm_header hs[] = {{PROXYWASM_LIT(":path"), PROXYWASM_LIT("/upload")}};
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, hs, 1, false), PROXYWASM_CONTINUE);
  for (size_t off = 0; off < len; off += chunk) {
    size_t n = len - off < chunk ? len - off : chunk;
    (void)proxywasm_emu_on_request_body(vm, id, in + off, n, off + n == len);
  }
  size_t got_len = 0;
  const char *got = proxywasm_emu_get_request_body_sent(vm, id, &got_len);
  size_t bad = got_len == len ? 0 : len, first = 0;
  for (size_t i = 0; got_len == len && i < len; i++)
    if (got[i] != want[i] && bad++ == 0)
      first = i;
  free(in);
  free(want);
  if (bad)
    print_error("%zu of %zu bytes differ, the first at offset %zu\n", bad, len, first);
  assert_int_equal(bad, 0);
  proxywasm_emu_http_complete(vm, id);
}

/* A fresh host per test, freed even when an assertion ends it early. */
static int setup(void **state) {
  *state = proxywasm_emu_new();
  return *state ? 0 : -1;
}

static int teardown(void **state) {
  proxywasm_emu_free(*state);
  return 0;
}

static void test_first_request_64k_body(void **state) {
  proxywasm_emu_vm *vm = proxywasm_emu_start(*state, NULL);
  assert_non_null(vm);
  body_round_trip(vm, 65536, 16384, 0); /* the first request of a fresh VM */
  body_round_trip(vm, 65536, 65536, 1);
  body_round_trip(vm, 100, 100, 2);
  body_round_trip(vm, 200000, 32768, 3);
  body_round_trip(vm, 65536, 1000, 4);
}

/* Many requests of sizes around the arena's and malloc's thresholds, on
   one VM: every body must still come out exact. */
static void test_allocator_stress(void **state) {
  proxywasm_emu_vm *vm = proxywasm_emu_start(*state, NULL);
  assert_non_null(vm);
  static const size_t sizes[] = {1,     15,    16,    17,    4095,   4096,   4097, 16383,   16384,
                                 16385, 65535, 65536, 65537, 131072, 300000, 7,    1 << 20, 3};
  for (unsigned round = 0; round < 4; round++)
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
      body_round_trip(vm, sizes[i], 1 + (sizes[i] + round) % 40000, round * 100 + (unsigned)i);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_first_request_64k_body, setup, teardown),
      cmocka_unit_test_setup_teardown(test_allocator_stress, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
