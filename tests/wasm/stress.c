/* stress.c - the SDK's allocators and libc's malloc in one wasm module,
   used in random interleavings (tests/wasm/stress.py runs it in wasmtime).

   stress(seed, hooks, order) plays `hooks` hooks of random operations on
   the per-hook arena (the allocator the host calls for the data it hands
   over), the pool, context memory and, when built with STRESS_MALLOC,
   libc's malloc and free, with sizes from 0 to 1 MiB. Every block is
   filled with a pattern of its own; every live block is checked before it
   is freed and at the end of each hook; a new block overlapping a live one
   counts too. `order` picks how the first hook starts, since the first use
   of each allocator is what differs between libc versions (see
   src/runtime/heap.c). Returns the number of failures. Call it once per instance:
   the first uses are the point. */
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"

void *proxy_on_memory_allocate(size_t size);

enum { ARENA, POOL, CTX, LIBC, KINDS };
#define SLOTS 48

typedef struct {
  unsigned char *p;
  size_t n;
  uint32_t tag;
  int kind;
} live;

static live slots[SLOTS];
static struct proxywasm_context ctx;
static uint32_t rng, tags, failures;

static uint32_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

static unsigned char pattern(uint32_t tag, size_t i) {
  return (unsigned char)(tag * 131u + i * 7u + (i >> 8));
}

/* Sizes around the arena's static region (16 KiB) and a wasm page (64 KiB),
   up to 1 MiB. */
static size_t pick_size(void) {
  switch (next() % 10) {
  case 0:
    return next() % 64;
  case 1:
  case 2:
    return next() % 1024;
  case 3:
    return 16384 - 8 + next() % 16;
  case 4:
    return next() % 16384;
  case 5:
    return 65536 - 32 + next() % 64;
  case 6:
    return 16384 + next() % 65536;
  case 7:
    return 65536 + next() % 150000;
  case 8:
    return next() % 4096;
  default:
    return next() % 8 ? next() % 300 : (1u << 20) - next() % 4096;
  }
}

static void check(const live *b) {
  for (size_t i = 0; i < b->n; i++) {
    if (b->p[i] != pattern(b->tag, i)) {
      failures++;
      return;
    }
  }
}

static void drop(live *b) {
  if (b->p == NULL)
    return;
  check(b);
  switch (b->kind) {
  case POOL:
    proxywasm__pool_free(b->p);
    break;
  case CTX:
    proxywasm_context_free(&ctx, b->p);
    break;
#ifdef STRESS_MALLOC
  case LIBC:
    free(b->p);
    break;
#endif
  default:
    break; /* arena blocks end with the hook */
  }
  b->p = NULL;
}

static void take(int kind, size_t n) {
  live *b = NULL;
  for (int i = 0; i < SLOTS && b == NULL; i++)
    if (slots[i].p == NULL)
      b = &slots[i];
  if (b == NULL) {
    b = &slots[next() % SLOTS];
    drop(b);
  }
  unsigned char *p = NULL;
  switch (kind) {
  case ARENA:
    p = proxy_on_memory_allocate(n);
    break;
  case POOL:
    p = proxywasm__pool_alloc(n);
    break;
  case CTX:
    p = proxywasm__owned_alloc(&ctx, n);
    break;
#ifdef STRESS_MALLOC
  case LIBC:
    p = malloc(n ? n : 1);
    break;
#endif
  default:
    return;
  }
  if (p == NULL) {
    failures++; /* nothing here should exhaust memory */
    return;
  }
  uintptr_t lo = (uintptr_t)p, hi = lo + (n ? n : 1);
  for (int i = 0; i < SLOTS; i++) {
    const live *o = &slots[i];
    if (o->p && lo < (uintptr_t)o->p + (o->n ? o->n : 1) && (uintptr_t)o->p < hi)
      failures++; /* handed out twice */
  }
  if (kind == POOL || kind == CTX)
    for (size_t i = 0; i < n; i++)
      if (p[i]) {
        failures++; /* the pool promises zeroed memory */
        break;
      }
  b->p = p;
  b->n = n;
  b->kind = kind;
  b->tag = ++tags;
  for (size_t i = 0; i < n; i++)
    p[i] = pattern(b->tag, i);
}

static void end_hook(void) {
  for (int i = 0; i < SLOTS; i++) {
    if (slots[i].p == NULL)
      continue;
    check(&slots[i]);
    if (slots[i].kind == ARENA)
      slots[i].p = NULL;
  }
  proxywasm__arena_reset();
}

__attribute__((export_name("stress"))) uint32_t stress(uint32_t seed, uint32_t hooks,
                                                       uint32_t order);
uint32_t stress(uint32_t seed, uint32_t hooks, uint32_t order) {
  rng = seed * 2654435761u | 1u;
  int kinds = KINDS;
#ifndef STRESS_MALLOC
  kinds = LIBC; /* no malloc in this build */
#endif
  /* First uses: 1 = a 64 KiB body first, malloc later (Envoy's case);
     2 = a large pool block first; 3 = large context memory first;
     4 = malloc first, then a large body; 0 = random from the start. */
  switch (order) {
  case 1:
    take(ARENA, 65536);
    break;
  case 2:
    take(POOL, 200000);
    break;
  case 3:
    take(CTX, 70000);
    break;
  case 4:
    take(kinds - 1, 100);
    take(ARENA, 65536);
    break;
  default:
    break;
  }
  for (uint32_t h = 0; h < hooks; h++) {
    uint32_t ops = 1 + next() % 12;
    for (uint32_t k = 0; k < ops; k++) {
      uint32_t r = next() % 8;
      if (r == 0) {
        drop(&slots[next() % SLOTS]);
      } else {
        if (r == 1 && next() % 16 == 0) { /* the context is deleted */
          for (int i = 0; i < SLOTS; i++)
            if (slots[i].p && slots[i].kind == CTX) {
              check(&slots[i]);
              slots[i].p = NULL;
            }
          proxywasm__ctx_free_all(&ctx);
        }
        take((int)(next() % (uint32_t)kinds), pick_size());
      }
    }
    end_hook();
  }
  for (int i = 0; i < SLOTS; i++)
    if (slots[i].p)
      drop(&slots[i]);
  return failures;
}
