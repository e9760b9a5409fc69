/*
 * properties.c - the property decoders (src/util/properties_decode.c) and
 * path encoders (src/util/property_path.c) on any bytes.
 *
 * Invariants: every decoder returns OK or SERIALIZATION_FAILURE with its
 * output zeroed; a decoded map or list points inside the input; a dotted
 * path parses to segments that path_encode turns back into the same bytes.
 */
#include <string.h>

#include <proxywasm.h>

#include "fuzz.h"
#include "internal.h"

static const char *lo, *hi;

static bool within(proxywasm_bytes b) {
  return b.len == 0 || (b.data >= lo && b.len <= (size_t)(hi - b.data));
}

#define NUMBER(fn, type)                                                   \
  do {                                                                     \
    type v = (type)1;                                                      \
    proxywasm_status s = fn(raw, &v);                                      \
    FUZZ_CHECK(s == PROXYWASM_OK || s == PROXYWASM_SERIALIZATION_FAILURE); \
    if (s != PROXYWASM_OK)                                                 \
      FUZZ_CHECK(v == (type)0);                                            \
  } while (0)

static void decoders(proxywasm_bytes raw) {
  NUMBER(proxywasm_property_decode_int64, int64_t);
  NUMBER(proxywasm_property_decode_uint64, uint64_t);
  NUMBER(proxywasm_property_decode_double, double);
  NUMBER(proxywasm_property_decode_bool, bool);
  NUMBER(proxywasm_property_decode_duration, int64_t);
  NUMBER(proxywasm_property_decode_timestamp, int64_t);
  proxywasm_bytes str;
  FUZZ_CHECK(proxywasm_property_decode_string(raw, &str) == PROXYWASM_OK);
  FUZZ_CHECK(str.data != NULL && str.len == raw.len && within(str));
  proxywasm_header *e = NULL;
  size_t n = 0;
  proxywasm_status s = proxywasm_property_decode_map(raw, &e, &n);
  FUZZ_CHECK(s == PROXYWASM_OK || s == PROXYWASM_SERIALIZATION_FAILURE);
  if (s != PROXYWASM_OK)
    FUZZ_CHECK(e == NULL && n == 0);
  for (size_t i = 0; i < n; i++)
    FUZZ_CHECK(within(e[i].name) && within(e[i].value));
  proxywasm_bytes *items = NULL;
  size_t m = 0;
  s = proxywasm_property_decode_list(raw, &items, &m);
  FUZZ_CHECK(s == PROXYWASM_OK || s == PROXYWASM_SERIALIZATION_FAILURE);
  if (s != PROXYWASM_OK)
    FUZZ_CHECK(items == NULL && m == 0);
  else
    FUZZ_CHECK(m == n); /* a list is a map with empty values */
  for (size_t i = 0; i < m; i++)
    FUZZ_CHECK(within(items[i]) && items[i].data == e[i].name.data);
}

/* The input as a dotted path (up to its first NUL). */
static void paths(const char *dotted) {
  proxywasm_bytes path;
  proxywasm_status s = proxywasm_property_path_parse(dotted, &path);
  if (s != PROXYWASM_OK) {
    FUZZ_CHECK(s == PROXYWASM_BAD_ARGUMENT && path.data == NULL && path.len == 0);
    return;
  }
  FUZZ_CHECK(path.len <= strlen(dotted));
  /* Split at the NULs and encode the segments again. */
  char *copy = malloc(path.len + 1);
  memcpy(copy, path.data, path.len);
  copy[path.len] = 0;
  const char *seg[512];
  size_t n = 0;
  for (size_t i = 0, start = 0; i <= path.len && n < 512; i++)
    if (i == path.len || copy[i] == 0)
      seg[n++] = copy + start, start = i + 1;
  if (n < 512 && path.len > 0) {
    proxywasm_bytes again;
    FUZZ_CHECK(proxywasm_property_path_encode(seg, n, &again) == PROXYWASM_OK);
    FUZZ_CHECK(again.len == path.len && memcmp(again.data, path.data, path.len) == 0);
  }
  free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *copy = malloc(size + 1); /* the input, then a NUL for paths() */
  memcpy(copy, data, size);
  copy[size] = 0;
  lo = copy, hi = copy + size;
  decoders((proxywasm_bytes){copy, size});
  paths(copy);
  free(copy);
  proxywasm__arena_reset();
  return 0;
}
