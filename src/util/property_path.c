/*
 * property_path.c - property paths from run-time segments or a dotted
 * string. Pure: the ABI encoding (segments joined by NUL, no trailing NUL:
 * Envoy accepts both, the Rust SDK's form is the shorter) built in the
 * per-hook arena.
 */
#include "../internal.h"

proxywasm_status proxywasm_property_path_encode(const char *const *segments, size_t n,
                                                proxywasm_bytes *path) {
  proxywasm__clear(path);
  if (path == NULL || segments == NULL || n == 0)
    return PROXYWASM_BAD_ARGUMENT;
  size_t total = n - 1;
  for (size_t i = 0; i < n; i++) {
    if (segments[i] == NULL)
      return PROXYWASM_BAD_ARGUMENT;
    size_t len = strlen(segments[i]);
    if (len > (size_t)-1 / 2 - total)
      return PROXYWASM_BAD_ARGUMENT;
    total += len;
  }
  if (total == 0)
    return PROXYWASM_BAD_ARGUMENT;
  char *buf = proxywasm__alloc(total);
  if (buf == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  /* A plain copy loop: memcpy would link a large libc routine. */
  char *w = buf;
  for (size_t i = 0; i < n; i++) {
    for (const char *r = segments[i]; *r;)
      *w++ = *r++;
    if (i + 1 < n)
      *w++ = '\0';
  }
  path->data = buf;
  path->len = total;
  return PROXYWASM_OK;
}

proxywasm_status proxywasm_property_path_parse(const char *dotted, proxywasm_bytes *path) {
  proxywasm__clear(path);
  if (path == NULL || dotted == NULL || dotted[0] == '\0')
    return PROXYWASM_BAD_ARGUMENT;
  size_t n = strlen(dotted);
  char *buf = proxywasm__alloc(n);
  if (buf == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    char c = dotted[i];
    if (c == '\\') {
      if (++i == n)
        return PROXYWASM_BAD_ARGUMENT;
      buf[o++] = dotted[i];
    } else {
      buf[o++] = c == '.' ? '\0' : c;
    }
  }
  path->data = buf;
  path->len = o;
  return PROXYWASM_OK;
}
