/* shared.c - floor, shared-data counter: read, increment and write back a
   little-endian u64 with compare-and-swap, retrying on a lost race. */
#include "floor.h"

EXPORT(proxy_on_request_headers)
uint32_t on_request_headers(uint32_t id, uint32_t n, uint32_t eos);
uint32_t on_request_headers(uint32_t id, uint32_t n, uint32_t eos) {
  (void)id, (void)n, (void)eos;
  ENTER();
  for (int tries = 0; tries < 8; tries++) {
    const char *v = 0;
    size_t len = 0;
    uint32_t cas = 0;
    uint32_t s = proxy_get_shared_data("bench_counter", 13, &v, &len, &cas);
    if (s != STATUS_OK && s != STATUS_NOT_FOUND)
      break;
    uint64_t count = 0;
    if (s == STATUS_OK && len == 8)
      for (int i = 7; i >= 0; i--)
        count = count << 8 | (unsigned char)v[i];
    count++;
    unsigned char buf[8];
    for (int i = 0; i < 8; i++)
      buf[i] = (unsigned char)(count >> (8 * i));
    if (proxy_set_shared_data("bench_counter", 13, (const char *)buf, 8, cas) !=
        STATUS_CAS_MISMATCH)
      break;
  }
  return CONTINUE;
}
