/*
 * callout.c - HTTP callouts and gRPC calls: the hostcalls that start them,
 * the test's answers (delivered to the owning root context, as Envoy
 * does) and inspection.
 *
 * Tokens are numbered as Envoy does: per VM and per kind, HTTP calls from
 * 1, gRPC calls odd and gRPC streams even, so an HTTP call and a gRPC call
 * in flight can share a token (plugins must tell them apart by kind).
 */
#include <stdio.h>
#include <stdlib.h>

#include "abi.h"
#include "internal.h"

static uint32_t next_http_token(proxywasm_emu_vm *vm) {
  uint32_t t = ++vm->next_http_token;
  return t ? t : ++vm->next_http_token;
}

/* gRPC: calls take odd tokens, streams even ones (never 0). */
static uint32_t next_grpc_token(proxywasm_emu_vm *vm, bool stream) {
  uint32_t t = ++vm->next_grpc_token;
  if (((t & 1) == 0) != stream)
    t = ++vm->next_grpc_token;
  return t ? t : (vm->next_grpc_token += 2);
}

/* Envoy refuses clusters it does not know. With none declared (and strict
   mode off) the emulator accepts any name but says so in the host error, so
   a typo that Envoy would reject is visible. */
static bool cluster_ok(proxywasm_emu *emu, const char *what, const char *name, size_t len) {
  for (size_t i = 0; i < emu->nclusters; i++)
    if (strlen(emu->clusters[i]) == len && memcmp(emu->clusters[i], name, len) == 0)
      return true;
  if (emu->nclusters == 0 && !emu->strict_clusters) {
    proxywasm__emu_err(emu,
                       "%s: cluster \"%.*s\" accepted only because no cluster is declared; "
                       "Envoy rejects unknown clusters (see proxywasm_emu_add_cluster)",
                       what, (int)(len > 200 ? 200 : len), name ? name : "");
    return true;
  }
  proxywasm__emu_err(emu, "%s: unknown cluster \"%.*s\"", what, (int)(len > 200 ? 200 : len),
                     name ? name : "");
  return false;
}

void proxywasm__emu_delivery_clear(emu_delivery *d) {
  d->kind = EMU_DELIVER_NONE;
  d->root = 0;
  proxywasm__emu_map_clear(&d->headers);
  proxywasm__emu_map_clear(&d->trailers);
  proxywasm__emu_buf_clear(&d->body);
}

static void callout_free(emu_callout *c) {
  proxywasm__emu_map_free(&c->headers);
  proxywasm__emu_map_free(&c->trailers);
  proxywasm__emu_buf_free(&c->body);
  free(c->cluster);
  free(c);
}

static void grpc_free(emu_grpc *g) {
  proxywasm__emu_buf_free(&g->upstream);
  proxywasm__emu_buf_free(&g->message);
  free(g->service);
  free(g->method);
  proxywasm__emu_map_free(&g->metadata);
  for (size_t i = 0; i < g->nsends; i++)
    proxywasm__emu_buf_free(&g->sends[i]);
  free(g->sends);
  free(g);
}

void proxywasm__emu_callouts_free(proxywasm_emu_vm *vm) {
  for (size_t i = 0; i < vm->ncallouts; i++)
    callout_free(vm->callouts[i]);
  free(vm->callouts);
  for (size_t i = 0; i < vm->ngrpcs; i++)
    grpc_free(vm->grpcs[i]);
  free(vm->grpcs);
}

static int push(void ***arr, size_t *n, size_t *cap, void *item) {
  if (*n == *cap) {
    size_t ncap = *cap ? *cap * 2 : 8;
    void **a = realloc(*arr, ncap * sizeof *a);
    if (a == NULL)
      return -1;
    *arr = a;
    *cap = ncap;
  }
  (*arr)[(*n)++] = item;
  return 0;
}

/* ---- HTTP callouts ---- */

