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

/* The raw value for a typed getter; a NULL output is refused before the
   host is asked, as every getter documents. */
static proxywasm_status get_raw(proxywasm_bytes path, const void *out, proxywasm_bytes *raw) {
  if (out == NULL) {
    proxywasm__clear(raw);
    return PROXYWASM_BAD_ARGUMENT;
  }
  return proxywasm_property_get(path, raw);
}

proxywasm_status proxywasm_property_get_int(proxywasm_bytes path, int64_t *value) {
  proxywasm_bytes raw;
  proxywasm_status s = get_raw(path, value, &raw);
  if (s != PROXYWASM_OK && value)
    *value = 0;
  return s != PROXYWASM_OK ? s : proxywasm_property_decode_int64(raw, value);
}

proxywasm_status proxywasm_property_get_uint(proxywasm_bytes path, uint64_t *value) {
  proxywasm_bytes raw;
  proxywasm_status s = get_raw(path, value, &raw);
  if (s != PROXYWASM_OK && value)
    *value = 0;
  return s != PROXYWASM_OK ? s : proxywasm_property_decode_uint64(raw, value);
}

proxywasm_status proxywasm_property_get_bool(proxywasm_bytes path, bool *value) {
  proxywasm_bytes raw;
  proxywasm_status s = get_raw(path, value, &raw);
  if (s != PROXYWASM_OK && value)
    *value = false;
  return s != PROXYWASM_OK ? s : proxywasm_property_decode_bool(raw, value);
}

proxywasm_status proxywasm_property_get_double(proxywasm_bytes path, double *value) {
  proxywasm_bytes raw;
  proxywasm_status s = get_raw(path, value, &raw);
  if (s != PROXYWASM_OK && value)
    *value = 0;
  return s != PROXYWASM_OK ? s : proxywasm_property_decode_double(raw, value);
}

proxywasm_status proxywasm_property_get_duration(proxywasm_bytes path, int64_t *ns) {
  proxywasm_bytes raw;
  proxywasm_status s = get_raw(path, ns, &raw);
  if (s != PROXYWASM_OK && ns)
    *ns = 0;
  return s != PROXYWASM_OK ? s : proxywasm_property_decode_duration(raw, ns);
}

proxywasm_status proxywasm_property_get_timestamp(proxywasm_bytes path, int64_t *ns) {
  proxywasm_bytes raw;
  proxywasm_status s = get_raw(path, ns, &raw);
  if (s != PROXYWASM_OK && ns)
    *ns = 0;
  return s != PROXYWASM_OK ? s : proxywasm_property_decode_timestamp(raw, ns);
}

proxywasm_status proxywasm_property_get_map(proxywasm_bytes path, proxywasm_header **entries,
                                            size_t *count) {
  if (entries)
    *entries = NULL;
  if (count)
    *count = 0;
  if (entries == NULL || count == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_bytes raw;
  proxywasm_status s = proxywasm_property_get(path, &raw);
  return s != PROXYWASM_OK ? s : proxywasm_property_decode_map(raw, entries, count);
}

proxywasm_status proxywasm_property_get_list(proxywasm_bytes path, proxywasm_bytes **items,
                                             size_t *count) {
  if (items)
    *items = NULL;
  if (count)
    *count = 0;
  if (items == NULL || count == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_bytes raw;
  proxywasm_status s = proxywasm_property_get(path, &raw);
  return s != PROXYWASM_OK ? s : proxywasm_property_decode_list(raw, items, count);
}

proxywasm_status proxywasm_property_set(proxywasm_bytes path, const void *value, size_t len) {
  if (path.data == NULL || path.len == 0 || (value == NULL && len))
    return PROXYWASM_BAD_ARGUMENT;
  return proxywasm__st(proxy_set_property(path.data, path.len, value ? value : "", len));
}
