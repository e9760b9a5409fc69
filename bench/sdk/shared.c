/* shared.c - our SDK, shared-data counter: read, increment and write back a
   little-endian u64 with compare-and-swap, retrying on a lost race. */
#include <proxywasm.h>

static proxywasm_action on_request_headers(proxywasm_http *http, size_t n, bool eos) {
  (void)http, (void)n, (void)eos;
  for (int tries = 0; tries < 8; tries++) {
    proxywasm_bytes v;
    uint32_t cas;
    proxywasm_status s = proxywasm_shared_data_get("bench_counter", &v, &cas);
    if (s != PROXYWASM_OK && s != PROXYWASM_NOT_FOUND)
      break;
    uint64_t count = 0;
    if (v.len == 8)
      for (int i = 7; i >= 0; i--)
        count = count << 8 | (unsigned char)v.data[i];
    count++;
    unsigned char buf[8];
    for (int i = 0; i < 8; i++)
      buf[i] = (unsigned char)(count >> (8 * i));
    if (proxywasm_shared_data_set("bench_counter", buf, 8, cas) != PROXYWASM_CAS_MISMATCH)
      break;
  }
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_request_headers);