uint32_t proxy_http_call(const char *upstream, size_t upstream_size, const char *headers,
                         size_t headers_size, const char *body, size_t body_size,
                         const char *trailers, size_t trailers_size, uint32_t timeout_ms,
                         uint32_t *token) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_http_call, &st);
  if (f == NULL)
    return st;
  if ((upstream == NULL && upstream_size) || (headers == NULL && headers_size) ||
      (body == NULL && body_size) || (trailers == NULL && trailers_size) || token == NULL)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  emu_ctx *root = proxywasm__emu_root_of(f->vm, proxywasm__emu_eff(f));
  if (root == NULL || timeout_ms > INT32_MAX ||
      !cluster_ok(f->vm->host, "proxy_http_call", upstream, upstream_size))
    return PROXYWASM_BAD_ARGUMENT;
  emu_callout *c = calloc(1, sizeof *c);
  if (c == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  if (proxywasm__emu_map_decode(&c->headers, headers, headers_size, false) == -2 ||
      proxywasm__emu_map_decode(&c->trailers, trailers, trailers_size, false) == -2) {
    callout_free(c);
    return PROXYWASM_INTERNAL_FAILURE;
  }
  /* Envoy needs the three pseudo-headers to build the request. */
  if (!proxywasm__emu_map_find(&c->headers, ":method", 7) ||
      !proxywasm__emu_map_find(&c->headers, ":path", 5) ||
      !proxywasm__emu_map_find(&c->headers, ":authority", 10)) {
    callout_free(c);
    return PROXYWASM_BAD_ARGUMENT;
  }
  proxywasm__emu_map_check(f, EMU_HC_http_call, &c->headers);
  proxywasm__emu_map_check(f, EMU_HC_http_call, &c->trailers);
  c->cluster = proxywasm__emu_memdup(upstream ? upstream : "", upstream_size);
  if (c->cluster == NULL || proxywasm__emu_buf_set(&c->body, body ? body : "", body_size) != 0 ||
      push((void ***)&f->vm->callouts, &f->vm->ncallouts, &f->vm->capcallouts, c) != 0) {
    callout_free(c);
    return PROXYWASM_INTERNAL_FAILURE;
  }
  c->pub.token = next_http_token(f->vm);
  c->pub.context_id = f->eff;
  c->pub.root_id = root->id;
  c->pub.timeout_ms = timeout_ms;
  *token = c->pub.token;
  return PROXYWASM_OK;
}

static void sync_callout(emu_callout *c) {
  c->pub.cluster = c->cluster;
  c->pub.headers = c->headers.v;
  c->pub.header_count = c->headers.n;
  c->pub.body = c->body.data ? c->body.data : "";
  c->pub.body_len = c->body.len;
  c->pub.trailers = c->trailers.v;
  c->pub.trailer_count = c->trailers.n;
}

size_t proxywasm_emu_callout_count(const proxywasm_emu_vm *vm, uint32_t context_id) {
  size_t n = 0;
  for (size_t i = 0; vm && i < vm->ncallouts; i++)
    n += context_id == 0 || vm->callouts[i]->pub.context_id == context_id;
  return n;
}

const proxywasm_emu_callout *proxywasm_emu_callout_get(const proxywasm_emu_vm *vm,
                                                       uint32_t context_id, size_t index) {
  for (size_t i = 0; vm && i < vm->ncallouts; i++) {
    emu_callout *c = vm->callouts[i];
    if ((context_id == 0 || c->pub.context_id == context_id) && index-- == 0) {
      sync_callout(c);
      return &c->pub;
    }
  }
  return NULL;
}

static emu_callout *find_callout(const proxywasm_emu_vm *vm, uint32_t token) {
  for (size_t i = 0; vm && i < vm->ncallouts; i++)
    if (vm->callouts[i]->pub.token == token)
      return vm->callouts[i];
  return NULL;
}

const proxywasm_emu_callout *proxywasm_emu_callout_find(const proxywasm_emu_vm *vm,
                                                        uint32_t token) {
  emu_callout *c = find_callout(vm, token);
  if (c == NULL)
    return NULL;
  sync_callout(c);
  return &c->pub;
}

