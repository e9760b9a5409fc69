/*
 * buffer.c - host buffers (bodies, TCP data, configurations, ...).
 */
#include "../internal.h"

proxywasm_status proxywasm_buffer_get(proxywasm_context *ctx, proxywasm_buffer buffer, size_t start,
                                      size_t max_size, proxywasm_bytes *out) {
  proxywasm__clear(out);
  if (out == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_status s = proxywasm__use(ctx);
  if (s != PROXYWASM_OK)
    return s;
  /* Hosts reject start + max_size overflowing 32 bits; clamp instead. */
  if (start > 0x7fffffffu)
    start = 0x7fffffffu;
  if (max_size > 0x7fffffffu - start)
    max_size = 0x7fffffffu - start;
  /* The host writes the view in place: no copy through the stack. */
  uint32_t r = proxy_get_buffer_bytes((uint32_t)buffer, start, max_size, &out->data, &out->len);
  if (r != 0 || out->data == NULL) {
    proxywasm__clear(out); /* whatever a broken host wrote; NULL data is empty */
    return proxywasm__st(r);
  }
  return PROXYWASM_OK;
}

proxywasm_status proxywasm_buffer_set(proxywasm_context *ctx, proxywasm_buffer buffer, size_t start,
                                      size_t size, const void *data, size_t len) {
  if (data == NULL) {
    if (len)
      return PROXYWASM_BAD_ARGUMENT;
    data = "";
  }
  proxywasm_status s = proxywasm__use(ctx);
  if (s != PROXYWASM_OK)
    return s;
  return proxywasm__st(proxy_set_buffer_bytes((uint32_t)buffer, start, size, data, len));
}

proxywasm_status proxywasm_buffer_append(proxywasm_context *ctx, proxywasm_buffer buffer,
                                         const void *data, size_t len) {
  return proxywasm_buffer_set(ctx, buffer, 0x7fffffff, 0, data, len);
}

proxywasm_status proxywasm_buffer_prepend(proxywasm_context *ctx, proxywasm_buffer buffer,
                                          const void *data, size_t len) {
  return proxywasm_buffer_set(ctx, buffer, 0, 0, data, len);
}

proxywasm_status proxywasm_buffer_replace(proxywasm_context *ctx, proxywasm_buffer buffer,
                                          const void *data, size_t len) {
  return proxywasm_buffer_set(ctx, buffer, 0, 0x7fffffff, data, len);
}

proxywasm_status proxywasm_buffer_status(proxywasm_context *ctx, proxywasm_buffer buffer,
                                         size_t *size, uint32_t *flags) {
  if (size)
    *size = 0;
  if (flags)
    *flags = 0;
  proxywasm_status s = proxywasm__use(ctx);
  if (s != PROXYWASM_OK)
    return s;
  size_t n = 0;
  uint32_t f = 0;
  s = proxywasm__st(proxy_get_buffer_status((uint32_t)buffer, &n, &f));
  if (s == PROXYWASM_OK) {
    if (size)
      *size = n;
    if (flags)
      *flags = f;
  }
  return s;
}
