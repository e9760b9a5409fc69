/*
 * format.c - a small printf-style formatter.
 *
 * wasi-libc's vsnprintf drags in the stdio machinery (and with it the
 * fd_close/fd_seek WASI imports, which hosts without WASI lack) and some
 * 10 KB of code. This covers what logs need: flags "-0+ #", width and
 * precision (also "*"), length modifiers hh h l ll z j t, and the
 * conversions d i u o x X c s p f F e E g G %. Floating point is exact
 * (correctly rounded, ties to even), like the C library.
 *
 * Widths and precisions have no cap of their own: `%.*s` of 10 MB prints
 * 10 MB, bounded only by the caller's buffer. Where it differs from C: a
 * NULL %s prints "(null)" and a NULL %p "0x0" (glibc: "(nil)"); NaN
 * prints its sign bit ("-nan"), like glibc and musl.
 */
#include <stdarg.h>
#include <stdint.h>

#include "../internal.h"

/* 128-bit products for the exact decimal conversion (clang and gcc have it;
   __extension__ keeps -Wpedantic quiet). */
__extension__ typedef unsigned __int128 u128;

typedef struct out {
  char *buf;
  size_t cap;
  uint64_t len; /* bytes that would have been written (wasm32: > size_t) */
} out;

static void put(out *o, char c) {
  if (o->len + 1 < o->cap)
    o->buf[o->len] = c;
  o->len++;
}

/* Bytes of the next n that still fit before the NUL's place. */
static size_t room(const out *o, uint64_t n) {
  uint64_t left = o->len + 1 < o->cap ? o->cap - 1 - o->len : 0;
  return (size_t)(n < left ? n : left);
}

static void puts_n(out *o, const char *s, size_t n) {
  size_t r = room(o, n);
  if (r) /* never offset a NULL buf */
    memcpy(o->buf + o->len, s, r);
  o->len += n;
}

static void pad(out *o, char c, uint64_t n) {
  size_t r = room(o, n);
  if (r)
    memset(o->buf + o->len, c, r);
  o->len += n;
}

enum { F_LEFT = 1, F_ZERO = 2, F_PLUS = 4, F_SPACE = 8, F_ALT = 16, F_PTR = 32 };

/* Emits sign/prefix, zero or space padding, `zeros` leading zeros, the
   digits, `tail` trailing zeros and a suffix (an exponent) as printf does. */
static void emit_parts(out *o, int flags, int width, const char *prefix, const char *digits,
                       size_t ndigits, int zeros, uint64_t tail, const char *suffix) {
  size_t plen = strlen(prefix), slen = strlen(suffix);
  uint64_t body = plen + (uint64_t)ndigits + (zeros > 0 ? (uint64_t)zeros : 0) + tail + slen;
  uint64_t fill = (uint64_t)width > body ? (uint64_t)width - body : 0;
  if (!(flags & F_LEFT) && !(flags & F_ZERO))
    pad(o, ' ', fill);
  puts_n(o, prefix, plen);
  if (!(flags & F_LEFT) && (flags & F_ZERO))
    pad(o, '0', fill);
  pad(o, '0', zeros > 0 ? (uint64_t)zeros : 0);
  puts_n(o, digits, ndigits);
  pad(o, '0', tail);
  puts_n(o, suffix, slen);
  if (flags & F_LEFT)
    pad(o, ' ', fill);
}

static void emit(out *o, int flags, int width, const char *prefix, const char *digits,
                 size_t ndigits, int zeros) {
  emit_parts(o, flags, width, prefix, digits, ndigits, zeros, 0, "");
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
  else if (flags & F_PLUS)
    prefix[p++] = '+';
  else if (flags & F_SPACE)
    prefix[p++] = ' ';
  /* C: %#x of 0 has no 0x; the SDK prints a NULL %p as 0x0 (format.h). */
  if ((flags & F_ALT) && base == 16 && (!zero || (flags & F_PTR))) {
    prefix[p++] = '0';
    prefix[p++] = upper ? 'X' : 'x';
  }
  int zeros = prec > (int)n ? prec - (int)n : 0;
  if ((flags & F_ALT) && base == 8 && zeros == 0 && (n == 0 || tmp[sizeof tmp - n] != '0'))
    zeros = 1;
  if (prec >= 0)
    flags &= ~F_ZERO;
  emit(o, flags, width, prefix, tmp + sizeof tmp - n, n, zeros);
}

