/*
 * headers.c - the header-map codec (src/host/headers.c) on any bytes, with the
 * round-trip invariants proxy-wasm-cpp-host fuzzes its own codec with:
 * whatever decodes re-encodes to the same bytes, and whatever is encoded
 * decodes to the same pairs.
 */
#include <string.h>

#include <proxywasm.h>

#include "fuzz.h"
#include "internal.h"

static void decode_encode(const uint8_t *data, size_t size) {
  char *copy = malloc(size ? size : 1); /* exactly size bytes */
  memcpy(copy, data, size);
  proxywasm_header *h = (proxywasm_header *)1;
  size_t n = 99;
  proxywasm_status s = proxywasm_headers_decode((proxywasm_bytes){copy, size}, &h, &n);
  if (s != PROXYWASM_OK) {
    FUZZ_CHECK(s == PROXYWASM_SERIALIZATION_FAILURE && h == NULL && n == 0);
  } else if (n > 0) {
    proxywasm_bytes enc;
    FUZZ_CHECK(proxywasm_headers_encode(h, n, &enc) == PROXYWASM_OK);
    FUZZ_CHECK(enc.len == size && memcmp(enc.data, copy, size) == 0);
  } else {
    /* The empty forms: nothing, one NUL, or a zero count. */
    FUZZ_CHECK(size == 0 || (size == 1 && copy[0] == 0) ||
               (size == 4 && memcmp(copy, "\0\0\0\0", 4) == 0));
  }
  free(copy);
}

/* Pairs cut from the input at its '\n' bytes: name, value, name, ... */
static void encode_decode(const uint8_t *data, size_t size) {
  proxywasm_header h[64];
  size_t n = 0, piece = 0;
  const char *p = (const char *)data, *end = p + size;
  while (p < end && n < 64) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    proxywasm_bytes b = {p, (size_t)((nl ? nl : end) - p)};
    if (piece++ % 2 == 0) {
      h[n].name = b;
      h[n].value = (proxywasm_bytes){"", 0};
    } else {
      h[n++].value = b;
    }
    p = nl ? nl + 1 : end;
  }
  proxywasm_bytes enc;
  FUZZ_CHECK(proxywasm_headers_encode(h, n, &enc) == PROXYWASM_OK);
  proxywasm_header *back;
  size_t m;
  FUZZ_CHECK(proxywasm_headers_decode(enc, &back, &m) == PROXYWASM_OK && m == n);
  for (size_t i = 0; i < n; i++) {
    FUZZ_CHECK(back[i].name.len == h[i].name.len && back[i].value.len == h[i].value.len);
    FUZZ_CHECK(memcmp(back[i].name.data, h[i].name.data, h[i].name.len) == 0);
    FUZZ_CHECK(memcmp(back[i].value.data, h[i].value.data, h[i].value.len) == 0);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  decode_encode(data, size);
  encode_decode(data, size);
  proxywasm__arena_reset(); /* the arena, as after a hook */
  return 0;
}
