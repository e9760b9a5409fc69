/*
 * tick.c - the plugin timer.
 */
#include "../internal.h"

proxywasm_status proxywasm_tick_period_set(proxywasm_context *ctx, uint32_t period_ms) {
  proxywasm_status s = proxywasm__use(ctx);
  return s != PROXYWASM_OK ? s : proxywasm__st(proxy_set_tick_period_milliseconds(period_ms));
}
