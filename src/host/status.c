/*
 * status.c - proxy_get_status: why a gRPC call closed or an HTTP callout failed.
 */
#include "../internal.h"

proxywasm_status proxywasm_status_get(uint32_t *code, proxywasm_bytes *message) {
  if (code)
    *code = 0;
  proxywasm__clear(message);
  uint32_t c = 0;
  const char *p = NULL;
  size_t n = 0;
  proxywasm_status s = proxywasm__st(proxy_get_status(&c, &p, &n));
  if (s == PROXYWASM_OK) {
    if (code)
      *code = c;
    if (message && p) {
      message->data = p;
      message->len = n;
    }
  }
  return s;
}
