/*
 * properties_decode.c - decoders for property values.
 *
 * Envoy encodes numbers as 8 little-endian bytes; Kong's ngx_wasm_module
 * returns everything as text. The rule that tells them apart: 8 bytes that
 * form valid text are text, other 8-byte values are binary, and any other
 * length must be text. Valid text never needs 8 binary-looking bytes, and
 * binary values whose 8 bytes are all digits are above 3.5e18, beyond any
 * size, port, code, id or time Envoy reports.
 */

#include "../internal.h"

#define NS_PER_SEC 1000000000

static uint64_t rd64(const char *p) {
  const unsigned char *u = (const unsigned char *)p;
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = v << 8 | u[i];
  return v;
}

/* Decimal digits only, at least one, no overflow. */
static bool text_u64(const char *p, size_t n, uint64_t *out) {
  if (n == 0)
    return false;
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned d = (unsigned)(unsigned char)p[i] - '0';
    if (d > 9 || v > (UINT64_MAX - d) / 10)
      return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

/* Optional '-', then digits; within int64. */
static bool text_i64(const char *p, size_t n, int64_t *out) {
  bool neg = n > 0 && p[0] == '-';
  uint64_t u;
  if (!text_u64(p + neg, n - neg, &u))
    return false;
  if (u > (uint64_t)INT64_MAX + neg)
    return false;
  *out = !neg ? (int64_t)u : u > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)u;
  return true;
}

/* Seconds with an optional fraction ("-1.5", "1700000000.123") as ns;
   fraction digits past nanoseconds are dropped. */
static bool text_seconds(const char *p, size_t n, int64_t *ns) {
  size_t dot = 0;
  while (dot < n && p[dot] != '.')
    dot++;
  int64_t sec;
  bool neg = n > 0 && p[0] == '-';
  if (!text_i64(p, dot, &sec))
    return false;
  uint64_t frac = 0;
  if (dot < n) {
    size_t digits = n - dot - 1;
    if (digits == 0)
      return false;
    for (size_t i = 0; i < 9; i++) {
      unsigned d = i < digits ? (unsigned)(unsigned char)p[dot + 1 + i] - '0' : 0;
      if (d > 9)
        return false;
      frac = frac * 10 + d;
    }
    for (size_t i = 9; i < digits; i++)
      if ((unsigned)(unsigned char)p[dot + 1 + i] - '0' > 9)
        return false;
  }
  uint64_t mag = neg ? (uint64_t)0 - (uint64_t)sec : (uint64_t)sec; /* |sec| */
  if (mag > ((uint64_t)INT64_MAX - frac) / NS_PER_SEC)
    return false;
  int64_t v = (int64_t)(mag * NS_PER_SEC + frac);
  *ns = neg ? -v : v;
  return true;
}

/* A NULL pointer with a length is the caller's bug, not host data. */
static bool bad_view(proxywasm_bytes raw) { return raw.len > 0 && raw.data == NULL; }

proxywasm_status proxywasm_property_decode_int64(proxywasm_bytes raw, int64_t *out) {
  if (out)
    *out = 0;
  if (out == NULL || bad_view(raw))
    return PROXYWASM_BAD_ARGUMENT;
  if (text_i64(raw.data, raw.len, out))
    return PROXYWASM_OK;
  if (raw.len != 8)
    return PROXYWASM_SERIALIZATION_FAILURE;
  uint64_t u = rd64(raw.data);
  memcpy(out, &u, sizeof u);
  return PROXYWASM_OK;
}

proxywasm_status proxywasm_property_decode_uint64(proxywasm_bytes raw, uint64_t *out) {
  if (out)
    *out = 0;
  if (out == NULL || bad_view(raw))
    return PROXYWASM_BAD_ARGUMENT;
  if (text_u64(raw.data, raw.len, out))
    return PROXYWASM_OK;
  if (raw.len != 8)
    return PROXYWASM_SERIALIZATION_FAILURE;
  *out = rd64(raw.data);
  return PROXYWASM_OK;
}

/* [-+]digits[.digits][(e|E)[-+]digits], at least one mantissa digit. */
static bool is_decimal_text(const char *p, size_t n) {
  size_t i = 0, digits = 0;
  if (i < n && (p[i] == '-' || p[i] == '+'))
    i++;
  for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
    digits++;
  if (i < n && p[i] == '.')
    for (i++; i < n && p[i] >= '0' && p[i] <= '9'; i++)
      digits++;
  if (digits == 0)
    return false;
  if (i < n && (p[i] == 'e' || p[i] == 'E')) {
    i++;
    if (i < n && (p[i] == '-' || p[i] == '+'))
      i++;
    size_t e = i;
    while (i < n && p[i] >= '0' && p[i] <= '9')
      i++;
    if (i == e)
      return false;
  }
  return i == n;
}

