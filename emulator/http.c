/*
 * http.c - HTTP stream drivers (Envoy's filter callbacks) and inspection.
 *
 * Availability follows Envoy's Context: a header map is usable while its
 * hook runs and, if the hook stopped iteration, until the stream resumes;
 * a body buffer while its hook runs and while it is being buffered.
 */
#include <stdlib.h>

#include "internal.h"

enum { REQ_H = 0, REQ_T = 1, RESP_H = 2, RESP_T = 3 };
enum { REQ_B = 0, RESP_B = 1 };

uint32_t proxywasm_emu_http_new(proxywasm_emu_vm *vm, uint32_t root) {
  emu_ctx *c = proxywasm__emu_stream_new(vm, root, EMU_HTTP, "http_new");
  if (c == NULL)
    return 0;
  proxywasm__emu_flush(vm->host);
  return c->id;
}

/* The status Envoy acts on, as proxy-wasm cpp-host converts a hook's result
   (convertVmCallResultToFilter*Status). A local response sent during the
   hook stops the chain whatever the hook returned. It drives the emulator's
   state (c->applied); the drivers and get_action report the raw result. */
enum { HOOK_HEADERS, HOOK_BODY, HOOK_TRAILERS };

static proxywasm_action effective(emu_ctx *c, int hook, uint32_t raw) {
  switch (hook) {
  case HOOK_HEADERS:
    if (c->lr_in_call || raw == PROXYWASM_HEADERS_STOP_ITERATION ||
        raw > PROXYWASM_HEADERS_STOP_ALL_AND_WATERMARK)
      return PROXYWASM_HEADERS_STOP_ALL_AND_WATERMARK;
    if (raw == PROXYWASM_HEADERS_CONTINUE_AND_END_STREAM)
      return PROXYWASM_CONTINUE;
    return (proxywasm_action)raw;
  case HOOK_BODY:
    if (c->lr_in_call || raw > PROXYWASM_DATA_STOP_NO_BUFFER)
      return PROXYWASM_DATA_STOP_NO_BUFFER;
    return (proxywasm_action)raw;
  default:
    return c->lr_in_call || raw != PROXYWASM_CONTINUE ? PROXYWASM_PAUSE : PROXYWASM_CONTINUE;
  }
}

/* Envoy never runs a body or trailers hook while that direction's headers
   are stopped: driving one then is a test bug, refused with an error. */
static bool headers_stopped(proxywasm_emu_vm *vm, emu_ctx *c, int dir, const char *name) {
  if (!c->headers_stopped[dir])
    return false;
  proxywasm__emu_err(vm->host,
                     "%s: the %s headers are stopped (hook returned non-CONTINUE or sent a "
                     "local response); Envoy calls no later hook of that direction until "
                     "proxy_continue_stream",
                     name, dir == 0 ? "request" : "response");
  return true;
}

static proxywasm_action headers_hook(proxywasm_emu_vm *vm, uint32_t id, int map,
                                     const proxywasm_header *h, size_t n, bool eos,
                                     uint32_t (*fn)(uint32_t, uint32_t, uint32_t),
                                     const char *name) {
  emu_ctx *c = proxywasm__emu_stream(vm, id, EMU_HTTP, name);
  if (c == NULL)
    return PROXYWASM_EMU_BAD_ACTION;
  if (proxywasm__emu_map_assign(&c->maps[map], h, n, true) != 0) {
    proxywasm__emu_err(vm->host, "%s: out of memory", name);
    return PROXYWASM_EMU_BAD_ACTION;
  }
  c->map_avail[map] = true;
  c->lr_in_call = false;
  emu_frame f;
  proxywasm__emu_enter(&f, vm, id);
  uint32_t raw = PROXYWASM_CONTINUE;
  if (fn) {
    proxywasm__emu_trace(vm, "%s(%u,%zu,%d)", name, id, n, eos ? 1 : 0);
    raw = fn(id, (uint32_t)n, eos ? 1 : 0);
  }
  proxywasm_action a = effective(c, HOOK_HEADERS, raw);
  c->action = (proxywasm_action)raw;
  c->applied = a;
  c->headers_stopped[map == REQ_H ? 0 : 1] = a != PROXYWASM_CONTINUE;
  if (a == PROXYWASM_CONTINUE)
    c->map_avail[map] = false; /* Envoy drops its pointer on Continue */
  proxywasm__emu_leave(&f);
  proxywasm__emu_flush(vm->host);
  return (proxywasm_action)raw;
}

