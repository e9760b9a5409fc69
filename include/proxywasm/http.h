/*
 * proxywasm/http.h - HTTP streams: headers, bodies, trailers, resuming,
 * local responses.
 *
 * The typed functions here are inline shorthands for headers.h and
 * buffer.h. Phases, as Envoy enforces them: request headers are readable and
 * writable in on_request_headers, and stay so while the request is paused
 * there (PROXYWASM_PAUSE); once that hook returned CONTINUE they are gone
 * (PROXYWASM_BAD_ARGUMENT) until on_http_done, where they can be read
 * again. The request body is available in on_request_body; trailers in their
 * hook, or can be added from the last body hook (end_of_stream true).
 * Responses likewise. Copy what later hooks need.
 */
#ifndef PROXYWASM_HTTP_H
#define PROXYWASM_HTTP_H

#include "buffer.h"
#include "context.h"
#include "headers.h"

#ifdef __cplusplus
extern "C" {
#endif
/* ---- request headers (valid in: on_request_headers, while paused there, and on_http_done for reads) ---- */
/** First value of one of the request headers; see proxywasm_headers_get(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_get_request_header(proxywasm_http *h,
                                                                     const char *name,
                                                                     proxywasm_bytes *value) {
  return proxywasm_headers_get(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_HEADERS, name,
                               value);
}
/** Adds a value; see proxywasm_headers_add(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_add_request_header(proxywasm_http *h,
                                                                     const char *name,
                                                                     const void *value,
                                                                     size_t len) {
  return proxywasm_headers_add(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_HEADERS, name,
                               value, len);
}
/** Sets to one value (adds if absent); see proxywasm_headers_replace(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_replace_request_header(proxywasm_http *h,
                                                                         const char *name,
                                                                         const void *value,
                                                                         size_t len) {
  return proxywasm_headers_replace(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_HEADERS,
                                   name, value, len);
}
/** Removes all values; see proxywasm_headers_remove(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_remove_request_header(proxywasm_http *h,
                                                                        const char *name) {
  return proxywasm_headers_remove(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_HEADERS,
                                  name);
}
/** All entries; see proxywasm_headers_get_all(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_get_request_headers(proxywasm_http *h,
                                                                      proxywasm_header **headers,
                                                                      size_t *count) {
  return proxywasm_headers_get_all(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_HEADERS,
                                   headers, count);
}
/** Replaces all entries; see proxywasm_headers_set_all(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_set_request_headers(
    proxywasm_http *h, const proxywasm_header *headers, size_t count) {
  return proxywasm_headers_set_all(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_HEADERS,
                                   headers, count);
}
/* ---- request trailers (valid in: on_request_trailers; added from on_request_body with end_of_stream) ---- */
/** First value of one of the request trailers; see proxywasm_headers_get(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_get_request_trailer(proxywasm_http *h,
                                                                      const char *name,
                                                                      proxywasm_bytes *value) {
  return proxywasm_headers_get(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_TRAILERS, name,
                               value);
}
/** Adds a value; see proxywasm_headers_add(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_add_request_trailer(proxywasm_http *h,
                                                                      const char *name,
                                                                      const void *value,
                                                                      size_t len) {
  return proxywasm_headers_add(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_TRAILERS, name,
                               value, len);
}
/** Sets to one value (adds if absent); see proxywasm_headers_replace(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_replace_request_trailer(proxywasm_http *h,
                                                                          const char *name,
                                                                          const void *value,
                                                                          size_t len) {
  return proxywasm_headers_replace(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_TRAILERS,
                                   name, value, len);
}
/** Removes all values; see proxywasm_headers_remove(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_remove_request_trailer(proxywasm_http *h,
                                                                         const char *name) {
  return proxywasm_headers_remove(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_TRAILERS,
                                  name);
}
/** All entries; see proxywasm_headers_get_all(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_get_request_trailers(proxywasm_http *h,
                                                                       proxywasm_header **headers,
                                                                       size_t *count) {
  return proxywasm_headers_get_all(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_TRAILERS,
                                   headers, count);
}
/** Replaces all entries; see proxywasm_headers_set_all(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_set_request_trailers(
    proxywasm_http *h, const proxywasm_header *headers, size_t count) {
  return proxywasm_headers_set_all(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_TRAILERS,
                                   headers, count);
}
/* ---- response headers (valid in: on_response_headers, while paused there, and on_http_done for reads) ---- */
/** First value of one of the response headers; see proxywasm_headers_get(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_get_response_header(proxywasm_http *h,
                                                                      const char *name,
                                                                      proxywasm_bytes *value) {
  return proxywasm_headers_get(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_RESPONSE_HEADERS, name,
                               value);
}
/** Adds a value; see proxywasm_headers_add(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_add_response_header(proxywasm_http *h,
                                                                      const char *name,
                                                                      const void *value,
                                                                      size_t len) {
  return proxywasm_headers_add(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_RESPONSE_HEADERS, name,
                               value, len);
}
/** Sets to one value (adds if absent); see proxywasm_headers_replace(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_replace_response_header(proxywasm_http *h,
                                                                          const char *name,
                                                                          const void *value,
                                                                          size_t len) {
  return proxywasm_headers_replace(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_RESPONSE_HEADERS,
                                   name, value, len);
}
/** Removes all values; see proxywasm_headers_remove(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_remove_response_header(proxywasm_http *h,
                                                                         const char *name) {
  return proxywasm_headers_remove(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_RESPONSE_HEADERS,
                                  name);
}
/** All entries; see proxywasm_headers_get_all(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_get_response_headers(proxywasm_http *h,
                                                                       proxywasm_header **headers,
                                                                       size_t *count) {
  return proxywasm_headers_get_all(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_RESPONSE_HEADERS,
                                   headers, count);
}
/** Replaces all entries; see proxywasm_headers_set_all(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_set_response_headers(
    proxywasm_http *h, const proxywasm_header *headers, size_t count) {
  return proxywasm_headers_set_all(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_RESPONSE_HEADERS,
                                   headers, count);
}
/* ---- response trailers (valid in: on_response_trailers; added from on_response_body with end_of_stream) ---- */
/** First value of one of the response trailers; see proxywasm_headers_get(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_get_response_trailer(proxywasm_http *h,
                                                                       const char *name,
                                                                       proxywasm_bytes *value) {
  return proxywasm_headers_get(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_RESPONSE_TRAILERS,
                               name, value);
}
/** Adds a value; see proxywasm_headers_add(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_add_response_trailer(proxywasm_http *h,
                                                                       const char *name,
                                                                       const void *value,
                                                                       size_t len) {
  return proxywasm_headers_add(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_RESPONSE_TRAILERS,
                               name, value, len);
}
/** Sets to one value (adds if absent); see proxywasm_headers_replace(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_replace_response_trailer(proxywasm_http *h,
                                                                           const char *name,
                                                                           const void *value,
                                                                           size_t len) {
  return proxywasm_headers_replace(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_RESPONSE_TRAILERS,
                                   name, value, len);
}
/** Removes all values; see proxywasm_headers_remove(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_remove_response_trailer(proxywasm_http *h,
                                                                          const char *name) {
  return proxywasm_headers_remove(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_RESPONSE_TRAILERS,
                                  name);
}
/** All entries; see proxywasm_headers_get_all(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_get_response_trailers(proxywasm_http *h,
                                                                        proxywasm_header **headers,
                                                                        size_t *count) {
  return proxywasm_headers_get_all(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_RESPONSE_TRAILERS,
                                   headers, count);
}
/** Replaces all entries; see proxywasm_headers_set_all(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_set_response_trailers(
    proxywasm_http *h, const proxywasm_header *headers, size_t count) {
  return proxywasm_headers_set_all(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_RESPONSE_TRAILERS,
                                   headers, count);
}
/* ---- request body (valid in: on_request_body) ---- */
/** Reads the buffered request body; see proxywasm_buffer_get(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_get_request_body(proxywasm_http *h, size_t start,
                                                                   size_t max_size,
                                                                   proxywasm_bytes *out) {
  return proxywasm_buffer_get(proxywasm_http_context(h), PROXYWASM_BUFFER_HTTP_REQUEST_BODY, start,
                              max_size, out);
}
/** Appends to the request body (remove content-length in the header hook first). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_append_request_body(proxywasm_http *h,
                                                                      const void *data,
                                                                      size_t len) {
  return proxywasm_buffer_append(proxywasm_http_context(h), PROXYWASM_BUFFER_HTTP_REQUEST_BODY,
                                 data, len);
}
/** Prepends to the request body. */
PROXYWASM__INLINE proxywasm_status proxywasm_http_prepend_request_body(proxywasm_http *h,
                                                                       const void *data,
                                                                       size_t len) {
  return proxywasm_buffer_prepend(proxywasm_http_context(h), PROXYWASM_BUFFER_HTTP_REQUEST_BODY,
                                  data, len);
}
/** Replaces the buffered request body. */
PROXYWASM__INLINE proxywasm_status proxywasm_http_replace_request_body(proxywasm_http *h,
                                                                       const void *data,
                                                                       size_t len) {
  return proxywasm_buffer_replace(proxywasm_http_context(h), PROXYWASM_BUFFER_HTTP_REQUEST_BODY,
                                  data, len);
}
/* ---- response body (valid in: on_response_body) ---- */
/** Reads the buffered response body; see proxywasm_buffer_get(). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_get_response_body(proxywasm_http *h, size_t start,
                                                                    size_t max_size,
                                                                    proxywasm_bytes *out) {
  return proxywasm_buffer_get(proxywasm_http_context(h), PROXYWASM_BUFFER_HTTP_RESPONSE_BODY, start,
                              max_size, out);
}
/** Appends to the response body (remove content-length in the header hook first). */
PROXYWASM__INLINE proxywasm_status proxywasm_http_append_response_body(proxywasm_http *h,
                                                                       const void *data,
                                                                       size_t len) {
  return proxywasm_buffer_append(proxywasm_http_context(h), PROXYWASM_BUFFER_HTTP_RESPONSE_BODY,
                                 data, len);
}
/** Prepends to the response body. */
PROXYWASM__INLINE proxywasm_status proxywasm_http_prepend_response_body(proxywasm_http *h,
                                                                        const void *data,
                                                                        size_t len) {
  return proxywasm_buffer_prepend(proxywasm_http_context(h), PROXYWASM_BUFFER_HTTP_RESPONSE_BODY,
                                  data, len);
}
/** Replaces the buffered response body. */
PROXYWASM__INLINE proxywasm_status proxywasm_http_replace_response_body(proxywasm_http *h,
                                                                        const void *data,
                                                                        size_t len) {
  return proxywasm_buffer_replace(proxywasm_http_context(h), PROXYWASM_BUFFER_HTTP_RESPONSE_BODY,
                                  data, len);
}
/* ---- flow control ---- */

/**
 * Continues a request paused by a hook's PROXYWASM_PAUSE
 * (proxy_continue_stream(HTTP_REQUEST)); takes effect when the current hook
 * returns. Valid in: any hook, for instance a tick, queue or callout
 * callback holding the paused stream.
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT if the stream is gone.
 */
proxywasm_status proxywasm_http_resume_request(proxywasm_http *h);

/** Continues a paused response (proxy_continue_stream(HTTP_RESPONSE)). */
proxywasm_status proxywasm_http_resume_response(proxywasm_http *h);

/**
 * Resets the stream (proxy_close_stream(HTTP_REQUEST)); Envoy answers the
 * client with a reset, details "wasm_close_stream". Valid in: any hook.
 */
proxywasm_status proxywasm_http_reset(proxywasm_http *h);

/** The raw proxy_continue_stream for any stream type. */
proxywasm_status proxywasm_stream_continue(proxywasm_context *ctx, proxywasm_stream stream);
/** The raw proxy_close_stream for any stream type. */
proxywasm_status proxywasm_stream_close(proxywasm_context *ctx, proxywasm_stream stream);

/* ---- local responses ---- */

/** No gRPC status: send a plain HTTP response. */
#define PROXYWASM_GRPC_STATUS_NONE (-1)

/** A complete local response; zero-initialise what you do not need. */
typedef struct proxywasm_local_response {
  uint32_t status_code;            /* HTTP status, e.g. 403 */
  const char *details;             /* response code details, or NULL;
                                      Envoy turns spaces into '_' */
  const proxywasm_header *headers; /* extra headers, or NULL */
  size_t header_count;
  const void *body; /* body, or NULL */
  size_t body_len;
  int32_t grpc_status; /* 0..16, or PROXYWASM_GRPC_STATUS_NONE */
} proxywasm_local_response;

/**
 * Answers the client without going upstream (proxy_send_local_response).
 * Envoy sends it when the hook returns and stops the filter chain: return
 * PROXYWASM_PAUSE from the hook. Not possible once the response headers
 * were sent downstream. Valid in: HTTP hooks, and callbacks that hold the
 * stream (the SDK makes it effective).
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT if the headers exceed the
 * host's limits or the stream is gone.
 */
proxywasm_status proxywasm_http_send_local_response(proxywasm_http *h,
                                                    const proxywasm_local_response *r);

/**
 * The common case of proxywasm_http_send_local_response(): status, headers
 * and body, no details, no gRPC status (Go's SendHttpResponse with -1).
 */
proxywasm_status proxywasm_http_send_response(proxywasm_http *h, uint32_t status_code,
                                              const proxywasm_header *headers, size_t header_count,
                                              const void *body, size_t body_len);

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_HTTP_H */
