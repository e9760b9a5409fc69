/* body.c - floor, body rewrite: buffer the whole request body, then
   replace it with an upper-cased copy. */
#include "floor.h"

EXPORT(proxy_on_request_body)
uint32_t on_request_body(uint32_t id, uint32_t size, uint32_t eos);
uint32_t on_request_body(uint32_t id, uint32_t size, uint32_t eos) {
  (void)id;
  if (!eos)
    return STOP_AND_BUFFER;
  ENTER();
  const char *got;
  size_t got_len;
  if (proxy_get_buffer_bytes(BUFFER_REQUEST_BODY, 0, size, &got, &got_len) != STATUS_OK || !got)
    return CONTINUE;
  /* Copies whose address never escapes: the loop keeps them in locals
     instead of reloading them after every store through out. */
  const char *in = got;
  size_t len = got_len;
  char *out = bump(len);
  if (!out)
    return CONTINUE;
  for (size_t i = 0; i < len; i++) {
    char c = in[i];
    out[i] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
  }
  proxy_set_buffer_bytes(BUFFER_REQUEST_BODY, 0, size, out, len);
  return CONTINUE;
}