static proxywasm_status http_answer(proxywasm_emu_vm *vm, uint32_t token, bool ok,
                                    const proxywasm_header *h, size_t nh, const void *body,
                                    size_t blen, const proxywasm_header *t, size_t nt) {
  if (!proxywasm__emu_vm_ok(vm))
    return PROXYWASM_BAD_ARGUMENT;
  emu_callout *c = find_callout(vm, token);
  if (c == NULL || c->pub.answered)
    return PROXYWASM_NOT_FOUND;
  emu_ctx *root = proxywasm__emu_live(vm, c->pub.root_id);
  if (root == NULL) {
    c->pub.answered = true; /* Envoy cancels the calls of a deleted root */
    return PROXYWASM_NOT_FOUND;
  }
  if (vm->delivery.kind != EMU_DELIVER_NONE) {
    /* Refused before anything happened: the test may answer again later. */
    proxywasm__emu_err(vm->host, "callout_reply: another delivery is running");
    return PROXYWASM_INTERNAL_FAILURE;
  }
  c->pub.answered = true;
  emu_delivery *d = &vm->delivery;
  if (ok) {
    if (proxywasm__emu_map_assign(&d->headers, h, nh, true) != 0 ||
        proxywasm__emu_map_assign(&d->trailers, t, nt, true) != 0 ||
        proxywasm__emu_buf_set(&d->body, body ? body : "", body ? blen : 0) != 0) {
      proxywasm__emu_delivery_clear(d);
      c->pub.answered = false; /* nothing delivered: may be retried */
      return PROXYWASM_INTERNAL_FAILURE;
    }
    d->kind = EMU_DELIVER_HTTP;
    d->root = root->id;
  } else {
    /* Envoy's onHttpCallFailure: no response, status (BrokenConnection, "reset"). */
    root->status_code = PROXYWASM_BROKEN_CONNECTION;
    (void)proxywasm__emu_buf_set(&root->status_msg, "reset", 5);
    nh = nt = 0;
    blen = 0;
  }
  if (vm->ex.http_call_response) {
    emu_frame f;
    proxywasm__emu_enter(&f, vm, root->id);
    proxywasm__emu_trace(vm, "proxy_on_http_call_response(%u,%u,%zu,%zu,%zu)", root->id, token, nh,
                         d->body.len, nt);
    vm->ex.http_call_response(root->id, token, (uint32_t)nh, (uint32_t)d->body.len, (uint32_t)nt);
    proxywasm__emu_delivery_clear(d);
    proxywasm__emu_leave(&f);
  }
  proxywasm__emu_delivery_clear(d);
  if (!ok)
    proxywasm__emu_buf_clear(&root->status_msg); /* Envoy clears it after the call */
  proxywasm__emu_flush(vm->host);
  return PROXYWASM_OK;
}

proxywasm_status proxywasm_emu_callout_reply(proxywasm_emu_vm *vm, uint32_t token,
                                             const proxywasm_header *headers, size_t count,
                                             const void *body, size_t body_len,
                                             const proxywasm_header *trailers,
                                             size_t trailer_count) {
  return http_answer(vm, token, true, headers, count, body, body_len, trailers, trailer_count);
}

proxywasm_status proxywasm_emu_callout_fail(proxywasm_emu_vm *vm, uint32_t token) {
  return http_answer(vm, token, false, NULL, 0, NULL, 0, NULL, 0);
}

/* Envoy's async client answers these itself, as a normal response (a local
   reply of its router); tests/fidelity checks the exact headers and body. */
static proxywasm_status local_answer(proxywasm_emu_vm *vm, uint32_t token, const char *code,
                                     const char *body) {
  char len[24];
  snprintf(len, sizeof len, "%zu", strlen(body));
  proxywasm_header h[] = {{{":status", 7}, {code, 3}},
                          {{"content-length", 14}, {len, strlen(len)}},
                          PROXYWASM_HEADER("content-type", "text/plain")};
  return http_answer(vm, token, true, h, 3, body, strlen(body), NULL, 0);
}

proxywasm_status proxywasm_emu_callout_timeout(proxywasm_emu_vm *vm, uint32_t token) {
  return local_answer(vm, token, "504", "upstream request timeout");
}

proxywasm_status proxywasm_emu_callout_unreachable(proxywasm_emu_vm *vm, uint32_t token) {
  return local_answer(vm, token, "503",
                      "upstream connect error or disconnect/reset before headers. "
                      "reset reason: remote connection failure");
}

/* ---- gRPC ---- */

