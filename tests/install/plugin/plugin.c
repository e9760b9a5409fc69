/*
 * An out-of-tree plugin, built against an installed SDK: adds
 * "x-built-with: proxy-wasm-c <version>" to every response.
 */
#include <proxywasm.h>

static proxywasm_action on_response_headers(proxywasm_http *http, size_t header_count,
                                            bool end_of_stream) {
  static const char prefix[] = "proxy-wasm-c ";
  char value[64];
  int n = proxywasm_snprintf(value, sizeof value, "%s%s", prefix, proxywasm_version());
  (void)header_count;
  (void)end_of_stream;
  if (n < 0 || (size_t)n >= sizeof value ||
      proxywasm_http_replace_response_header(http, "x-built-with", value, (size_t)n) !=
          PROXYWASM_OK)
    proxywasm_log_warn("out_of_tree: cannot set x-built-with");
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_response_headers);
