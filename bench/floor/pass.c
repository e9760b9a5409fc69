/* pass.c - floor, pass-through: one hook that continues. */
#include "floor.h"

EXPORT(proxy_on_request_headers)
uint32_t on_request_headers(uint32_t id, uint32_t n, uint32_t eos);
uint32_t on_request_headers(uint32_t id, uint32_t n, uint32_t eos) {
  (void)id, (void)n, (void)eos;
  return CONTINUE;
}
