/*
 * lifecycle.c - stream records: proxy_on_context_create and
 * proxy_on_delete, per-stream state, and the plugin of a stream.
 *
 * Linked only when the plugin needs to know streams across hooks or see
 * contexts deleted: stream create/delete hooks, stream data or memory,
 * plugin memory (freed with its plugin), the plugin of a stream, finding
 * contexts by id, callouts, on_plugin_delete, and on_http_done in a module
 * that also has TCP hooks (to tell the two apart). Exporting these two
 * callbacks makes Envoy call the module twice more per stream, so plugins
 * that need none of that do not pay for it.
 */
#include "../internal.h"

const int proxywasm__lifecycle_anchor = 1;
__attribute__((used)) static const int *const need_records = &proxywasm__records_anchor;

void proxywasm__user_http_delete(proxywasm_http *h) PROXYWASM__WEAK;
void proxywasm__user_tcp_delete(proxywasm_tcp *t) PROXYWASM__WEAK;
void proxywasm__user_plugin_delete(proxywasm_plugin *p) PROXYWASM__WEAK;

static void unlink_plugin(struct proxywasm_context *c, void *plugin) {
  if (c->plugin == plugin && c != plugin)
    c->plugin = NULL;
}

/* Streams have records only here: the weak reference in hooks.h and
   dispatch.c tells a stream hook whether to look for one. */
struct proxywasm_context *proxywasm__stream_lookup(uint32_t id) {
  return proxywasm__ctx_lookup(id);
}

/* Defined by untracked.c too: a module built with
   PROXYWASM_UNTRACKED_STREAMS that also uses a feature needing stream
   records fails to link with this name (context.h). */
const int proxywasm_error_PROXYWASM_UNTRACKED_STREAMS_and_a_feature_that_tracks_streams = 1;

PROXYWASM__EXPORT(proxy_on_context_create)
void proxy_on_context_create(uint32_t id, uint32_t parent_id);
void proxy_on_context_create(uint32_t id, uint32_t parent_id) {
  if (proxywasm__ctx_lookup(id) != NULL)
    return; /* a host bug; keep the existing record */
  struct proxywasm_context *c = proxywasm__ctx_insert(id);
  if (c == NULL)
    return; /* out of memory: events for it run on a transient record */
  if (parent_id == 0) {
    c->kind = PROXYWASM_CONTEXT_PLUGIN;
    c->plugin = c;
    c->flags = PROXYWASM__F_CREATED;
  } else {
    c->kind = PROXYWASM_CONTEXT_STREAM;
    c->plugin = proxywasm__ctx_lookup(parent_id);
  }
}

PROXYWASM__EXPORT(proxy_on_delete)
void proxy_on_delete(uint32_t id);
void proxy_on_delete(uint32_t id) {
  struct proxywasm_context *c = proxywasm__ctx_lookup(id);
  if (c == NULL)
    return;
  if (c->flags & PROXYWASM__F_CREATED) {
    proxywasm__frame f;
    proxywasm__enter(&f, c);
    if (c->kind == PROXYWASM_CONTEXT_HTTP && proxywasm__user_http_delete)
      proxywasm__user_http_delete((proxywasm_http *)c);
    else if (c->kind == PROXYWASM_CONTEXT_TCP && proxywasm__user_tcp_delete)
      proxywasm__user_tcp_delete((proxywasm_tcp *)c);
    else if (c->kind == PROXYWASM_CONTEXT_PLUGIN && proxywasm__user_plugin_delete)
      proxywasm__user_plugin_delete((proxywasm_plugin *)c);
    proxywasm__leave(&f);
  }
  if (c->mem && proxywasm__ctx_free_all)
    proxywasm__ctx_free_all(c);
  /* Streams of a deleted plugin keep running in Envoy; forget the link. */
  if (c->kind == PROXYWASM_CONTEXT_PLUGIN)
    proxywasm__ctx_visit(unlink_plugin, c);
  proxywasm__ctx_erase(c);
}

proxywasm_status proxywasm_context_set_data(proxywasm_context *ctx, void *data) {
  if (ctx == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  ctx->data = data;
  return PROXYWASM_OK;
}

void *proxywasm_context_get_data(const proxywasm_context *ctx) { return ctx ? ctx->data : NULL; }

proxywasm_plugin *proxywasm_context_plugin(const proxywasm_context *ctx) {
  return ctx ? (proxywasm_plugin *)ctx->plugin : NULL;
}

proxywasm_context *proxywasm_context_find(uint32_t context_id) {
  return proxywasm__ctx_lookup(context_id);
}

/* Here, not with plugin records: freeing the memory when the plugin is
   deleted needs proxy_on_delete, whatever hooks the module lists. */
void *proxywasm_plugin_alloc(proxywasm_plugin *p, size_t size) {
  return proxywasm__record_alloc((proxywasm_context *)p, size, true);
}

void *proxywasm_context_alloc(proxywasm_context *ctx, size_t size) {
  return proxywasm__record_alloc(ctx, size, false);
}
