/*
 * proxywasm/buffer.h - host buffers: HTTP bodies, TCP data, callout and
 * gRPC messages, configurations, foreign-function arguments.
 *
 * Generic functions taking the buffer type; http.h and tcp.h have typed
 * shorthands. Envoy can only prepend, replace or append: it cannot splice
 * into the middle of a buffer.
 */
#ifndef PROXYWASM_BUFFER_H
#define PROXYWASM_BUFFER_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Use as max_size to read to the end. */
#define PROXYWASM_BUFFER_ALL ((size_t)0x7fffffff)

/**
 * Reads up to max_size bytes from start (proxy_get_buffer_bytes).
 * Valid in: the body buffer inside its body hook; TCP data inside its data
 * hook; configurations in on_vm_start/on_plugin_start; callout and gRPC
 * buffers inside their callbacks.
 * Returns: PROXYWASM_OK (a range past the end gives OK and empty data, as
 * Envoy does; so does a body, TCP data, gRPC message or foreign-function
 * argument buffer asked outside its hook); PROXYWASM_NOT_FOUND for a callout
 * body outside its callback or a configuration outside its hook.
 * Ownership: borrowed, NUL-terminated, valid until the hook returns.
 */
proxywasm_status proxywasm_buffer_get(proxywasm_context *ctx, proxywasm_buffer buffer, size_t start,
                                      size_t max_size, proxywasm_bytes *out);

/**
 * The raw write (proxy_set_buffer_bytes): replace size bytes at start with
 * data. Envoy supports start 0 (drop size bytes, then prepend) and start at
 * or past the end (append). Prefer the three helpers below.
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT for an unsupported range,
 * a read-only buffer, or a buffer outside its hook.
 */
proxywasm_status proxywasm_buffer_set(proxywasm_context *ctx, proxywasm_buffer buffer, size_t start,
                                      size_t size, const void *data, size_t len);

/** Appends data. Returns: as proxywasm_buffer_set. */
proxywasm_status proxywasm_buffer_append(proxywasm_context *ctx, proxywasm_buffer buffer,
                                         const void *data, size_t len);
/** Prepends data. Returns: as proxywasm_buffer_set. */
proxywasm_status proxywasm_buffer_prepend(proxywasm_context *ctx, proxywasm_buffer buffer,
                                          const void *data, size_t len);
/** Replaces the whole content. Returns: as proxywasm_buffer_set. */
proxywasm_status proxywasm_buffer_replace(proxywasm_context *ctx, proxywasm_buffer buffer,
                                          const void *data, size_t len);

/**
 * Size and flags of a buffer (proxy_get_buffer_status). Envoy always
 * reports flags 0, and size 0 for a stream buffer outside its hook.
 * Returns: PROXYWASM_OK, or PROXYWASM_NOT_FOUND as proxywasm_buffer_get();
 * outputs 0 on failure.
 */
proxywasm_status proxywasm_buffer_status(proxywasm_context *ctx, proxywasm_buffer buffer,
                                         size_t *size, uint32_t *flags);

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_BUFFER_H */
