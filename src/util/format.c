/*
 * format.c - a small printf-style formatter.
 *
 * wasi-libc's vsnprintf drags in the stdio machinery (and with it the
 * fd_close/fd_seek WASI imports, which hosts without WASI lack) and some
 * 10 KB of code. This covers what logs need: flags "-0+ #", width and
 * precision (also "*"), length modifiers hh h l ll z j t, and the
 * conversions d i u o x X c s p f F e E g G %. Floating point is exact
 * (correctly rounded, ties to even), like the C library, and lives in
 * format_float.c, linked only by the entry points that may print a double.
 *
 * Widths and precisions have no cap of their own: `%.*s` of 10 MB prints
 * 10 MB, bounded only by the caller's buffer. Where it differs from C: a
 * NULL %s prints "(null)" and a NULL %p "0x0" (glibc: "(nil)"); NaN
 * prints its sign bit ("-nan"), like glibc and musl.
 */
#include <stdarg.h>
#include <stdint.h>

#include "../internal.h"
#include "format_impl.h"

typedef proxywasm__out out;

/* ---- scanning a word at a time ----
   Eight bytes per step instead of one: ZEROS flags the zero bytes of a
   word; the lowest flagged byte is always a real one (a borrow only
   flags bytes above a zero byte). The reads are aligned 8-byte words, so
   they never cross a page (nor the end of wasm memory) even where they
   pass the string's end; AddressSanitizer, which would see bytes past the
   object, is told so. */
#if defined(__GNUC__) || defined(__clang__)
#define NO_ASAN __attribute__((no_sanitize("address")))
#else
#define NO_ASAN
#endif
#define ONES 0x0101010101010101ull
#define ZEROS(x) (((x) - ONES) & ~(x) & (ONES << 7))

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* The bytes of s before the first NUL or c, at most max. */
NO_ASAN size_t proxywasm__span(const char *s, char c, size_t max) {
  uintptr_t at = (uintptr_t)s & ~(uintptr_t)7, skip = (uintptr_t)s & 7;
  uint64_t cs = ONES * (unsigned char)c, x;
  memcpy(&x, (const void *)at, 8);
  x |= ~(~0ull << (8 * skip)); /* the bytes before s: 0xff, neither NUL nor c */
  for (size_t seen = 8 - skip;; seen += 8) {
    uint64_t m = ZEROS(x) | ZEROS(x ^ cs);
    if (m) {
      size_t n = (size_t)(at - (uintptr_t)s) + (size_t)(__builtin_ctzll(m) >> 3);
      return n < max ? n : max;
    }
    if (seen >= max)
      return max;
    at += 8;
    memcpy(&x, (const void *)at, 8);
  }
}
#else
size_t proxywasm__span(const char *s, char c, size_t max) {
  size_t n = 0;
  while (n < max && s[n] && s[n] != c)
    n++;
  return n;
}
#endif

/* Bytes of the next n that still fit before the NUL's place. */
static size_t room_slow(const out *o, uint64_t n) {
  uint64_t left = o->len + 1 < o->cap ? o->cap - 1 - o->len : 0;
  return (size_t)(n < left ? n : left);
}

__attribute__((always_inline)) static inline size_t room(const out *o, uint64_t n) {
  return o->len + n < o->cap ? (size_t)n : room_slow(o, n);
}

__attribute__((always_inline)) static inline void puts_n(out *o, const char *s, size_t n) {
  size_t r = room(o, n);
  if (r) /* never offset a NULL buf */
    memcpy(o->buf + o->len, s, r);
  o->len += n;
}

static void put(out *o, char c) {
  if (room(o, 1))
    o->buf[o->len] = c;
  o->len++;
}

static void pad(out *o, char c, uint64_t n) {
  size_t r = room(o, n);
  if (r)
    memset(o->buf + o->len, c, r);
  o->len += n;
}

void proxywasm__fmt_emit(out *o, int flags, int width, const char *prefix, const char *digits,
                         size_t ndigits, int zeros, uint64_t tail, const char *suffix) {
  size_t plen = strlen(prefix), slen = strlen(suffix);
  uint64_t body = plen + (uint64_t)ndigits + (zeros > 0 ? (uint64_t)zeros : 0) + tail + slen;
  uint64_t fill = (uint64_t)width > body ? (uint64_t)width - body : 0;
  if (!(flags & FMT_LEFT) && !(flags & FMT_ZERO))
    pad(o, ' ', fill);
  puts_n(o, prefix, plen);
  if (!(flags & FMT_LEFT) && (flags & FMT_ZERO))
    pad(o, '0', fill);
  pad(o, '0', zeros > 0 ? (uint64_t)zeros : 0);
  puts_n(o, digits, ndigits);
  pad(o, '0', tail);
  puts_n(o, suffix, slen);
  if (flags & FMT_LEFT)
    pad(o, ' ', fill);
}