static proxywasm_action body_hook(proxywasm_emu_vm *vm, uint32_t id, int buf, int trailers,
                                  const void *data, size_t len, bool eos,
                                  uint32_t (*fn)(uint32_t, uint32_t, uint32_t), const char *name) {
  emu_ctx *c = proxywasm__emu_stream(vm, id, EMU_HTTP, name);
  if (c == NULL || headers_stopped(vm, c, buf, name))
    return PROXYWASM_EMU_BAD_ACTION;
  if (data == NULL && len) {
    proxywasm__emu_err(vm->host, "%s: NULL data", name);
    return PROXYWASM_EMU_BAD_ACTION;
  }
  if (!c->buffering[buf])
    proxywasm__emu_buf_clear(&c->bufs[buf]);
  if (proxywasm__emu_buf_append(&c->bufs[buf], data, len) != 0) {
    proxywasm__emu_err(vm->host, "%s: out of memory", name);
    return PROXYWASM_EMU_BAD_ACTION;
  }
  c->buf_avail[buf] = true;
  /* The last body hook may add trailers (Envoy's addDecodedTrailers): the
     map exists once a write or get_header_map_size creates it; a read
     before that gives BAD_ARGUMENT, as in Envoy. */
  bool add_trailers = eos && !c->map_avail[trailers] && c->maps[trailers].n == 0;
  c->map_lazy[trailers] = add_trailers;
  c->lr_in_call = false;
  emu_frame f;
  proxywasm__emu_enter(&f, vm, id);
  uint32_t raw = PROXYWASM_CONTINUE;
  if (fn) {
    proxywasm__emu_trace(vm, "%s(%u,%zu,%d)", name, id, c->bufs[buf].len, eos ? 1 : 0);
    raw = fn(id, (uint32_t)c->bufs[buf].len, eos ? 1 : 0);
  }
  proxywasm_action a = effective(c, HOOK_BODY, raw);
  c->action = (proxywasm_action)raw;
  c->applied = a;
  c->map_lazy[trailers] = false;
  if (a == PROXYWASM_DATA_STOP_AND_BUFFER) { /* only this one makes Envoy buffer */
    c->buffering[buf] = true;
  } else {
    c->buffering[buf] = false;
    c->buf_avail[buf] = false;
    if (a == PROXYWASM_CONTINUE)
      (void)proxywasm__emu_buf_append(&c->sent[buf], c->bufs[buf].data, c->bufs[buf].len);
    /* Trailers the hook created stay: Envoy keeps the pointer it got from
       addDecodedTrailers/addEncodedTrailers for the rest of the stream. */
  }
  proxywasm__emu_leave(&f);
  proxywasm__emu_flush(vm->host);
  return (proxywasm_action)raw;
}

static proxywasm_action trailers_hook(proxywasm_emu_vm *vm, uint32_t id, int map,
                                      const proxywasm_header *h, size_t n,
                                      uint32_t (*fn)(uint32_t, uint32_t), const char *name) {
  emu_ctx *c = proxywasm__emu_stream(vm, id, EMU_HTTP, name);
  if (c == NULL || headers_stopped(vm, c, map == REQ_T ? 0 : 1, name))
    return PROXYWASM_EMU_BAD_ACTION;
  if (proxywasm__emu_map_assign(&c->maps[map], h, n, true) != 0) {
    proxywasm__emu_err(vm->host, "%s: out of memory", name);
    return PROXYWASM_EMU_BAD_ACTION;
  }
  c->map_avail[map] = true;
  c->lr_in_call = false;
  emu_frame f;
  proxywasm__emu_enter(&f, vm, id);
  uint32_t raw = PROXYWASM_CONTINUE;
  if (fn) {
    proxywasm__emu_trace(vm, "%s(%u,%zu)", name, id, n);
    raw = fn(id, (uint32_t)n);
  }
  proxywasm_action a = effective(c, HOOK_TRAILERS, raw);
  c->action = (proxywasm_action)raw;
  c->applied = a;
  if (a == PROXYWASM_CONTINUE)
    c->map_avail[map] = false;
  proxywasm__emu_leave(&f);
  proxywasm__emu_flush(vm->host);
  return (proxywasm_action)raw;
}

