/*
 * dispatch.c - runs the user's hooks: resolves the context, keeps the
 * running/effective context, and frees the hook's arena afterwards.
 * Always linked; everything optional is reached through weak symbols.
 * The common case (an HTTP or TCP data hook of a module without context
 * records, entered from the host) is inlined in the hook's export
 * (proxywasm/hooks.h) and does only what it must: the handle's id, the
 * running and effective context, and the clean-up only if a hook left work.
 */
#include "../internal.h"

struct proxywasm__hookstate proxywasm__hook;
/* The transient records of outermost stream hooks without records; a
   nested hook uses one on its stack. */
struct proxywasm_context proxywasm__http_rec = {.kind = PROXYWASM_CONTEXT_HTTP};
struct proxywasm_context proxywasm__tcp_rec = {.kind = PROXYWASM_CONTEXT_TCP};
_Static_assert(offsetof(struct proxywasm_context, id) == 0, "hooks.h stores the id first");

/* Defined by PROXYWASM_HOOKS() when the plugin lists them. */
void proxywasm__user_http_create(proxywasm_http *h) PROXYWASM__WEAK;
void proxywasm__user_tcp_create(proxywasm_tcp *t) PROXYWASM__WEAK;
/* Untracked streams (untracked.c): a plugin's first event, a refusal. */
void proxywasm__plugin_seen(struct proxywasm_context *c) PROXYWASM__WEAK;
void proxywasm__plugin_refused(struct proxywasm_context *c) PROXYWASM__WEAK;

void proxywasm__enter(proxywasm__frame *f, struct proxywasm_context *ctx) {
  f->current = proxywasm__hook.current;
  f->effective = proxywasm__hook.effective;
  proxywasm__hook.current = ctx;
  proxywasm__hook.effective = ctx->id;
}

void proxywasm__leave(proxywasm__frame *f) {
  proxywasm__hook.current = f->current;
  proxywasm__hook.effective = f->effective;
  if (f->current == NULL && proxywasm__hook.dirty)
    proxywasm__cleanup();
}

/* After the outermost hook: the arena is freed and the log level asked
   again next time, only when a hook used them. */
void proxywasm__cleanup(void) {
  if (proxywasm__hook.dirty & PROXYWASM__DIRTY_EXTRA)
    proxywasm__arena_reset();
  proxywasm__hook.dirty = 0;
}

/* Without effective.c a handle other than the running one cannot be used. */
PROXYWASM__WEAK proxywasm_status proxywasm__switch(struct proxywasm_context *ctx) {
  (void)ctx;
  return PROXYWASM_BAD_ARGUMENT;
}

static void classify(struct proxywasm_context *c, proxywasm_context_kind kind) {
  c->kind = (uint8_t)kind;
  if (c->flags & PROXYWASM__F_CREATED)
    return;
  c->flags |= PROXYWASM__F_CREATED;
  proxywasm__frame f;
  proxywasm__enter(&f, c);
  if (kind == PROXYWASM_CONTEXT_HTTP && proxywasm__user_http_create)
    proxywasm__user_http_create((proxywasm_http *)c);
  else if (kind == PROXYWASM_CONTEXT_TCP && proxywasm__user_tcp_create)
    proxywasm__user_tcp_create((proxywasm_tcp *)c);
  proxywasm__leave(&f);
}

struct proxywasm_context *proxywasm__stream(uint32_t id, proxywasm_context_kind kind,
                                            struct proxywasm_context *tmp) {
  struct proxywasm_context *c = proxywasm__stream_lookup ? proxywasm__stream_lookup(id) : NULL;
  if (c != NULL) {
    if (c->kind == PROXYWASM_CONTEXT_STREAM || !(c->flags & PROXYWASM__F_CREATED))
      classify(c, c->kind == PROXYWASM_CONTEXT_STREAM ? kind : (proxywasm_context_kind)c->kind);
    return c;
  }
  if (proxywasm__hook.current == NULL) /* outermost: no other hook uses it */
    tmp = kind == PROXYWASM_CONTEXT_TCP ? &proxywasm__tcp_rec : &proxywasm__http_rec;
  else
    memset(tmp, 0, sizeof *tmp);
  tmp->id = id;
  tmp->kind = (uint8_t)kind;
  return tmp;
}

struct proxywasm_context *proxywasm__root(uint32_t id, struct proxywasm_context *tmp) {
  struct proxywasm_context *c = proxywasm__ctx_lookup ? proxywasm__ctx_lookup(id) : NULL;
  if (c != NULL)
    return c;
  /* A plugin's first event creates its record when the module keeps
     records but does not have streams announced (no on_context_create). */
  if (proxywasm__ctx_insert && (c = proxywasm__ctx_insert(id)) != NULL) {
    c->kind = PROXYWASM_CONTEXT_PLUGIN;
    c->plugin = c;
    c->flags = PROXYWASM__F_CREATED;
    if (proxywasm__plugin_seen)
      proxywasm__plugin_seen(c);
    return c;
  }
  memset(tmp, 0, sizeof *tmp);
  tmp->id = id;
  tmp->kind = PROXYWASM_CONTEXT_PLUGIN;
  tmp->plugin = tmp;
  return tmp;
}

