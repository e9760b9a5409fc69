/*
 * arena.c - the allocator the host uses for data it returns, and the SDK's
 * per-hook scratch memory.
 *
 * Everything the host hands the module (header values, bodies, property
 * values, ...) is allocated here and released when the outermost hook
 * returns, so a plugin cannot leak host data. Small blocks come from a
 * static bump region (a pointer bump, nothing to free); larger ones from a
 * region of heap.c in wasm, from malloc natively. Each block has one NUL
 * byte past its end, so host strings are NUL-terminated for free. Under
 * AddressSanitizer every block is its own malloc, freed after the hook, so a
 * pointer kept past its hook fails loudly.
 */
#include <stdlib.h>

#include "../internal.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PROXYWASM__ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define PROXYWASM__ASAN 1
#endif
#define ARENA_SIZE 16384u
#define ALIGN 16u

_Static_assert(ARENA_SIZE <= 0xFFFFFFF0u && ALIGN > PROXYWASM__DIRTY_FLAGS,
               "fits proxywasm__hook.dirty");
#ifndef PROXYWASM__ASAN
static _Alignas(16) unsigned char region[ARENA_SIZE];
#endif

#if defined(__wasm__)
/* Past the static region, one more region from heap.c (libc's malloc if the
   module links it, else memory.grow), reused by every hook and grown to the
   largest hook's need. A region outgrown during a hook keeps its blocks
   until the reset, which gives it back. Each region starts with a 16-byte
   header holding the link of that list. */
#define RHDR 16u
static unsigned char *extra; /* the current region, header first */
static size_t extra_size, extra_used;
static void *retired;

static void *extra_alloc(size_t need) {
  if (need > (size_t)-1 / 4)
    return NULL; /* more than a wasm32 memory could hold next to the rest */
  if (extra == NULL || need > extra_size - RHDR - extra_used) {
    size_t want = RHDR + extra_used + need;
    size_t got = extra ? proxywasm__heap_extend(extra, extra_size, want - extra_size) : 0;
    if (got) {
      extra_size += got; /* the region ended memory: extended in place */
    } else {
      /* A new region, twice the size; live blocks stay in the old one. */
      size_t size = extra_size <= (size_t)-1 / 4 && want < 2 * extra_size ? 2 * extra_size : want;
      size = proxywasm__heap_round(size);
      unsigned char *r = proxywasm__heap_take(size);
      if (r == NULL)
        return NULL;
      if (extra) {
        *(void **)extra = retired;
        retired = extra;
      }
      extra = r;
      extra_size = size;
      extra_used = 0;
    }
  }
  void *p = extra + RHDR + extra_used;
  extra_used += need;
  return p;
}

static void extra_reset(void) {
  extra_used = 0;
  while (retired) {
    void *next = *(void **)retired;
    proxywasm__heap_give(retired);
    retired = next;
  }
}
#else
/* Natively, large blocks come from malloc, so AddressSanitizer sees every
   use after the hook returned. */
struct big {
  struct big *next;
  _Alignas(16) unsigned char data[];
};
static struct big *bigs;

static void *extra_alloc(size_t need) {
  struct big *b = malloc(sizeof(struct big) + need);
  if (b == NULL)
    return NULL;
  b->next = bigs;
  bigs = b;
  return b->data;
}

static void extra_reset(void) {
  while (bigs) {
    struct big *next = bigs->next;
    free(bigs);
    bigs = next;
  }
}
#endif

#if !defined(__wasm__)
/* Test seam: the host emulator defines this to make allocations fail. */
int proxywasm__alloc_fault(size_t n)
    __attribute__((weak)); /* default visibility: the emulator defines it */
#endif

/* Past the static region (or every block under AddressSanitizer). */
static void *alloc_extra(size_t n) {
  if (n > (size_t)-1 - 2 * ALIGN - 64)
    return NULL;
  /* The first such block of a hook: blocks of earlier hooks are given back
     now (in wasm a hook's end only clears proxywasm__hook.dirty, hooks.h). */
  if (!(proxywasm__hook.dirty & PROXYWASM__DIRTY_EXTRA))
    extra_reset();
  unsigned char *p = extra_alloc((n + ALIGN) & ~(size_t)(ALIGN - 1));
  if (p == NULL)
    return NULL;
  p[n] = 0;
  proxywasm__hook.dirty |= PROXYWASM__DIRTY_EXTRA;
  return p;
}

/* The common case is one bump of the static region: its fill level is the
   upper bits of proxywasm__hook.dirty, so the hook's end frees it with the store
   that clears the flags (hooks.h) and no call. */
__attribute__((always_inline)) static inline void *arena_alloc(size_t n, int nul) {
  (void)nul; /* alloc_extra always writes the NUL */
#if !defined(__wasm__)
  if (proxywasm__alloc_fault && proxywasm__alloc_fault(n))
    return NULL;
#endif
#ifndef PROXYWASM__ASAN
  /* Under AddressSanitizer every block is its own malloc, so a pointer
     kept past its hook points into freed (quarantined) memory and is
     reported even after later hooks reused the arena. */
  unsigned d = proxywasm__hook.dirty;
  size_t used = d & ~PROXYWASM__DIRTY_FLAGS;
  /* The space left is a multiple of ALIGN: if n is below it, n bytes and
     the NUL fit rounded up too (and n + ALIGN cannot overflow). */
  if (n < ARENA_SIZE - used) {
    unsigned char *p = region + used;
    proxywasm__hook.dirty = d + (unsigned)((n + ALIGN) & ~(size_t)(ALIGN - 1));
    if (nul)
      p[n] = 0;
    return p;
  }
#endif
  return alloc_extra(n);
}

/* The same body in each entry point (the optimizer merges them), so the
   host's and the plugin's calls bump without a call in between. */
void *proxywasm__alloc(size_t n) { return arena_alloc(n, 1); }

void proxywasm__arena_reset(void) {
  proxywasm__hook.dirty &= PROXYWASM__DIRTY_LOGLEVEL;
  extra_reset();
}

/* The plugin's scratch memory needs no NUL. */
void *proxywasm_scratch_alloc(size_t size) { return arena_alloc(size, 0); }

/* The allocator exports. Envoy and Kong call "malloc", Go's proxytest and
   mosn "proxy_on_memory_allocate"; both are this arena. Natively only the
   latter exists, so the process's malloc is left alone. */
PROXYWASM__EXPORT(proxy_on_memory_allocate)
void *proxy_on_memory_allocate(size_t size);
void *proxy_on_memory_allocate(size_t size) { return arena_alloc(size, 1); }

#if defined(__wasm__)
__attribute__((export_name("malloc"))) void *proxywasm__export_malloc(size_t size);
void *proxywasm__export_malloc(size_t size) { return arena_alloc(size, 1); }

/* The ABI version marker: the host reads the export's name, never calls it. */
__attribute__((export_name("proxy_abi_version_0_2_1"))) void proxywasm__abi_version(void);
void proxywasm__abi_version(void) {}
#endif