proxywasm_action proxywasm_emu_on_request_headers(proxywasm_emu_vm *vm, uint32_t id,
                                                  const proxywasm_header *headers, size_t count,
                                                  bool end_of_stream) {
  return headers_hook(vm, id, REQ_H, headers, count, end_of_stream,
                      vm ? vm->ex.request_headers : NULL, "proxy_on_request_headers");
}

proxywasm_action proxywasm_emu_on_request_body(proxywasm_emu_vm *vm, uint32_t id, const void *data,
                                               size_t len, bool end_of_stream) {
  return body_hook(vm, id, REQ_B, REQ_T, data, len, end_of_stream, vm ? vm->ex.request_body : NULL,
                   "proxy_on_request_body");
}

proxywasm_action proxywasm_emu_on_request_trailers(proxywasm_emu_vm *vm, uint32_t id,
                                                   const proxywasm_header *trailers, size_t count) {
  return trailers_hook(vm, id, REQ_T, trailers, count, vm ? vm->ex.request_trailers : NULL,
                       "proxy_on_request_trailers");
}

proxywasm_action proxywasm_emu_on_response_headers(proxywasm_emu_vm *vm, uint32_t id,
                                                   const proxywasm_header *headers, size_t count,
                                                   bool end_of_stream) {
  return headers_hook(vm, id, RESP_H, headers, count, end_of_stream,
                      vm ? vm->ex.response_headers : NULL, "proxy_on_response_headers");
}

proxywasm_action proxywasm_emu_on_response_body(proxywasm_emu_vm *vm, uint32_t id, const void *data,
                                                size_t len, bool end_of_stream) {
  return body_hook(vm, id, RESP_B, RESP_T, data, len, end_of_stream,
                   vm ? vm->ex.response_body : NULL, "proxy_on_response_body");
}

proxywasm_action proxywasm_emu_on_response_trailers(proxywasm_emu_vm *vm, uint32_t id,
                                                    const proxywasm_header *trailers,
                                                    size_t count) {
  return trailers_hook(vm, id, RESP_T, trailers, count, vm ? vm->ex.response_trailers : NULL,
                       "proxy_on_response_trailers");
}

static void simple_call(proxywasm_emu_vm *vm, emu_ctx *c, void (*fn)(uint32_t),
                        uint32_t (*fn_done)(uint32_t), const char *name) {
  if (fn == NULL && fn_done == NULL)
    return;
  emu_frame f;
  proxywasm__emu_enter(&f, vm, c->id);
  proxywasm__emu_trace(vm, "%s(%u)", name, c->id);
  if (fn)
    fn(c->id);
  else
    (void)fn_done(c->id); /* streams: Envoy ignores the answer */
  proxywasm__emu_leave(&f);
}

void proxywasm_emu_http_complete(proxywasm_emu_vm *vm, uint32_t id) {
  emu_ctx *c = proxywasm__emu_stream(vm, id, EMU_HTTP, "http_complete");
  if (c == NULL)
    return;
  /* The access-log phase: headers readable, not writable; trailers Envoy
     still holds (created at the end of a body) stay writable. */
  for (int i = 0; i < 4; i++) {
    c->buf_avail[i] = false;
    if (i == REQ_H || i == PROXYWASM_MAP_HTTP_RESPONSE_HEADERS)
      c->map_avail[i] = false;
  }
  c->in_log = true;
  simple_call(vm, c, vm->ex.log, NULL, "proxy_on_log");
  c->in_log = false;
  simple_call(vm, c, NULL, vm->ex.done, "proxy_on_done");
  if (c->state != PROXYWASM_EMU_CONTEXT_DELETED)
    proxywasm__emu_delete(vm, c);
  proxywasm__emu_flush(vm->host);
}

