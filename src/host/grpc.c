/*
 * grpc.c - gRPC calls and streams: proxy_grpc_* and proxy_on_grpc_*.
 * Linked only when the plugin uses gRPC.
 */
#include "../internal.h"

static proxywasm_status start(proxywasm_context *caller, const proxywasm_grpc_request *req,
                              const proxywasm_grpc_callbacks *cbs, void *user_data, uint32_t *token,
                              int stream) {
  if (token)
    *token = 0;
  if (req == NULL || cbs == NULL || req->service == NULL || req->method == NULL ||
      (req->upstream.data == NULL && req->upstream.len) ||
      (req->message == NULL && req->message_len))
    return PROXYWASM_BAD_ARGUMENT;
  if (caller == NULL)
    caller = proxywasm__hook.current;
  if (caller == NULL || !proxywasm__ctx_lookup || proxywasm__ctx_lookup(caller->id) != caller)
    return PROXYWASM_BAD_ARGUMENT;
  /* The service and method go out as the :path "/service/method". */
  if (proxywasm__header_check(":path", 5, req->service, strlen(req->service)) != PROXYWASM_OK ||
      proxywasm__header_check(":path", 5, req->method, strlen(req->method)) != PROXYWASM_OK)
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_bytes md;
  proxywasm_status s = proxywasm__headers_pack(req->initial_metadata, req->metadata_count, &md);
  if (s != PROXYWASM_OK)
    return s;
  s = proxywasm__use(caller);
  if (s != PROXYWASM_OK)
    return s;
  const char *up = req->upstream.data ? req->upstream.data : "";
  uint32_t tok = 0;
  if (stream)
    s = proxywasm__st(proxy_grpc_stream(up, req->upstream.len, req->service, strlen(req->service),
                                        req->method, strlen(req->method), md.data, md.len, &tok));
  else
    s = proxywasm__st(proxy_grpc_call(up, req->upstream.len, req->service, strlen(req->service),
                                      req->method, strlen(req->method), md.data, md.len,
                                      req->message ? req->message : "", req->message_len,
                                      req->timeout_ms, &tok));
  if (s != PROXYWASM_OK)
    return s;
  s = proxywasm__pending_add(tok, proxywasm__root_of(caller), caller->id, 1,
                             (proxywasm__callback){.grpc = cbs}, user_data);
  if (s == PROXYWASM_OK && token)
    *token = tok;
  return s;
}

proxywasm_status proxywasm_grpc_call(proxywasm_context *caller, const proxywasm_grpc_request *req,
                                     const proxywasm_grpc_callbacks *cbs, void *user_data,
                                     uint32_t *token) {
  return start(caller, req, cbs, user_data, token, 0);
}

proxywasm_status proxywasm_grpc_stream(proxywasm_context *caller, const proxywasm_grpc_request *req,
                                       const proxywasm_grpc_callbacks *cbs, void *user_data,
                                       uint32_t *token) {
  return start(caller, req, cbs, user_data, token, 1);
}

proxywasm_status proxywasm_grpc_send(uint32_t token, const void *message, size_t len,
                                     bool end_stream) {
  if (message == NULL && len)
    return PROXYWASM_BAD_ARGUMENT;
  return proxywasm__st(proxy_grpc_send(token, message ? message : "", len, end_stream ? 1 : 0));
}

/* Envoy gives calls odd tokens and streams even ones. */
static bool is_stream_token(uint32_t token) { return (token & 1) == 0; }

/* Like Envoy, cancel and close act on the running context's plugin. */
static uint32_t running_root(void) { return proxywasm__root_of(proxywasm__hook.current); }

proxywasm_status proxywasm_grpc_cancel(uint32_t token) {
  proxywasm_status s = proxywasm__st(proxy_grpc_cancel(token));
  if (s == PROXYWASM_OK)
    proxywasm__pending_remove(running_root(), 1, token);
  return s;
}

