/*
 * wasm_env.c - the module's env.proxy_* imports in the wasm mode: each
 * checks the module's pointers against its memory (INVALID_MEMORY_ACCESS
 * outside, as Envoy answers), calls the emulator's native hostcall of the
 * same name, and writes results back as 32-bit addresses and sizes.
 * Results are written only on success; memory may move while the host
 * allocates in the module, so addresses are recomputed after the call.
 */
#include "abi.h"
#include "wasm_host.h"

#define BAD PROXYWASM_INVALID_MEMORY_ACCESS
#define OK PROXYWASM_OK

/* Every import but proxy_log is refused while the module starts or
   allocates (Envoy's restricted callbacks). */
#define ENTER(e)                     \
  emu_wasm *w = (e)->w;              \
  proxywasm__emu_wasm_allowed(w, 0); \
  w->last_ptr = NULL
#define IN(var, off, len)                                    \
  const char *var = proxywasm__emu_wasm_at(w, (off), (len)); \
  if (var == NULL)                                           \
  return BAD
#define OUT(off, n)                                  \
  if (proxywasm__emu_wasm_at(w, (off), (n)) == NULL) \
  return BAD

static void put32(emu_wasm *w, uint32_t off, uint32_t v) {
  memcpy(proxywasm__emu_wasm_at(w, off, 4), &v, 4);
}

static void put64(emu_wasm *w, uint32_t off, uint64_t v) {
  memcpy(proxywasm__emu_wasm_at(w, off, 8), &v, 8);
}

/* A buffer the host copied into the module: its address and size. */
static uint32_t give(emu_wasm *w, uint32_t st, const char *p, size_t n, uint32_t p_off,
                     uint32_t n_off) {
  if (st == OK) {
    put32(w, p_off, proxywasm__emu_wasm_addr(w, p));
    put32(w, n_off, (uint32_t)n);
  }
  return st;
}

uint32_t Z_envZ_proxy_log(struct Z_env_instance_t *e, uint32_t level, uint32_t msg, uint32_t size) {
  emu_wasm *w = e->w;
  IN(m, msg, size);
  return proxy_log(level, m, size);
}

uint32_t Z_envZ_proxy_get_log_level(struct Z_env_instance_t *e, uint32_t out) {
  ENTER(e);
  OUT(out, 4);
  uint32_t level = 0, st = proxy_get_log_level(&level);
  if (st == OK)
    put32(w, out, level);
  return st;
}

uint32_t Z_envZ_proxy_get_current_time_nanoseconds(struct Z_env_instance_t *e, uint32_t out) {
  ENTER(e);
  OUT(out, 8);
  uint64_t ns = 0;
  uint32_t st = proxy_get_current_time_nanoseconds(&ns);
  if (st == OK)
    put64(w, out, ns);
  return st;
}

uint32_t Z_envZ_proxy_get_status(struct Z_env_instance_t *e, uint32_t code, uint32_t msg,
                                 uint32_t size) {
  ENTER(e);
  OUT(code, 4);
  OUT(msg, 4);
  OUT(size, 4);
  uint32_t c = 0;
  const char *p = NULL;
  size_t n = 0;
  uint32_t st = proxy_get_status(&c, &p, &n);
  if (st == OK)
    put32(w, code, c);
  return give(w, st, p, n, msg, size);
}

uint32_t Z_envZ_proxy_set_tick_period_milliseconds(struct Z_env_instance_t *e, uint32_t ms) {
  ENTER(e);
  return proxy_set_tick_period_milliseconds(ms);
}

uint32_t Z_envZ_proxy_set_effective_context(struct Z_env_instance_t *e, uint32_t id) {
  ENTER(e);
  return proxy_set_effective_context(id);
}

uint32_t Z_envZ_proxy_done(struct Z_env_instance_t *e) {
  ENTER(e);
  return proxy_done();
}

uint32_t Z_envZ_proxy_get_buffer_bytes(struct Z_env_instance_t *e, uint32_t type, uint32_t start,
                                       uint32_t max, uint32_t data, uint32_t size) {
  ENTER(e);
  OUT(data, 4);
  OUT(size, 4);
  const char *p = NULL;
  size_t n = 0;
  uint32_t st = proxy_get_buffer_bytes(type, start, max, &p, &n);
  return give(w, st, p, n, data, size);
}

