/* proxywasm_snprintf against the C library's snprintf, which is the
   reference for every case below. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <proxywasm.h>

/* Some cases are deliberately odd formats (flags printf ignores, unknown
   conversions); compare behaviour, not style. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"

#define SAME(...)                                                              \
  do {                                                                         \
    char want[512], got[512];                                                  \
    int wn = snprintf(want, sizeof want, __VA_ARGS__);                         \
    int gn = proxywasm_snprintf(got, sizeof got, __VA_ARGS__);                 \
    if (wn != gn || strcmp(want, got) != 0)                                    \
      fail_msg("format %s: want \"%s\" (%d), got \"%s\" (%d)", #__VA_ARGS__,   \
               want, wn, got, gn);                                             \
  } while (0)

static void integers(void **state) {
  (void)state;
  SAME("%d %i %u", 0, -1, 42u);
  SAME("%d %d", INT32_MAX, INT32_MIN);
  SAME("%lld %llu", (long long)INT64_MIN, (unsigned long long)UINT64_MAX);
  SAME("%ld %lu %zu %zd", -5L, 7UL, (size_t)12345, (ptrdiff_t)-3);
  SAME("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
  SAME("%x %X %o %#x %#X %#o", 255u, 255u, 8u, 255u, 255u, 8u);
  SAME("[%5d] [%-5d] [%05d] [%+d] [% d] [%+5d]", 42, 42, 42, 42, 42, -42);
  SAME("[%.3d] [%8.3d] [%-8.3d] [%08.3d] [%.0d]", 7, 7, 7, 7, 0);
  SAME("[%*d] [%-*d] [%.*d] [%*d]", 6, 1, 6, 1, 4, 1, -6, 1);
  SAME("%jd %ju %td", (intmax_t)-9, (uintmax_t)9, (ptrdiff_t)9);
  SAME("[%#.0o] [%#o] [%#5x] [%#05x]", 0u, 0u, 1u, 1u);
}

static void strings_and_chars(void **state) {
  (void)state;
  SAME("%s|%5s|%-5s|%.2s|%5.1s", "abc", "abc", "abc", "abc", "abc");
  SAME("%c%c%5c%-3c|", 'a', 'b', 'c', 'd');
  SAME("100%% done %s", "");
  SAME("%.*s", 3, "abcdef");
}

static void floats(void **state) {
  (void)state;
  SAME("%f %f %f %f", 0.0, 1.5, -2.25, 123456.789);
  SAME("%.0f %.1f %.2f %.3f", 2.5, 0.05, 1.005, 9.9995);
  SAME("%e %E %.2e %.0e", 12345.678, 0.000123, 1.0, 5e10);
  SAME("%g %g %g %g %g %g", 0.0001, 100000.0, 1e6, 1.5, 123456789.0, 0.1);
  SAME("%G %.3g %#g %g", 1e-10, 3.14159, 1.0, 1e100);
  SAME("[%10.3f] [%-10.2f] [%010.2f] [%+.1f] [% .1f]", 3.14159, 2.5, -2.5, 1.0, 1.0);
  SAME("%f %f", 1e300, 1e-300);
  SAME("%.17g %.15g", 0.1, 2.0 / 3.0);
  SAME("%f %e %g", -0.0, -0.0, -0.0);
  SAME("%f %F", 1.0 / 0.0, -1.0 / 0.0);
}

/* Random bit patterns (every exponent, subnormals included) through every
   floating conversion at several precisions. */
static void floats_random(void **state) {
  (void)state;
  uint64_t x = 0x9e3779b97f4a7c15ull;
  static const char *const fmts[] = {"%.*e", "%.*f", "%.*g", "%#.*g", "%.*E"};
  for (int i = 0; i < 20000; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    double v;
    memcpy(&v, &x, sizeof v);
    if (v != v)
      continue;
    int prec = (int)(x >> 60) + (i % 3 == 0 ? 10 : 0);
    const char *f = fmts[i % 5];
    if (f[3] == 'f' && (v > 1e30 || v < -1e30))
      continue; /* keeps the buffers small; large %f is covered above */
    SAME(f, prec, v);
  }
}

static void pointers(void **state) {
  (void)state;
  int x;
  SAME("%p", (void *)&x);
  SAME("%p", (void *)0x1234);
}

static void truncation(void **state) {
  (void)state;
  char buf[8];
  memset(buf, 'x', sizeof buf);
  assert_int_equal(proxywasm_snprintf(buf, sizeof buf, "%s", "hello world"), 11);
  assert_string_equal(buf, "hello w");
  assert_int_equal(proxywasm_snprintf(NULL, 0, "%d", 12345), 5);
  memset(buf, 'x', sizeof buf);
  assert_int_equal(proxywasm_snprintf(buf, 1, "abc"), 3);
  assert_int_equal(buf[0], 0);
  assert_int_equal(buf[1], 'x');
}

static void unknown_conversion(void **state) {
  (void)state;
  char buf[32];
  /* Not standard C, so no libc reference: printed as written. */
  assert_int_equal(proxywasm_snprintf(buf, sizeof buf, "a%qb"), 4);
  assert_string_equal(buf, "a%qb");
  assert_int_equal(proxywasm_snprintf(buf, sizeof buf, "end%"), 4);
  assert_string_equal(buf, "end%");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(integers),   cmocka_unit_test(strings_and_chars),
      cmocka_unit_test(floats),     cmocka_unit_test(floats_random),
      cmocka_unit_test(pointers),
      cmocka_unit_test(truncation), cmocka_unit_test(unknown_conversion),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
