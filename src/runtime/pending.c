/*
 * pending.c - calls waiting for an answer: token -> (caller, callback).
 * A small array: plugins rarely have more than a few dozen calls in flight.
 */
#include "../internal.h"

/* Callouts need context records and context switching. */
__attribute__((used)) static const int *const need_lifecycle = &proxywasm__lifecycle_anchor;
__attribute__((used)) static const int *const need_effective = &proxywasm__effective_anchor;

static proxywasm__pending *calls;
static size_t ncalls, capcalls;

proxywasm_status proxywasm__pending_add(uint32_t token, uint32_t root_id, uint32_t context_id,
                                        int grpc, proxywasm__callback callback, void *user_data) {
  /* A host never reuses a token still in flight: an entry with the same
     key is stale (its answer never came), so the new call replaces it. */
  proxywasm__pending_remove(root_id, grpc, token);
  proxywasm__pending *n = proxywasm__pool_grow(calls, &capcalls, ncalls, sizeof *n);
  if (n == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  calls = n;
  proxywasm__pending *p = &calls[ncalls++];
  p->token = token;
  p->root_id = root_id;
  p->context_id = context_id;
  p->grpc = (uint8_t)(grpc != 0);
  p->callback = callback;
  p->user_data = user_data;
  return PROXYWASM_OK;
}

static bool same(const proxywasm__pending *p, uint32_t root_id, int grpc, uint32_t token) {
  return p->token == token && p->root_id == root_id && p->grpc == (grpc != 0);
}

proxywasm__pending *proxywasm__pending_find(uint32_t root_id, int grpc, uint32_t token) {
  for (size_t i = 0; i < ncalls; i++)
    if (same(&calls[i], root_id, grpc, token))
      return &calls[i];
  return NULL;
}

void proxywasm__pending_remove(uint32_t root_id, int grpc, uint32_t token) {
  for (size_t i = 0; i < ncalls; i++)
    if (same(&calls[i], root_id, grpc, token)) {
      calls[i] = calls[--ncalls];
      return;
    }
}

struct proxywasm_context *proxywasm__callout_enter(uint32_t root_id, uint32_t caller_id,
                                                   proxywasm__frame *f) {
  (void)root_id;
  struct proxywasm_context *c = proxywasm__ctx_lookup ? proxywasm__ctx_lookup(caller_id) : NULL;
  if (c == NULL)
    return NULL; /* the caller is gone: drop the answer */
  /* The host delivers the answer to the plugin; make the caller effective
     so the callback can act on it directly. */
  proxywasm__enter(f, c);
  if (c->id != root_id) {
    proxywasm__hook.effective = root_id;
    if (proxywasm__switch(c) != PROXYWASM_OK) {
      proxywasm__leave(f);
      return NULL;
    }
  }
  return c;
}
