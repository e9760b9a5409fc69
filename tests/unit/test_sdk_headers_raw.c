/*
 * test_sdk_headers_raw.c - a plugin that opted out of the header syntax
 * check (PROXYWASM_HEADERS_ALLOW_RAW): the SDK sends names and values as
 * given on every path, binary values round-trip, and the emulator, which
 * answers OK as Envoy does, flags every header Envoy would send raw.
 * Its own binary: the opt-out is plugin-wide.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proxywasm.h"
#include "proxywasm/emulator.h"

#include "hook_checks.h"
#include "header_paths.h"

PROXYWASM_HEADERS_ALLOW_RAW();

static const proxywasm_bytes junk = {"junk", 4};

/* ---- every path sends the reproducer; the emulator flags each ---- */

static proxywasm_action every_path(proxywasm_http *h) {
  for (int p = 0; p < NPATHS; p++) {
    check_label = path_names[p];
    unsigned before = proxywasm_emu_hostcall_count(emu, path_hostcalls[p]);
    size_t flagged = proxywasm_emu_invalid_header_count(emu);
    CHECK_EQ(send_on(h, p, "x-inject", INJECT), PROXYWASM_OK);
    CHECK_EQ(proxywasm_emu_hostcall_count(emu, path_hostcalls[p]), before + 1);
    CHECK_EQ(proxywasm_emu_invalid_header_count(emu), flagged + 1);
    CHECK(strstr(proxywasm_emu_error(emu), path_hostcalls[p]) != NULL);
  }
  check_label = NULL;
  return PROXYWASM_PAUSE;
}

static void test_every_path_flagged(void **state) {
  (void)state;
  uint32_t id = run_script(every_path);
  /* The host holds the raw value, as Envoy would send it. */
  size_t n;
  const proxywasm_header *hs = proxywasm_emu_get_request_headers(vm, id, &n);
  const proxywasm_header *x = NULL;
  for (size_t i = 0; i < n; i++)
    if (proxywasm_bytes_eq(hs[i].name, "x-inject"))
      x = &hs[i];
  assert_non_null(x);
  assert_memory_equal(x->value.data, INJECT, sizeof INJECT - 1);
  assert_string_equal(proxywasm_emu_error(emu), "proxy_grpc_call: header \":path\": value has "
                                                "CR, LF or NUL; Envoy would send it raw");
  /* The SDK logged nothing: the plugin asked for raw bytes. */
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_WARN), 0);
}

/* ---- binary values, NULs included, round-trip ---- */

static proxywasm_action req_binary(proxywasm_http *h) {
  static const char bin[] = {'a', 0, 'b', 0, (char)0xff};
  CHECK_EQ(proxywasm_http_add_request_header(h, "x-bin", bin, sizeof bin), PROXYWASM_OK);
  proxywasm_bytes v;
  CHECK_EQ(proxywasm_http_get_request_header(h, "x-bin", &v), PROXYWASM_OK);
  CHECK(v.len == sizeof bin && memcmp(v.data, bin, sizeof bin) == 0);
  CHECK(v.data[v.len] == 0);
  /* The value the test sent, with its NUL, arrives whole. */
  CHECK_EQ(proxywasm_http_get_request_header(h, "x-in", &v), PROXYWASM_OK);
  CHECK(v.len == 3 && memcmp(v.data, "x\0y", 3) == 0);
  proxywasm_header *all;
  size_t count;
  CHECK_EQ(proxywasm_http_get_request_headers(h, &all, &count), PROXYWASM_OK);
  const proxywasm_header *e = proxywasm_header_find(all, count, "x-bin");
  CHECK(e && e->value.len == sizeof bin && memcmp(e->value.data, bin, sizeof bin) == 0);
  /* Whole-map writes keep binary values too, and an empty value. */
  proxywasm_header set[] = {{PROXYWASM_LIT("x-bin"), {bin, sizeof bin}},
                            {PROXYWASM_LIT("x-nul"), {"\0", 1}},
                            {PROXYWASM_LIT("x-none"), {NULL, 0}}};
  CHECK_EQ(proxywasm_http_set_request_headers(h, set, 3), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_get_request_header(h, "x-nul", &v), PROXYWASM_OK);
  CHECK(v.len == 1 && v.data[0] == 0);
  CHECK_EQ(proxywasm_http_get_request_header(h, "x-none", &v), PROXYWASM_OK);
  CHECK(v.len == 0 && v.data != NULL && v.data[0] == 0);
  CHECK_EQ(proxywasm_http_replace_request_header(h, "x-rep", "\0\0", 2), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_get_request_header(h, "x-rep", &v), PROXYWASM_OK);
  CHECK(v.len == 2 && v.data[0] == 0 && v.data[1] == 0);

  /* The wire format itself: encode then decode gives the same entries. */
  proxywasm_bytes enc = junk;
  CHECK_EQ(proxywasm_headers_encode(set, 3, &enc), PROXYWASM_OK);
  CHECK_EQ(enc.len, 4 + 3 * 8 + (5 + 1 + 5 + 1) + (5 + 1 + 1 + 1) + (6 + 1 + 0 + 1));
  proxywasm_header *dec = NULL;
  CHECK_EQ(proxywasm_headers_decode(enc, &dec, &count), PROXYWASM_OK);
  CHECK_EQ(count, 3);
  if (count == 3) {
    CHECK(dec[0].value.len == sizeof bin && memcmp(dec[0].value.data, bin, sizeof bin) == 0);
    CHECK(dec[1].value.len == 1 && dec[1].value.data[0] == 0);
    CHECK_BYTES(dec[2].name, "x-none");
    CHECK_EQ(dec[2].value.len, 0);
  }
  return PROXYWASM_CONTINUE;
}

static void test_binary_values_round_trip(void **state) {
  (void)state;
  script = req_binary;
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/"), {PROXYWASM_LIT("x-in"), {"x\0y", 3}}};
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_emu_on_request_headers(vm, id, req, 2, true);
  assert_checks();
  size_t n;
  const proxywasm_header *hs = proxywasm_emu_get_request_headers(vm, id, &n);
  assert_int_equal(n, 4);
  assert_int_equal(hs[0].value.len, 5);
  assert_memory_equal(hs[0].value.data, "a\0b\0\xff", 5);
  assert_int_equal(hs[1].value.len, 1);
  assert_int_equal(hs[2].value.len, 0);
  assert_int_equal(hs[3].value.len, 2);
  assert_memory_equal(hs[3].value.data, "\0\0", 2);
  /* The emulator took them as Envoy does, and flagged the four values
     with NULs the plugin wrote (x-bin twice, x-nul, x-rep). */
  assert_int_equal(proxywasm_emu_invalid_header_count(emu), 4);
  assert_string_equal(proxywasm_emu_error(emu), "proxy_replace_header_map_value: header "
                                                "\"x-rep\": value has CR, LF or NUL; Envoy "
                                                "would send it raw");
  assert_false(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_WARN, "refused header"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_every_path_flagged, setup, teardown),
      cmocka_unit_test_setup_teardown(test_binary_values_round_trip, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