void proxywasm_emu_tcp_complete(proxywasm_emu_vm *vm, uint32_t id) {
  emu_ctx *c = proxywasm__emu_stream(vm, id, EMU_TCP, "tcp_complete");
  if (c == NULL)
    return;
  for (int i = 0; i < 4; i++)
    c->buf_avail[i] = false;
  simple_call(vm, c, NULL, vm->ex.done, "proxy_on_done");
  simple_call(vm, c, vm->ex.log, NULL, "proxy_on_log");
  if (c->state != PROXYWASM_EMU_CONTEXT_DELETED)
    proxywasm__emu_delete(vm, c);
  proxywasm__emu_flush(vm->host);
}

/* A deferred proxy_continue_stream takes effect. */
void proxywasm__emu_resume(emu_ctx *c, uint32_t stream) {
  c->action = PROXYWASM_CONTINUE;
  c->applied = PROXYWASM_CONTINUE;
  c->resumes[stream]++;
  int buf = (int)stream; /* stream and buffer types line up: 0 1 2 */
  if (c->buffering[buf]) {
    (void)proxywasm__emu_buf_append(&c->sent[buf], c->bufs[buf].data, c->bufs[buf].len);
    c->buffering[buf] = false;
  }
  c->buf_avail[buf] = false;
  if (c->kind == EMU_HTTP && stream <= PROXYWASM_STREAM_HTTP_RESPONSE) {
    c->headers_stopped[stream] = false;
    /* Envoy's continueStream drops the request pointers whichever side it
       resumed: response headers and trailers stay usable. */
    c->map_avail[REQ_H] = c->map_avail[REQ_T] = false;
    c->buf_avail[REQ_B] = false;
  }
}

/* ---- inspection ---- */

proxywasm_action proxywasm_emu_get_action(const proxywasm_emu_vm *vm, uint32_t id) {
  emu_ctx *c = proxywasm__emu_ctx(vm, id);
  return c && c->kind != EMU_ROOT ? c->action : PROXYWASM_EMU_BAD_ACTION;
}

proxywasm_action proxywasm_emu_get_applied_action(const proxywasm_emu_vm *vm, uint32_t id) {
  emu_ctx *c = proxywasm__emu_ctx(vm, id);
  return c && c->kind != EMU_ROOT ? c->applied : PROXYWASM_EMU_BAD_ACTION;
}

static const proxywasm_header *map_of(const proxywasm_emu_vm *vm, uint32_t id, int m,
                                      size_t *count) {
  emu_ctx *c = proxywasm__emu_ctx(vm, id);
  if (c == NULL || c->kind != EMU_HTTP) {
    if (count)
      *count = 0;
    return NULL;
  }
  if (count)
    *count = c->maps[m].n;
  return c->maps[m].n ? c->maps[m].v : NULL;
}

const proxywasm_header *proxywasm_emu_get_request_headers(const proxywasm_emu_vm *vm, uint32_t id,
                                                          size_t *count) {
  return map_of(vm, id, REQ_H, count);
}

const proxywasm_header *proxywasm_emu_get_request_trailers(const proxywasm_emu_vm *vm, uint32_t id,
                                                           size_t *count) {
  return map_of(vm, id, REQ_T, count);
}

const proxywasm_header *proxywasm_emu_get_response_headers(const proxywasm_emu_vm *vm, uint32_t id,
                                                           size_t *count) {
  return map_of(vm, id, RESP_H, count);
}

const proxywasm_header *proxywasm_emu_get_response_trailers(const proxywasm_emu_vm *vm, uint32_t id,
                                                            size_t *count) {
  return map_of(vm, id, RESP_T, count);
}

static const char *value_of(const proxywasm_emu_vm *vm, uint32_t id, int m, const char *name) {
  emu_ctx *c = proxywasm__emu_ctx(vm, id);
  if (c == NULL || c->kind != EMU_HTTP || name == NULL)
    return NULL;
  const proxywasm_header *h = proxywasm__emu_map_find(&c->maps[m], name, strlen(name));
  return h ? h->value.data : NULL;
}

const char *proxywasm_emu_get_request_header(const proxywasm_emu_vm *vm, uint32_t id,
                                             const char *name) {
  return value_of(vm, id, REQ_H, name);
}

const char *proxywasm_emu_get_response_header(const proxywasm_emu_vm *vm, uint32_t id,
                                              const char *name) {
  return value_of(vm, id, RESP_H, name);
}

