/*
 * proxywasm/callout.h - HTTP callouts and gRPC calls and streams.
 *
 * A call is made on behalf of a context (a plugin, HTTP or TCP context) and
 * its callback runs with that context as the running and effective context,
 * so it can resume a paused request or send a local response directly.
 * Envoy owns calls at the plugin level: they are not cancelled when the
 * stream ends, and Envoy delivers the answer to the plugin context even
 * after the stream was deleted; the SDK then drops it (the callback is
 * skipped). Calls work from any hook, including ticks and on_plugin_start.
 * If starting a call fails, its callback is never invoked.
 *
 * Timeouts are answers: when timeout_ms passes, Envoy answers the call
 * itself with :status 504 (body "upstream request timeout"), and an
 * upstream that cannot be reached gives :status 503; both arrive with
 * response->status PROXYWASM_OK. A plugin that must fail closed checks
 * :status (proxywasm_http_call_get_header). Checked in Envoy by
 * tests/fidelity; see docs/envoy.md, "Surprises".
 */
#ifndef PROXYWASM_CALLOUT_H
#define PROXYWASM_CALLOUT_H

#include "buffer.h"
#include "headers.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- HTTP callouts ---- */

/** An HTTP request to an upstream cluster. */
typedef struct proxywasm_http_call_request {
  proxywasm_bytes upstream;        /* the Envoy cluster name (as for gRPC calls) */
  const proxywasm_header *headers; /* must include :method, :path, :authority */
  size_t header_count;
  const void *body; /* or NULL */
  size_t body_len;
  const proxywasm_header *trailers; /* or NULL */
  size_t trailer_count;
  uint32_t timeout_ms; /* 0: no timeout */
} proxywasm_http_call_request;

/** What arrived for a callout. */
typedef struct proxywasm_http_call_response {
  /* PROXYWASM_OK if an answer arrived: from the upstream (any HTTP
     status) or from Envoy itself (:status 504 on timeout, 503 when the
     upstream cannot be reached). Otherwise the call failed (the stream was
     reset after the answer started, or the answer exceeded the buffer
     limit): then the counts are 0 and proxywasm_status_get() has Envoy's
     reason. */
  proxywasm_status status;
  size_t header_count;
  size_t body_size;
  size_t trailer_count;
} proxywasm_http_call_response;

typedef void (*proxywasm_http_call_cb)(proxywasm_context *caller, uint32_t token,
                                       const proxywasm_http_call_response *response,
                                       void *user_data);

/**
 * Sends an HTTP request to a cluster (proxy_http_call). The callback gets
 * the caller, the token and user_data; read the answer with the
 * proxywasm_http_call_get_* functions inside it.
 * @param token  optional; receives the call's token.
 * Valid in: any hook.
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT for an unknown cluster,
 * missing pseudo-headers or a NULL callback; PROXYWASM_INTERNAL_FAILURE if
 * the request could not be sent or memory ran out.
 */
proxywasm_status proxywasm_http_call(proxywasm_context *caller,
                                     const proxywasm_http_call_request *request,
                                     proxywasm_http_call_cb callback, void *user_data,
                                     uint32_t *token);

/**
 * The callout's response headers (all, one, or its body and trailers).
 * Valid in: an HTTP callout callback.
 * Returns and ownership: as proxywasm_headers_get_all()/_get() and
 * proxywasm_buffer_get(): borrowed until the callback returns.
 */
proxywasm_status proxywasm_http_call_get_headers(proxywasm_header **headers, size_t *count);
proxywasm_status proxywasm_http_call_get_header(const char *name, proxywasm_bytes *value);
proxywasm_status proxywasm_http_call_get_body(size_t start, size_t max_size, proxywasm_bytes *out);
proxywasm_status proxywasm_http_call_get_trailers(proxywasm_header **trailers, size_t *count);
proxywasm_status proxywasm_http_call_get_trailer(const char *name, proxywasm_bytes *value);

/* ---- gRPC ---- */

/**
 * Callbacks of one gRPC call or stream; any may be NULL.
 *
 * A unary call (proxywasm_grpc_call) ends with exactly one callback, as
 * Envoy delivers it: on_message for a success (no on_close follows), or
 * on_close for a failure; the metadata callbacks are not used. A timeout
 * is on_close with 14 (UNAVAILABLE, not DEADLINE_EXCEEDED). A stream gets
 * initial metadata, messages, trailing metadata, and ends with on_close;
 * a server that refuses at once (a trailers-only answer) gives
 * on_initial_metadata with no elements, on_trailing_metadata, on_close.
 * (Checked against Envoy by tests/fidelity, scenarios g_*.)
 */
