/*
 * lifecycle.c - context records: proxy_on_context_create and
 * proxy_on_delete, and per-context user state.
 *
 * Linked only when a plugin needs records (plugin hooks, create/delete
 * hooks, user state, callouts). Records live in an open-addressing table
 * keyed by context id; freed records are kept on a free list, so a
 * request costs no allocation once the VM is warm.
 */
#include "internal.h"

const int proxywasm__lifecycle_anchor = 1;

void proxywasm__user_http_delete(proxywasm_http *h) PROXYWASM__WEAK;
void proxywasm__user_tcp_delete(proxywasm_tcp *t) PROXYWASM__WEAK;
void proxywasm__user_plugin_delete(proxywasm_plugin *p) PROXYWASM__WEAK;

static struct proxywasm_context **slots; /* NULL or a record; TOMB for deleted */
static size_t cap, live, tombs;
static struct proxywasm_context tomb_marker;
#define TOMB (&tomb_marker)

typedef union free_rec {
  union free_rec *next;
  struct proxywasm_context ctx;
} free_rec;
static free_rec *free_list;

static size_t hash(uint32_t id) { return (size_t)(id * 2654435761u); }

struct proxywasm_context *proxywasm__ctx_lookup(uint32_t id) {
  if (cap == 0 || id == 0)
    return NULL;
  for (size_t i = hash(id) & (cap - 1);; i = (i + 1) & (cap - 1)) {
    struct proxywasm_context *c = slots[i];
    if (c == NULL)
      return NULL;
    if (c != TOMB && c->id == id)
      return c;
  }
}

static int grow(void) {
  size_t ncap = cap ? cap * 2 : 16;
  if (live * 4 < cap) /* mostly tombstones: rehash at the same size */
    ncap = cap;
  struct proxywasm_context **n = proxywasm__pool_alloc(ncap * sizeof *n);
  if (n == NULL)
    return -1;
  for (size_t i = 0; i < cap; i++) {
    struct proxywasm_context *c = slots[i];
    if (c == NULL || c == TOMB)
      continue;
    size_t j = hash(c->id) & (ncap - 1);
    while (n[j])
      j = (j + 1) & (ncap - 1);
    n[j] = c;
  }
  proxywasm__pool_free(slots);
  slots = n;
  cap = ncap;
  tombs = 0;
  return 0;
}

static struct proxywasm_context *insert(uint32_t id) {
  if ((live + tombs + 1) * 2 > cap && grow() != 0)
    return NULL;
  struct proxywasm_context *c;
  if (free_list) {
    c = &free_list->ctx;
    free_list = free_list->next;
  } else {
    free_rec *r = proxywasm__pool_alloc(sizeof *r);
    if (r == NULL)
      return NULL;
    c = &r->ctx;
  }
  memset(c, 0, sizeof *c);
  c->id = id;
  size_t i = hash(id) & (cap - 1);
  while (slots[i] != NULL && slots[i] != TOMB)
    i = (i + 1) & (cap - 1);
  if (slots[i] == TOMB)
    tombs--;
  slots[i] = c;
  live++;
  return c;
}

static void erase(struct proxywasm_context *c) {
  for (size_t i = hash(c->id) & (cap - 1);; i = (i + 1) & (cap - 1)) {
    if (slots[i] == c) {
      slots[i] = TOMB;
      tombs++;
      break;
    }
    if (slots[i] == NULL)
      return;
  }
  live--;
  free_rec *r = (free_rec *)c;
  r->next = free_list;
  free_list = r;
}

PROXYWASM__EXPORT(proxy_on_context_create)
void proxy_on_context_create(uint32_t id, uint32_t parent_id);
void proxy_on_context_create(uint32_t id, uint32_t parent_id) {
  if (proxywasm__ctx_lookup(id) != NULL)
    return; /* a host bug; keep the existing record */
  struct proxywasm_context *c = insert(id);
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
  if (c->kind == PROXYWASM_CONTEXT_PLUGIN) {
    for (size_t i = 0; i < cap; i++)
      if (slots[i] && slots[i] != TOMB && slots[i]->plugin == c && slots[i] != c)
        slots[i]->plugin = NULL;
  }
  erase(c);
}

proxywasm_status proxywasm_context_set_data(proxywasm_context *ctx, void *data) {
  if (ctx == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  ctx->data = data;
  return PROXYWASM_OK;
}

void *proxywasm_context_get_data(const proxywasm_context *ctx) { return ctx ? ctx->data : NULL; }
