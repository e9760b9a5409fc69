/*
 * dup.c - proxywasm_bytes_dup, the SDK's one call of libc's malloc. A file of
 * its own: an object naming malloc makes the linker pull malloc into every
 * module that links the object, used or not, and heap.c then hands the
 * SDK's memory to it (see heap.c).
 */
#include <stdlib.h>

#include "internal.h"

char *proxywasm_bytes_dup(proxywasm_bytes b) {
  if (b.len == (size_t)-1 || (b.data == NULL && b.len))
    return NULL;
  char *p = malloc(b.len + 1);
  if (p == NULL)
    return NULL;
  if (b.len)
    memcpy(p, b.data, b.len);
  p[b.len] = 0;
  return p;
}
