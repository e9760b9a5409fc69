/* log.c - our SDK, a debug log line on every request, below Envoy's level;
   the SDK asks the host for its level once per hook and skips the rest. */
#include <proxywasm.h>

PROXYWASM_LOG_USE_HOST_LEVEL();

static uint32_t requests;

static proxywasm_action on_request_headers(proxywasm_http *http, size_t n, bool eos) {
  (void)http, (void)n, (void)eos;
  unsigned count = ++requests; /* a filtered line's arguments are not evaluated */
  proxywasm_log_debugf("bench request %u", count);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_request_headers);
