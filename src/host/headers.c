/*
 * headers.c - header maps and their wire format.
 *
 * Wire format (little-endian): u32 count, count x (u32 name_len,
 * u32 value_len), then for each entry name, NUL, value, NUL.
 */
#include "../internal.h"

static uint32_t rd32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static void wr32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
  p[2] = (unsigned char)(v >> 16);
  p[3] = (unsigned char)(v >> 24);
}

proxywasm_status proxywasm_headers_decode(proxywasm_bytes data, proxywasm_header **headers,
                                          size_t *count) {
  if (headers)
    *headers = NULL;
  if (count)
    *count = 0;
  if (headers == NULL || count == NULL || (data.data == NULL && data.len))
    return PROXYWASM_BAD_ARGUMENT;
  if (data.len == 0 || (data.len == 1 && data.data[0] == 0))
    return PROXYWASM_OK; /* empty map: (NULL, 0), or one NUL per the spec */
  const unsigned char *p = (const unsigned char *)data.data;
  if (data.len < 4)
    return PROXYWASM_SERIALIZATION_FAILURE;
  uint32_t n = rd32(p);
  if (n == 0)
    return data.len == 4 ? PROXYWASM_OK : PROXYWASM_SERIALIZATION_FAILURE;
  if (n > (data.len - 4) / 8)
    return PROXYWASM_SERIALIZATION_FAILURE;
  size_t pos = 4 + (size_t)n * 8;
  proxywasm_header *out = proxywasm__alloc((size_t)n * sizeof *out);
  if (out == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  for (uint32_t i = 0; i < n; i++) {
    size_t kl = rd32(p + 4 + i * 8), vl = rd32(p + 8 + i * 8);
    if (kl > data.len - pos || data.len - pos - kl < 1)
      return PROXYWASM_SERIALIZATION_FAILURE;
    out[i].name.data = data.data + pos;
    out[i].name.len = kl;
    pos += kl;
    if (p[pos++] != 0)
      return PROXYWASM_SERIALIZATION_FAILURE;
    if (vl > data.len - pos || data.len - pos - vl < 1)
      return PROXYWASM_SERIALIZATION_FAILURE;
    out[i].value.data = data.data + pos;
    out[i].value.len = vl;
    pos += vl;
    if (p[pos++] != 0)
      return PROXYWASM_SERIALIZATION_FAILURE;
  }
  if (pos != data.len)
    return PROXYWASM_SERIALIZATION_FAILURE;
  *headers = out;
  *count = n;
  return PROXYWASM_OK;
}

proxywasm_status proxywasm_headers_encode(const proxywasm_header *headers, size_t count,
                                          proxywasm_bytes *out) {
  proxywasm__clear(out);
  if (out == NULL || (count && headers == NULL))
    return PROXYWASM_BAD_ARGUMENT;
  if (count > PROXYWASM__MAX_PAIRS)
    return PROXYWASM_BAD_ARGUMENT;
  size_t total = 4 + count * 8;
  for (size_t i = 0; i < count; i++) {
    const proxywasm_header *h = &headers[i];
    if ((h->name.data == NULL && h->name.len) || (h->value.data == NULL && h->value.len))
      return PROXYWASM_BAD_ARGUMENT;
    if (h->name.len > PROXYWASM__MAX_PAIRS_BYTES || h->value.len > PROXYWASM__MAX_PAIRS_BYTES)
      return PROXYWASM_BAD_ARGUMENT;
    size_t add = h->name.len + h->value.len + 2;
    total += add;
    if (total > PROXYWASM__MAX_PAIRS_BYTES)
      return PROXYWASM_BAD_ARGUMENT;
  }
  unsigned char *buf = proxywasm__alloc(total);
  if (buf == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  wr32(buf, (uint32_t)count);
  size_t pos = 4 + count * 8;
  for (size_t i = 0; i < count; i++) {
    const proxywasm_header *h = &headers[i];
    wr32(buf + 4 + i * 8, (uint32_t)h->name.len);
    wr32(buf + 8 + i * 8, (uint32_t)h->value.len);
    if (h->name.len)
      memcpy(buf + pos, h->name.data, h->name.len);
    pos += h->name.len;
    buf[pos++] = 0;
    if (h->value.len)
      memcpy(buf + pos, h->value.data, h->value.len);
    pos += h->value.len;
    buf[pos++] = 0;
  }
  out->data = (const char *)buf;
  out->len = total;
  return PROXYWASM_OK;
}

proxywasm_status proxywasm__map_encode(const proxywasm_header *headers, size_t count,
                                       proxywasm_bytes *out) {
  static const char empty[4]; /* count 0, no arena block */
  if (count == 0) {
    out->data = empty;
    out->len = sizeof empty;
    return PROXYWASM_OK;
  }
  return proxywasm_headers_encode(headers, count, out);
}

/* Where header reads land (proxywasm/headers.h says why). */
proxywasm_bytes proxywasm__got;

proxywasm_status proxywasm__headers_get_n(proxywasm_context *ctx, proxywasm_map map,
                                          const char *name, size_t name_len) {
  proxywasm_bytes *value = &proxywasm__got;
  /* Empty first: a host that says OK without writing the view must not
     hand out an earlier hook's view (fuzz/hostile.c). */
  proxywasm__clear(value);
  proxywasm_status s = name == NULL ? PROXYWASM_BAD_ARGUMENT : proxywasm__use(ctx);
  if (s != PROXYWASM_OK)
    return s;
  /* The host writes the static view; the caller's inline copy follows. */
  uint32_t r = proxy_get_header_map_value((uint32_t)map, name, name_len, &value->data, &value->len);
  if (r != 0) {
    proxywasm__clear(value); /* whatever a broken host wrote */
    return proxywasm__st(r);
  }
  if (value->data == NULL) {
    value->data = "";
    value->len = 0;
  }
  return PROXYWASM_OK;
}

/* The name and value are known valid (checked by send_checked, or by the
   compiler); the value is not NULL (the caller passes "" for none). */
uint32_t proxywasm__headers_add_v(proxywasm_context *ctx, proxywasm_map map, const char *name,
                                  size_t name_len, const void *v, size_t len) {
  proxywasm_status s = proxywasm__use(ctx);
  if (s != PROXYWASM_OK)
    return s;
  return proxy_add_header_map_value((uint32_t)map, name, name_len, v, len);
}

uint32_t proxywasm__headers_replace_v(proxywasm_context *ctx, proxywasm_map map, const char *name,
                                      size_t name_len, const void *v, size_t len) {
  proxywasm_status s = proxywasm__use(ctx);
  if (s != PROXYWASM_OK)
    return s;
  return proxy_replace_header_map_value((uint32_t)map, name, name_len, v, len);
}

/* The arguments and the field syntax checked, then send (one of the _v
   entry points above; inlined, so each caller calls it directly). */
typedef uint32_t send_fn(proxywasm_context *ctx, proxywasm_map map, const char *name,
                         size_t name_len, const void *v, size_t len);
__attribute__((always_inline)) static inline proxywasm_status
send_checked(send_fn *send, proxywasm_context *ctx, proxywasm_map map, const char *name,
             size_t name_len, const void *v, size_t len) {
  if (name == NULL || (v == NULL && len))
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_status s = proxywasm__header_check(name, name_len, v, len);
  if (s != PROXYWASM_OK)
    return s;
  return proxywasm__st(send(ctx, map, name, name_len, v ? v : "", len));
}

proxywasm_status proxywasm__headers_add_n(proxywasm_context *ctx, proxywasm_map map,
                                          const char *name, size_t name_len, const void *v,
                                          size_t len) {
  return send_checked(proxywasm__headers_add_v, ctx, map, name, name_len, v, len);
}

proxywasm_status proxywasm__headers_replace_n(proxywasm_context *ctx, proxywasm_map map,
                                              const char *name, size_t name_len, const void *v,
                                              size_t len) {
  return send_checked(proxywasm__headers_replace_v, ctx, map, name, name_len, v, len);
}

proxywasm_status proxywasm__headers_remove_n(proxywasm_context *ctx, proxywasm_map map,
                                             const char *name, size_t name_len) {
  if (name == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_status s = proxywasm__use(ctx);
  if (s != PROXYWASM_OK)
    return s;
  return proxywasm__st(proxy_remove_header_map_value((uint32_t)map, name, name_len));
}

proxywasm_status proxywasm_headers_get_all(proxywasm_context *ctx, proxywasm_map map,
                                           proxywasm_header **headers, size_t *count) {
  if (headers)
    *headers = NULL;
  if (count)
    *count = 0;
  if (headers == NULL || count == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_status s = proxywasm__use(ctx);
  if (s != PROXYWASM_OK)
    return s;
  const char *p = NULL;
  size_t n = 0;
  s = proxywasm__st(proxy_get_header_map_pairs((uint32_t)map, &p, &n));
  if (s != PROXYWASM_OK)
    return s;
  proxywasm_bytes raw = {p, p ? n : 0};
  return proxywasm_headers_decode(raw, headers, count);
}

proxywasm_status proxywasm_headers_set_all(proxywasm_context *ctx, proxywasm_map map,
                                           const proxywasm_header *headers, size_t count) {
  proxywasm_bytes enc;
  proxywasm_status s = proxywasm__headers_pack(headers, count, &enc);
  if (s != PROXYWASM_OK)
    return s;
  s = proxywasm__use(ctx);
  if (s != PROXYWASM_OK)
    return s;
  return proxywasm__st(proxy_set_header_map_pairs((uint32_t)map, enc.data, enc.len));
}

proxywasm_status proxywasm_headers_size(proxywasm_context *ctx, proxywasm_map map, size_t *size) {
  if (size)
    *size = 0;
  if (size == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_status s = proxywasm__use(ctx);
  if (s != PROXYWASM_OK)
    return s;
  size_t n = 0;
  s = proxywasm__st(proxy_get_header_map_size((uint32_t)map, &n));
  if (s == PROXYWASM_OK)
    *size = n;
  return s;
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

const proxywasm_header *proxywasm_header_find(const proxywasm_header *headers, size_t count,
                                              const char *name) {
  if (headers == NULL || name == NULL)
    return NULL;
  size_t n = strlen(name);
  for (size_t i = 0; i < count; i++) {
    if (headers[i].name.len != n)
      continue;
    size_t j = 0;
    while (j < n && lower((unsigned char)headers[i].name.data[j]) == lower((unsigned char)name[j]))
      j++;
    if (j == n)
      return &headers[i];
  }
  return NULL;
}