uint32_t Z_envZ_proxy_set_buffer_bytes(struct Z_env_instance_t *e, uint32_t type, uint32_t start,
                                       uint32_t size, uint32_t data, uint32_t data_size) {
  ENTER(e);
  IN(d, data, data_size);
  return proxy_set_buffer_bytes(type, start, size, d, data_size);
}

uint32_t Z_envZ_proxy_get_buffer_status(struct Z_env_instance_t *e, uint32_t type, uint32_t size,
                                        uint32_t flags) {
  ENTER(e);
  OUT(size, 4);
  OUT(flags, 4);
  size_t n = 0;
  uint32_t f = 0, st = proxy_get_buffer_status(type, &n, &f);
  if (st == OK) {
    put32(w, size, (uint32_t)n);
    put32(w, flags, f);
  }
  return st;
}

uint32_t Z_envZ_proxy_get_header_map_pairs(struct Z_env_instance_t *e, uint32_t map, uint32_t data,
                                           uint32_t size) {
  ENTER(e);
  OUT(data, 4);
  OUT(size, 4);
  const char *p = NULL;
  size_t n = 0;
  uint32_t st = proxy_get_header_map_pairs(map, &p, &n);
  return give(w, st, p, n, data, size);
}

uint32_t Z_envZ_proxy_set_header_map_pairs(struct Z_env_instance_t *e, uint32_t map, uint32_t data,
                                           uint32_t size) {
  ENTER(e);
  IN(d, data, size);
  return proxy_set_header_map_pairs(map, d, size);
}

uint32_t Z_envZ_proxy_get_header_map_size(struct Z_env_instance_t *e, uint32_t map, uint32_t size) {
  ENTER(e);
  OUT(size, 4);
  size_t n = 0;
  uint32_t st = proxy_get_header_map_size(map, &n);
  if (st == OK)
    put32(w, size, (uint32_t)n);
  return st;
}

uint32_t Z_envZ_proxy_get_header_map_value(struct Z_env_instance_t *e, uint32_t map, uint32_t key,
                                           uint32_t key_size, uint32_t value, uint32_t value_size) {
  ENTER(e);
  IN(k, key, key_size);
  OUT(value, 4);
  OUT(value_size, 4);
  const char *p = NULL;
  size_t n = 0;
  uint32_t st = proxy_get_header_map_value(map, k, key_size, &p, &n);
  return give(w, st, p, n, value, value_size);
}

uint32_t Z_envZ_proxy_add_header_map_value(struct Z_env_instance_t *e, uint32_t map, uint32_t key,
                                           uint32_t key_size, uint32_t value, uint32_t value_size) {
  ENTER(e);
  IN(k, key, key_size);
  IN(v, value, value_size);
  return proxy_add_header_map_value(map, k, key_size, v, value_size);
}

uint32_t Z_envZ_proxy_replace_header_map_value(struct Z_env_instance_t *e, uint32_t map,
                                               uint32_t key, uint32_t key_size, uint32_t value,
                                               uint32_t value_size) {
  ENTER(e);
  IN(k, key, key_size);
  IN(v, value, value_size);
  return proxy_replace_header_map_value(map, k, key_size, v, value_size);
}

uint32_t Z_envZ_proxy_remove_header_map_value(struct Z_env_instance_t *e, uint32_t map,
                                              uint32_t key, uint32_t key_size) {
  ENTER(e);
  IN(k, key, key_size);
  return proxy_remove_header_map_value(map, k, key_size);
}

uint32_t Z_envZ_proxy_continue_stream(struct Z_env_instance_t *e, uint32_t stream) {
  ENTER(e);
  return proxy_continue_stream(stream);
}

uint32_t Z_envZ_proxy_close_stream(struct Z_env_instance_t *e, uint32_t stream) {
  ENTER(e);
  return proxy_close_stream(stream);
}

uint32_t Z_envZ_proxy_send_local_response(struct Z_env_instance_t *e, uint32_t code,
                                          uint32_t details, uint32_t details_size, uint32_t body,
                                          uint32_t body_size, uint32_t headers,
                                          uint32_t headers_size, uint32_t grpc_status) {
  ENTER(e);
  IN(d, details, details_size);
  IN(b, body, body_size);
  IN(h, headers, headers_size);
  return proxy_send_local_response(code, d, details_size, b, body_size, h, headers_size,
                                   (int32_t)grpc_status);
}

