/*
 * json_number.c - JSON numbers and booleans to C values, without strtod or
 * locale (both would pull a lot of libc into a plugin).
 *
 * A number is read as a digit string (integer then fraction digits) times
 * 10^exponent, so integers written as 1e3 or 2.50e1 stay exact.
 */
#include <string.h>

#include "proxywasm/json.h"

/* Exponents are saturated here: any larger one over- or underflows anyway. */
#define EXP_LIMIT 1000000

struct decimal {
  bool neg;
  const char *intd, *fracd; /* integer and fraction digits */
  size_t nint, nfrac;
  int64_t exp; /* the written exponent, saturated at +-EXP_LIMIT */
};

static const char *digits(const char *p, const char *end) {
  while (p < end && *p >= '0' && *p <= '9')
    p++;
  return p;
}

/* Splits a number view; false if it is not a number (or a malformed view). */
static bool split(const proxywasm_json *v, struct decimal *d) {
  if (v == NULL || v->type != PROXYWASM_JSON_NUMBER || v->text == NULL || v->len == 0)
    return false;
  const char *p = v->text, *end = v->text + v->len;
  d->neg = *p == '-';
  d->intd = p += d->neg;
  p = digits(p, end);
  d->nint = (size_t)(p - d->intd);
  d->fracd = p;
  d->nfrac = 0;
  d->exp = 0;
  if (p < end && *p == '.') {
    d->fracd = ++p;
    p = digits(p, end);
    d->nfrac = (size_t)(p - d->fracd);
    if (d->nfrac == 0)
      return false;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    bool neg = ++p < end && *p == '-';
    if (p < end && (*p == '-' || *p == '+'))
      p++;
    const char *start = p;
    for (; p < end && *p >= '0' && *p <= '9'; p++)
      if (d->exp < EXP_LIMIT)
        d->exp = d->exp * 10 + (*p - '0');
    if (p == start)
      return false;
    if (neg)
      d->exp = -d->exp;
  }
  return d->nint > 0 && p == end;
}

/* The i-th digit of integer and fraction digits taken as one string. */
static unsigned digit_at(const struct decimal *d, size_t i) {
  return (unsigned)((i < d->nint ? d->intd[i] : d->fracd[i - d->nint]) - '0');
}

proxywasm_status proxywasm_json_get_int(const proxywasm_json *value, int64_t *out) {
  struct decimal d;
  if (out == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  *out = 0;
  if (!split(value, &d))
    return PROXYWASM_BAD_ARGUMENT;
  /* Trailing zeros move into the exponent; then any negative one is a fraction. */
  size_t n = d.nint + d.nfrac, last = n;
  while (last > 0 && digit_at(&d, last - 1) == 0)
    last--;
  if (last == 0)
    return PROXYWASM_OK; /* 0, -0, 0.0e99 */
  int64_t exp = d.exp - (int64_t)d.nfrac + (int64_t)(n - last);
  if (exp < 0)
    return PROXYWASM_BAD_ARGUMENT;
  uint64_t limit = d.neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, v = 0;
  for (size_t i = 0; i < last; i++) {
    unsigned dg = digit_at(&d, i);
    if (v > (limit - dg) / 10)
      return PROXYWASM_INTERNAL_FAILURE;
    v = v * 10 + dg;
  }
  for (; exp > 0; exp--) {
    if (v > limit / 10)
      return PROXYWASM_INTERNAL_FAILURE;
    v *= 10;
  }
  /* Negate in unsigned arithmetic so INT64_MIN needs no overflowing cast. */
  *out = d.neg ? -(int64_t)(v - 1) - 1 : (int64_t)v;
  return PROXYWASM_OK;
}

/* 10^n for n <= 22, exact in a double. */
static double small_pow10(unsigned n) {
  double r = 1;
  while (n--)
    r *= 10;
  return r;
}

/*
 * The slow path works on m * 2^e with a 64-bit m whose top bit is set: 11
 * bits more than a double, so the few roundings of the scaling stay below
 * one unit in the last place of the result.
 */
struct ext {
  uint64_t m;
  int e;
};

static struct ext ext_mul(struct ext a, struct ext b) {
  uint64_t al = a.m & 0xffffffffu, ah = a.m >> 32, bl = b.m & 0xffffffffu, bh = b.m >> 32;
  uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
  uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32), lo = mid << 32 | (ll & 0xffffffffu);
  int e = a.e + b.e + 64;
  if (!(hi >> 63)) { /* the product of two normalized values is in [2^126, 2^128) */
    hi = hi << 1 | lo >> 63;
    lo <<= 1;
    e--;
  }
  if (lo >> 63 && ++hi == 0) { /* round to nearest */
    hi = (uint64_t)1 << 63;
    e++;
  }
  return (struct ext){hi, e};
}

