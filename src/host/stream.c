/*
 * stream.c - resuming, closing and answering HTTP and TCP streams.
 */
#include "../internal.h"

proxywasm_status proxywasm_stream_continue(proxywasm_context *ctx, proxywasm_stream stream) {
  proxywasm_status s = proxywasm__use(ctx);
  return s != PROXYWASM_OK ? s : proxywasm__st(proxy_continue_stream((uint32_t)stream));
}

proxywasm_status proxywasm_stream_close(proxywasm_context *ctx, proxywasm_stream stream) {
  proxywasm_status s = proxywasm__use(ctx);
  return s != PROXYWASM_OK ? s : proxywasm__st(proxy_close_stream((uint32_t)stream));
}

proxywasm_status proxywasm_http_resume_request(proxywasm_http *h) {
  return proxywasm_stream_continue((proxywasm_context *)h, PROXYWASM_STREAM_HTTP_REQUEST);
}

proxywasm_status proxywasm_http_resume_response(proxywasm_http *h) {
  return proxywasm_stream_continue((proxywasm_context *)h, PROXYWASM_STREAM_HTTP_RESPONSE);
}

proxywasm_status proxywasm_http_reset(proxywasm_http *h) {
  return proxywasm_stream_close((proxywasm_context *)h, PROXYWASM_STREAM_HTTP_REQUEST);
}

proxywasm_status proxywasm_tcp_resume(proxywasm_tcp *t) {
  return proxywasm_stream_continue((proxywasm_context *)t, PROXYWASM_STREAM_DOWNSTREAM);
}

proxywasm_status proxywasm_tcp_close_downstream(proxywasm_tcp *t) {
  return proxywasm_stream_close((proxywasm_context *)t, PROXYWASM_STREAM_DOWNSTREAM);
}

proxywasm_status proxywasm_tcp_close_upstream(proxywasm_tcp *t) {
  return proxywasm_stream_close((proxywasm_context *)t, PROXYWASM_STREAM_UPSTREAM);
}

proxywasm_status proxywasm_http_send_local_response(proxywasm_http *h,
                                                    const proxywasm_local_response *r) {
  if (r == NULL || (r->body == NULL && r->body_len))
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_bytes hdrs;
  proxywasm_status s = proxywasm__headers_pack(r->headers, r->header_count, &hdrs);
  if (s != PROXYWASM_OK)
    return s;
  s = proxywasm__use((proxywasm_context *)h);
  if (s != PROXYWASM_OK)
    return s;
  const char *details = r->details ? r->details : "";
  int32_t grpc = r->grpc_status >= 0 && r->grpc_status <= 16 ? r->grpc_status : -1;
  return proxywasm__st(proxy_send_local_response(r->status_code, details, strlen(details),
                                                 r->body ? r->body : "", r->body_len, hdrs.data,
                                                 hdrs.len, grpc));
}

proxywasm_status proxywasm_http_send_response(proxywasm_http *h, uint32_t status_code,
                                              const proxywasm_header *headers, size_t header_count,
                                              const void *body, size_t body_len) {
  proxywasm_local_response r = {
      status_code, NULL, headers, header_count, body, body_len, PROXYWASM_GRPC_STATUS_NONE};
  return proxywasm_http_send_local_response(h, &r);
}
