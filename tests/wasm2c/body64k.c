/* body64k.c - the plugin of test_body64k.c: buffers the whole request body,
   then replaces it with an upper-cased copy made with libc's malloc (which
   bench/sdk/body.c no longer uses), so the module links malloc and the SDK's
   arena meets it: the first hook that receives a large body is where the
   arena first grows linear memory. */
#include <stdlib.h>

#include <proxywasm.h>

static proxywasm_action on_request_body(proxywasm_http *http, size_t size, bool eos) {
  if (!eos)
    return PROXYWASM_PAUSE; /* Envoy keeps buffering */
  proxywasm_bytes in;
  if (proxywasm_http_get_request_body(http, 0, size, &in) != PROXYWASM_OK || in.len == 0)
    return PROXYWASM_CONTINUE;
  char *out = malloc(in.len);
  if (out == NULL) {
    proxywasm_log_error("body64k: out of memory");
    return PROXYWASM_CONTINUE;
  }
  for (size_t i = 0; i < in.len; i++) {
    char c = in.data[i];
    out[i] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
  }
  proxywasm_http_replace_request_body(http, out, in.len);
  free(out);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_request_body);
