/*
 * loghook.c - proxy_on_log: the end of a stream (on_http_done,
 * on_tcp_done) or an access-log event of a plugin (on_plugin_log).
 * Linked only when one of those hooks is listed.
 */
#include "../internal.h"

const int proxywasm__log_anchor = 1;

void proxywasm__user_http_done(proxywasm_http *h) PROXYWASM__WEAK;
void proxywasm__user_tcp_done(proxywasm_tcp *t) PROXYWASM__WEAK;
void proxywasm__user_plugin_log(proxywasm_plugin *p) PROXYWASM__WEAK;

PROXYWASM__EXPORT(proxy_on_log)
void proxy_on_log(uint32_t id);
void proxy_on_log(uint32_t id) {
  struct proxywasm_context tmp, *c = proxywasm__ctx_lookup ? proxywasm__ctx_lookup(id) : NULL;
  if (c != NULL && c->kind == PROXYWASM_CONTEXT_PLUGIN) {
    if (proxywasm__user_plugin_log) {
      proxywasm__frame f;
      proxywasm__enter(&f, c);
      proxywasm__user_plugin_log((proxywasm_plugin *)c);
      proxywasm__leave(&f);
    }
    return;
  }
  /* A classified record knows its kind. A stream that saw no event yet is
     an HTTP stream ended early (Envoy creates TCP contexts with
     on_new_connection), unless the module only handles TCP. on_tcp_done
     links stream records, so a module with both done hooks always knows. */
  proxywasm_context_kind k = PROXYWASM_CONTEXT_HTTP;
  if (c != NULL && (c->kind == PROXYWASM_CONTEXT_HTTP || c->kind == PROXYWASM_CONTEXT_TCP))
    k = (proxywasm_context_kind)c->kind;
  else if (proxywasm__user_tcp_done && !proxywasm__user_http_done)
    k = PROXYWASM_CONTEXT_TCP;
  c = proxywasm__stream(id, k, &tmp);
  proxywasm__frame f;
  proxywasm__enter(&f, c);
  if (c->kind == PROXYWASM_CONTEXT_TCP) {
    if (proxywasm__user_tcp_done)
      proxywasm__user_tcp_done((proxywasm_tcp *)c);
  } else if (proxywasm__user_http_done) {
    proxywasm__user_http_done((proxywasm_http *)c);
  }
  proxywasm__leave(&f);
}