static void emit(out *o, int flags, int width, const char *prefix, const char *digits,
                 size_t ndigits, int zeros) {
  proxywasm__fmt_emit(o, flags, width, prefix, digits, ndigits, zeros, 0, "");
}

static void fmt_int(out *o, uintmax_t v, bool neg, unsigned base, bool upper, int flags, int width,
                    int prec) {
  char tmp[72];
  size_t n = 0;
  bool zero = v == 0;
  const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  if (!(prec == 0 && v == 0)) {
    do {
      tmp[sizeof tmp - 1 - n++] = dig[v % base];
      v /= base;
    } while (v);
  }
  char prefix[4] = {0};
  size_t p = 0;
  if (neg)
    prefix[p++] = '-';
  else if (flags & FMT_PLUS)
    prefix[p++] = '+';
  else if (flags & FMT_SPACE)
    prefix[p++] = ' ';
  /* C: %#x of 0 has no 0x; the SDK prints a NULL %p as 0x0 (format.h). */
  if ((flags & FMT_ALT) && base == 16 && (!zero || (flags & FMT_PTR))) {
    prefix[p++] = '0';
    prefix[p++] = upper ? 'X' : 'x';
  }
  int zeros = prec > (int)n ? prec - (int)n : 0;
  if ((flags & FMT_ALT) && base == 8 && zeros == 0 && (n == 0 || tmp[sizeof tmp - n] != '0'))
    zeros = 1;
  if (prec >= 0)
    flags &= ~FMT_ZERO;
  emit(o, flags, width, prefix, tmp + sizeof tmp - n, n, zeros);
}

/* A decimal width or precision, saturating at INT32_MAX. Inlined, so that
   p stays in a register. */
__attribute__((always_inline)) static inline int number(const char **pp) {
  const char *p = *pp;
  int v = 0;
  for (; *p >= '0' && *p <= '9'; p++)
    v = v > (INT32_MAX - 9) / 10 ? INT32_MAX : v * 10 + (*p - '0');
  *pp = p;
  return v;
}