/*
 * pow10_m[k] * 2^pow10_e[k] is 10^(2^k) for k = 0..8 and 10^-(2^(k-9)) for
 * k = 9..17, correctly rounded to 64 bits (computed with exact rational
 * arithmetic). Multiplying entries instead of squaring keeps the error from
 * doubling at every step.
 */
static const uint64_t pow10_m[18] = {
    0xa000000000000000u, 0xc800000000000000u, 0x9c40000000000000u, 0xbebc200000000000u,
    0x8e1bc9bf04000000u, 0x9dc5ada82b70b59eu, 0xc2781f49ffcfa6d5u, 0x93ba47c980e98ce0u,
    0xaa7eebfb9df9de8eu, 0xcccccccccccccccdu, 0xa3d70a3d70a3d70au, 0xd1b71758e219652cu,
    0xabcc77118461cefdu, 0xe69594bec44de15bu, 0xcfb11ead453994bau, 0xa87fea27a539e9a5u,
    0xddd0467c64bce4a1u, 0xc0314325637a193au,
};
static const int16_t pow10_e[18] = {
    -60, -57, -50, -37, -10, 43, 149, 362, 787, -67, -70, -77, -90, -117, -170, -276, -489, -914,
};

/* 10^exp for |exp| < 512. */
static struct ext ext_pow10(int64_t exp) {
  struct ext r = {(uint64_t)1 << 63, -63};
  unsigned n = (unsigned)(exp > 0 ? exp : -exp);
  for (int k = exp > 0 ? 0 : 9; n != 0; k++, n >>= 1)
    if (n & 1)
      r = ext_mul(r, (struct ext){pow10_m[k], pow10_e[k]});
  return r;
}

/* Rounds m * 2^e (m normalized) to the nearest double; false on overflow. */
static bool ext_to_double(struct ext x, double *out) {
  int top = x.e + 63; /* the value is in [2^top, 2^(top+1)) */
  if (top > 1023)
    return false;
  int drop = 11; /* 64 - 53 bits; more for subnormals */
  if (top < -1022)
    drop += -1022 - top;
  uint64_t mant = 0, rest = x.m, half = 0;
  if (drop < 64) {
    mant = x.m >> drop;
    rest = x.m & (((uint64_t)1 << drop) - 1);
    half = (uint64_t)1 << (drop - 1);
  } else if (drop == 64) {
    half = (uint64_t)1 << 63;
  }
  if (half != 0 && (rest > half || (rest == half && (mant & 1))))
    mant++;
  uint64_t bits;
  if (top < -1022) {
    bits = mant; /* subnormal; a carry into bit 52 makes it the smallest normal */
  } else {
    if (mant >> 53) {
      mant >>= 1;
      if (++top > 1023)
        return false;
    }
    bits = (uint64_t)(top + 1023) << 52 | (mant & (((uint64_t)1 << 52) - 1));
  }
  memcpy(out, &bits, sizeof *out);
  return true;
}

proxywasm_status proxywasm_json_get_double(const proxywasm_json *value, double *out) {
  struct decimal d;
  if (out == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  *out = 0;
  if (!split(value, &d))
    return PROXYWASM_BAD_ARGUMENT;
  /* Up to 19 significant digits fit a uint64_t; later ones only scale. */
  uint64_t m = 0;
  int64_t exp = d.exp - (int64_t)d.nfrac;
  int kept = 0;
  for (size_t i = 0; i < d.nint + d.nfrac; i++) {
    unsigned dg = digit_at(&d, i);
    if (m == 0 && dg == 0)
      continue; /* leading zeros */
    if (kept < 19) {
      m = m * 10 + dg;
      kept++;
    } else {
      exp++;
    }
  }
  double r = 0;
  if (m == 0 || exp < -400) {
    /* zero, or below half the smallest subnormal even for m near 2^64 */
  } else if (exp > 310) {
    return PROXYWASM_INTERNAL_FAILURE;
  } else if (m <= (uint64_t)1 << 53 && exp >= -22 && exp <= 22) {
    /* Both operands exact: one correctly rounded operation. */
    r = exp >= 0 ? (double)m * small_pow10((unsigned)exp) : (double)m / small_pow10((unsigned)-exp);
  } else {
    struct ext x = {m, 0};
    while (!(x.m >> 63)) {
      x.m <<= 1;
      x.e--;
    }
    if (!ext_to_double(ext_mul(x, ext_pow10(exp)), &r))
      return PROXYWASM_INTERNAL_FAILURE;
  }
  *out = d.neg ? -r : r;
  return PROXYWASM_OK;
}

proxywasm_status proxywasm_json_get_bool(const proxywasm_json *value, bool *out) {
  if (out == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  *out = value != NULL && value->type == PROXYWASM_JSON_TRUE;
  if (value == NULL || (value->type != PROXYWASM_JSON_TRUE && value->type != PROXYWASM_JSON_FALSE))
    return PROXYWASM_BAD_ARGUMENT;
  return PROXYWASM_OK;
}