/* ---- exact decimal digits of a double ----
   value = m * 2^e exactly. The integer part is converted with a small
   fixed-size bignum; fraction digits are produced one at a time by
   multiplying the exact binary fraction by 10. Rounding is to nearest,
   ties to even, like the C library. No allocation, no recursion. */

#define IW 36 /* integer part: up to 2^1024, 32-bit words */
#define FW 37 /* fraction: up to 1074 + 52 bits, in whole words */
/* A double's exact decimal expansion ends within 1074 fraction digits and
   767 significant digits; every digit past these limits is 0, so larger
   precisions are printed as computed digits plus that many zeros. */
#define FRAC_MAX 1076
#define SIG_MAX 780

typedef struct digits {
  char d[320 + FRAC_MAX]; /* significant digits produced so far */
  int n;
  uint32_t f[FW]; /* fraction numerator over 2^(32*fw) */
  int fw;
} digits;

static int frac_step(digits *g) {
  uint64_t carry = 0;
  for (int i = 0; i < g->fw; i++) {
    uint64_t t = (uint64_t)g->f[i] * 10 + carry;
    g->f[i] = (uint32_t)t;
    carry = t >> 32;
  }
  return (int)carry;
}

static bool frac_nonzero(const digits *g) {
  for (int i = 0; i < g->fw; i++)
    if (g->f[i])
      return true;
  return false;
}

/* Splits v (finite, > 0) into decimal integer digits in g->d and the
   fraction in g->f. Returns the number of integer digits (0 if v < 1). */
static int split(double v, digits *g) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  int be = (int)((bits >> 52) & 0x7ff);
  uint64_t m = bits & ((1ull << 52) - 1);
  int e;
  if (be == 0) {
    e = -1074;
  } else {
    m |= 1ull << 52;
    e = be - 1075;
  }
  memset(g->f, 0, sizeof g->f);
  g->fw = 0;
  g->n = 0;
  uint32_t iw[IW] = {0};
  int niw = 0;
  if (e >= 0) {
    int w = e / 32, b = e % 32;
    u128 x = (u128)m << b;
    for (int i = 0; i < 4 && w + i < IW; i++)
      iw[w + i] = (uint32_t)(x >> (32 * i));
    niw = IW;
  } else {
    int k = -e;
    uint64_t ip = k < 64 ? m >> k : 0;
    uint64_t fp = k < 64 ? m & ((1ull << k) - 1) : m;
    iw[0] = (uint32_t)ip;
    iw[1] = (uint32_t)(ip >> 32);
    niw = 2;
    g->fw = (k + 31) / 32;
    int shift = g->fw * 32 - k; /* align the fraction to whole words */
    u128 x = (u128)fp << shift;
    for (int i = 0; i < 4 && i < g->fw; i++)
      g->f[i] = (uint32_t)(x >> (32 * i));
  }
  /* Integer part to decimal, 9 digits at a time. */
  char rev[400];
  int r = 0;
  for (;;) {
    while (niw > 0 && iw[niw - 1] == 0)
      niw--;
    if (niw == 0)
      break;
    uint64_t rem = 0;
    for (int i = niw - 1; i >= 0; i--) {
      uint64_t cur = (rem << 32) | iw[i];
      iw[i] = (uint32_t)(cur / 1000000000u);
      rem = cur % 1000000000u;
    }
    bool last = true;
    for (int i = 0; i < niw; i++)
      if (iw[i])
        last = false;
    for (int j = 0; j < 9 && (!last || rem); j++) {
      rev[r++] = (char)('0' + rem % 10);
      rem /= 10;
    }
  }
  for (int i = 0; i < r; i++)
    g->d[i] = rev[r - 1 - i];
  g->n = r;
  return r;
}

