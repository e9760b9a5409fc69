/*
 * stream.c - proxy_continue_stream, proxy_close_stream and
 * proxy_send_local_response. Resuming, closing and answering are deferred
 * until the module call returns, as Envoy's addAfterVmCallAction does.
 */
#include <stdlib.h>

#include "abi.h"
#include "internal.h"

/* Does stream type s belong to a context of this kind? */
static bool matches(const emu_ctx *c, uint32_t s) {
  if (c == NULL)
    return false;
  if (s <= PROXYWASM_STREAM_HTTP_RESPONSE)
    return c->kind == EMU_HTTP;
  return c->kind == EMU_TCP;
}

uint32_t proxy_continue_stream(uint32_t stream) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_continue_stream, &st);
  if (f == NULL)
    return st;
  if (stream > PROXYWASM_STREAM_UPSTREAM)
    return PROXYWASM_BAD_ARGUMENT;
  if (stream == PROXYWASM_STREAM_UPSTREAM)
    return PROXYWASM_UNIMPLEMENTED; /* Envoy cannot resume upstream reads */
  emu_ctx *c = proxywasm__emu_eff(f);
  if (!matches(c, stream))
    return PROXYWASM_OK; /* Envoy: no such callbacks, nothing to do */
  if (stream <= PROXYWASM_STREAM_HTTP_RESPONSE) {
    /* Envoy drops its request pointers at once, for either direction. */
    c->map_avail[PROXYWASM_MAP_HTTP_REQUEST_HEADERS] = false;
    c->map_avail[PROXYWASM_MAP_HTTP_REQUEST_TRAILERS] = false;
    if (!c->buffering[PROXYWASM_BUFFER_HTTP_REQUEST_BODY])
      c->buf_avail[PROXYWASM_BUFFER_HTTP_REQUEST_BODY] = false;
  }
  emu_after a = {EMU_AFTER_CONTINUE, f->vm, c->id, stream, NULL};
  return proxywasm__emu_after_add(f->vm->host, &a) == 0 ? PROXYWASM_OK : PROXYWASM_INTERNAL_FAILURE;
}

uint32_t proxy_close_stream(uint32_t stream) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_close_stream, &st);
  if (f == NULL)
    return st;
  if (stream > PROXYWASM_STREAM_UPSTREAM)
    return PROXYWASM_BAD_ARGUMENT;
  emu_ctx *c = proxywasm__emu_eff(f);
  if (!matches(c, stream))
    return PROXYWASM_OK; /* Envoy: no such callbacks, nothing to do */
  emu_after a = {EMU_AFTER_CLOSE, f->vm, c->id, stream, NULL};
  return proxywasm__emu_after_add(f->vm->host, &a) == 0 ? PROXYWASM_OK : PROXYWASM_INTERNAL_FAILURE;
}

uint32_t proxy_send_local_response(uint32_t status_code, const char *details, size_t details_size,
                                   const char *body, size_t body_size, const char *headers,
                                   size_t headers_size, int32_t grpc_status) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_send_local_response, &st);
  if (f == NULL)
    return st;
  if ((details == NULL && details_size) || (body == NULL && body_size) ||
      (headers == NULL && headers_size))
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  emu_ctx *c = proxywasm__emu_eff(f);
  if (c == NULL || c->kind != EMU_HTTP) {
    /* Envoy: no decoder callbacks, so nothing is sent, yet the call is OK. */
    proxywasm__emu_err(f->vm->host,
                       "proxy_send_local_response from context %u, which is not "
                       "an HTTP stream: ignored (as Envoy does)",
                       f->eff);
    return PROXYWASM_OK;
  }
  /* A scratch record carries the response until the call returns. */
  emu_ctx *lr = calloc(1, sizeof *lr);
  if (lr == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  lr->lr_details = proxywasm__emu_memdup(details ? details : "", details_size);
  if (lr->lr_details == NULL ||
      proxywasm__emu_buf_set(&lr->lr_body, body ? body : "", body_size) != 0 ||
      proxywasm__emu_map_decode(&lr->lr_headers, headers, headers_size, true) == -2) {
    proxywasm__emu_ctx_free(lr);
    return PROXYWASM_INTERNAL_FAILURE;
  }
  proxywasm__emu_map_check(f, EMU_HC_send_local_response, &lr->lr_headers);
  for (size_t i = 0; i < details_size; i++)
    if (strchr(" \t\n\v\f\r", lr->lr_details[i]) && lr->lr_details[i])
      lr->lr_details[i] = '_'; /* Envoy's StringUtil::replaceAllEmptySpace */
  lr->lr.status_code = status_code;
  lr->lr.grpc_status = grpc_status >= 0 && grpc_status <= 16 ? grpc_status : -1;
  emu_after a = {EMU_AFTER_LOCAL_RESPONSE, f->vm, c->id, 0, lr};
  if (proxywasm__emu_after_add(f->vm->host, &a) != 0) {
    proxywasm__emu_ctx_free(lr);
    return PROXYWASM_INTERNAL_FAILURE;
  }
  c->lr_in_call = true;
  return PROXYWASM_OK;
}
