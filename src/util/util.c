/*
 * util.c - status names, byte views, version.
 */
#include "../internal.h"

const char *proxywasm_status_str(proxywasm_status status) {
  switch (status) {
  case PROXYWASM_OK:
    return "ok";
  case PROXYWASM_NOT_FOUND:
    return "not found";
  case PROXYWASM_BAD_ARGUMENT:
    return "bad argument";
  case PROXYWASM_SERIALIZATION_FAILURE:
    return "serialization failure";
  case PROXYWASM_PARSE_FAILURE:
    return "parse failure";
  case PROXYWASM_BAD_EXPRESSION:
    return "bad expression";
  case PROXYWASM_INVALID_MEMORY_ACCESS:
    return "invalid memory access";
  case PROXYWASM_EMPTY:
    return "empty";
  case PROXYWASM_CAS_MISMATCH:
    return "cas mismatch";
  case PROXYWASM_RESULT_MISMATCH:
    return "result mismatch";
  case PROXYWASM_INTERNAL_FAILURE:
    return "internal failure";
  case PROXYWASM_BROKEN_CONNECTION:
    return "broken connection";
  case PROXYWASM_UNIMPLEMENTED:
    return "unimplemented";
  }
  return "unknown status";
}

proxywasm_bytes proxywasm_bytes_cstr(const char *s) {
  proxywasm_bytes b = {s, s ? strlen(s) : 0};
  return b;
}

bool proxywasm_bytes_eq(proxywasm_bytes a, const char *s) {
  size_t n = s ? strlen(s) : 0;
  return a.len == n && (n == 0 || memcmp(a.data, s, n) == 0);
}

bool proxywasm_bytes_starts_with(proxywasm_bytes b, const char *prefix) {
  size_t n = prefix ? strlen(prefix) : 0;
  return b.len >= n && (n == 0 || memcmp(b.data, prefix, n) == 0);
}

const char *proxywasm_version(void) { return PROXYWASM_VERSION_STRING; }