uint32_t Z_envZ_proxy_http_call(struct Z_env_instance_t *e, uint32_t up, uint32_t up_size,
                                uint32_t headers, uint32_t headers_size, uint32_t body,
                                uint32_t body_size, uint32_t trailers, uint32_t trailers_size,
                                uint32_t timeout_ms, uint32_t token) {
  ENTER(e);
  IN(u, up, up_size);
  IN(h, headers, headers_size);
  IN(b, body, body_size);
  IN(t, trailers, trailers_size);
  OUT(token, 4);
  uint32_t tok = 0, st = proxy_http_call(u, up_size, h, headers_size, b, body_size, t,
                                         trailers_size, timeout_ms, &tok);
  if (st == OK)
    put32(w, token, tok);
  return st;
}

uint32_t Z_envZ_proxy_grpc_call(struct Z_env_instance_t *e, uint32_t up, uint32_t up_size,
                                uint32_t svc, uint32_t svc_size, uint32_t method,
                                uint32_t method_size, uint32_t md, uint32_t md_size, uint32_t msg,
                                uint32_t msg_size, uint32_t timeout_ms, uint32_t token) {
  ENTER(e);
  IN(u, up, up_size);
  IN(s, svc, svc_size);
  IN(m, method, method_size);
  IN(d, md, md_size);
  IN(g, msg, msg_size);
  OUT(token, 4);
  uint32_t tok = 0, st = proxy_grpc_call(u, up_size, s, svc_size, m, method_size, d, md_size, g,
                                         msg_size, timeout_ms, &tok);
  if (st == OK)
    put32(w, token, tok);
  return st;
}

uint32_t Z_envZ_proxy_grpc_stream(struct Z_env_instance_t *e, uint32_t up, uint32_t up_size,
                                  uint32_t svc, uint32_t svc_size, uint32_t method,
                                  uint32_t method_size, uint32_t md, uint32_t md_size,
                                  uint32_t token) {
  ENTER(e);
  IN(u, up, up_size);
  IN(s, svc, svc_size);
  IN(m, method, method_size);
  IN(d, md, md_size);
  OUT(token, 4);
  uint32_t tok = 0,
           st = proxy_grpc_stream(u, up_size, s, svc_size, m, method_size, d, md_size, &tok);
  if (st == OK)
    put32(w, token, tok);
  return st;
}

uint32_t Z_envZ_proxy_grpc_send(struct Z_env_instance_t *e, uint32_t token, uint32_t msg,
                                uint32_t msg_size, uint32_t end) {
  ENTER(e);
  IN(m, msg, msg_size);
  return proxy_grpc_send(token, m, msg_size, end);
}

uint32_t Z_envZ_proxy_grpc_cancel(struct Z_env_instance_t *e, uint32_t token) {
  ENTER(e);
  return proxy_grpc_cancel(token);
}

uint32_t Z_envZ_proxy_grpc_close(struct Z_env_instance_t *e, uint32_t token) {
  ENTER(e);
  return proxy_grpc_close(token);
}

uint32_t Z_envZ_proxy_get_shared_data(struct Z_env_instance_t *e, uint32_t key, uint32_t key_size,
                                      uint32_t value, uint32_t value_size, uint32_t cas) {
  ENTER(e);
  IN(k, key, key_size);
  OUT(value, 4);
  OUT(value_size, 4);
  OUT(cas, 4);
  const char *p = NULL;
  size_t n = 0;
  uint32_t c = 0, st = proxy_get_shared_data(k, key_size, &p, &n, &c);
  if (st == OK)
    put32(w, cas, c);
  return give(w, st, p, n, value, value_size);
}

uint32_t Z_envZ_proxy_set_shared_data(struct Z_env_instance_t *e, uint32_t key, uint32_t key_size,
                                      uint32_t value, uint32_t value_size, uint32_t cas) {
  ENTER(e);
  IN(k, key, key_size);
  IN(v, value, value_size);
  return proxy_set_shared_data(k, key_size, v, value_size, cas);
}

