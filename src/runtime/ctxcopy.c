/*
 * ctxcopy.c - proxywasm_context_copy: keeps host data in context memory.
 */
#include "../internal.h"

proxywasm_status proxywasm_context_copy(proxywasm_context *ctx, proxywasm_bytes src,
                                        proxywasm_bytes *out) {
  return proxywasm__context_copy_with(proxywasm_context_alloc, ctx, src, out);
}
