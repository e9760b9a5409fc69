/*
 * effective.c - acting on a context other than the running one.
 *
 * Linked whenever the module can hold a handle other than the running
 * one: with context records (records.c: any plugin hook, and so everything
 * that tracks streams, finds contexts by id or makes callouts), ticks,
 * queues, or proxywasm_context_set_effective. A record outlives the hook
 * that handed out its handle, so that handle must work in any later hook
 * whatever else the module lists. Only a module of stream hooks alone,
 * whose handles are transient and die with their hook, goes without it
 * (and without the proxy_set_effective_context import). Its strong
 * proxywasm__switch replaces the weak one in dispatch.c, which refuses.
 */
#include "../internal.h"

const int proxywasm__effective_anchor = 1;

proxywasm_status proxywasm__switch(struct proxywasm_context *ctx) {
  if (ctx == NULL || ctx->id == proxywasm__hook.effective)
    return PROXYWASM_OK;
  proxywasm_status s = proxywasm__st(proxy_set_effective_context(ctx->id));
  if (s == PROXYWASM_OK)
    proxywasm__hook.effective = ctx->id;
  return s;
}

proxywasm_status proxywasm_context_set_effective(proxywasm_context *ctx) {
  if (ctx == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  if (ctx->id == proxywasm__hook.effective)
    return PROXYWASM_OK;
  return proxywasm__switch(ctx);
}
