/*
 * property.c - reading and writing host properties by path.
 *
 * Paths are built in the per-hook arena: segments joined by NUL, no
 * trailing NUL (Envoy accepts both; the Rust SDK's form is the shorter).
 * No state: properties act on whatever context the host treats as
 * effective.
 */
#include <stdarg.h>

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

/* Encodes the NULL-terminated segment list of a varargs call. */
static proxywasm_status encode_va(va_list ap, proxywasm_bytes *path) {
  va_list count;
  va_copy(count, ap);
  size_t n = 0, total = 0;
  for (const char *s; (s = va_arg(count, const char *)) != NULL; n++)
    total += strlen(s) + 1;
  va_end(count);
  if (n == 0 || total <= 1)
    return PROXYWASM_BAD_ARGUMENT;
  char *buf = proxywasm__alloc(total - 1);
  if (buf == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  char *w = buf;
  for (size_t i = 0; i < n; i++) {
    for (const char *r = va_arg(ap, const char *); *r;)
      *w++ = *r++;
    if (i + 1 < n)
      *w++ = '\0';
  }
  path->data = buf;
  path->len = total - 1;
  return PROXYWASM_OK;
}

proxywasm_status proxywasm_property_get_encoded(const char *path, size_t path_len,
                                                proxywasm_bytes *value) {
  proxywasm__clear(value);
  if (value == NULL || path == NULL || path_len == 0)
    return PROXYWASM_BAD_ARGUMENT;
  const char *p = NULL;
  size_t n = 0;
  proxywasm_status s = proxywasm__st(proxy_get_property(path, path_len, &p, &n));
  if (s == PROXYWASM_OK) {
    value->data = p ? p : "";
    value->len = p ? n : 0;
  }
  return s;
}

proxywasm_status proxywasm_property_get(const char *const *path, size_t n,
                                        proxywasm_bytes *value) {
  proxywasm__clear(value);
  proxywasm_bytes enc;
  proxywasm_status s = proxywasm_property_path_encode(path, n, &enc);
  if (s != PROXYWASM_OK)
    return s;
  return proxywasm_property_get_encoded(enc.data, enc.len, value);
}

proxywasm_status proxywasm_property_get_list(proxywasm_bytes *value, ...) {
  proxywasm__clear(value);
  proxywasm_bytes enc;
  va_list ap;
  va_start(ap, value);
  proxywasm_status s = encode_va(ap, &enc);
  va_end(ap);
  if (s != PROXYWASM_OK)
    return s;
  return proxywasm_property_get_encoded(enc.data, enc.len, value);
}

proxywasm_status proxywasm_property_get_path(const char *dotted, proxywasm_bytes *value) {
  proxywasm__clear(value);
  proxywasm_bytes enc;
  proxywasm_status s = proxywasm_property_path_parse(dotted, &enc);
  if (s != PROXYWASM_OK)
    return s;
  return proxywasm_property_get_encoded(enc.data, enc.len, value);
}

proxywasm_status proxywasm_property_get_map(const char *const *path, size_t n,
                                            proxywasm_header **entries, size_t *count) {
  if (entries)
    *entries = NULL;
  if (count)
    *count = 0;
  if (entries == NULL || count == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_bytes raw;
  proxywasm_status s = proxywasm_property_get(path, n, &raw);
  if (s != PROXYWASM_OK)
    return s;
  return proxywasm_property_decode_map(raw, entries, count);
}

proxywasm_status proxywasm_property_set_encoded(const char *path, size_t path_len,
                                                const void *value, size_t len) {
  if (path == NULL || path_len == 0 || (value == NULL && len))
    return PROXYWASM_BAD_ARGUMENT;
  return proxywasm__st(proxy_set_property(path, path_len, value ? value : "", len));
}

proxywasm_status proxywasm_property_set(const char *const *path, size_t n, const void *value,
                                        size_t len) {
  proxywasm_bytes enc;
  proxywasm_status s = proxywasm_property_path_encode(path, n, &enc);
  if (s != PROXYWASM_OK)
    return s;
  return proxywasm_property_set_encoded(enc.data, enc.len, value, len);
}

proxywasm_status proxywasm_property_set_list(const void *value, size_t len, ...) {
  proxywasm_bytes enc;
  va_list ap;
  va_start(ap, len);
  proxywasm_status s = encode_va(ap, &enc);
  va_end(ap);
  if (s != PROXYWASM_OK)
    return s;
  return proxywasm_property_set_encoded(enc.data, enc.len, value, len);
}

proxywasm_status proxywasm_property_set_path(const char *dotted, const void *value,
                                             size_t len) {
  proxywasm_bytes enc;
  proxywasm_status s = proxywasm_property_path_parse(dotted, &enc);
  if (s != PROXYWASM_OK)
    return s;
  return proxywasm_property_set_encoded(enc.data, enc.len, value, len);
}