typedef struct proxywasm_grpc_callbacks {
  /* Initial metadata arrived; read it with proxywasm_grpc_get_initial_metadata. */
  void (*on_initial_metadata)(proxywasm_context *caller, uint32_t token, size_t element_count,
                              void *user_data);
  /* A response message arrived; read it with proxywasm_grpc_get_message. */
  void (*on_message)(proxywasm_context *caller, uint32_t token, size_t message_size,
                     void *user_data);
  /* Trailing metadata arrived. */
  void (*on_trailing_metadata)(proxywasm_context *caller, uint32_t token, size_t element_count,
                               void *user_data);
  /* A stream ended, or a unary call failed; the last callback.
     grpc_status is the gRPC code (0 OK); proxywasm_status_get() gives the
     message. */
  void (*on_close)(proxywasm_context *caller, uint32_t token, uint32_t grpc_status,
                   void *user_data);
} proxywasm_grpc_callbacks;

/** A gRPC call or stream target. */
typedef struct proxywasm_grpc_request {
  /* A cluster name, or a serialized envoy.config.core.v3.GrpcService. */
  proxywasm_bytes upstream;
  const char *service;                      /* e.g. "grpc.health.v1.Health" */
  const char *method;                       /* e.g. "Check" */
  const proxywasm_header *initial_metadata; /* or NULL */
  size_t metadata_count;
  const void *message; /* unary calls: the serialized request */
  size_t message_len;
  uint32_t timeout_ms; /* unary calls; 0: none */
} proxywasm_grpc_request;

/**
 * Starts a unary gRPC call (proxy_grpc_call). callbacks must stay valid
 * until on_close (use a static const table).
 * Returns: PROXYWASM_OK; PROXYWASM_PARSE_FAILURE for an unknown cluster or
 * bad GrpcService; PROXYWASM_BAD_ARGUMENT for NULL arguments;
 * PROXYWASM_INTERNAL_FAILURE if out of memory.
 */
proxywasm_status proxywasm_grpc_call(proxywasm_context *caller,
                                     const proxywasm_grpc_request *request,
                                     const proxywasm_grpc_callbacks *callbacks, void *user_data,
                                     uint32_t *token);

/**
 * Opens a bidirectional gRPC stream (proxy_grpc_stream); message and
 * timeout_ms of the request are ignored. Send with proxywasm_grpc_send.
 * Returns: as proxywasm_grpc_call().
 */
proxywasm_status proxywasm_grpc_stream(proxywasm_context *caller,
                                       const proxywasm_grpc_request *request,
                                       const proxywasm_grpc_callbacks *callbacks, void *user_data,
                                       uint32_t *token);

/**
 * Sends a message on a stream (proxy_grpc_send); end_stream half-closes it.
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND for an unknown token;
 * PROXYWASM_BAD_ARGUMENT if the token is not a stream.
 */
proxywasm_status proxywasm_grpc_send(uint32_t token, const void *message, size_t len,
                                     bool end_stream);

/**
 * Cancels a call or stream (proxy_grpc_cancel); no more callbacks follow.
 * Valid in: hooks of the plugin (or its streams) that started it.
 */
proxywasm_status proxywasm_grpc_cancel(uint32_t token);

/**
 * Closes a call or stream (proxy_grpc_close). A closed call gets no more
 * callbacks. Closing a stream ends only the plugin's side: messages the
 * server still sends and the final on_close arrive as usual.
 * Valid in: hooks of the plugin (or its streams) that started it.
 */
proxywasm_status proxywasm_grpc_close(uint32_t token);

/**
 * The received message, initial or trailing metadata.
 * Valid in: the matching gRPC callback. Ownership: borrowed until it returns.
 */
proxywasm_status proxywasm_grpc_get_message(size_t start, size_t max_size, proxywasm_bytes *out);
proxywasm_status proxywasm_grpc_get_initial_metadata(proxywasm_header **headers, size_t *count);
proxywasm_status proxywasm_grpc_get_trailing_metadata(proxywasm_header **headers, size_t *count);

/**
 * The status of the last gRPC close or failed HTTP callout
 * (proxy_get_status). Envoy sets code 11 (broken connection) with message
 * "reset" for a failed HTTP callout (not for a timeout: that is an answer
 * with :status 504). Envoy keeps the code in the plugin context afterwards
 * (only the message is cleared), so read it only where it was just set. For gRPC, Envoy appends its response
 * details in braces to the server's grpc-message, e.g.
 * "user is blocked{via_upstream}".
 * Valid in: on_close of a gRPC call; a failed HTTP callout's callback.
 * Returns: PROXYWASM_OK; outputs empty on failure.
 * Ownership: message borrowed, NUL-terminated, until the callback returns.
 */
proxywasm_status proxywasm_status_get(uint32_t *code, proxywasm_bytes *message);

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_CALLOUT_H */
