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

/* The bytes of a %s argument s (not NULL) that printf prints: those
   before its NUL, at most precision (< 0: none). A short view is scanned
   byte by byte, cheaper than the word scan's setup. Shared by the
   formatter and the log lines logged without it (src/host/log.c). */
__attribute__((always_inline)) static inline size_t proxywasm__str_len(const char *s,
                                                                       int precision) {
  size_t k = 0;
  if ((unsigned)precision > 8) /* also no precision (< 0) */
    k = proxywasm__span(s, 0, precision < 0 ? SIZE_MAX : (size_t)precision);
  else
    while (k < (size_t)precision && s[k])
      k++;
  return k;
}

/* A %s argument as printf prints it: NULL is "(null)", *n its length as
   above. */
__attribute__((always_inline)) static inline const char *
proxywasm__str_arg(const char *s, int precision, size_t *n) {
  if (s == NULL)
    s = "(null)";
  *n = proxywasm__str_len(s, precision);
  return s;
}

/* The formatter, into o (o->len 0 to start). run: the length of fmt's
   text before its first '%' or NUL, or PROXYWASM__RUN_UNKNOWN
   (proxywasm/format.h). ff NULL prints a float conversion as written (it
   has no double to print: see proxywasm/format.h). Returns the length, or
   -1 past INT_MAX. */
int proxywasm__format(proxywasm__out *o, const char *fmt, size_t run, va_list ap,
                      proxywasm__fmt_float_fn *ff);

#endif /* PROXYWASM_FORMAT_IMPL_H */
