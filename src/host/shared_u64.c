/*
 * shared_u64.c - shared-data keys from bytes and 64-bit counters updated
 * with a bounded compare-and-swap loop.
 */
#include "../internal.h"

const char *proxywasm_shared_data_key(const char *prefix, proxywasm_bytes bytes) {
  if (prefix == NULL || (bytes.data == NULL && bytes.len))
    return NULL;
  size_t n = strlen(prefix);
  if (bytes.len > (size_t)-1 / 2 - n)
    return NULL;
  char *k = proxywasm__alloc(n + bytes.len); /* the arena adds the NUL */
  if (k == NULL)
    return NULL;
  memcpy(k, prefix, n);
  if (bytes.len)
    memcpy(k + n, bytes.data, bytes.len);
  k[n + bytes.len] = 0;
  return k;
}

/* The stored form: 8 little-endian bytes; empty is 0. */
static proxywasm_status decode(proxywasm_bytes b, uint64_t *v) {
  *v = 0;
  if (b.len != 0 && b.len != 8)
    return PROXYWASM_PARSE_FAILURE;
  for (size_t i = 0; i < b.len; i++)
    *v |= (uint64_t)(unsigned char)b.data[i] << (8 * i);
  return PROXYWASM_OK;
}

static proxywasm_status load(const char *key, uint64_t *v, uint32_t *cas) {
  proxywasm_bytes b;
  proxywasm_status s = proxywasm_shared_data_get(key, &b, cas);
  if (s == PROXYWASM_NOT_FOUND) {
    *v = 0;
    return PROXYWASM_OK;
  }
  return s == PROXYWASM_OK ? decode(b, v) : s;
}

proxywasm_status proxywasm_shared_u64_get(const char *key, uint64_t *value) {
  uint64_t v = 0;
  proxywasm_status s = key ? load(key, &v, NULL) : PROXYWASM_BAD_ARGUMENT;
  if (value)
    *value = s == PROXYWASM_OK ? v : 0;
  return s;
}

proxywasm_status proxywasm_shared_u64_update(const char *key, proxywasm_shared_u64_fn fn, void *arg,
                                             uint64_t *value, uint32_t *retries) {
  uint32_t lost = 0;
  uint64_t v = 0;
  proxywasm_status s = PROXYWASM_BAD_ARGUMENT;
  if (key != NULL && fn != NULL) {
    for (int i = 0; i < PROXYWASM_SHARED_U64_ATTEMPTS; i++) {
      uint32_t cas = 0;
      if ((s = load(key, &v, &cas)) != PROXYWASM_OK || !fn(&v, arg))
        break;
      unsigned char buf[8];
      for (int j = 0; j < 8; j++)
        buf[j] = (unsigned char)(v >> (8 * j));
      if ((s = proxywasm_shared_data_set(key, buf, sizeof buf, cas)) != PROXYWASM_CAS_MISMATCH)
        break;
      lost++;
    }
  }
  if (value)
    *value = s == PROXYWASM_OK ? v : 0;
  if (retries)
    *retries = lost;
  return s;
}

static bool add(uint64_t *v, void *delta) {
  *v += *(const uint64_t *)delta;
  return true;
}

proxywasm_status proxywasm_shared_u64_add(const char *key, uint64_t delta, uint64_t *value,
                                          uint32_t *retries) {
  return proxywasm_shared_u64_update(key, add, &delta, value, retries);
}
