/*
 * effective.c - acting on a context other than the running one.
 *
 * Linked when the plugin calls proxywasm_set_effective_context, finds
 * contexts by id, or uses ticks, queues or callouts: only then can
 * it hold another context's handle, and only then does it import
 * proxy_set_effective_context. Its strong proxywasm__switch replaces the
 * weak one in dispatch.c, which refuses.
 */
#include "internal.h"

const int proxywasm__effective_anchor = 1;

proxywasm_status proxywasm__switch(struct proxywasm_context *ctx) {
  if (ctx == NULL || ctx->id == proxywasm__effective)
    return PROXYWASM_OK;
  proxywasm_status s = proxywasm__st(proxy_set_effective_context(ctx->id));
  if (s == PROXYWASM_OK)
    proxywasm__effective = ctx->id;
  return s;
}

proxywasm_status proxywasm_set_effective_context(proxywasm_context *ctx) {
  if (ctx == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  if (ctx->id == proxywasm__effective)
    return PROXYWASM_OK;
  return proxywasm__switch(ctx);
}
