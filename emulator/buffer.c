/*
 * buffer.c - the buffer hostcalls. Envoy clamps out-of-range reads, and
 * supports only two writes: start 0 (drop size bytes, then prepend) and
 * start >= length (append). Configurations and delivered data are
 * read-only.
 *
 * Availability follows Envoy 1.40: a stream buffer (request/response body,
 * downstream/upstream data), the gRPC message and the foreign-function
 * arguments asked for outside their hook read as an empty buffer (status OK
 * with size 0, bytes OK and empty) and refuse writes with BAD_ARGUMENT, in
 * every context and phase. Only the HTTP call response body and the plugin
 * configuration give NOT_FOUND when unavailable.
 */
#include "abi.h"
#include "internal.h"

/* What an unavailable stream buffer reads as; never written (read-only). */
static emu_buf empty_buf;

/* The buffer the effective context may use now, or NULL with *st set. */
static emu_buf *buf_for(emu_frame *f, uint32_t type, bool *readonly, uint32_t *st) {
  *st = PROXYWASM_NOT_FOUND;
  *readonly = true;
  emu_ctx *c = proxywasm__emu_eff(f);
  emu_ctx *root = proxywasm__emu_root_of(f->vm, c);
  emu_delivery *d = &f->vm->delivery;
  bool delivered = root && d->kind != EMU_DELIVER_NONE && d->root == root->id;
  switch (type) {
  case PROXYWASM_BUFFER_HTTP_REQUEST_BODY:
  case PROXYWASM_BUFFER_HTTP_RESPONSE_BODY:
  case PROXYWASM_BUFFER_DOWNSTREAM_DATA:
  case PROXYWASM_BUFFER_UPSTREAM_DATA: {
    int kind = type <= PROXYWASM_BUFFER_HTTP_RESPONSE_BODY ? EMU_HTTP : EMU_TCP;
    if (c == NULL || c->kind != kind || !c->buf_avail[type])
      return &empty_buf;
    *readonly = false;
    return &c->bufs[type];
  }
  case PROXYWASM_BUFFER_HTTP_CALL_RESPONSE_BODY:
    return delivered && d->kind == EMU_DELIVER_HTTP ? &d->body : NULL;
  case PROXYWASM_BUFFER_GRPC_RECEIVE:
    return delivered && d->kind == EMU_DELIVER_GRPC_MESSAGE ? &d->body : &empty_buf;
  case PROXYWASM_BUFFER_VM_CONFIGURATION:
    return &f->vm->config;
  case PROXYWASM_BUFFER_PLUGIN_CONFIGURATION:
    /* Envoy has it only while the plugin is created and configured. */
    return root && root->id == f->vm->configuring ? &root->config : NULL;
  case PROXYWASM_BUFFER_FOREIGN_FUNCTION_ARGUMENTS:
    /* Envoy hands out a stale internal buffer here; the emulator an empty one. */
    return delivered && d->kind == EMU_DELIVER_FOREIGN ? &d->body : &empty_buf;
  default:
    *st = PROXYWASM_BAD_ARGUMENT;
    return NULL;
  }
}

uint32_t proxy_get_buffer_bytes(uint32_t buffer, size_t start, size_t max_size, const char **data,
                                size_t *size) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_get_buffer_bytes, &st);
  if (f == NULL)
    return st;
  if (buffer > PROXYWASM_BUFFER_FOREIGN_FUNCTION_ARGUMENTS || max_size > (size_t)-1 - start)
    return PROXYWASM_BAD_ARGUMENT;
  bool ro;
  emu_buf *b = buf_for(f, buffer, &ro, &st);
  if (b == NULL)
    return st;
  size_t n = 0;
  if (start < b->len)
    n = max_size < b->len - start ? max_size : b->len - start;
  return proxywasm__emu_copy_out(f, n ? b->data + start : NULL, n, data, size);
}

uint32_t proxy_set_buffer_bytes(uint32_t buffer, size_t start, size_t size, const char *data,
                                size_t data_size) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_set_buffer_bytes, &st);
  if (f == NULL)
    return st;
  bool ro;
  emu_buf *b = buf_for(f, buffer, &ro, &st);
  if (b == NULL)
    return st;
  if (ro)
    return PROXYWASM_BAD_ARGUMENT;
  if (data == NULL && data_size)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  int r;
  if (start == 0) {
    proxywasm__emu_buf_drop_front(b, size);
    r = proxywasm__emu_buf_prepend(b, data, data_size);
  } else if (start >= b->len) {
    r = proxywasm__emu_buf_append(b, data, data_size);
  } else {
    return PROXYWASM_BAD_ARGUMENT; /* Envoy does not splice mid-buffer */
  }
  return r == 0 ? PROXYWASM_OK : PROXYWASM_INTERNAL_FAILURE;
}

uint32_t proxy_get_buffer_status(uint32_t buffer, size_t *size, uint32_t *flags) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_get_buffer_status, &st);
  if (f == NULL)
    return st;
  bool ro;
  emu_buf *b = buf_for(f, buffer, &ro, &st);
  if (b == NULL)
    return st;
  if (size == NULL || flags == NULL)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  *size = b->len;
  *flags = 0; /* Envoy never sets EndOfStream */
  return PROXYWASM_OK;
}
