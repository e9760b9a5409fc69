/*
 * checked.c - headers checked once, sent many times: a plugin checks a
 * header from its configuration when it reads it (proxywasm_header_check),
 * then each request sends it without the syntax check. Its own file, so
 * that a plugin that never calls these links none of it.
 */
#include "../internal.h"

/* The proof binds a check to the four views it checked: they are xored
   into a constant, the value's rotated (so that swapping the name's and
   the value's views changes it too); changing any one view always changes
   the proof (natively a 64-bit view is folded to 32 bits first: a change
   there goes unseen with odds of 2^-32). Zero views give the constant,
   never 0, so a zeroed struct never holds a valid proof. A few operations,
   inlined where a checked header is sent. */
static inline uint32_t fold(uintptr_t v) {
#if UINTPTR_MAX > 0xFFFFFFFFu
  v ^= v >> 32;
#endif
  return (uint32_t)v;
}
static inline uint32_t rotl(uint32_t v, unsigned n) { return v << n | v >> (32 - n); }
__attribute__((always_inline)) static inline uint32_t proof_of(const proxywasm_header *h) {
  return 0x2545F491u ^ fold((uintptr_t)h->name.data) ^ fold(h->name.len) ^
         rotl(fold((uintptr_t)h->value.data) ^ fold(h->value.len), 16);
}

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
  out->proof = proof_of(&out->header);
  return PROXYWASM_OK;
}

proxywasm_status proxywasm_headers_add_checked(proxywasm_context *ctx, proxywasm_map map,
                                               const proxywasm_checked_header *h) {
  if (h == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  const proxywasm_header *v = &h->header;
  if (h->proof == proof_of(v))
    return proxywasm__headers_add_v(ctx, map, v->name.data, v->name.len, v->value.data,
                                    v->value.len);
  /* Views changed since the check, or never checked: the ordinary path. */
  return proxywasm__headers_add_n(ctx, map, v->name.data, v->name.len, v->value.data, v->value.len);
}

proxywasm_status proxywasm_headers_replace_checked(proxywasm_context *ctx, proxywasm_map map,
                                                   const proxywasm_checked_header *h) {
  if (h == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  const proxywasm_header *v = &h->header;
  if (h->proof == proof_of(v))
    return proxywasm__headers_replace_v(ctx, map, v->name.data, v->name.len, v->value.data,
                                        v->value.len);
  return proxywasm__headers_replace_n(ctx, map, v->name.data, v->name.len, v->value.data,
                                      v->value.len);
}
