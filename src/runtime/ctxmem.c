/*
 * ctxmem.c - user state owned by a context (proxywasm_context_alloc,
 * proxywasm_plugin_alloc): blocks chained on the context's record and freed
 * right after its delete hook, so per-context state cannot leak.
 */
#include "../internal.h"

typedef struct owned {
  struct owned *next;
  _Alignas(16) unsigned char data[];
} owned;

/* The host emulator counts blocks and injects failures: +1 asks for a block
   (nonzero refuses it), -1 reports one freed. Absent in wasm. */
int proxywasm__ctxmem_event(int delta) __attribute__((weak)); /* default visibility */
#define NOTE(d) (proxywasm__ctxmem_event ? proxywasm__ctxmem_event(d) : 0)

void *proxywasm__owned_alloc(struct proxywasm_context *ctx, size_t size) {
  if (size > (size_t)-1 - sizeof(owned))
    return NULL;
  if (NOTE(1))
    return NULL;
  owned *o = proxywasm__pool_alloc(sizeof(owned) + size);
  if (o == NULL) {
    (void)NOTE(-1);
    return NULL;
  }
  o->next = ctx->mem;
  ctx->mem = o;
  return o->data;
}

void *proxywasm__record_alloc(proxywasm_context *ctx, size_t size, bool plugin_only) {
  if (ctx == NULL || (plugin_only && ctx->kind != PROXYWASM_CONTEXT_PLUGIN) ||
      !proxywasm__ctx_lookup || proxywasm__ctx_lookup(ctx->id) != ctx)
    return NULL;
  return proxywasm__owned_alloc(ctx, size);
}

void proxywasm_context_free(proxywasm_context *ctx, void *p) {
  if (ctx == NULL || p == NULL)
    return;
  for (owned **pp = (owned **)&ctx->mem; *pp; pp = &(*pp)->next) {
    if ((*pp)->data == (unsigned char *)p) {
      owned *o = *pp;
      *pp = o->next;
      proxywasm__pool_free(o);
      (void)NOTE(-1);
      return;
    }
  }
}

void proxywasm__ctx_free_all(struct proxywasm_context *ctx) {
  owned *o = ctx->mem;
  ctx->mem = NULL;
  while (o) {
    owned *next = o->next;
    proxywasm__pool_free(o);
    (void)NOTE(-1);
    o = next;
  }
}

proxywasm_status proxywasm__context_copy_with(void *(*alloc)(proxywasm_context *, size_t),
                                              proxywasm_context *ctx, proxywasm_bytes src,
                                              proxywasm_bytes *out) {
  proxywasm__clear(out);
  if (ctx == NULL || out == NULL || (src.data == NULL && src.len) || src.len == (size_t)-1)
    return PROXYWASM_BAD_ARGUMENT;
  char *p = alloc(ctx, src.len + 1); /* zeroed: NUL-terminated */
  if (p == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  if (src.len)
    memcpy(p, src.data, src.len);
  out->data = p;
  out->len = src.len;
  return PROXYWASM_OK;
}
