/* Logs a double: tests/abi/check.sh checks that this module links the
   formatter's float conversions and that the quickstart, which formats no
   double, does not (proxywasm/format.h, "pay for what you use"). */
#include <proxywasm.h>

static proxywasm_action on_response_headers(proxywasm_http *http, size_t header_count,
                                            bool end_of_stream) {
  (void)http;
  (void)end_of_stream;
  proxywasm_log_infof("%zu headers, %.1f%% of the limit", header_count, header_count / 1.0);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_response_headers);
