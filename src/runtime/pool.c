/*
 * pool.c - memory the SDK keeps across hooks: context records and their
 * table, pending calls, and user state from proxywasm_context_alloc.
 *
 * In wasm this is a size-class allocator over 64 KiB regions from heap.c
 * (blocks of 32 B to 64 KiB, powers of two, each class with a free list;
 * larger blocks are whole regions, reused first-fit), so the SDK never links
 * libc's malloc: a plugin that does not call malloc itself carries no
 * general-purpose allocator. Natively it is calloc/free, so sanitizers see
 * every block.
 */
#include <stdlib.h>

#include "../internal.h"

#if defined(__wasm__)

#define HDR 16u /* keeps blocks 16-byte aligned */
#define MIN_SHIFT 5
#define MAX_SHIFT 16
#define PAGE 65536u

typedef struct block {
  uint32_t shift; /* size class, or 0 for a run of whole pages */
  uint32_t pages;
  struct block *next; /* free-list link while free */
} block;

static block *free_class[MAX_SHIFT + 1];
static block *free_pages;
static unsigned char *chunk;
static size_t chunk_left;

static void *grow(size_t pages) { return proxywasm__heap_take(pages * PAGE); }

void *proxywasm__pool_alloc(size_t n) {
  if (n > (size_t)-1 - PAGE - HDR)
    return NULL;
  size_t need = n + HDR;
  block *b;
  if (need > PAGE) {
    size_t pages = (need + PAGE - 1) / PAGE;
    block **pp = &free_pages;
    while (*pp && (*pp)->pages < pages)
      pp = &(*pp)->next;
    if (*pp) {
      b = *pp;
      *pp = b->next;
    } else {
      b = grow(pages);
      if (b == NULL)
        return NULL;
      b->shift = 0;
      b->pages = (uint32_t)pages;
    }
  } else {
    uint32_t shift = MIN_SHIFT;
    while (((size_t)1 << shift) < need)
      shift++;
    size_t size = (size_t)1 << shift;
    if (free_class[shift]) {
      b = free_class[shift];
      free_class[shift] = b->next;
    } else {
      if (chunk_left < size) {
        chunk = grow(1);
        if (chunk == NULL) {
          chunk_left = 0;
          return NULL;
        }
        chunk_left = PAGE;
      }
      b = (block *)chunk;
      chunk += size;
      chunk_left -= size;
      b->shift = shift;
      b->pages = 0;
    }
  }
  unsigned char *p = (unsigned char *)b + HDR;
  size_t usable = b->shift ? ((size_t)1 << b->shift) - HDR : (size_t)b->pages * PAGE - HDR;
  memset(p, 0, usable < n ? usable : n);
  return p;
}

void proxywasm__pool_free(void *p) {
  if (p == NULL)
    return;
  block *b = (block *)((unsigned char *)p - HDR);
  if (b->shift) {
    b->next = free_class[b->shift];
    free_class[b->shift] = b;
  } else {
    b->next = free_pages;
    free_pages = b;
  }
}

#else

void *proxywasm__pool_alloc(size_t n) { return calloc(1, n ? n : 1); }
void proxywasm__pool_free(void *p) { free(p); }

#endif

void *proxywasm__pool_grow(void *array, size_t *cap, size_t used, size_t elem) {
  if (used < *cap)
    return array;
  size_t n = *cap ? 2 * *cap : 8;
  if (n > (size_t)-1 / elem)
    return NULL;
  void *t = proxywasm__pool_alloc(n * elem);
  if (t == NULL)
    return NULL;
  if (used)
    memcpy(t, array, used * elem);
  proxywasm__pool_free(array);
  *cap = n;
  return t;
}