static uint32_t grpc_start(int hc, const char *upstream, size_t upstream_size, const char *service,
                           size_t service_size, const char *method, size_t method_size,
                           const char *md, size_t md_size, const char *msg, size_t msg_size,
                           uint32_t timeout_ms, uint32_t *token) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(hc, &st);
  if (f == NULL)
    return st;
  if ((upstream == NULL && upstream_size) || (service == NULL && service_size) ||
      (method == NULL && method_size) || (md == NULL && md_size) || (msg == NULL && msg_size) ||
      token == NULL)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  emu_ctx *root = proxywasm__emu_root_of(f->vm, proxywasm__emu_eff(f));
  if (root == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  /* Envoy: an unknown cluster (or unparsable GrpcService) is a parse failure. */
  if (!cluster_ok(f->vm->host, proxywasm__emu_hostcall_names[hc], upstream, upstream_size))
    return PROXYWASM_PARSE_FAILURE;
  emu_grpc *g = calloc(1, sizeof *g);
  if (g == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  g->service = proxywasm__emu_memdup(service ? service : "", service_size);
  g->method = proxywasm__emu_memdup(method ? method : "", method_size);
  if (g->service == NULL || g->method == NULL ||
      proxywasm__emu_buf_set(&g->upstream, upstream ? upstream : "", upstream_size) != 0 ||
      proxywasm__emu_buf_set(&g->message, msg ? msg : "", msg_size) != 0 ||
      proxywasm__emu_map_decode(&g->metadata, md, md_size, true) == -2 ||
      push((void ***)&f->vm->grpcs, &f->vm->ngrpcs, &f->vm->capgrpcs, g) != 0) {
    grpc_free(g);
    return PROXYWASM_INTERNAL_FAILURE;
  }
  /* The service and method form the request's :path. */
  proxywasm__emu_field_check(f, hc, ":path", 5, g->service, service_size);
  proxywasm__emu_field_check(f, hc, ":path", 5, g->method, method_size);
  proxywasm__emu_map_check(f, hc, &g->metadata);
  g->pub.token = next_grpc_token(f->vm, hc == EMU_HC_grpc_stream);
  g->pub.context_id = f->eff;
  g->pub.root_id = root->id;
  g->pub.stream = hc == EMU_HC_grpc_stream;
  g->pub.timeout_ms = timeout_ms;
  *token = g->pub.token;
  return PROXYWASM_OK;
}

uint32_t proxy_grpc_call(const char *upstream, size_t upstream_size, const char *service,
                         size_t service_size, const char *method, size_t method_size,
                         const char *initial_metadata, size_t initial_metadata_size,
                         const char *message, size_t message_size, uint32_t timeout_ms,
                         uint32_t *token) {
  return grpc_start(EMU_HC_grpc_call, upstream, upstream_size, service, service_size, method,
                    method_size, initial_metadata, initial_metadata_size, message, message_size,
                    timeout_ms, token);
}

uint32_t proxy_grpc_stream(const char *upstream, size_t upstream_size, const char *service,
                           size_t service_size, const char *method, size_t method_size,
                           const char *initial_metadata, size_t initial_metadata_size,
                           uint32_t *token) {
  return grpc_start(EMU_HC_grpc_stream, upstream, upstream_size, service, service_size, method,
                    method_size, initial_metadata, initial_metadata_size, NULL, 0, 0, token);
}

static emu_grpc *find_grpc(const proxywasm_emu_vm *vm, uint32_t token) {
  for (size_t i = 0; vm && i < vm->ngrpcs; i++)
    if (vm->grpcs[i]->pub.token == token)
      return vm->grpcs[i];
  return NULL;
}

static bool grpc_open(const emu_grpc *g) {
  return g && !g->pub.cancelled && !g->pub.closed && !g->pub.finished;
}

uint32_t proxy_grpc_send(uint32_t token, const char *message, size_t message_size,
                         uint32_t end_stream) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_grpc_send, &st);
  if (f == NULL)
    return st;
  /* Envoy tells calls (odd tokens) from streams (even) before the lookup. */
  if (token & 1)
    return PROXYWASM_BAD_ARGUMENT;
  emu_grpc *g = find_grpc(f->vm, token);
  if (!grpc_open(g) || !g->pub.stream)
    return PROXYWASM_NOT_FOUND;
  if (g->pub.half_closed)
    proxywasm__emu_err(f->vm->host,
                       "proxy_grpc_send: stream %u is already half-closed; Envoy "
                       "accepts the call but the message has nowhere to go",
                       token);
  if (message == NULL && message_size)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  emu_buf *n = realloc(g->sends, (g->nsends + 1) * sizeof *n);
  if (n == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  g->sends = n;
  memset(&g->sends[g->nsends], 0, sizeof *n);
  if (proxywasm__emu_buf_set(&g->sends[g->nsends], message ? message : "", message_size) != 0)
    return PROXYWASM_INTERNAL_FAILURE;
  g->nsends++;
  g->pub.num_sent = g->nsends;
  if (end_stream)
    g->pub.half_closed = true;
  return PROXYWASM_OK;
}