/* Rounds g->d to `keep` digits given the next digit and what follows.
   Returns 1 if the carry added a leading digit. */
static int round_at(digits *g, int keep) {
  int next;
  bool sticky;
  if (keep < g->n) {
    next = g->d[keep] - '0';
    sticky = frac_nonzero(g);
    for (int i = keep + 1; i < g->n; i++)
      if (g->d[i] != '0')
        sticky = true;
  } else {
    next = frac_step(g);
    sticky = frac_nonzero(g);
  }
  g->n = keep;
  bool odd = keep > 0 && ((g->d[keep - 1] - '0') & 1);
  if (next > 5 || (next == 5 && (sticky || odd))) {
    int i = keep - 1;
    while (i >= 0 && g->d[i] == '9')
      g->d[i--] = '0';
    if (i >= 0) {
      g->d[i]++;
    } else {
      memmove(g->d + 1, g->d, (size_t)keep);
      g->d[0] = '1';
      g->n = keep + 1;
      return 1;
    }
  }
  return 0;
}

/* %f digits: *nint integer digits followed by prec fraction digits. */
static void fixed_digits(double v, int prec, digits *g, int *nint) {
  int ni = v > 0 ? split(v, g) : (g->n = 0, g->fw = 0, 0);
  while (g->n < ni + prec)
    g->d[g->n++] = (char)('0' + (g->fw ? frac_step(g) : 0));
  ni += round_at(g, ni + prec);
  *nint = ni;
}

/* %e digits: nsig significant digits; *x10 is the decimal exponent. */
static void sci_digits(double v, int nsig, digits *g, int *x10) {
  if (v == 0) {
    g->n = 0;
    while (g->n < nsig)
      g->d[g->n++] = '0';
    *x10 = 0;
    return;
  }
  int ni = split(v, g);
  int x = ni - 1;
  if (ni == 0) {
    int dg;
    while ((dg = frac_step(g)) == 0)
      x--;
    g->d[g->n++] = (char)('0' + dg);
  }
  while (g->n < nsig)
    g->d[g->n++] = (char)('0' + frac_step(g));
  x += round_at(g, nsig);
  if (g->n > nsig)
    g->n = nsig;
  *x10 = x;
}

static void fmt_float(out *o, double v, char conv, int flags, int width, int prec) {
  bool upper = conv == 'F' || conv == 'E' || conv == 'G';
  char prefix[2] = {0};
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  if (bits >> 63) { /* the sign bit: also -0 and -nan, like glibc and musl */
    prefix[0] = '-';
    v = -v;
  } else if (flags & F_PLUS) {
    prefix[0] = '+';
  } else if (flags & F_SPACE) {
    prefix[0] = ' ';
  }
  if (v != v || v > 1.7976931348623157e308) {
    const char *t = v != v ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
    emit(o, flags & ~F_ZERO, width, prefix, t, 3, 0);
    return;
  }
  if (prec < 0)
    prec = 6;
  char c = (char)(conv | 32);
  bool strip = false;
  digits g;
  if (c == 'g') {
    int p = prec ? prec : 1;
    int x;
    sci_digits(v, p < SIG_MAX ? p : SIG_MAX, &g, &x);
    if (x < -4 || x >= p) {
      c = 'e';
      prec = p - 1;
    } else {
      c = 'f';
      prec = p - 1 - x;
    }
    strip = !(flags & F_ALT);
  }
  /* Digits past FRAC_MAX / SIG_MAX are zeros: `tail` of them. */
  int cap = c == 'e' ? SIG_MAX - 1 : FRAC_MAX;
  uint64_t tail = prec > cap ? (uint64_t)(prec - cap) : 0;
  int p = prec > cap ? cap : prec;
  char s[330 + FRAC_MAX], e[8];
  size_t k = 0, ek = 0;
  if (c == 'e') {
    int x;
    sci_digits(v, p + 1, &g, &x);
    s[k++] = g.d[0];
    if (prec || (flags & F_ALT))
      s[k++] = '.';
    for (int i = 1; i <= p; i++)
      s[k++] = g.d[i];
    e[ek++] = upper ? 'E' : 'e';
    e[ek++] = x < 0 ? '-' : '+';
    if (x < 0)
      x = -x;
    if (x >= 100)
      e[ek++] = (char)('0' + x / 100);
    e[ek++] = (char)('0' + x / 10 % 10);
    e[ek++] = (char)('0' + x % 10);
  } else {
    int ni;
    fixed_digits(v, p, &g, &ni);
    if (ni == 0)
      s[k++] = '0';
    for (int i = 0; i < ni; i++)
      s[k++] = g.d[i];
    if (prec || (flags & F_ALT))
      s[k++] = '.';
    for (int i = 0; i < p; i++)
      s[k++] = g.d[ni + i];
  }
  e[ek] = 0;
  if (strip && prec) {
    tail = 0;
    while (s[k - 1] == '0')
      k--;
    if (s[k - 1] == '.')
      k--;
  }
  emit_parts(o, flags, width, prefix, s, k, 0, tail, e);
}