/* Decimal text to double through the JSON reader's number parser (one
   parser in the SDK, and no strtod, whose long double arithmetic costs a
   wasm module about 9 KB). A leading '+' is accepted too. */
static bool text_double(const char *p, size_t n, double *out) {
  if (!is_decimal_text(p, n))
    return false;
  if (*p == '+')
    p++, n--;
  proxywasm_json v = {PROXYWASM_JSON_NUMBER, p, n};
  return proxywasm_json_get_double(&v, out) == PROXYWASM_OK;
}

proxywasm_status proxywasm_property_decode_double(proxywasm_bytes raw, double *out) {
  if (out)
    *out = 0;
  if (out == NULL || bad_view(raw))
    return PROXYWASM_BAD_ARGUMENT;
  if (text_double(raw.data, raw.len, out))
    return PROXYWASM_OK;
  if (is_decimal_text(raw.data, raw.len) || raw.len != 8)
    return PROXYWASM_SERIALIZATION_FAILURE; /* out of range, or not 8 bytes */
  uint64_t u = rd64(raw.data);
  memcpy(out, &u, sizeof u);
  return PROXYWASM_OK;
}

static bool eq_nocase(const char *p, size_t n, const char *lit) {
  size_t i = 0;
  for (; i < n && lit[i]; i++) {
    char c = p[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c + 32);
    if (c != lit[i])
      return false;
  }
  return i == n && lit[i] == '\0';
}

proxywasm_status proxywasm_property_decode_bool(proxywasm_bytes raw, bool *out) {
  if (out)
    *out = false;
  if (out == NULL || bad_view(raw))
    return PROXYWASM_BAD_ARGUMENT;
  if (raw.len == 1) {
    switch (raw.data[0]) {
    case 0:
    case '0':
      return PROXYWASM_OK;
    case 1:
    case '1':
      *out = true;
      return PROXYWASM_OK;
    default:
      return PROXYWASM_SERIALIZATION_FAILURE;
    }
  }
  if (eq_nocase(raw.data, raw.len, "true")) {
    *out = true;
    return PROXYWASM_OK;
  }
  return eq_nocase(raw.data, raw.len, "false") ? PROXYWASM_OK : PROXYWASM_SERIALIZATION_FAILURE;
}

proxywasm_status proxywasm_property_decode_duration(proxywasm_bytes raw, int64_t *ns) {
  if (ns)
    *ns = 0;
  if (ns == NULL || bad_view(raw))
    return PROXYWASM_BAD_ARGUMENT;
  if (text_seconds(raw.data, raw.len, ns))
    return PROXYWASM_OK;
  if (raw.len != 8)
    return PROXYWASM_SERIALIZATION_FAILURE;
  uint64_t u = rd64(raw.data);
  memcpy(ns, &u, sizeof u);
  return PROXYWASM_OK;
}

proxywasm_status proxywasm_property_decode_timestamp(proxywasm_bytes raw, int64_t *ns) {
  return proxywasm_property_decode_duration(raw, ns);
}

proxywasm_status proxywasm_property_decode_string(proxywasm_bytes raw, proxywasm_bytes *out) {
  proxywasm__clear(out);
  if (out == NULL || bad_view(raw))
    return PROXYWASM_BAD_ARGUMENT;
  out->data = raw.data ? raw.data : "";
  out->len = raw.len;
  return PROXYWASM_OK;
}

proxywasm_status proxywasm_property_decode_map(proxywasm_bytes raw, proxywasm_header **entries,
                                               size_t *count) {
  if (entries)
    *entries = NULL;
  if (count)
    *count = 0;
  if (entries == NULL || count == NULL || bad_view(raw))
    return PROXYWASM_BAD_ARGUMENT;
  return proxywasm_headers_decode(raw, entries, count);
}

proxywasm_status proxywasm_property_decode_list(proxywasm_bytes raw, proxywasm_bytes **items,
                                                size_t *count) {
  if (items)
    *items = NULL;
  if (count)
    *count = 0;
  if (items == NULL || count == NULL || bad_view(raw))
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_header *pairs;
  size_t n;
  proxywasm_status s = proxywasm_headers_decode(raw, &pairs, &n);
  if (s != PROXYWASM_OK || n == 0)
    return s;
  for (size_t i = 0; i < n; i++)
    if (pairs[i].value.len != 0)
      return PROXYWASM_SERIALIZATION_FAILURE;
  proxywasm_bytes *out = proxywasm__alloc(n * sizeof *out);
  if (out == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  for (size_t i = 0; i < n; i++)
    out[i] = pairs[i].name;
  *items = out;
  *count = n;
  return PROXYWASM_OK;
}
