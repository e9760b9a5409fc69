/* The smallest useful plugin: adds one response header. tests/abi/check.sh
   checks it exports only what Envoy needs and imports only the one hostcall
   it uses (the header is a literal the compiler proves valid, so neither
   the run-time syntax check nor its refusal line is linked), and that it
   stays under the size budget. */
#include <proxywasm.h>

static proxywasm_action on_response_headers(proxywasm_http *http, size_t header_count,
                                            bool end_of_stream) {
  (void)header_count;
  (void)end_of_stream;
  proxywasm_http_add_response_header(http, "x-powered-by", "proxy-wasm-c", 12);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_response_headers);
