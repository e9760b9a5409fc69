/*
 * test_sdk_util.c - the SDK's functions that need no host: status names,
 * byte views, the version, and the formatter's entry points (its
 * conversions are covered in depth by test_format.c).
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

static void test_status_names(void **state) {
  (void)state;
  static const struct {
    proxywasm_status s;
    const char *name;
  } names[] = {
      {PROXYWASM_OK, "ok"},
      {PROXYWASM_NOT_FOUND, "not found"},
      {PROXYWASM_BAD_ARGUMENT, "bad argument"},
      {PROXYWASM_SERIALIZATION_FAILURE, "serialization failure"},
      {PROXYWASM_PARSE_FAILURE, "parse failure"},
      {PROXYWASM_BAD_EXPRESSION, "bad expression"},
      {PROXYWASM_INVALID_MEMORY_ACCESS, "invalid memory access"},
      {PROXYWASM_EMPTY, "empty"},
      {PROXYWASM_CAS_MISMATCH, "cas mismatch"},
      {PROXYWASM_RESULT_MISMATCH, "result mismatch"},
      {PROXYWASM_INTERNAL_FAILURE, "internal failure"},
      {PROXYWASM_BROKEN_CONNECTION, "broken connection"},
      {PROXYWASM_UNIMPLEMENTED, "unimplemented"},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    assert_int_equal(names[i].s, (proxywasm_status)i); /* the ABI numbering */
    assert_string_equal(proxywasm_status_str(names[i].s), names[i].name);
  }
  assert_string_equal(proxywasm_status_str((proxywasm_status)13), "unknown status");
  assert_string_equal(proxywasm_status_str((proxywasm_status)-1), "unknown status");
}

static void test_byte_views(void **state) {
  (void)state;
  proxywasm_bytes b = proxywasm_bytes_cstr("hello");
  assert_int_equal(b.len, 5);
  assert_true(proxywasm_bytes_eq(b, "hello"));
  assert_false(proxywasm_bytes_eq(b, "hell"));
  assert_false(proxywasm_bytes_eq(b, "hello!"));
  assert_false(proxywasm_bytes_eq(b, NULL));
  b = proxywasm_bytes_cstr(NULL);
  assert_null(b.data);
  assert_int_equal(b.len, 0);
  assert_true(proxywasm_bytes_eq(b, ""));
  assert_true(proxywasm_bytes_eq(b, NULL));
  assert_true(proxywasm_bytes_eq(PROXYWASM_LIT("a\0b"), "a") == false); /* length counts */

  proxywasm_header h = PROXYWASM_HEADER("name", "value");
  assert_true(proxywasm_bytes_eq(h.name, "name"));
  assert_true(proxywasm_bytes_eq(h.value, "value"));

  assert_true(proxywasm_bytes_starts_with(PROXYWASM_LIT("/admin/x"), "/admin"));
  assert_true(proxywasm_bytes_starts_with(PROXYWASM_LIT("/admin"), "/admin"));
  assert_false(proxywasm_bytes_starts_with(PROXYWASM_LIT("/adm"), "/admin"));
  assert_false(proxywasm_bytes_starts_with(PROXYWASM_LIT("/Admin"), "/admin"));
  assert_true(proxywasm_bytes_starts_with((proxywasm_bytes){NULL, 0}, NULL));

  /* Headers and data arguments from run-time strings and views. */
  char name[] = "x-user", value[] = "alice";
  h = proxywasm_header_cstr(name, value);
  assert_true(proxywasm_bytes_eq(h.name, "x-user") && proxywasm_bytes_eq(h.value, "alice"));
  h = proxywasm_header_cstr(name, NULL);
  assert_int_equal(h.value.len, 0);
  proxywasm_bytes v = {"a\0b", 3};
  h = proxywasm_header_bytes("bin", v);
  assert_ptr_equal(h.value.data, v.data);
  assert_int_equal(h.value.len, 3);
  assert_int_equal(h.name.len, 3);
  const char *p = value;
  struct {
    const void *d;
    size_t n;
  } args[] = {{PROXYWASM_STR(p)}, {PROXYWASM_BYTES(v)}};
  assert_ptr_equal(args[0].d, value);
  assert_int_equal(args[0].n, 5);
  assert_ptr_equal(args[1].d, v.data);
  assert_int_equal(args[1].n, 3);
}

