/*
 * checked.c - headers checked once, sent many times: a plugin checks a
 * header from its configuration when it reads it (proxywasm_header_check),
 * then each request sends it without the syntax check. Its own file, so
 * that a plugin that never calls these links none of it.
 */
#include "../internal.h"

/* The proof binds a check to the four views it checked. Each step is a
   bijection of one view (xor, then a multiply by an odd constant), and the
   last fold is too where uintptr_t has 32 bits (wasm32): there, changing
   any one view always changes the proof; natively, a 64-bit view folded to
   32 bits collides with odds of 2^-32. Zero views mix to a value that is
   not zero, so a zeroed struct never holds a valid proof. */
static uint32_t proof_of(const proxywasm_header *h) {
  const uintptr_t mul = (uintptr_t)0x9E3779B97F4A7C15ull; /* odd on 32 and 64 bits */
  uintptr_t x = 0x2545F491u;
  x = (x ^ (uintptr_t)h->name.data) * mul;
  x = (x ^ (uintptr_t)h->name.len) * mul;
  x = (x ^ (uintptr_t)h->value.data) * mul;
  x = (x ^ (uintptr_t)h->value.len) * mul;
  return (uint32_t)(x ^ (x >> (sizeof x * 4)));
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