static uint32_t grpc_end(int hc, uint32_t token) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(hc, &st);
  if (f == NULL)
    return st;
  emu_grpc *g = find_grpc(f->vm, token);
  if (!grpc_open(g))
    return PROXYWASM_NOT_FOUND;
  if (hc == EMU_HC_grpc_cancel)
    g->pub.cancelled = true;
  else if (g->pub.stream && !g->ending)
    g->pub.half_closed = true; /* Envoy closes our side; the server's close still comes */
  else
    g->pub.closed = true;
  return PROXYWASM_OK;
}

uint32_t proxy_grpc_cancel(uint32_t token) { return grpc_end(EMU_HC_grpc_cancel, token); }

uint32_t proxy_grpc_close(uint32_t token) { return grpc_end(EMU_HC_grpc_close, token); }

static void sync_grpc(emu_grpc *g) {
  g->pub.upstream = g->upstream.data ? g->upstream.data : "";
  g->pub.upstream_len = g->upstream.len;
  g->pub.service = g->service;
  g->pub.method = g->method;
  g->pub.initial_metadata = g->metadata.v;
  g->pub.metadata_count = g->metadata.n;
  g->pub.message = g->message.data ? g->message.data : "";
  g->pub.message_len = g->message.len;
}

size_t proxywasm_emu_grpc_count(const proxywasm_emu_vm *vm, uint32_t context_id) {
  size_t n = 0;
  for (size_t i = 0; vm && i < vm->ngrpcs; i++)
    n += context_id == 0 || vm->grpcs[i]->pub.context_id == context_id;
  return n;
}

const proxywasm_emu_grpc *proxywasm_emu_grpc_get(const proxywasm_emu_vm *vm, uint32_t context_id,
                                                 size_t index) {
  for (size_t i = 0; vm && i < vm->ngrpcs; i++) {
    emu_grpc *g = vm->grpcs[i];
    if ((context_id == 0 || g->pub.context_id == context_id) && index-- == 0) {
      sync_grpc(g);
      return &g->pub;
    }
  }
  return NULL;
}

const proxywasm_emu_grpc *proxywasm_emu_grpc_find(const proxywasm_emu_vm *vm, uint32_t token) {
  emu_grpc *g = find_grpc(vm, token);
  if (g == NULL)
    return NULL;
  sync_grpc(g);
  return &g->pub;
}

const char *proxywasm_emu_grpc_sent(const proxywasm_emu_vm *vm, uint32_t token, size_t index,
                                    size_t *len) {
  emu_grpc *g = find_grpc(vm, token);
  if (g == NULL || index >= g->nsends) {
    if (len)
      *len = 0;
    return NULL;
  }
  if (len)
    *len = g->sends[index].len;
  return g->sends[index].data ? g->sends[index].data : "";
}

