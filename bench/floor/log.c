/* log.c - floor, a debug log line on every request, below Envoy's level:
   ask the host for its level and format only when it would print. */
#include "floor.h"

static uint32_t requests;

EXPORT(proxy_on_request_headers)
uint32_t on_request_headers(uint32_t id, uint32_t n, uint32_t eos);
uint32_t on_request_headers(uint32_t id, uint32_t n, uint32_t eos) {
  (void)id, (void)n, (void)eos;
  uint32_t count = ++requests, level = 0;
  if (proxy_get_log_level(&level) == STATUS_OK && level > LOG_DEBUG)
    return CONTINUE;
  char msg[32] = "bench request ";
  char digits[10];
  size_t len = 14, d = 0;
  do
    digits[d++] = (char)('0' + count % 10);
  while ((count /= 10) != 0);
  while (d)
    msg[len++] = digits[--d];
  proxy_log(LOG_DEBUG, msg, len);
  return CONTINUE;
}
