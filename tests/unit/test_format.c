/* proxywasm_snprintf against the C library's snprintf, which is the
   reference for every case below. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <proxywasm.h>

#include "../../fuzz/format_menu.h"

/* Some cases are deliberately odd formats (flags printf ignores, unknown
   conversions); compare behaviour, not style. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-overflow"

#define SAME(...)                                                                                \
  do {                                                                                           \
    char want[512], got[512];                                                                    \
    int wn = snprintf(want, sizeof want, __VA_ARGS__);                                           \
    int gn = proxywasm_snprintf(got, sizeof got, __VA_ARGS__);                                   \
    if (wn != gn || strcmp(want, got) != 0)                                                      \
      fail_msg("format %s: want \"%s\" (%d), got \"%s\" (%d)", #__VA_ARGS__, want, wn, got, gn); \
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
  /* glibc prints "(nil)"; the SDK documents "0x0" (format.h), and %#x's
     "no 0x for 0" rule must not reach %p. */
  char buf[16];
  assert_int_equal(proxywasm_snprintf(buf, sizeof buf, "%p|%5p", (void *)0, (void *)0), 9);
  assert_string_equal(buf, "0x0|  0x0");
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

/* Outputs too large for SAME's buffers, against libc too. */
#define SAME_BIG(...)                                                                    \
  do {                                                                                   \
    int wn = snprintf(NULL, 0, __VA_ARGS__);                                             \
    char *want = malloc((size_t)wn + 1), *got = malloc((size_t)wn + 1);                  \
    assert_non_null(want), assert_non_null(got);                                         \
    snprintf(want, (size_t)wn + 1, __VA_ARGS__);                                         \
    int gn = proxywasm_snprintf(got, (size_t)wn + 1, __VA_ARGS__);                       \
    if (wn != gn || strcmp(want, got) != 0)                                              \
      fail_msg("format %s: lengths %d and %d or contents differ", #__VA_ARGS__, wn, gn); \
    free(want), free(got);                                                               \
  } while (0)

/* No precision is capped: host bytes printed with %.*s come out whole. */
static void large_precision(void **state) {
  (void)state;
  char src[1001], out[1100]; /* 1000 bytes, and a NUL for %s without precision */
  for (size_t i = 0; i < 1000; i++)
    src[i] = (char)('a' + i % 26);
  src[1000] = 0;
  assert_int_equal(proxywasm_snprintf(out, sizeof out, "%.*s", 1000, src), 1000);
  assert_memory_equal(out, src, 1000);
  assert_int_equal(out[1000], 0);
  assert_int_equal(proxywasm_snprintf(out, sizeof out, "[%.1000s]", src), 1002);
  assert_memory_equal(out + 1, src, 1000);
  /* 10 MB, the size of a large body. */
  size_t big = 10u << 20;
  char *body = malloc(big), *line = malloc(big + 16);
  assert_non_null(body), assert_non_null(line);
  for (size_t i = 0; i < big; i++)
    body[i] = (char)('A' + i % 23);
  assert_int_equal(proxywasm_snprintf(line, big + 16, "body: %.*s|", (int)big, body), (int)big + 7);
  assert_memory_equal(line + 6, body, big);
  assert_string_equal(line + 6 + big, "|");
  free(body), free(line);
  /* Floating point past the old cap and past a double's exact digits. */
  SAME_BIG("%.1100f|%.2000f|%.400f", 5e-324, 0.1, 2.0 / 3.0);
  SAME_BIG("%.1000e|%.1500E|%.779e|%.780e", 5e-324, 1.7976931348623157e308, 0.1, 0.1);
  SAME_BIG("%#.1200g|%.1200g|%#.900G|%.3000g", 0.1, 1.0 / 3.0, 1e300, 5e-324);
  SAME_BIG("%.5000f|%2000.1500e|%-3000.2f|", 1.0, 3.5, -2.5);
  SAME_BIG("%.400d|%500.450x|%-600.500lo|%.700u", 7, 255u, 8ul, 1u);
  SAME_BIG("%.5000s|%.*s", src, 400, src);
}

/* The word-at-a-time scans: a '%' or NUL at every offset of a word, text
   of any alignment and length, bytes >= 0x80 (0xa5 is '%' | 0x80), and the
   string conversions' fast path (NULL, precision 0, a NUL inside). */
static void word_scans(void **state) {
  (void)state;
  static char text[600], fmt[640];
  for (size_t i = 0; i < sizeof text - 1; i++)
    text[i] = (char)(i % 3 == 0 ? 0xa5u : i % 3 == 1 ? 0x80u + i % 100 : 'a' + i % 26u);
  for (size_t align = 0; align < 8; align++) {
    for (size_t len = 0; len < 40; len++) {
      /* text, then "%d|" (a conversion after len bytes), then text again */
      memcpy(fmt + align, text, len);
      memcpy(fmt + align + len, "%d|", 3);
      memcpy(fmt + align + len + 3, text + 7, len);
      fmt[align + 2 * len + 3] = 0;
      SAME(fmt + align, (int)len);
      /* the same text alone, ending at a NUL at each offset */
      fmt[align + len] = 0;
      SAME(fmt + align, 0);
      /* %s and %.*s of the text, cut short by a NUL or the precision */
      SAME("<%s>", fmt + align);
      SAME("<%.*s>", (int)(len / 2), fmt + align);
      SAME("<%.*s>", (int)len + 5, fmt + align);
      SAME("%.*s", -1, fmt + align);
    }
  }
  memcpy(fmt, text, 599);
  fmt[599] = 0;
  SAME_BIG("%s", fmt);
  SAME_BIG("x%sy%.*s|%.500s", fmt, 300, fmt, fmt);
  char buf[16];
  assert_int_equal(proxywasm_snprintf(buf, sizeof buf, "[%.*s]", 0, (char *)NULL), 2);
  assert_string_equal(buf, "[]");
  assert_int_equal(proxywasm_snprintf(buf, sizeof buf, "[%.*s]", 3, (char *)NULL), 5);
  assert_string_equal(buf, "[(nu]");
  assert_int_equal(proxywasm_snprintf(buf, sizeof buf, "%s", (char *)NULL), 6);
  assert_string_equal(buf, "(null)");
  assert_int_equal(proxywasm_snprintf(buf, sizeof buf, "a%.*sb", 2, "x\0yz"), 3);
  assert_string_equal(buf, "axb");
  /* a format the compiler cannot see: its first text is scanned */
  const char *volatile run = "ab%sc";
  assert_int_equal(proxywasm_snprintf(buf, sizeof buf, run, "Z"), 4);
  assert_string_equal(buf, "abZc");
}

/* C: the # flag of %x/%X adds 0x only to a non-zero value; %#o makes the
   first digit 0, so 0 stays "0". */
static void alternate_zero(void **state) {
  (void)state;
  char buf[16];
  assert_int_equal(proxywasm_snprintf(buf, sizeof buf, "%#x", 0u), 1);
  assert_string_equal(buf, "0");
  SAME("[%#x] [%#X] [%#o] [%#lx] [%#llX] [%#hhx]", 0u, 0u, 0u, 0ul, 0ull, 0);
  SAME("[%#.0x] [%#.0o] [%#5x] [%#-5X] [%#08x] [%#.3x] [%#.3o]", 0u, 0u, 0u, 0u, 0u, 0u, 0u);
  SAME("[%#x] [%#o] [%#.3o] [%#08o]", 1u, 1u, 8u, 8u);
}

/* NaN prints its sign bit, like glibc and musl (wasi-libc). */
static void nan_sign(void **state) {
  (void)state;
  double pos, neg;
  uint64_t bits = 0x7ff8000000000000ull;
  memcpy(&pos, &bits, sizeof pos);
  bits |= 1ull << 63;
  memcpy(&neg, &bits, sizeof neg);
  char buf[64];
  proxywasm_snprintf(buf, sizeof buf, "%f %F %+e % g", neg, neg, pos, pos);
  assert_string_equal(buf, "-nan -NAN +nan  nan");
  SAME("%f %F %e %E %g %G", neg, neg, neg, pos, pos, neg);
  SAME("[%+f] [% f] [%8f] [%-8F] [%08f]", neg, pos, neg, pos, pos);
}

/* A length past INT_MAX cannot be returned: -1, as C says. */
static void overflow(void **state) {
  (void)state;
  assert_int_equal(proxywasm_snprintf(NULL, 0, "%2147483647d", 1), 2147483647);
  assert_int_equal(proxywasm_snprintf(NULL, 0, "%2147483647d%d", 1, 2), -1);
  assert_int_equal(proxywasm_snprintf(NULL, 0, "%99999999999d", 1), 2147483647);
}

/* Many random cases from the fuzz target's menu, deterministically. */
static void random_menu(void **state) {
  (void)state;
  static menu_case c;
  uint8_t bytes[64];
  uint64_t x = 0x243f6a8885a308d3ull;
  for (int i = 0; i < 50000; i++) {
    for (size_t j = 0; j < sizeof bytes; j++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      bytes[j] = (uint8_t)x;
    }
    menu_in in = {bytes, sizeof bytes};
    if (!menu_run(&in, &c))
      fail_msg("case %d format \"%s\" cap %zu: want %d \"%.80s\", got %d \"%.80s\"", i, c.fmt,
               c.cap, c.wn, c.want, c.gn, c.got);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(integers),
      cmocka_unit_test(strings_and_chars),
      cmocka_unit_test(floats),
      cmocka_unit_test(floats_random),
      cmocka_unit_test(pointers),
      cmocka_unit_test(truncation),
      cmocka_unit_test(unknown_conversion),
      cmocka_unit_test(large_precision),
      cmocka_unit_test(word_scans),
      cmocka_unit_test(alternate_zero),
      cmocka_unit_test(nan_sign),
      cmocka_unit_test(overflow),
      cmocka_unit_test(random_menu),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
