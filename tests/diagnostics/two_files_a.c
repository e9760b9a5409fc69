/* Must build: one file lists the hooks, another (two_files_b.c) only uses
   the SDK. */
#include <proxywasm.h>

void add_marker(proxywasm_http *http);

static proxywasm_action on_request_headers(proxywasm_http *http, size_t n, bool eos) {
  (void)n;
  (void)eos;
  add_marker(http);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_request_headers);
