/* pass.c - our SDK, pass-through: one hook that continues. */
#include <proxywasm.h>

static proxywasm_action on_request_headers(proxywasm_http *http, size_t n, bool eos) {
  (void)http, (void)n, (void)eos;
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_request_headers);
