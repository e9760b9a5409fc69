/* The smallest useful plugin: adds one response header. tests/abi/check.sh
   checks it exports only what Envoy needs and imports only the one hostcall
   it uses (plus proxy_log, for the SDK's line when it refuses a header),
   and that it stays under the size budget. */
#include <proxywasm.h>

static proxywasm_action on_response_headers(proxywasm_http *http, size_t header_count,
                                            bool end_of_stream) {
  (void)header_count;
  (void)end_of_stream;
  proxywasm_http_add_response_header(http, "x-powered-by", "proxy-wasm-c", 12);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_response_headers);