static void test_version(void **state) {
  (void)state;
  char want[32];
  snprintf(want, sizeof want, "%d.%d.%d%s%s", PROXYWASM_VERSION_MAJOR, PROXYWASM_VERSION_MINOR,
           PROXYWASM_VERSION_PATCH, PROXYWASM_VERSION_PRERELEASE[0] ? "-" : "",
           PROXYWASM_VERSION_PRERELEASE);
  assert_string_equal(proxywasm_version(), want);
  assert_string_equal(proxywasm_version(), PROXYWASM_VERSION_STRING);
  assert_int_equal(PROXYWASM_VERSION_NUM, (PROXYWASM_VERSION_MAJOR << 16) |
                                              (PROXYWASM_VERSION_MINOR << 8) |
                                              PROXYWASM_VERSION_PATCH);
  assert_string_equal(PROXYWASM_ABI_VERSION, "0.2.1");
}

static int format_v(char *buf, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = proxywasm_vsnprintf(buf, cap, fmt, ap);
  va_end(ap);
  return n;
}

static void test_formatter_entry_points(void **state) {
  (void)state;
  char buf[16];
  assert_int_equal(proxywasm_snprintf(buf, sizeof buf, "%s-%d", "id", 42), 5);
  assert_string_equal(buf, "id-42");
  /* Truncation: the full length is returned, the output stays terminated. */
  assert_int_equal(format_v(buf, 4, "%s", "abcdef"), 6);
  assert_string_equal(buf, "abc");
  memset(buf, 'z', sizeof buf);
  assert_int_equal(format_v(buf, 0, "%d", 12345), 5);
  assert_int_equal(buf[0], 'z'); /* cap 0 writes nothing */
  assert_int_equal(proxywasm_snprintf(NULL, 0, "%.3f", 2.0 / 3), 5);
  assert_int_equal(format_v(buf, sizeof buf, "%08.3e|%c", 1234.5, 'x'), 11);
  assert_string_equal(buf, "1.234e+03|x");
}

/* Formats only known at run time, so that -Wformat cannot see them. */
static char fmt_f_d[] = "%.2f|%d", fmt_33[] = "%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d"
                                              "%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%.1f";

/* The float conversions are picked by the arguments' types (format.h). */
static void test_formatter_floats_by_argument_type(void **state) {
  (void)state;
  char buf[64];
  float f = 0.25f;
  assert_int_equal(proxywasm_snprintf(buf, sizeof buf, "%.2f|%d", 1.5, 7), 6);
  assert_string_equal(buf, "1.50|7");
  assert_int_equal(proxywasm_snprintf(buf, sizeof buf, "%.2f", f), 4); /* float promotes */
  assert_string_equal(buf, "0.25");
  assert_int_equal((proxywasm_snprintf)(buf, sizeof buf, fmt_f_d, 2.5, 1), 6);
  assert_string_equal(buf, "2.50|1");
  /* 33 arguments and more: counted as having a double. */
  proxywasm_snprintf(buf, sizeof buf, fmt_33, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8,
                     9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 0.5);
  assert_string_equal(buf, "12345678901234567890123456789010.5");
  /* No argument is a double: the variant without the float code, where a
     float conversion (undefined in C) prints like an unknown one. */
  assert_int_equal(proxywasm_snprintf(buf, sizeof buf, fmt_f_d, 7), 4);
  assert_string_equal(buf, "%f|7");
  assert_int_equal(proxywasm__snprintf_nf(buf, sizeof buf, PROXYWASM__RUN_UNKNOWN, "%d|%s", 7, "x"),
                   3);
  assert_string_equal(buf, "7|x");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_status_names),
      cmocka_unit_test(test_byte_views),
      cmocka_unit_test(test_version),
      cmocka_unit_test(test_formatter_entry_points),
      cmocka_unit_test(test_formatter_floats_by_argument_type),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
