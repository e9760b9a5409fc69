/* Must not link as a wasm module: PROXYWASM_UNTRACKED_STREAMS with a hook
   that needs stream records (on_http_delete). */
#define PROXYWASM_UNTRACKED_STREAMS
#include <proxywasm.h>

static bool on_plugin_start(proxywasm_plugin *plugin, size_t size) {
  (void)size;
  return proxywasm_plugin_alloc(plugin, 8) != NULL;
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t n, bool eos) {
  (void)n;
  (void)eos;
  return proxywasm_http_plugin(http) ? PROXYWASM_CONTINUE : PROXYWASM_PAUSE;
}

#ifdef UNTRACKED_ALONE
PROXYWASM_HOOKS(on_plugin_start, on_request_headers);
#else
static void on_http_delete(proxywasm_http *http) { (void)http; }
PROXYWASM_HOOKS(on_plugin_start, on_request_headers, on_http_delete);
#endif
