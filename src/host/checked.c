/*
 * checked.c - headers checked once, sent many times: a plugin checks a
 * header from its configuration when it reads it (proxywasm_header_check),
 * then each request sends it without the syntax check. Its own file, so
 * that a plugin that never calls these links none of it. The sends are
 * inline (proxywasm/headers.h), where the proof is checked.
 */
#include "../internal.h"

proxywasm_status proxywasm_header_check(proxywasm_bytes name, proxywasm_bytes value,
                                        proxywasm_checked_header *out) {
  if (out)
    memset(out, 0, sizeof *out);
  if (out == NULL || name.data == NULL || (value.data == NULL && value.len))
    return PROXYWASM_BAD_ARGUMENT;
  /* The send path's check: same rule, same log line, same opt-out. */
  proxywasm_status s = proxywasm__header_check(name.data, name.len, value.data, value.len);
  if (s != PROXYWASM_OK)
    return s;
  out->header.name = name;
  out->header.value.data = value.data ? value.data : ""; /* the hostcall wants a pointer */
  out->header.value.len = value.len;
  out->proof = proxywasm__header_proof(&out->header);
  return PROXYWASM_OK;
}
