/*
 * heap.c - where the SDK's memory comes from in wasm: linear memory has
 * one owner.
 *
 * When the module links libc's malloc (the plugin calls it, or a libc
 * function it uses does), malloc owns all memory past the static data and
 * the SDK takes its regions from malloc too. Otherwise nothing else in the
 * module allocates, and the SDK grows memory itself, so a plugin that never
 * calls malloc carries no allocator. The SDK names malloc and free weakly:
 * a weak reference does not pull an archive member in (wasm-ld, like ELF
 * linkers), and it resolves when something else did.
 *
 * Growing memory (or calling sbrk) next to a linked malloc is not safe:
 * mallocs do not learn of pages others grew. wasi-libc's dlmalloc of 2022
 * (Debian's) takes [__heap_base, end of memory) at its first call, pages
 * the SDK grew before included; later versions take [__heap_base,
 * __heap_end); other mallocs do other things. Only malloc knows its heap.
 */
#include "../internal.h"

#if defined(__wasm__)
#include <stddef.h>

/* Weak: non-NULL only when the module links an allocator anyway. */
extern void *malloc(size_t size) __attribute__((weak));
extern void free(void *p) __attribute__((weak));

/* C11: malloc's blocks are aligned for max_align_t; the SDK needs 16. */
_Static_assert(_Alignof(max_align_t) >= 16, "malloc must align to 16");

#define PAGE 65536u

static int use_malloc(void) { return malloc != NULL && free != NULL; }

void *proxywasm__heap_take(size_t size) {
  if (size == 0 || size > (size_t)-1 - PAGE)
    return NULL;
  if (use_malloc())
    return malloc(size);
  size_t old = __builtin_wasm_memory_grow(0, (size + PAGE - 1) / PAGE);
  return old == (size_t)-1 ? NULL : (void *)(old * PAGE);
}

size_t proxywasm__heap_extend(void *p, size_t size, size_t more) {
  if (use_malloc() || p == NULL || more > (size_t)-1 - PAGE)
    return 0; /* a malloc'd block cannot grow where it is without moving */
  if ((size_t)p + size != __builtin_wasm_memory_size(0) * PAGE)
    return 0;
  size_t pages = (more + PAGE - 1) / PAGE;
  if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1)
    return 0;
  return pages * PAGE;
}

void proxywasm__heap_give(void *p) {
  /* Grown pages cannot be returned; the caller keeps them if it can. */
  if (use_malloc() && p != NULL)
    free(p);
}

size_t proxywasm__heap_round(size_t size) {
  if (use_malloc() || size > (size_t)-1 - PAGE)
    return size;
  return (size + PAGE - 1) / PAGE * PAGE;
}

#endif
