/*
 * fields.c - refuses header names and values that break RFC 9110 field
 * syntax (field.h) before they reach the host: Envoy passes them on raw, so
 * "v\r\nx-injected: 1" would become a second header on HTTP/1 and reset
 * the stream on HTTP/2. Linked only by the functions that send headers.
 */
#include "../internal.h"
#include "../util/field.h"

/* Defined by PROXYWASM_HEADERS_ALLOW_RAW(); absent, every header is checked. */
void proxywasm__headers_raw(void) PROXYWASM__WEAK;

/* Longest stretch of a name quoted in the log line. */
#define NAME_SHOWN 64

typedef struct line {
  char buf[512]; /* the longest line is about 430 bytes */
  size_t len;
} line;

static void put(line *l, const char *s, size_t n) {
  if (n > sizeof l->buf - l->len)
    n = sizeof l->buf - l->len; /* cannot happen: the buffer fits the longest line */
  memcpy(l->buf + l->len, s, n);
  l->len += n;
}
static void puts0(line *l, const char *s) { put(l, s, strlen(s)); }
static void put_num(line *l, size_t v) {
  char d[24];
  size_t i = sizeof d;
  do
    d[--i] = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  put(l, d + i, sizeof d - i);
}
static void put_hex(line *l, unsigned char c) {
  static const char hex[] = "0123456789abcdef";
  char d[2] = {hex[c >> 4], hex[c & 15]};
  put(l, d, 2);
}

/* The name is quoted, escaped so that it cannot forge a log line itself. */
static void put_name(line *l, const unsigned char *p, size_t n) {
  put(l, "\"", 1);
  for (size_t i = 0; i < n && i < NAME_SHOWN; i++) {
    if (p[i] > 0x20 && p[i] < 0x7F && p[i] != '"' && p[i] != '\\') {
      put(l, (const char *)p + i, 1);
    } else {
      put(l, "\\x", 2);
      put_hex(l, p[i]);
    }
  }
  put(l, "\"", 1);
  if (n > NAME_SHOWN) {
    puts0(l, " (first ");
    put_num(l, NAME_SHOWN);
    puts0(l, " of ");
    put_num(l, n);
    puts0(l, " bytes)");
  }
}

/* Logs the refusal. The value is never printed, only where it went wrong. */
static proxywasm_status refuse(const unsigned char *name, size_t name_len, const unsigned char *bad,
                               size_t bad_len, int fault, size_t at) {
  line l;
  l.len = 0;
  puts0(&l, "proxywasm: refused header ");
  put_name(&l, name, name_len);
  puts0(&l, ": ");
  puts0(&l, proxywasm__field_fault_str(fault));
  if (fault != PROXYWASM__FIELD_NAME_EMPTY) {
    puts0(&l, " (byte ");
    put_num(&l, at);
    puts0(&l, " of ");
    put_num(&l, bad_len);
    puts0(&l, " is 0x");
    put_hex(&l, bad[at]);
    puts0(&l, ")");
  }
  proxywasm_log(PROXYWASM_LOG_WARN, l.buf, l.len);
  return PROXYWASM_BAD_ARGUMENT;
}

proxywasm_status proxywasm__header_check(const char *name, size_t name_len, const void *value,
                                         size_t value_len) {
  if (proxywasm__headers_raw)
    return PROXYWASM_OK;
  const unsigned char *n = (const unsigned char *)name, *v = value;
  if (proxywasm__field_name_ok(n, name_len) && proxywasm__field_value_ok(v, value_len))
    return PROXYWASM_OK;
  size_t at = 0; /* refused: find the fault and where */
  int fault = proxywasm__field_name(n, name_len, &at);
  if (fault != PROXYWASM__FIELD_OK)
    return refuse(n, name_len, n, name_len, fault, at);
  fault = proxywasm__field_value(v, value_len, &at);
  if (fault != PROXYWASM__FIELD_OK)
    return refuse(n, name_len, v, value_len, fault, at);
  return PROXYWASM_OK;
}

proxywasm_status proxywasm__headers_pack(const proxywasm_header *headers, size_t count,
                                         proxywasm_bytes *out) {
  proxywasm__clear(out);
  if (out == NULL || (count && headers == NULL))
    return PROXYWASM_BAD_ARGUMENT;
  for (size_t i = 0; i < count; i++) {
    const proxywasm_header *h = &headers[i];
    if ((h->name.data == NULL && h->name.len) || (h->value.data == NULL && h->value.len))
      return PROXYWASM_BAD_ARGUMENT;
    proxywasm_status s =
        proxywasm__header_check(h->name.data, h->name.len, h->value.data, h->value.len);
    if (s != PROXYWASM_OK)
      return s;
  }
  return proxywasm__map_encode(headers, count, out);
}
