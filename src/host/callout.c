/*
 * callout.c - HTTP callouts: proxy_http_call and proxy_on_http_call_response.
 * Linked only when the plugin makes callouts.
 */
#include "../internal.h"

proxywasm_status proxywasm_http_call(proxywasm_context *caller,
                                     const proxywasm_http_call_request *req,
                                     proxywasm_http_call_cb callback, void *user_data,
                                     uint32_t *token) {
  if (token)
    *token = 0;
  if (req == NULL || req->upstream.data == NULL || req->upstream.len == 0 || callback == NULL ||
      (req->body == NULL && req->body_len))
    return PROXYWASM_BAD_ARGUMENT;
  if (caller == NULL)
    caller = proxywasm__hook.current;
  if (caller == NULL || !proxywasm__ctx_lookup || proxywasm__ctx_lookup(caller->id) != caller)
    return PROXYWASM_BAD_ARGUMENT; /* only tracked contexts can get answers */
  proxywasm_bytes h = {NULL, 0}, t = {NULL, 0};
  proxywasm_status s = proxywasm__headers_pack(req->headers, req->header_count, &h);
  if (s == PROXYWASM_OK)
    s = proxywasm__headers_pack(req->trailers, req->trailer_count, &t);
  if (s != PROXYWASM_OK)
    return s;
  s = proxywasm__use(caller);
  if (s != PROXYWASM_OK)
    return s;
  uint32_t tok = 0;
  s = proxywasm__st(proxy_http_call(req->upstream.data, req->upstream.len, h.data, h.len,
                                    req->body ? req->body : "", req->body_len, t.data, t.len,
                                    req->timeout_ms, &tok));
  if (s != PROXYWASM_OK)
    return s;
  s = proxywasm__pending_add(tok, proxywasm__root_of(caller), caller->id, 0,
                             (proxywasm__callback){.http = callback}, user_data);
  if (s == PROXYWASM_OK && token)
    *token = tok;
  return s;
}

PROXYWASM__EXPORT(proxy_on_http_call_response)
void proxy_on_http_call_response(uint32_t root_id, uint32_t token, uint32_t header_count,
                                 uint32_t body_size, uint32_t trailer_count);
void proxy_on_http_call_response(uint32_t root_id, uint32_t token, uint32_t header_count,
                                 uint32_t body_size, uint32_t trailer_count) {
  proxywasm__pending *p = proxywasm__pending_find(root_id, 0, token);
  if (p == NULL)
    return; /* not ours (or already answered) */
  proxywasm__pending call = *p;
  proxywasm__pending_remove(root_id, 0, token);
  proxywasm__frame f;
  struct proxywasm_context *c = proxywasm__callout_enter(root_id, call.context_id, &f);
  if (c == NULL)
    return;
  proxywasm_http_call_response r;
  r.status = header_count ? PROXYWASM_OK : PROXYWASM_BROKEN_CONNECTION;
  r.header_count = header_count;
  r.body_size = body_size;
  r.trailer_count = trailer_count;
  call.callback.http(c, token, &r, call.user_data);
  proxywasm__leave(&f);
}

proxywasm_status proxywasm_http_call_get_headers(proxywasm_header **headers, size_t *count) {
  return proxywasm_headers_get_all(NULL, PROXYWASM_MAP_HTTP_CALL_RESPONSE_HEADERS, headers, count);
}

proxywasm_status proxywasm_http_call_get_header(const char *name, proxywasm_bytes *value) {
  return proxywasm_headers_get(NULL, PROXYWASM_MAP_HTTP_CALL_RESPONSE_HEADERS, name, value);
}

proxywasm_status proxywasm_http_call_get_body(size_t start, size_t max_size, proxywasm_bytes *out) {
  return proxywasm_buffer_get(NULL, PROXYWASM_BUFFER_HTTP_CALL_RESPONSE_BODY, start, max_size, out);
}

proxywasm_status proxywasm_http_call_get_trailers(proxywasm_header **trailers, size_t *count) {
  return proxywasm_headers_get_all(NULL, PROXYWASM_MAP_HTTP_CALL_RESPONSE_TRAILERS, trailers,
                                   count);
}

proxywasm_status proxywasm_http_call_get_trailer(const char *name, proxywasm_bytes *value) {
  return proxywasm_headers_get(NULL, PROXYWASM_MAP_HTTP_CALL_RESPONSE_TRAILERS, name, value);
}
