/*
 * property.c - reading and writing host properties by path, raw or decoded
 * to a type. No state: properties act on whatever context the host treats
 * as effective. Each typed getter is its own function, so a plugin links
 * only the getters and decoders it calls.
 */
#include "../internal.h"

proxywasm_status proxywasm_property_get(proxywasm_bytes path, proxywasm_bytes *value) {
  proxywasm__clear(value);
  if (value == NULL || path.data == NULL || path.len == 0)
    return PROXYWASM_BAD_ARGUMENT;
  const char *p = NULL;
  size_t n = 0;
  proxywasm_status s = proxywasm__st(proxy_get_property(path.data, path.len, &p, &n));
  if (s == PROXYWASM_OK) {
    value->data = p ? p : "";
    value->len = p ? n : 0;
  }
  return s;
}

/*
 * A typed getter: a NULL output is refused before the host is asked, and
 * the output is zeroed on any failure (the decoders zero it on theirs).
 */
#define GETTER(name, type, decode)                                                            \
  proxywasm_status proxywasm_property_get_##name(proxywasm_bytes path, type *value) {         \
    proxywasm_bytes raw;                                                                      \
    proxywasm_status s = value ? proxywasm_property_get(path, &raw) : PROXYWASM_BAD_ARGUMENT; \
    if (s != PROXYWASM_OK && value)                                                           \
      *value = (type){0};                                                                     \
    return s != PROXYWASM_OK ? s : decode(raw, value);                                        \
  }

GETTER(int, int64_t, proxywasm_property_decode_int64)
GETTER(uint, uint64_t, proxywasm_property_decode_uint64)
GETTER(bool, bool, proxywasm_property_decode_bool)
GETTER(double, double, proxywasm_property_decode_double)
GETTER(duration, int64_t, proxywasm_property_decode_duration)
GETTER(timestamp, int64_t, proxywasm_property_decode_timestamp)

/* The same for arrays: (array, count) out, both cleared on failure. */
#define ARRAY_GETTER(name, type, decode)                                             \
  proxywasm_status proxywasm_property_get_##name(proxywasm_bytes path, type **items, \
                                                 size_t *count) {                    \
    if (items)                                                                       \
      *items = NULL;                                                                 \
    if (count)                                                                       \
      *count = 0;                                                                    \
    if (items == NULL || count == NULL)                                              \
      return PROXYWASM_BAD_ARGUMENT;                                                 \
    proxywasm_bytes raw;                                                             \
    proxywasm_status s = proxywasm_property_get(path, &raw);                         \
    return s != PROXYWASM_OK ? s : decode(raw, items, count);                        \
  }

ARRAY_GETTER(map, proxywasm_header, proxywasm_property_decode_map)
ARRAY_GETTER(list, proxywasm_bytes, proxywasm_property_decode_list)

proxywasm_status proxywasm_property_set(proxywasm_bytes path, const void *value, size_t len) {
  if (path.data == NULL || path.len == 0 || (value == NULL && len))
    return PROXYWASM_BAD_ARGUMENT;
  return proxywasm__st(proxy_set_property(path.data, path.len, value ? value : "", len));
}