size_t proxywasm_emu_header_count(const proxywasm_header *headers, size_t count, const char *name) {
  size_t n = 0;
  for (size_t i = 0; headers && name && i < count; i++)
    n += proxywasm__emu_name_eq(headers[i].name.data, headers[i].name.len, name, strlen(name));
  return n;
}

const char *proxywasm_emu_header_get(const proxywasm_header *headers, size_t count,
                                     const char *name, size_t *len) {
  for (size_t i = 0; headers && name && i < count; i++) {
    if (proxywasm__emu_name_eq(headers[i].name.data, headers[i].name.len, name, strlen(name))) {
      if (len)
        *len = headers[i].value.len;
      return headers[i].value.data ? headers[i].value.data : "";
    }
  }
  if (len)
    *len = 0;
  return NULL;
}

static const char *bytes_of(const proxywasm_emu_vm *vm, uint32_t id, int kind, bool sent, int b,
                            size_t *len) {
  emu_ctx *c = proxywasm__emu_ctx(vm, id);
  if (c == NULL || c->kind != kind) {
    if (len)
      *len = 0;
    return NULL;
  }
  const emu_buf *buf = sent ? &c->sent[b] : &c->bufs[b];
  if (len)
    *len = buf->len;
  return buf->data ? buf->data : "";
}

const char *proxywasm_emu_get_request_body(const proxywasm_emu_vm *vm, uint32_t id, size_t *len) {
  return bytes_of(vm, id, EMU_HTTP, false, REQ_B, len);
}

const char *proxywasm_emu_get_request_body_sent(const proxywasm_emu_vm *vm, uint32_t id,
                                                size_t *len) {
  return bytes_of(vm, id, EMU_HTTP, true, REQ_B, len);
}

const char *proxywasm_emu_get_response_body(const proxywasm_emu_vm *vm, uint32_t id, size_t *len) {
  return bytes_of(vm, id, EMU_HTTP, false, RESP_B, len);
}

const char *proxywasm_emu_get_response_body_sent(const proxywasm_emu_vm *vm, uint32_t id,
                                                 size_t *len) {
  return bytes_of(vm, id, EMU_HTTP, true, RESP_B, len);
}

const char *proxywasm_emu_get_downstream_data(const proxywasm_emu_vm *vm, uint32_t id,
                                              size_t *len) {
  return bytes_of(vm, id, EMU_TCP, false, PROXYWASM_BUFFER_DOWNSTREAM_DATA, len);
}

const char *proxywasm_emu_get_downstream_data_sent(const proxywasm_emu_vm *vm, uint32_t id,
                                                   size_t *len) {
  return bytes_of(vm, id, EMU_TCP, true, PROXYWASM_BUFFER_DOWNSTREAM_DATA, len);
}

const char *proxywasm_emu_get_upstream_data(const proxywasm_emu_vm *vm, uint32_t id, size_t *len) {
  return bytes_of(vm, id, EMU_TCP, false, PROXYWASM_BUFFER_UPSTREAM_DATA, len);
}

const char *proxywasm_emu_get_upstream_data_sent(const proxywasm_emu_vm *vm, uint32_t id,
                                                 size_t *len) {
  return bytes_of(vm, id, EMU_TCP, true, PROXYWASM_BUFFER_UPSTREAM_DATA, len);
}

const proxywasm_emu_local_response *proxywasm_emu_get_local_response(const proxywasm_emu_vm *vm,
                                                                     uint32_t id) {
  emu_ctx *c = proxywasm__emu_ctx(vm, id);
  return c && c->has_lr ? &c->lr : NULL;
}

unsigned proxywasm_emu_get_close_count(const proxywasm_emu_vm *vm, uint32_t id,
                                       proxywasm_stream stream) {
  emu_ctx *c = proxywasm__emu_ctx(vm, id);
  return c && (unsigned)stream < 4 ? c->closes[stream] : 0;
}

unsigned proxywasm_emu_get_resume_count(const proxywasm_emu_vm *vm, uint32_t id,
                                        proxywasm_stream stream) {
  emu_ctx *c = proxywasm__emu_ctx(vm, id);
  return c && (unsigned)stream < 4 ? c->resumes[stream] : 0;
}
