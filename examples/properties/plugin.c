/*
 * properties - per-route authentication configured in route metadata.
 *
 * A route may carry filter metadata {envoy.filters.http.wasm: {auth: <name>}}.
 * Requests on such a route must send a header called <name>; otherwise the
 * plugin answers 401 with gRPC status 16 (UNAUTHENTICATED). Routes without
 * the metadata pass. Port of the Go SDK's examples/properties.
 */

#include <proxywasm.h>

#define GRPC_UNAUTHENTICATED 16

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  (void)header_count, (void)end_of_stream;
  /* Literal segments: the dots inside the filter's name stay in its key. */
  proxywasm_bytes auth;
  proxywasm_status s = proxywasm_property_get(
      PROXYWASM_PATH("xds", "route_metadata", "filter_metadata", "envoy.filters.http.wasm", "auth"),
      &auth);
  if (s == PROXYWASM_NOT_FOUND) {
    proxywasm_log_info("no auth header for route");
    return PROXYWASM_CONTINUE;
  }
  if (s != PROXYWASM_OK)
    proxywasm_log_criticalf("failed to read properties: %s", proxywasm_status_str(s));
  proxywasm_log_infof("auth header is \"%.*s\"", (int)auth.len, auth.data);

  /* Host data is NUL-terminated, so the value serves as the header name
     directly. Names are case-insensitive: the host lower-cases them. */
  proxywasm_bytes value;
  bool present =
      auth.len > 0 && proxywasm_http_get_request_header(http, auth.data, &value) == PROXYWASM_OK;
  if (!present) {
    proxywasm_local_response r = {.status_code = 401, .grpc_status = GRPC_UNAUTHENTICATED};
    proxywasm_http_send_local_response(http, &r);
    return PROXYWASM_PAUSE;
  }
  return PROXYWASM_CONTINUE;
}

static void on_http_done(proxywasm_http *http) {
  proxywasm_log_infof("%u finished", proxywasm_context_id(proxywasm_http_context(http)));
}

PROXYWASM_HOOKS(on_request_headers, on_http_done);