uint32_t proxywasm__run_http_data(uint32_t id, uint32_t size, uint32_t eos,
                                  proxywasm__http_data_fn fn) {
  struct proxywasm_context tmp, *c = proxywasm__stream(id, PROXYWASM_CONTEXT_HTTP, &tmp);
  proxywasm__frame f;
  proxywasm__enter(&f, c);
  uint32_t r = (uint32_t)fn((proxywasm_http *)c, size, eos != 0);
  proxywasm__leave(&f);
  return r;
}

uint32_t proxywasm__run_http_trailers(uint32_t id, uint32_t n, proxywasm__http_trailers_fn fn) {
  struct proxywasm_context tmp, *c = proxywasm__stream(id, PROXYWASM_CONTEXT_HTTP, &tmp);
  proxywasm__frame f;
  proxywasm__enter(&f, c);
  uint32_t r = (uint32_t)fn((proxywasm_http *)c, n);
  proxywasm__leave(&f);
  return r;
}

uint32_t proxywasm__run_tcp_new(uint32_t id, proxywasm__tcp_new_fn fn) {
  struct proxywasm_context tmp, *c = proxywasm__stream(id, PROXYWASM_CONTEXT_TCP, &tmp);
  proxywasm__frame f;
  proxywasm__enter(&f, c);
  uint32_t r = (uint32_t)fn((proxywasm_tcp *)c);
  proxywasm__leave(&f);
  return r;
}

uint32_t proxywasm__run_tcp_data(uint32_t id, uint32_t size, uint32_t eos,
                                 proxywasm__tcp_data_fn fn) {
  struct proxywasm_context tmp, *c = proxywasm__stream(id, PROXYWASM_CONTEXT_TCP, &tmp);
  proxywasm__frame f;
  proxywasm__enter(&f, c);
  uint32_t r = (uint32_t)fn((proxywasm_tcp *)c, size, eos != 0);
  proxywasm__leave(&f);
  return r;
}

void proxywasm__run_tcp_close(uint32_t id, uint32_t peer, proxywasm__tcp_close_fn fn) {
  struct proxywasm_context tmp, *c = proxywasm__stream(id, PROXYWASM_CONTEXT_TCP, &tmp);
  proxywasm__frame f;
  proxywasm__enter(&f, c);
  fn((proxywasm_tcp *)c,
     peer <= PROXYWASM_PEER_REMOTE ? (proxywasm_peer)peer : PROXYWASM_PEER_UNKNOWN);
  proxywasm__leave(&f);
}

uint32_t proxywasm__run_plugin_size(uint32_t id, uint32_t size, proxywasm__plugin_size_fn fn) {
  struct proxywasm_context tmp, *c = proxywasm__root(id, &tmp);
  proxywasm__frame f;
  proxywasm__enter(&f, c);
  bool ok = fn((proxywasm_plugin *)c, size);
  proxywasm__leave(&f);
  if (!ok && proxywasm__plugin_refused)
    proxywasm__plugin_refused(c);
  return ok ? 1 : 0;
}

void proxywasm__run_plugin(uint32_t id, proxywasm__plugin_fn fn) {
  struct proxywasm_context tmp, *c = proxywasm__root(id, &tmp);
  proxywasm__frame f;
  proxywasm__enter(&f, c);
  fn((proxywasm_plugin *)c);
  proxywasm__leave(&f);
}

void proxywasm__run_plugin_u32(uint32_t id, uint32_t v, proxywasm__plugin_u32_fn fn) {
  struct proxywasm_context tmp, *c = proxywasm__root(id, &tmp);
  proxywasm__frame f;
  proxywasm__enter(&f, c);
  fn((proxywasm_plugin *)c, v);
  proxywasm__leave(&f);
}

void proxywasm__run_foreign(uint32_t id, uint32_t function_id, uint32_t size,
                            proxywasm__foreign_fn fn) {
  struct proxywasm_context tmp, *c = proxywasm__root(id, &tmp);
  proxywasm__frame f;
  proxywasm__enter(&f, c);
  fn((proxywasm_plugin *)c, function_id, size);
  proxywasm__leave(&f);
}

/* ---- handle accessors ---- */

uint32_t proxywasm_context_id(const proxywasm_context *ctx) { return ctx ? ctx->id : 0; }

proxywasm_context_kind proxywasm_context_get_kind(const proxywasm_context *ctx) {
  return ctx ? (proxywasm_context_kind)ctx->kind : PROXYWASM_CONTEXT_STREAM;
}

proxywasm_context *proxywasm_context_current(void) { return proxywasm__hook.current; }
