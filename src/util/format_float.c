/*
 * format_float.c - the formatter's f F e E g G conversions, exact
 * (correctly rounded, ties to even) like the C library. Kept apart from
 * the core (format.c), which reaches it only through a pointer passed by
 * the public entry points, so modules that never print a double do not
 * link it (proxywasm/format.h).
 */
#include <stdint.h>

#include "../internal.h"
#include "format_impl.h"

/* 128-bit products for the exact decimal conversion (clang and gcc have it;
   __extension__ keeps -Wpedantic quiet). */
__extension__ typedef unsigned __int128 u128;

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

void proxywasm__fmt_float(proxywasm__out *o, double v, char conv, int flags, int width, int prec) {
  bool upper = conv == 'F' || conv == 'E' || conv == 'G';
  char prefix[2] = {0};
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  if (bits >> 63) { /* the sign bit: also -0 and -nan, like glibc and musl */
    prefix[0] = '-';
    v = -v;
  } else if (flags & FMT_PLUS) {
    prefix[0] = '+';
  } else if (flags & FMT_SPACE) {
    prefix[0] = ' ';
  }
  if (v != v || v > 1.7976931348623157e308) {
    const char *t = v != v ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
    proxywasm__fmt_emit(o, flags & ~FMT_ZERO, width, prefix, t, 3, 0, 0, "");
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
    strip = !(flags & FMT_ALT);
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
    if (prec || (flags & FMT_ALT))
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
    if (prec || (flags & FMT_ALT))
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
  proxywasm__fmt_emit(o, flags, width, prefix, s, k, 0, tail, e);
}
