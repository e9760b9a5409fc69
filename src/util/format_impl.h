/*
 * format_impl.h - what the formatter's core (format.c) shares with its
 * floating-point conversions (format_float.c). Not installed.
 *
 * The core reaches the float code only through a pointer its caller
 * passes, so a module links the float code only when one of its call sites
 * can print a double (proxywasm/format.h, "pay for what you use").
 */
#ifndef PROXYWASM_FORMAT_IMPL_H
#define PROXYWASM_FORMAT_IMPL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct proxywasm__out {
  char *buf;
  size_t cap;
  uint64_t len; /* bytes that would have been written (wasm32: > size_t) */
} proxywasm__out;

enum { FMT_LEFT = 1, FMT_ZERO = 2, FMT_PLUS = 4, FMT_SPACE = 8, FMT_ALT = 16, FMT_PTR = 32 };

/* Emits sign/prefix, zero or space padding, `zeros` leading zeros, the
   digits, `tail` trailing zeros and a suffix (an exponent) as printf does. */
void proxywasm__fmt_emit(proxywasm__out *o, int flags, int width, const char *prefix,
                         const char *digits, size_t ndigits, int zeros, uint64_t tail,
                         const char *suffix);

/* One of f F e E g G with its flags, width and precision (-1: none). */
typedef void proxywasm__fmt_float_fn(proxywasm__out *o, double v, char conv, int flags, int width,
                                     int prec);
proxywasm__fmt_float_fn proxywasm__fmt_float;

/* The bytes of s before its first NUL or c, at most max (a word at a
   time). */
size_t proxywasm__span(const char *s, char c, size_t max);

/* The formatter, into o (o->len 0 to start). run: the length of fmt's
   text before its first '%' or NUL, or PROXYWASM__RUN_UNKNOWN
   (proxywasm/format.h). ff NULL prints a float conversion as written (it
   has no double to print: see proxywasm/format.h). Returns the length, or
   -1 past INT_MAX. */
int proxywasm__format(proxywasm__out *o, const char *fmt, size_t run, va_list ap,
                      proxywasm__fmt_float_fn *ff);

#endif /* PROXYWASM_FORMAT_IMPL_H */
