/* Must not link as a wasm module: it never lists its hooks. */
#include <proxywasm.h>

proxywasm_action on_request_headers(proxywasm_http *http, size_t n, bool eos);
proxywasm_action on_request_headers(proxywasm_http *http, size_t n, bool eos) {
  (void)n;
  (void)eos;
  proxywasm_http_replace_request_header(http, "x-a", "b", 1);
  return PROXYWASM_CONTINUE;
}
