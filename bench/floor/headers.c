/* headers.c - floor, header work: read two request headers, add two
   response headers. */
#include "floor.h"

static size_t seen; /* keeps the reads observable */

EXPORT(proxy_on_request_headers)
uint32_t on_request_headers(uint32_t id, uint32_t n, uint32_t eos);
uint32_t on_request_headers(uint32_t id, uint32_t n, uint32_t eos) {
  (void)id, (void)n, (void)eos;
  ENTER();
  const char *v;
  size_t len;
  if (proxy_get_header_map_value(MAP_REQUEST_HEADERS, "x-bench-a", 9, &v, &len) == STATUS_OK)
    seen += len;
  if (proxy_get_header_map_value(MAP_REQUEST_HEADERS, "x-bench-b", 9, &v, &len) == STATUS_OK)
    seen += len;
  return CONTINUE;
}

EXPORT(proxy_on_response_headers)
uint32_t on_response_headers(uint32_t id, uint32_t n, uint32_t eos);
uint32_t on_response_headers(uint32_t id, uint32_t n, uint32_t eos) {
  (void)id, (void)n, (void)eos;
  proxy_add_header_map_value(MAP_RESPONSE_HEADERS, "x-bench-1", 9, "one", 3);
  proxy_add_header_map_value(MAP_RESPONSE_HEADERS, "x-bench-2", 9, "two", 3);
  return CONTINUE;
}
