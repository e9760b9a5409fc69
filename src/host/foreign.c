/*
 * foreign.c - host foreign functions.
 */
#include "../internal.h"

proxywasm_status proxywasm_foreign_call(const char *name, const void *args, size_t args_len,
                                        proxywasm_bytes *result) {
  proxywasm__clear(result);
  if (name == NULL || (args == NULL && args_len))
    return PROXYWASM_BAD_ARGUMENT;
  const char *p = NULL;
  size_t n = 0;
  proxywasm_status s = proxywasm__st(
      proxy_call_foreign_function(name, strlen(name), args ? args : "", args_len, &p, &n));
  if (s == PROXYWASM_OK && result && p) {
    result->data = p;
    result->len = n;
  }
  return s;
}
