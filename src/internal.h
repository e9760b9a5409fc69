/*
 * internal.h - SDK internals shared by the files in src/. Not installed.
 *
 * Naming: internal non-static symbols start with proxywasm__.
 */
#ifndef PROXYWASM_INTERNAL_H
#define PROXYWASM_INTERNAL_H

#include <stddef.h>
#include <string.h>

#define PROXYWASM__SDK_BUILD 1
#include "proxywasm.h"
#include "abi.h"

/* Optional pieces are reached through weak references. Hidden, so that a
   plugin built as a shared object (emulator tests) binds them inside itself
   and never to another plugin linked into the test executable. */
#define PROXYWASM__WEAK __attribute__((weak, visibility("hidden")))

/* One context record. Public handles point at these. */
struct proxywasm_context {
  uint32_t id;
  uint8_t kind;                     /* proxywasm_context_kind */
  uint8_t flags;                    /* PROXYWASM__F_* */
  struct proxywasm_context *plugin; /* owning plugin; self for a plugin */
  void *data;                       /* user state */
  void *mem;                        /* blocks from proxywasm_context_alloc (ctxmem.c) */
};

#define PROXYWASM__F_CREATED 1u /* the user's create hook has run */

/* proxywasm__hook (hooks.h): .current is the running hook's context,
   .effective the id the host treats as effective, and .dirty the work left
   for the end of the outermost hook: flags in the low bits, and above them
   the bytes the arena's static region holds (a multiple of 16). The hook's
   end clears .dirty, which frees that region, and calls proxywasm__cleanup
   only for PROXYWASM__DIRTY_EXTRA. */
#define PROXYWASM__DIRTY_EXTRA 1u    /* the arena holds blocks past its static region */
#define PROXYWASM__DIRTY_LOGLEVEL 2u /* the host's log level is cached */
#define PROXYWASM__DIRTY_FLAGS 15u
void proxywasm__cleanup(void);

/* Saved state around a hook (hooks can nest when a host delivers events
   synchronously). */
typedef struct proxywasm__frame {
  struct proxywasm_context *current;
  uint32_t effective;
} proxywasm__frame;

void proxywasm__enter(proxywasm__frame *f, struct proxywasm_context *ctx);
void proxywasm__leave(proxywasm__frame *f);

/* Context records (records.c, linked only when needed; weak here). */
extern const int proxywasm__records_anchor;
struct proxywasm_context *proxywasm__ctx_lookup(uint32_t id) PROXYWASM__WEAK;
/* A new zeroed record for id; NULL if out of memory. */
struct proxywasm_context *proxywasm__ctx_insert(uint32_t id) PROXYWASM__WEAK;
void proxywasm__ctx_erase(struct proxywasm_context *c);
void proxywasm__ctx_visit(void (*fn)(struct proxywasm_context *c, void *arg), void *arg);
/* Allocates a block owned by ctx (ctxmem.c). */
void *proxywasm__owned_alloc(struct proxywasm_context *ctx, size_t size);
/* proxywasm_context_alloc() (and _plugin_alloc() with plugin_only): a
   block owned by ctx, which must be a live record, else NULL (ctxmem.c). */
void *proxywasm__record_alloc(proxywasm_context *ctx, size_t size, bool plugin_only);
/* proxywasm_context_copy() with its block from alloc (ctxmem.c). */
proxywasm_status proxywasm__context_copy_with(void *(*alloc)(proxywasm_context *, size_t),
                                              proxywasm_context *ctx, proxywasm_bytes src,
                                              proxywasm_bytes *out);

/* Resolves the context of a stream event: the record if contexts are
   tracked (classifying a new stream and running its create hook), else a
   transient record in *tmp. */
struct proxywasm_context *proxywasm__stream(uint32_t id, proxywasm_context_kind kind,
                                            struct proxywasm_context *tmp);
/* Same for plugin (root) events. */
struct proxywasm_context *proxywasm__root(uint32_t id, struct proxywasm_context *tmp);

/* Makes ctx effective if it is not. NULL means "whatever is effective now":
   the running context, unless the plugin switched (explicitly, or by acting
   on another handle), as with the Go SDK's SetEffectiveContext. */
proxywasm_status proxywasm__switch(struct proxywasm_context *ctx);
__attribute__((always_inline)) static inline proxywasm_status
proxywasm__use(proxywasm_context *ctx) {
  if (ctx == NULL || ctx->id == proxywasm__hook.effective)
    return PROXYWASM_OK;
  return proxywasm__switch(ctx);
}

/* Anchor of effective.c: referencing it links automatic switching. */
extern const int proxywasm__effective_anchor;

