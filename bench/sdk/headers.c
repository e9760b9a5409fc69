/* headers.c - our SDK, header work: read two request headers, add two
   response headers. */
#include <proxywasm.h>

static size_t seen; /* keeps the reads observable */

static proxywasm_action on_request_headers(proxywasm_http *http, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_bytes v;
  if (proxywasm_http_get_request_header(http, "x-bench-a", &v) == PROXYWASM_OK)
    seen += v.len;
  if (proxywasm_http_get_request_header(http, "x-bench-b", &v) == PROXYWASM_OK)
    seen += v.len;
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_response_headers(proxywasm_http *http, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_http_add_response_header(http, "x-bench-1", "one", 3);
  proxywasm_http_add_response_header(http, "x-bench-2", "two", 3);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_request_headers, on_response_headers);
