/*
 * proxywasm/tcp.h - TCP (network filter) streams: data in both directions,
 * resuming and closing.
 */
#ifndef PROXYWASM_TCP_H
#define PROXYWASM_TCP_H

#include "buffer.h"
#include "context.h"

#ifdef __cplusplus
extern "C" {
#endif
/* ---- downstream data (valid in: on_downstream_data) ---- */
/** Reads the buffered downstream data; see proxywasm_buffer_get(). */
static inline proxywasm_status proxywasm_tcp_get_downstream_data(proxywasm_tcp *t, size_t start,
                                                                 size_t max_size,
                                                                 proxywasm_bytes *out) {
  return proxywasm_buffer_get(proxywasm_tcp_context(t), PROXYWASM_BUFFER_DOWNSTREAM_DATA, start,
                              max_size, out);
}
/** Appends to the downstream data. */
static inline proxywasm_status proxywasm_tcp_append_downstream_data(proxywasm_tcp *t,
                                                                    const void *data, size_t len) {
  return proxywasm_buffer_append(proxywasm_tcp_context(t), PROXYWASM_BUFFER_DOWNSTREAM_DATA, data,
                                 len);
}
/** Prepends to the downstream data. */
static inline proxywasm_status proxywasm_tcp_prepend_downstream_data(proxywasm_tcp *t,
                                                                     const void *data, size_t len) {
  return proxywasm_buffer_prepend(proxywasm_tcp_context(t), PROXYWASM_BUFFER_DOWNSTREAM_DATA, data,
                                  len);
}
/** Replaces the buffered downstream data. */
static inline proxywasm_status proxywasm_tcp_replace_downstream_data(proxywasm_tcp *t,
                                                                     const void *data, size_t len) {
  return proxywasm_buffer_replace(proxywasm_tcp_context(t), PROXYWASM_BUFFER_DOWNSTREAM_DATA, data,
                                  len);
}
/* ---- upstream data (valid in: on_upstream_data) ---- */
/** Reads the buffered upstream data; see proxywasm_buffer_get(). */
static inline proxywasm_status proxywasm_tcp_get_upstream_data(proxywasm_tcp *t, size_t start,
                                                               size_t max_size,
                                                               proxywasm_bytes *out) {
  return proxywasm_buffer_get(proxywasm_tcp_context(t), PROXYWASM_BUFFER_UPSTREAM_DATA, start,
                              max_size, out);
}
/** Appends to the upstream data. */
static inline proxywasm_status proxywasm_tcp_append_upstream_data(proxywasm_tcp *t,
                                                                  const void *data, size_t len) {
  return proxywasm_buffer_append(proxywasm_tcp_context(t), PROXYWASM_BUFFER_UPSTREAM_DATA, data,
                                 len);
}
/** Prepends to the upstream data. */
static inline proxywasm_status proxywasm_tcp_prepend_upstream_data(proxywasm_tcp *t,
                                                                   const void *data, size_t len) {
  return proxywasm_buffer_prepend(proxywasm_tcp_context(t), PROXYWASM_BUFFER_UPSTREAM_DATA, data,
                                  len);
}
/** Replaces the buffered upstream data. */
static inline proxywasm_status proxywasm_tcp_replace_upstream_data(proxywasm_tcp *t,
                                                                   const void *data, size_t len) {
  return proxywasm_buffer_replace(proxywasm_tcp_context(t), PROXYWASM_BUFFER_UPSTREAM_DATA, data,
                                  len);
}
/**
 * Resumes a connection paused by PROXYWASM_PAUSE
 * (proxy_continue_stream(DOWNSTREAM); Envoy cannot resume per direction and
 * answers UNIMPLEMENTED for UPSTREAM). Valid in: any hook.
 */
proxywasm_status proxywasm_tcp_resume(proxywasm_tcp *t);

/** Closes the downstream connection (proxy_close_stream(DOWNSTREAM)). */
proxywasm_status proxywasm_tcp_close_downstream(proxywasm_tcp *t);

/** Closes the upstream connection (proxy_close_stream(UPSTREAM)). */
proxywasm_status proxywasm_tcp_close_upstream(proxywasm_tcp *t);

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_TCP_H */