int proxywasm__format(out *o, const char *fmt, size_t run, va_list ap,
                      proxywasm__fmt_float_fn *ff) {
  const char *p = fmt ? fmt : "";
  /* Text up to the next conversion is copied at once; the first run's
     length is often known at compile time (PROXYWASM__FMT_RUN). */
  size_t n = run != PROXYWASM__RUN_UNKNOWN ? run : proxywasm__span(p, '%', SIZE_MAX);
  for (;; n = *p == '%' || !*p ? 0 : proxywasm__span(p, '%', SIZE_MAX)) {
    if (n) {
      puts_n(o, p, n);
      p += n;
    }
    if (!*p)
      break;
    p++; /* past the '%' */
    /* The common string conversions, without the general parse. */
    if (*p == 's' || (p[0] == '.' && p[1] == '*' && p[2] == 's')) {
      int prec = -1;
      if (*p == '.') {
        prec = va_arg(ap, int);
        p += 2;
      }
      size_t len;
      const char *s = proxywasm__str_arg(va_arg(ap, const char *), prec, &len);
      puts_n(o, s, len);
      p++;
      continue;
    }
    int flags = 0;
    for (;; p++) {
      if (*p == '-')
        flags |= FMT_LEFT;
      else if (*p == '0')
        flags |= FMT_ZERO;
      else if (*p == '+')
        flags |= FMT_PLUS;
      else if (*p == ' ')
        flags |= FMT_SPACE;
      else if (*p == '#')
        flags |= FMT_ALT;
      else
        break;
    }
    int width = 0;
    if (*p == '*') {
      width = va_arg(ap, int);
      if (width < 0) {
        flags |= FMT_LEFT;
        width = width == INT32_MIN ? 0 : -width;
      }
      p++;
    } else {
      width = number(&p);
    }
    int prec = -1;
    if (*p == '.') {
      p++;
      prec = 0;
      if (*p == '*') {
        prec = va_arg(ap, int);
        if (prec < 0)
          prec = -1;
        p++;
      } else {
        prec = number(&p);
      }
    }
    int len = 0; /* 1 hh, 2 h, 3 l, 4 ll, 5 z, 6 j, 7 t */
    if (*p == 'h') {
      len = p[1] == 'h' ? (p++, 1) : 2;
      p++;
    } else if (*p == 'l') {
      len = p[1] == 'l' ? (p++, 4) : 3;
      p++;
    } else if (*p == 'z') {
      len = 5, p++;
    } else if (*p == 'j') {
      len = 6, p++;
    } else if (*p == 't') {
      len = 7, p++;
    }
    char conv = *p;
    switch (conv) {
    case 'd':
    case 'i': {
      intmax_t v;
      switch (len) {
      case 1:
        v = (signed char)va_arg(ap, int);
        break;
      case 2:
        v = (short)va_arg(ap, int);
        break;
      case 3:
        v = va_arg(ap, long);
        break;
      case 4:
        v = va_arg(ap, long long);
        break;
      case 5:
        v = (intmax_t)va_arg(ap, size_t);
        break;
      case 6:
        v = va_arg(ap, intmax_t);
        break;
      case 7:
        v = va_arg(ap, ptrdiff_t);
        break;
      default:
        v = va_arg(ap, int);
        break;
      }
      uintmax_t u = v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v;
      fmt_int(o, u, v < 0, 10, false, flags, width, prec);
      break;
    }
    case 'u':
    case 'o':
    case 'x':
    case 'X': {
      uintmax_t v;
      switch (len) {
      case 1:
        v = (unsigned char)va_arg(ap, unsigned);
        break;
      case 2:
        v = (unsigned short)va_arg(ap, unsigned);
        break;
      case 3:
        v = va_arg(ap, unsigned long);
        break;
      case 4:
        v = va_arg(ap, unsigned long long);
        break;
      case 5:
        v = va_arg(ap, size_t);
        break;
      case 6:
        v = va_arg(ap, uintmax_t);
        break;
      case 7:
        v = (uintmax_t)va_arg(ap, ptrdiff_t);
        break;
      default:
        v = va_arg(ap, unsigned);
        break;
      }
      unsigned base = conv == 'u' ? 10 : conv == 'o' ? 8 : 16;
      fmt_int(o, v, false, base, conv == 'X', flags & ~(FMT_PLUS | FMT_SPACE), width, prec);
      break;
    }
    case 'p':
      fmt_int(o, (uintptr_t)va_arg(ap, void *), false, 16, false,
              FMT_ALT | FMT_PTR | (flags & FMT_LEFT), width, -1);
      break;
    case 'c': {
      char c = (char)va_arg(ap, int);
      emit(o, flags & ~FMT_ZERO, width, "", &c, 1, 0);
      break;
    }
    case 's': {
      size_t len;
      const char *s = proxywasm__str_arg(va_arg(ap, const char *), prec, &len);
      emit(o, flags & ~FMT_ZERO, width, "", s, len, 0);
      break;
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
      if (ff == NULL) /* no double at the call site (format.h) */
        goto as_written;
      ff(o, va_arg(ap, double), conv, flags, width, prec);
      break;
    case '%':
      put(o, '%');
      break;
    default:
    as_written: /* an unknown conversion: as written, consuming nothing */
      put(o, '%');
      if (!conv)
        p--;
      else
        put(o, conv);
      break;
    }
    p++; /* past the conversion */
  }
  if (o->cap)
    o->buf[o->len < o->cap ? o->len : o->cap - 1] = 0;
  return o->len > INT32_MAX ? -1 : (int)o->len; /* -1: too long for an int, like C */
}

/* The public entry points can print doubles: a va_list or a call through a
   function pointer hides the argument types. proxywasm/format.h's macro
   calls proxywasm__snprintf_nf where the compiler sees no double. */
int proxywasm_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap) {
  out o = {buf, cap, 0};
  return proxywasm__format(&o, fmt, PROXYWASM__RUN_UNKNOWN, ap, proxywasm__fmt_float);
}

int(proxywasm_snprintf)(char *buf, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = proxywasm_vsnprintf(buf, cap, fmt, ap);
  va_end(ap);
  return n;
}

int proxywasm__snprintf_nf(char *buf, size_t cap, size_t run, const char *fmt, ...) {
  out o = {buf, cap, 0};
  va_list ap;
  va_start(ap, fmt);
  int n = proxywasm__format(&o, fmt, run, ap, NULL);
  va_end(ap);
  return n;
}
