/*
 * proxywasm/format.h - printf-style formatting without stdio.
 *
 * The SDK's own formatter, used by the logging functions. It avoids
 * wasi-libc's stdio, which costs about 10 KB and imports WASI file
 * functions (fd_close, fd_seek) that hosts without WASI lack. Supports
 * flags "-0+ #", width and precision (also "*"), length modifiers
 * hh h l ll z j t and conversions d i u o x X c s p f F e E g G %.
 * Floating point is exact (correctly rounded), like the C library, and
 * linked only where a call passes a double (below).
 * Widths and precisions are not capped: `%.*s` of 10 MB prints 10 MB.
 * Differences from glibc: NULL %s prints "(null)" (as glibc) and NULL %p
 * "0x0" (glibc: "(nil)"). NaN shows its sign bit ("-nan"), like glibc and
 * musl, so a NaN from 0.0/0.0 (negative on x86) may print as -nan.
 */
#ifndef PROXYWASM_FORMAT_H
#define PROXYWASM_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define PROXYWASM__FORMAT(f, a) __attribute__((format(printf, f, a)))
#else
#define PROXYWASM__FORMAT(f, a)
#endif

/**
 * Formats into buf like snprintf: writes at most cap bytes including the
 * terminating NUL (nothing when cap is 0). Valid anywhere.
 * Returns: the length the full output has (not counting the NUL); compare
 * with cap to detect truncation. -1 when that length exceeds INT_MAX (as C).
 */
int proxywasm_snprintf(char *buf, size_t cap, const char *fmt, ...) PROXYWASM__FORMAT(3, 4);
int proxywasm_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap);

/* Pay for what you use: the floating-point conversions (f F e E g G, about
   3 KB of exact decimal conversion) are linked only into modules that may
   print a double. The format string is run-time data, so the argument types
   decide: proxywasm_snprintf, proxywasm_logf and the leveled log macros
   call a variant without the float code when none of the call's arguments
   has a floating type (C11 _Generic, decided at compile time). The va_list
   forms and calls through the functions' addresses, where the types are
   hidden, always have the float code. A float conversion in a call with
   no floating argument (undefined in C; -Wformat says so for a literal
   format) prints like an unknown conversion: "%" and its letter, consuming
   nothing. */
int proxywasm__snprintf_nf(char *buf, size_t cap, size_t run, const char *fmt, ...)
    PROXYWASM__FORMAT(4, 5);
/* The length of a literal format's text before its first '%' (or its end),
   computed by the compiler, so the formatter copies that text without
   looking at it; PROXYWASM__RUN_UNKNOWN for any other format (and without
   optimization), which the formatter then scans. */
#define PROXYWASM__RUN_UNKNOWN ((size_t)-1)
#if defined(__GNUC__) || defined(__clang__)
#define PROXYWASM__FMT_RUN(fmt)                                                \
  (__builtin_constant_p(__builtin_strlen(fmt)) ? __builtin_strcspn((fmt), "%") \
                                               : PROXYWASM__RUN_UNKNOWN)
#else
#define PROXYWASM__FMT_RUN(fmt) PROXYWASM__RUN_UNKNOWN
#endif
/* The format of a call's arguments (the first; one more argument is
   appended so that a lone format also fills the macro's "..."). */
#define PROXYWASM__FMT_OF(...) PROXYWASM__FMT_FIRST(__VA_ARGS__, 0)
#define PROXYWASM__FMT_FIRST(fmt, ...) fmt
#if defined(__cplusplus) || !defined(__STDC_VERSION__) || __STDC_VERSION__ < 201112L
#define PROXYWASM__FMT_PICK(with_floats, without, ...) with_floats
#else
/* with_floats if an argument has a floating type, else without. */
#define PROXYWASM__FMT_PICK(with_floats, without, ...)     \
  _Generic((char(*)[1 + PROXYWASM__FLOATS(__VA_ARGS__)])0, \
      char(*)[1]: without,                                 \
      default: with_floats)
/* The number of a call's arguments of floating type, as an integer constant
   expression (the arguments are not evaluated): the first 32 are looked at
   one by one, a call of 33 to 120 arguments counts as having one. */