uint32_t Z_envZ_proxy_register_shared_queue(struct Z_env_instance_t *e, uint32_t name,
                                            uint32_t name_size, uint32_t id) {
  ENTER(e);
  IN(n, name, name_size);
  OUT(id, 4);
  uint32_t q = 0, st = proxy_register_shared_queue(n, name_size, &q);
  if (st == OK)
    put32(w, id, q);
  return st;
}

uint32_t Z_envZ_proxy_resolve_shared_queue(struct Z_env_instance_t *e, uint32_t vm_id,
                                           uint32_t vm_id_size, uint32_t name, uint32_t name_size,
                                           uint32_t id) {
  ENTER(e);
  IN(v, vm_id, vm_id_size);
  IN(n, name, name_size);
  OUT(id, 4);
  uint32_t q = 0, st = proxy_resolve_shared_queue(v, vm_id_size, n, name_size, &q);
  if (st == OK)
    put32(w, id, q);
  return st;
}

uint32_t Z_envZ_proxy_enqueue_shared_queue(struct Z_env_instance_t *e, uint32_t id, uint32_t value,
                                           uint32_t value_size) {
  ENTER(e);
  IN(v, value, value_size);
  return proxy_enqueue_shared_queue(id, v, value_size);
}

uint32_t Z_envZ_proxy_dequeue_shared_queue(struct Z_env_instance_t *e, uint32_t id, uint32_t value,
                                           uint32_t value_size) {
  ENTER(e);
  OUT(value, 4);
  OUT(value_size, 4);
  const char *p = NULL;
  size_t n = 0;
  uint32_t st = proxy_dequeue_shared_queue(id, &p, &n);
  return give(w, st, p, n, value, value_size);
}

uint32_t Z_envZ_proxy_define_metric(struct Z_env_instance_t *e, uint32_t type, uint32_t name,
                                    uint32_t name_size, uint32_t id) {
  ENTER(e);
  IN(n, name, name_size);
  OUT(id, 4);
  uint32_t m = 0, st = proxy_define_metric(type, n, name_size, &m);
  if (st == OK)
    put32(w, id, m);
  return st;
}

uint32_t Z_envZ_proxy_increment_metric(struct Z_env_instance_t *e, uint32_t id, uint64_t by) {
  ENTER(e);
  return proxy_increment_metric(id, (int64_t)by);
}

uint32_t Z_envZ_proxy_record_metric(struct Z_env_instance_t *e, uint32_t id, uint64_t value) {
  ENTER(e);
  return proxy_record_metric(id, value);
}

uint32_t Z_envZ_proxy_get_metric(struct Z_env_instance_t *e, uint32_t id, uint32_t out) {
  ENTER(e);
  OUT(out, 8);
  uint64_t v = 0;
  uint32_t st = proxy_get_metric(id, &v);
  if (st == OK)
    put64(w, out, v);
  return st;
}

uint32_t Z_envZ_proxy_get_property(struct Z_env_instance_t *e, uint32_t path, uint32_t path_size,
                                   uint32_t value, uint32_t value_size) {
  ENTER(e);
  IN(p, path, path_size);
  OUT(value, 4);
  OUT(value_size, 4);
  const char *v = NULL;
  size_t n = 0;
  uint32_t st = proxy_get_property(p, path_size, &v, &n);
  return give(w, st, v, n, value, value_size);
}

uint32_t Z_envZ_proxy_set_property(struct Z_env_instance_t *e, uint32_t path, uint32_t path_size,
                                   uint32_t value, uint32_t value_size) {
  ENTER(e);
  IN(p, path, path_size);
  IN(v, value, value_size);
  return proxy_set_property(p, path_size, v, value_size);
}

uint32_t Z_envZ_proxy_call_foreign_function(struct Z_env_instance_t *e, uint32_t name,
                                            uint32_t name_size, uint32_t args, uint32_t args_size,
                                            uint32_t result, uint32_t result_size) {
  ENTER(e);
  IN(n, name, name_size);
  IN(a, args, args_size);
  OUT(result, 4);
  OUT(result_size, 4);
  const char *p = NULL;
  size_t len = 0;
  uint32_t st = proxy_call_foreign_function(n, name_size, a, args_size, &p, &len);
  return give(w, st, p, len, result, result_size);
}
