/*
 * ctxcopy.c - proxywasm_context_copy: keeps host data in context memory.
 */
#include "../internal.h"

proxywasm_status proxywasm_context_copy(proxywasm_context *ctx, proxywasm_bytes src,
                                        proxywasm_bytes *out) {
  proxywasm__clear(out);
  if (ctx == NULL || out == NULL || (src.data == NULL && src.len) || src.len == (size_t)-1)
    return PROXYWASM_BAD_ARGUMENT;
  char *p = proxywasm_context_alloc(ctx, src.len + 1); /* zeroed: NUL-terminated */
  if (p == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  if (src.len)
    memcpy(p, src.data, src.len);
  out->data = p;
  out->len = src.len;
  return PROXYWASM_OK;
}