static proxywasm_status grpc_deliver(proxywasm_emu_vm *vm, uint32_t token, int kind,
                                     const proxywasm_header *md, size_t n, const void *data,
                                     size_t len, uint32_t status, const char *message) {
  if (!proxywasm__emu_vm_ok(vm))
    return PROXYWASM_BAD_ARGUMENT;
  emu_grpc *g = find_grpc(vm, token);
  if (!grpc_open(g))
    return PROXYWASM_NOT_FOUND;
  emu_ctx *root = proxywasm__emu_live(vm, g->pub.root_id);
  if (root == NULL) {
    g->pub.finished = true;
    return PROXYWASM_NOT_FOUND;
  }
  if (vm->delivery.kind != EMU_DELIVER_NONE) {
    proxywasm__emu_err(vm->host, "grpc reply: another delivery is running");
    return PROXYWASM_INTERNAL_FAILURE;
  }
  /* Envoy delivers received metadata only on streams. */
  if (!g->pub.stream && (kind == EMU_DELIVER_GRPC_INITIAL || kind == EMU_DELIVER_GRPC_TRAILING)) {
    proxywasm__emu_err(vm->host,
                       "grpc reply: Envoy delivers no metadata to a unary call (token %u)", token);
    return PROXYWASM_BAD_ARGUMENT;
  }
  emu_delivery *d = &vm->delivery;
  void (*fn)(uint32_t, uint32_t, uint32_t) = NULL;
  const char *name = "";
  uint32_t arg = 0;
  int r = 0;
  switch (kind) {
  case EMU_DELIVER_GRPC_INITIAL:
  case EMU_DELIVER_GRPC_TRAILING:
    r = proxywasm__emu_map_assign(&d->headers, md, n, true);
    fn = kind == EMU_DELIVER_GRPC_INITIAL ? vm->ex.grpc_initial : vm->ex.grpc_trailing;
    name = kind == EMU_DELIVER_GRPC_INITIAL ? "proxy_on_grpc_receive_initial_metadata"
                                            : "proxy_on_grpc_receive_trailing_metadata";
    arg = (uint32_t)n;
    break;
  case EMU_DELIVER_GRPC_MESSAGE:
    r = proxywasm__emu_buf_set(&d->body, data ? data : "", data ? len : 0);
    fn = vm->ex.grpc_message;
    name = "proxy_on_grpc_receive";
    arg = (uint32_t)d->body.len;
    g->ending = !g->pub.stream; /* Envoy ends a unary call with its answer: no close follows */
    break;
  default: /* close */
    g->ending = true;
    root->status_code = status;
    r = proxywasm__emu_buf_set(&root->status_msg, message ? message : "",
                               message ? strlen(message) : 0);
    fn = vm->ex.grpc_close;
    name = "proxy_on_grpc_close";
    arg = status;
    kind = EMU_DELIVER_NONE;
    break;
  }
  if (r != 0) {
    proxywasm__emu_delivery_clear(d);
    return PROXYWASM_INTERNAL_FAILURE;
  }
  d->kind = kind;
  d->root = root->id;
  if (fn) {
    emu_frame f;
    proxywasm__emu_enter(&f, vm, root->id);
    proxywasm__emu_trace(vm, "%s(%u,%u,%u)", name, root->id, token, arg);
    fn(root->id, token, arg);
    proxywasm__emu_delivery_clear(d);
    proxywasm__emu_leave(&f);
  }
  proxywasm__emu_delivery_clear(d);
  /* In Envoy a call or stream stays known while its last callback runs
     (send, close and cancel give OK there; close or cancel ends it), and
     is gone once that returns. */
  if (g->ending) {
    g->ending = false;
    g->pub.finished = true;
  }
  if (g->pub.finished)
    proxywasm__emu_buf_clear(&root->status_msg); /* Envoy clears it after on_grpc_close */
  proxywasm__emu_flush(vm->host);
  return PROXYWASM_OK;
}

proxywasm_status proxywasm_emu_grpc_reply_initial_metadata(proxywasm_emu_vm *vm, uint32_t token,
                                                           const proxywasm_header *metadata,
                                                           size_t count) {
  return grpc_deliver(vm, token, EMU_DELIVER_GRPC_INITIAL, metadata, count, NULL, 0, 0, NULL);
}

proxywasm_status proxywasm_emu_grpc_reply_message(proxywasm_emu_vm *vm, uint32_t token,
                                                  const void *message, size_t len) {
  return grpc_deliver(vm, token, EMU_DELIVER_GRPC_MESSAGE, NULL, 0, message, len, 0, NULL);
}

proxywasm_status proxywasm_emu_grpc_reply_trailing_metadata(proxywasm_emu_vm *vm, uint32_t token,
                                                            const proxywasm_header *metadata,
                                                            size_t count) {
  return grpc_deliver(vm, token, EMU_DELIVER_GRPC_TRAILING, metadata, count, NULL, 0, 0, NULL);
}

proxywasm_status proxywasm_emu_grpc_reply_close(proxywasm_emu_vm *vm, uint32_t token,
                                                uint32_t grpc_status, const char *message) {
  return grpc_deliver(vm, token, -1, NULL, 0, NULL, 0, grpc_status, message);
}

proxywasm_status proxywasm_emu_grpc_timeout(proxywasm_emu_vm *vm, uint32_t token) {
  return grpc_deliver(vm, token, -1, NULL, 0, NULL, 0, 14,
                      "upstream request timeout{response_timeout}");
}