proxywasm_status proxywasm_grpc_close(uint32_t token) {
  proxywasm_status s = proxywasm__st(proxy_grpc_close(token));
  /* Closing a stream only ends our side: the server's remaining messages
     and the final on_close still arrive. Closing a call ends it. */
  if (s == PROXYWASM_OK && !is_stream_token(token))
    proxywasm__pending_remove(running_root(), 1, token);
  return s;
}

proxywasm_status proxywasm_grpc_get_message(size_t start, size_t max_size, proxywasm_bytes *out) {
  return proxywasm_buffer_get(NULL, PROXYWASM_BUFFER_GRPC_RECEIVE, start, max_size, out);
}

proxywasm_status proxywasm_grpc_get_initial_metadata(proxywasm_header **headers, size_t *count) {
  return proxywasm_headers_get_all(NULL, PROXYWASM_MAP_GRPC_INITIAL_METADATA, headers, count);
}

proxywasm_status proxywasm_grpc_get_trailing_metadata(proxywasm_header **headers, size_t *count) {
  return proxywasm_headers_get_all(NULL, PROXYWASM_MAP_GRPC_TRAILING_METADATA, headers, count);
}

/* ---- answers ---- */

enum { EV_INITIAL, EV_MESSAGE, EV_TRAILING, EV_CLOSE };

static void deliver(uint32_t root_id, uint32_t token, int ev, uint32_t arg) {
  proxywasm__pending *p = proxywasm__pending_find(root_id, 1, token);
  if (p == NULL)
    return;
  proxywasm__pending call = *p;
  /* A call ends with its answer: Envoy delivers a success as the message
     alone (no close follows) and a failure as the close alone. A stream
     ends with its close. */
  if (ev == EV_CLOSE || (ev == EV_MESSAGE && !is_stream_token(token)))
    proxywasm__pending_remove(root_id, 1, token);
  const proxywasm_grpc_callbacks *cb = call.callback.grpc;
  proxywasm__frame f;
  struct proxywasm_context *c = proxywasm__callout_enter(root_id, call.context_id, &f);
  if (c == NULL)
    return;
  switch (ev) {
  case EV_INITIAL:
    if (cb->on_initial_metadata)
      cb->on_initial_metadata(c, token, arg, call.user_data);
    break;
  case EV_MESSAGE:
    if (cb->on_message)
      cb->on_message(c, token, arg, call.user_data);
    break;
  case EV_TRAILING:
    if (cb->on_trailing_metadata)
      cb->on_trailing_metadata(c, token, arg, call.user_data);
    break;
  default:
    if (cb->on_close)
      cb->on_close(c, token, arg, call.user_data);
    break;
  }
  proxywasm__leave(&f);
}

PROXYWASM__EXPORT(proxy_on_grpc_receive_initial_metadata)
void proxy_on_grpc_receive_initial_metadata(uint32_t root_id, uint32_t token, uint32_t n);
void proxy_on_grpc_receive_initial_metadata(uint32_t root_id, uint32_t token, uint32_t n) {
  deliver(root_id, token, EV_INITIAL, n);
}

PROXYWASM__EXPORT(proxy_on_grpc_receive)
void proxy_on_grpc_receive(uint32_t root_id, uint32_t token, uint32_t size);
void proxy_on_grpc_receive(uint32_t root_id, uint32_t token, uint32_t size) {
  deliver(root_id, token, EV_MESSAGE, size);
}

PROXYWASM__EXPORT(proxy_on_grpc_receive_trailing_metadata)
void proxy_on_grpc_receive_trailing_metadata(uint32_t root_id, uint32_t token, uint32_t n);
void proxy_on_grpc_receive_trailing_metadata(uint32_t root_id, uint32_t token, uint32_t n) {
  deliver(root_id, token, EV_TRAILING, n);
}

PROXYWASM__EXPORT(proxy_on_grpc_close)
void proxy_on_grpc_close(uint32_t root_id, uint32_t token, uint32_t status);
void proxy_on_grpc_close(uint32_t root_id, uint32_t token, uint32_t status) {
  deliver(root_id, token, EV_CLOSE, status);
}
