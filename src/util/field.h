/*
 * field.h - RFC 9110 field syntax (section 5): which bytes a header name
 * and value may hold. Shared by the SDK (fields.c) and the host emulator,
 * so both draw the same line. Not installed.
 *
 *   name        = [ ":" ] token      a pseudo-header (":path") keeps its ':'
 *   token       = 1*tchar            upper case is allowed: Envoy lowercases
 *   value       = empty, or field-vchar [ *( SP / HTAB / field-vchar ) field-vchar ]
 *   field-vchar = VCHAR (0x21-0x7E) / obs-text (0x80-0xFF)
 *
 * So a value may not hold CR, LF or NUL (they split or cut the field on
 * the wire), nor another control byte (0x01-0x1F but HTAB, and 0x7F), nor
 * start or end with SP or HTAB (HTTP/1 parsers strip them; RFC 9113 makes
 * such a field malformed in HTTP/2). obs-text passes: UTF-8 is common.
 */
#ifndef PROXYWASM_FIELD_H
#define PROXYWASM_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum {
  PROXYWASM__FIELD_OK,
  PROXYWASM__FIELD_NAME_EMPTY,  /* no token (also a lone ":") */
  PROXYWASM__FIELD_NAME_BYTE,   /* a byte that is not a tchar */
  PROXYWASM__FIELD_VALUE_BREAK, /* CR, LF or NUL in the value */
  PROXYWASM__FIELD_VALUE_CTL,   /* another control byte in the value */
  PROXYWASM__FIELD_VALUE_SPACE  /* SP or HTAB at either end of the value */
};

/* The byte tests are inlined even at -Oz: a call per byte costs more than the test. */
#if defined(__GNUC__)
#define PROXYWASM__FIELD_BYTE static inline __attribute__((always_inline))
#else
#define PROXYWASM__FIELD_BYTE static inline
#endif

/* tchar as two 64-bit masks of the ASCII range (the same masks as
   PROXYWASM__LIT_TCHAR in proxywasm/headers.h, which checks literals). */
PROXYWASM__FIELD_BYTE bool proxywasm__tchar(unsigned char c) {
  return c < 64 ? (0x03FF6CFA00000000ull >> c) & 1u
                : c < 128 && (0x57FFFFFFC7FFFFFEull >> (c - 64)) & 1u;
}

/* A byte that may sit inside a value: field-vchar, SP or HTAB. */
PROXYWASM__FIELD_BYTE bool proxywasm__vbyte(unsigned char c) {
  return c >= 0x20 ? c != 0x7F : c == '\t';
}

/* Whether a name is valid: the fast answer, same as proxywasm__field_name
   giving PROXYWASM__FIELD_OK. */
static inline bool proxywasm__field_name_ok(const unsigned char *p, size_t n) {
  size_t i = n && p[0] == ':' ? 1 : 0;
  if (i == n)
    return false;
  for (; i < n; i++)
    if (!proxywasm__tchar(p[i]))
      return false;
  return true;
}

/* Whether a value is valid: the fast answer, same as proxywasm__field_value
   giving PROXYWASM__FIELD_OK. Eight bytes at a time: a word passes when no
   byte is below 0x20 and none is 0x7F (exact tests for "some byte"); a word
   that fails (an HTAB, or a fault) and the tail go byte by byte. */
static inline bool proxywasm__field_value_ok(const unsigned char *p, size_t n) {
  const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  size_t i = 0;
  if (n == 0)
    return true;
  if (p[0] == ' ' || p[0] == '\t' || p[n - 1] == ' ' || p[n - 1] == '\t')
    return false;
  for (; n - i >= 8; i += 8) {
    uint64_t x, y;
    memcpy(&x, p + i, 8);
    y = x ^ (0x7F * ones);
    if ((((x - 0x20 * ones) & ~x) | ((y - ones) & ~y)) & highs)
      break;
  }
  for (; i < n; i++)
    if (!proxywasm__vbyte(p[i]))
      return false;
  return true;
}

/* The fault of a name (PROXYWASM__FIELD_*); *at is the offending byte's
   offset when there is one. */
static inline int proxywasm__field_name(const unsigned char *p, size_t n, size_t *at) {
  size_t i = n && p[0] == ':' ? 1 : 0;
  if (i == n)
    return PROXYWASM__FIELD_NAME_EMPTY;
  for (; i < n; i++)
    if (!proxywasm__tchar(p[i])) {
      *at = i;
      return PROXYWASM__FIELD_NAME_BYTE;
    }
  return PROXYWASM__FIELD_OK;
}

/* The fault of a value. CR, LF and NUL are reported before other faults. */
static inline int proxywasm__field_value(const unsigned char *p, size_t n, size_t *at) {
  int fault = PROXYWASM__FIELD_OK;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = p[i];
    if (proxywasm__vbyte(c))
      continue;
    if (c == '\r' || c == '\n' || c == 0) {
      *at = i;
      return PROXYWASM__FIELD_VALUE_BREAK;
    }
    if (fault == PROXYWASM__FIELD_OK) {
      *at = i;
      fault = PROXYWASM__FIELD_VALUE_CTL;
    }
  }
  if (fault == PROXYWASM__FIELD_OK && n &&
      (p[0] == ' ' || p[0] == '\t' || p[n - 1] == ' ' || p[n - 1] == '\t')) {
    *at = p[0] == ' ' || p[0] == '\t' ? 0 : n - 1;
    fault = PROXYWASM__FIELD_VALUE_SPACE;
  }
  return fault;
}

/* Says what a fault is, for log lines. */
static inline const char *proxywasm__field_fault_str(int fault) {
  switch (fault) {
  case PROXYWASM__FIELD_NAME_EMPTY:
    return "name is empty";
  case PROXYWASM__FIELD_NAME_BYTE:
    return "name is not a token";
  case PROXYWASM__FIELD_VALUE_BREAK:
    return "value has CR, LF or NUL";
  case PROXYWASM__FIELD_VALUE_CTL:
    return "value has a control byte";
  case PROXYWASM__FIELD_VALUE_SPACE:
    return "value starts or ends with whitespace";
  default:
    return "ok";
  }
}

#endif /* PROXYWASM_FIELD_H */
