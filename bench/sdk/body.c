/* body.c - our SDK, body rewrite: buffer the whole request body, then
   replace it with an upper-cased copy. */
#include <proxywasm.h>

static proxywasm_action on_request_body(proxywasm_http *http, size_t size, bool eos) {
  if (!eos)
    return PROXYWASM_PAUSE; /* Envoy keeps buffering */
  proxywasm_bytes in;
  if (proxywasm_http_get_request_body(http, 0, size, &in) != PROXYWASM_OK || in.len == 0)
    return PROXYWASM_CONTINUE;
  char *out = proxywasm_scratch_alloc(in.len); /* freed when the hook returns */
  if (out == NULL)
    return PROXYWASM_CONTINUE;
  for (size_t i = 0; i < in.len; i++) {
    char c = in.data[i];
    out[i] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
  }
  proxywasm_http_replace_request_body(http, out, in.len);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_request_body);
