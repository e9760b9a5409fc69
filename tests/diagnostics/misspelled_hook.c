/* Must not compile: on_request_header is not a hook name. */
#include <proxywasm.h>

static proxywasm_action on_request_header(proxywasm_http *http, size_t n, bool eos) {
  (void)http;
  (void)n;
  (void)eos;
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_request_header);