/* A decimal width or precision, saturating at INT32_MAX. */
static int number(const char **pp) {
  const char *p = *pp;
  int v = 0;
  for (; *p >= '0' && *p <= '9'; p++)
    v = v > (INT32_MAX - 9) / 10 ? INT32_MAX : v * 10 + (*p - '0');
  *pp = p;
  return v;
}

int proxywasm_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap) {
  out o = {buf, cap, 0};
  if (fmt == NULL)
    fmt = "";
  for (const char *p = fmt; *p; p++) {
    if (*p != '%') {              /* a run of text up to the next conversion, copied at once */
      size_t n = strcspn(p, "%"); /* libc scans a word at a time */
      puts_n(&o, p, n);
      p += n - 1;
      continue;
    }
    p++;
    int flags = 0;
    for (;; p++) {
      if (*p == '-')
        flags |= F_LEFT;
      else if (*p == '0')
        flags |= F_ZERO;
      else if (*p == '+')
        flags |= F_PLUS;
      else if (*p == ' ')
        flags |= F_SPACE;
      else if (*p == '#')
        flags |= F_ALT;
      else
        break;
    }
    int width = 0;
    if (*p == '*') {
      width = va_arg(ap, int);
      if (width < 0) {
        flags |= F_LEFT;
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
      fmt_int(&o, u, v < 0, 10, false, flags, width, prec);
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
      fmt_int(&o, v, false, base, conv == 'X', flags & ~(F_PLUS | F_SPACE), width, prec);
      break;
    }
    case 'p':
      fmt_int(&o, (uintptr_t)va_arg(ap, void *), false, 16, false, F_ALT | F_PTR | (flags & F_LEFT),
              width, -1);
      break;
    case 'c': {
      char c = (char)va_arg(ap, int);
      emit(&o, flags & ~F_ZERO, width, "", &c, 1, 0);
      break;
    }
    case 's': {
      const char *s = va_arg(ap, const char *);
      if (s == NULL)
        s = "(null)";
      const char *end = prec < 0 ? NULL : memchr(s, 0, (size_t)prec);
      size_t n = prec < 0 ? strlen(s) : end ? (size_t)(end - s) : (size_t)prec;
      if (width == 0) /* the common case: the bytes alone */
        puts_n(&o, s, n);
      else
        emit(&o, flags & ~F_ZERO, width, "", s, n, 0);
      break;
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
      fmt_float(&o, va_arg(ap, double), conv, flags, width, prec);
      break;
    case '%':
      put(&o, '%');
      break;
    default:
      /* Unknown conversion: print it as written, consume nothing. */
      put(&o, '%');
      if (!conv)
        p--;
      else
        put(&o, conv);
      break;
    }
  }
  if (o.cap)
    o.buf[o.len < o.cap ? o.len : o.cap - 1] = 0;
  return o.len > INT32_MAX ? -1 : (int)o.len; /* -1: too long for an int, like C */
}

int proxywasm_snprintf(char *buf, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = proxywasm_vsnprintf(buf, cap, fmt, ap);
  va_end(ap);
  return n;
}
