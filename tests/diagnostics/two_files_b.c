/* The second file of a two-file plugin: includes the SDK, lists no hooks. */
#include <proxywasm.h>

void add_marker(proxywasm_http *http);
void add_marker(proxywasm_http *http) {
  proxywasm_http_replace_request_header(http, "x-two-files", "yes", 3);
}
