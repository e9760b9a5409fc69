/*
 * done.c - plugin shutdown: proxy_on_done and proxy_done.
 * Linked when the plugin lists on_plugin_done (or calls proxywasm_plugin_done);
 * without it the host finalizes plugins at once.
 */
#include "../internal.h"

const int proxywasm__done_anchor = 1;

bool proxywasm__user_plugin_done(proxywasm_plugin *p) PROXYWASM__WEAK;

PROXYWASM__EXPORT(proxy_on_done)
uint32_t proxy_on_done(uint32_t id);
uint32_t proxy_on_done(uint32_t id) {
  struct proxywasm_context *c = proxywasm__ctx_lookup ? proxywasm__ctx_lookup(id) : NULL;
  if (c == NULL || c->kind != PROXYWASM_CONTEXT_PLUGIN || !proxywasm__user_plugin_done)
    return 1; /* streams: Envoy ignores the answer */
  proxywasm__frame f;
  proxywasm__enter(&f, c);
  bool done = proxywasm__user_plugin_done((proxywasm_plugin *)c);
  proxywasm__leave(&f);
  return done ? 1 : 0;
}

proxywasm_status proxywasm_plugin_done(proxywasm_plugin *plugin) {
  proxywasm_status s = proxywasm__use((proxywasm_context *)plugin);
  if (s != PROXYWASM_OK)
    return s;
  return proxywasm__st(proxy_done());
}
