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

enum {
  PROXYWASM__FIELD_OK,
  PROXYWASM__FIELD_NAME_EMPTY,  /* no token (also a lone ":") */
  PROXYWASM__FIELD_NAME_BYTE,   /* a byte that is not a tchar */
  PROXYWASM__FIELD_VALUE_BREAK, /* CR, LF or NUL in the value */
  PROXYWASM__FIELD_VALUE_CTL,   /* another control byte in the value */
  PROXYWASM__FIELD_VALUE_SPACE  /* SP or HTAB at either end of the value */
};

/* tchar as a bitmap of the ASCII range: one lookup per byte. */
static inline bool proxywasm__tchar(unsigned char c) {
  static const uint32_t bits[4] = {0x00000000u, 0x03FF6CFAu, 0xC7FFFFFEu, 0x57FFFFFFu};
  return c < 128 && (bits[c >> 5] >> (c & 31) & 1u);
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
    if ((c >= 0x20 && c != 0x7F) || c == '\t')
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