/* Per-hook arena (arena.c): everything allocated here, including all host
   buffers, is released when the outermost hook returns. Every block gets a
   trailing NUL byte past n. Returns NULL only when out of memory. */
void *proxywasm__alloc(size_t n);
void proxywasm__arena_reset(void);

/* Where the arena's and pool's regions come from in wasm (heap.c): libc's
   malloc when the module links it, else memory.grow. take: size bytes,
   16-byte aligned, or NULL. extend: grows p (of size bytes) in place by at
   least more bytes and returns the bytes added, or 0 if it cannot. give:
   returns a region (kept forever when memory was grown). round: the size
   take really provides for a request of size. */
void *proxywasm__heap_take(size_t size);
size_t proxywasm__heap_extend(void *p, size_t size, size_t more);
void proxywasm__heap_give(void *p);
size_t proxywasm__heap_round(size_t size);

/* Memory kept across hooks (pool.c): zeroed; NULL when out of memory. */
void *proxywasm__pool_alloc(size_t n);
void proxywasm__pool_free(void *p);
/* Room for one more element in a pool array of elem-byte elements holding
   used of *cap: the array itself, or a copy twice as big (the old one
   freed, *cap updated); NULL when out of memory (the array unchanged). */
void *proxywasm__pool_grow(void *array, size_t *cap, size_t used, size_t elem);
/* Frees a context's proxywasm_context_alloc blocks (ctxmem.c; weak). */
void proxywasm__ctx_free_all(struct proxywasm_context *ctx) PROXYWASM__WEAK;

/* Empties a byte view. */
static inline void proxywasm__clear(proxywasm_bytes *b) {
  if (b) {
    b->data = NULL;
    b->len = 0;
  }
}

/* Encodes a map the SDK sends to the host: an empty one is the 4-byte count
   0 (the ABI's format, as the Go and Rust SDKs send it), never (NULL, 0),
   which some hosts reject (headers.c). */
proxywasm_status proxywasm__map_encode(const proxywasm_header *headers, size_t count,
                                       proxywasm_bytes *out);

/* Host limits for header maps (cpp-host limits.h). */
#define PROXYWASM__MAX_PAIRS 1024u
#define PROXYWASM__MAX_PAIRS_BYTES (1024u * 1024u)

/* Header syntax (fields.c): unless the plugin used
   PROXYWASM_HEADERS_ALLOW_RAW(), a name or value outside RFC 9110 field
   syntax is logged and refused with PROXYWASM_BAD_ARGUMENT. */
proxywasm_status proxywasm__header_check(const char *name, size_t name_len, const void *value,
                                         size_t value_len);
/* Checks every header, then proxywasm__map_encode()s them (an empty list is
   the 4-byte count 0). */
proxywasm_status proxywasm__headers_pack(const proxywasm_header *headers, size_t count,
                                         proxywasm_bytes *out);

/* Pending callouts (pending.c). A union, not a void pointer: ISO C has no
   conversion between function and object pointers. */
typedef union proxywasm__callback {
  proxywasm_http_call_cb http;
  const proxywasm_grpc_callbacks *grpc;
} proxywasm__callback;
/* Envoy numbers calls per plugin context and per kind (HTTP calls, gRPC
   calls and streams each from 1), so a call is known by all three. */
typedef struct proxywasm__pending {
  uint32_t token;
  uint32_t root_id;
  uint32_t context_id;
  uint8_t grpc;
  proxywasm__callback callback; /* .http when !grpc, else .grpc */
  void *user_data;
} proxywasm__pending;

proxywasm_status proxywasm__pending_add(uint32_t token, uint32_t root_id, uint32_t context_id,
                                        int grpc, proxywasm__callback callback, void *user_data);
/* Finds a pending call; NULL if unknown. */
proxywasm__pending *proxywasm__pending_find(uint32_t root_id, int grpc, uint32_t token);
void proxywasm__pending_remove(uint32_t root_id, int grpc, uint32_t token);
/* The plugin id a call made on behalf of ctx belongs to. */
static inline uint32_t proxywasm__root_of(const struct proxywasm_context *ctx) {
  return ctx == NULL ? 0 : ctx->plugin ? ctx->plugin->id : ctx->id;
}

/* Runs fn for a callout answer in the caller's context if it is alive:
   returns the caller (made running and effective) or NULL. */
struct proxywasm_context *proxywasm__callout_enter(uint32_t root_id, uint32_t caller_id,
                                                   proxywasm__frame *f);

#endif /* PROXYWASM_INTERNAL_H */