#define PROXYWASM__FLT(x) _Generic((x), float: 1, double: 1, long double: 1, default: 0)
#define PROXYWASM__FLOATS(...) (PROXYWASM__FLT_N(PROXYWASM__FMT_NARGS(__VA_ARGS__), __VA_ARGS__))
#define PROXYWASM__FLT_N(n, ...) PROXYWASM__FLT_N_(n, __VA_ARGS__)
#define PROXYWASM__FLT_N_(n, ...) PROXYWASM__FLT_##n(__VA_ARGS__)
#define PROXYWASM__FLT_proxywasm__many(...) 1
#define PROXYWASM__FLT_1(a) PROXYWASM__FLT(a)
#define PROXYWASM__FLT_2(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_1(__VA_ARGS__)
#define PROXYWASM__FLT_3(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_2(__VA_ARGS__)
#define PROXYWASM__FLT_4(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_3(__VA_ARGS__)
#define PROXYWASM__FLT_5(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_4(__VA_ARGS__)
#define PROXYWASM__FLT_6(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_5(__VA_ARGS__)
#define PROXYWASM__FLT_7(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_6(__VA_ARGS__)
#define PROXYWASM__FLT_8(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_7(__VA_ARGS__)
#define PROXYWASM__FLT_9(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_8(__VA_ARGS__)
#define PROXYWASM__FLT_10(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_9(__VA_ARGS__)
#define PROXYWASM__FLT_11(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_10(__VA_ARGS__)
#define PROXYWASM__FLT_12(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_11(__VA_ARGS__)
#define PROXYWASM__FLT_13(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_12(__VA_ARGS__)
#define PROXYWASM__FLT_14(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_13(__VA_ARGS__)
#define PROXYWASM__FLT_15(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_14(__VA_ARGS__)
#define PROXYWASM__FLT_16(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_15(__VA_ARGS__)
#define PROXYWASM__FLT_17(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_16(__VA_ARGS__)
#define PROXYWASM__FLT_18(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_17(__VA_ARGS__)
#define PROXYWASM__FLT_19(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_18(__VA_ARGS__)
#define PROXYWASM__FLT_20(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_19(__VA_ARGS__)
#define PROXYWASM__FLT_21(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_20(__VA_ARGS__)
#define PROXYWASM__FLT_22(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_21(__VA_ARGS__)
#define PROXYWASM__FLT_23(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_22(__VA_ARGS__)
#define PROXYWASM__FLT_24(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_23(__VA_ARGS__)
#define PROXYWASM__FLT_25(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_24(__VA_ARGS__)
#define PROXYWASM__FLT_26(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_25(__VA_ARGS__)
#define PROXYWASM__FLT_27(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_26(__VA_ARGS__)
#define PROXYWASM__FLT_28(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_27(__VA_ARGS__)
#define PROXYWASM__FLT_29(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_28(__VA_ARGS__)
#define PROXYWASM__FLT_30(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_29(__VA_ARGS__)
#define PROXYWASM__FLT_31(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_30(__VA_ARGS__)
#define PROXYWASM__FLT_32(a, ...) PROXYWASM__FLT(a) + PROXYWASM__FLT_31(__VA_ARGS__)
/* The argument count, or "many" past 32: one "many" per count from 33 to 120. */
#define PROXYWASM__M8                                                                  \
  proxywasm__many, proxywasm__many, proxywasm__many, proxywasm__many, proxywasm__many, \
      proxywasm__many, proxywasm__many, proxywasm__many
#define PROXYWASM__FMT_NARGS(...)                                                                  \
  PROXYWASM__FMT_NARGS_X((__VA_ARGS__, PROXYWASM__M8, PROXYWASM__M8, PROXYWASM__M8, PROXYWASM__M8, \
                          PROXYWASM__M8, PROXYWASM__M8, PROXYWASM__M8, PROXYWASM__M8,              \
                          PROXYWASM__M8, PROXYWASM__M8, PROXYWASM__M8, 32, 31, 30, 29, 28, 27, 26, \
                          25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, \
                          6, 5, 4, 3, 2, 1, 0))
#define PROXYWASM__FMT_NARGS_X(args) PROXYWASM__FMT_NARGS_ args
#define PROXYWASM__FMT_NARGS_(                                                                     \
    _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19, _20,     \
    _21, _22, _23, _24, _25, _26, _27, _28, _29, _30, _31, _32, _33, _34, _35, _36, _37, _38, _39, \
    _40, _41, _42, _43, _44, _45, _46, _47, _48, _49, _50, _51, _52, _53, _54, _55, _56, _57, _58, \
    _59, _60, _61, _62, _63, _64, _65, _66, _67, _68, _69, _70, _71, _72, _73, _74, _75, _76, _77, \
    _78, _79, _80, _81, _82, _83, _84, _85, _86, _87, _88, _89, _90, _91, _92, _93, _94, _95, _96, \
    _97, _98, _99, _100, _101, _102, _103, _104, _105, _106, _107, _108, _109, _110, _111, _112,   \
    _113, _114, _115, _116, _117, _118, _119, _120, n, ...)                                        \
  n
#endif
#define proxywasm_snprintf(buf, cap, ...)                                                        \
  PROXYWASM__FMT_PICK((proxywasm_snprintf)(buf, cap, __VA_ARGS__),                               \
                      proxywasm__snprintf_nf(buf, cap,                                           \
                                             PROXYWASM__FMT_RUN(PROXYWASM__FMT_OF(__VA_ARGS__)), \
                                             __VA_ARGS__),                                       \
                      __VA_ARGS__)

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_FORMAT_H */
