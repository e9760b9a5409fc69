/*
 * proxywasm/types.h - status codes, enums, byte views and context handles.
 *
 * Every numeric value here is the Proxy-Wasm ABI v0.2.1 value: the SDK
 * passes them to the host unchanged, and new values are only appended.
 */
#ifndef PROXYWASM_TYPES_H
#define PROXYWASM_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A function returning a fresh block: the compiler knows nothing else
   points there (keeps loops over it tight). */
#if defined(__GNUC__)
#define PROXYWASM__MALLOC __attribute__((malloc))
#else
#define PROXYWASM__MALLOC
#endif
/* Length of a name, 0 for NULL. Inlined where a name is passed, so the
   length of a string literal is a constant and costs nothing at run time. */
#if defined(__OPTIMIZE__)
#define PROXYWASM__INLINE static inline __attribute__((always_inline))
#else /* -O0 (coverage builds): real functions, so gcov counts their calls */
#define PROXYWASM__INLINE static inline
#endif
PROXYWASM__INLINE size_t proxywasm__strlen(const char *s) { return s ? __builtin_strlen(s) : 0; }

/** Result of every hostcall wrapper (ABI `proxy_status_t` / WasmResult). */
typedef enum proxywasm_status {
  PROXYWASM_OK = 0,
  PROXYWASM_NOT_FOUND = 1,
  PROXYWASM_BAD_ARGUMENT = 2,
  PROXYWASM_SERIALIZATION_FAILURE = 3,
  PROXYWASM_PARSE_FAILURE = 4,
  PROXYWASM_BAD_EXPRESSION = 5,
  PROXYWASM_INVALID_MEMORY_ACCESS = 6,
  PROXYWASM_EMPTY = 7,
  PROXYWASM_CAS_MISMATCH = 8,
  PROXYWASM_RESULT_MISMATCH = 9,
  PROXYWASM_INTERNAL_FAILURE = 10,
  PROXYWASM_BROKEN_CONNECTION = 11,
  PROXYWASM_UNIMPLEMENTED = 12
} proxywasm_status;

/* Converts a host status word into the enum; a word no ABI status has
   (a broken host) becomes INTERNAL_FAILURE, so callers only see the enum.
   Inlined where a wrapper returns, so that a result the plugin drops costs
   nothing. */
PROXYWASM__INLINE proxywasm_status proxywasm__st(uint32_t s) {
  return s <= PROXYWASM_UNIMPLEMENTED ? (proxywasm_status)s : PROXYWASM_INTERNAL_FAILURE;
}

/**
 * Readable name of a status ("ok", "not found", "cas mismatch", ...).
 * Unknown values give "unknown status". Valid anywhere.
 * Returns: a static string; never NULL.
 */
const char *proxywasm_status_str(proxywasm_status status);

/** Host log levels. Envoy may report 6 (off) from the level query. */
typedef enum proxywasm_log_level {
  PROXYWASM_LOG_TRACE = 0,
  PROXYWASM_LOG_DEBUG = 1,
  PROXYWASM_LOG_INFO = 2,
  PROXYWASM_LOG_WARN = 3,
  PROXYWASM_LOG_ERROR = 4,
  PROXYWASM_LOG_CRITICAL = 5,
  PROXYWASM_LOG_OFF = 6
} proxywasm_log_level;

/**
 * What a stream callback returns. Header callbacks use the FilterHeadersStatus
 * values, body callbacks FilterDataStatus, trailers and TCP 0/1. CONTINUE and
 * PAUSE are what most plugins need: PAUSE in a header callback becomes
 * StopAllIterationAndWatermark in Envoy, in a body callback
 * StopIterationAndBuffer (the body keeps accumulating). After the hook sent
 * a local response, Envoy stops the stream whatever the hook returns.
 */
typedef enum proxywasm_action {
  PROXYWASM_CONTINUE = 0,
  PROXYWASM_PAUSE = 1,
  /* Header callbacks. */
  PROXYWASM_HEADERS_STOP_ITERATION = 1,
  PROXYWASM_HEADERS_CONTINUE_AND_END_STREAM = 2,
  PROXYWASM_HEADERS_STOP_ALL_AND_BUFFER = 3,
  PROXYWASM_HEADERS_STOP_ALL_AND_WATERMARK = 4,
  /* Body callbacks. */
  PROXYWASM_DATA_STOP_AND_BUFFER = 1,
  PROXYWASM_DATA_STOP_AND_WATERMARK = 2,
  PROXYWASM_DATA_STOP_NO_BUFFER = 3
} proxywasm_action;

/** Which side closed a TCP connection. */
typedef enum proxywasm_peer {
  PROXYWASM_PEER_UNKNOWN = 0,
  PROXYWASM_PEER_LOCAL = 1,
  PROXYWASM_PEER_REMOTE = 2
} proxywasm_peer;

/** ABI buffer types (proxy_get_buffer_bytes). */
typedef enum proxywasm_buffer {
  PROXYWASM_BUFFER_HTTP_REQUEST_BODY = 0,
  PROXYWASM_BUFFER_HTTP_RESPONSE_BODY = 1,
  PROXYWASM_BUFFER_DOWNSTREAM_DATA = 2,
  PROXYWASM_BUFFER_UPSTREAM_DATA = 3,
  PROXYWASM_BUFFER_HTTP_CALL_RESPONSE_BODY = 4,
  PROXYWASM_BUFFER_GRPC_RECEIVE = 5,
  PROXYWASM_BUFFER_VM_CONFIGURATION = 6,
  PROXYWASM_BUFFER_PLUGIN_CONFIGURATION = 7,
  PROXYWASM_BUFFER_FOREIGN_FUNCTION_ARGUMENTS = 8
} proxywasm_buffer;

/** ABI header map types (proxy_get_header_map_*). */
typedef enum proxywasm_map {
  PROXYWASM_MAP_HTTP_REQUEST_HEADERS = 0,
  PROXYWASM_MAP_HTTP_REQUEST_TRAILERS = 1,
  PROXYWASM_MAP_HTTP_RESPONSE_HEADERS = 2,
  PROXYWASM_MAP_HTTP_RESPONSE_TRAILERS = 3,
  PROXYWASM_MAP_GRPC_INITIAL_METADATA = 4,
  PROXYWASM_MAP_GRPC_TRAILING_METADATA = 5,
  PROXYWASM_MAP_HTTP_CALL_RESPONSE_HEADERS = 6,
  PROXYWASM_MAP_HTTP_CALL_RESPONSE_TRAILERS = 7
} proxywasm_map;

/** ABI stream types (proxy_continue_stream, proxy_close_stream). */
typedef enum proxywasm_stream {
  PROXYWASM_STREAM_HTTP_REQUEST = 0,
  PROXYWASM_STREAM_HTTP_RESPONSE = 1,
  PROXYWASM_STREAM_DOWNSTREAM = 2,
  PROXYWASM_STREAM_UPSTREAM = 3
} proxywasm_stream;

/** ABI metric types. */
typedef enum proxywasm_metric_type {
  PROXYWASM_METRIC_COUNTER = 0,
  PROXYWASM_METRIC_GAUGE = 1,
  PROXYWASM_METRIC_HISTOGRAM = 2
} proxywasm_metric_type;

/**
 * A read-only view of bytes: data is not necessarily NUL-terminated unless
 * the function that produced it says so, and may contain NUL bytes.
 * An empty view has len 0; data may then be NULL.
 */
typedef struct proxywasm_bytes {
  const char *data;
  size_t len;
} proxywasm_bytes;

/**
 * A view of a C string literal, as an expression: PROXYWASM_LIT("abc").
 * For initializers of static tables use PROXYWASM_LIT_INIT("abc"): C does
 * not allow compound literals there.
 */
#define PROXYWASM_LIT(s) ((proxywasm_bytes)PROXYWASM_LIT_INIT(s))
#define PROXYWASM_LIT_INIT(s) {(s), sizeof(s) - 1}

/** A view of a NUL-terminated string (NULL gives an empty view). */
proxywasm_bytes proxywasm_bytes_cstr(const char *s);

/** True if a holds exactly the bytes of the NUL-terminated string s. */
bool proxywasm_bytes_eq(proxywasm_bytes a, const char *s);

/** True if b begins with the bytes of the NUL-terminated prefix (NULL: ""). */
bool proxywasm_bytes_starts_with(proxywasm_bytes b, const char *prefix);

/**
 * The (pointer, length) arguments of a C string or of a byte view, for the
 * functions that take `const void *data, size_t len`, so no length is
 * written by hand:
 *   proxywasm_http_replace_request_header(http, "x-user", PROXYWASM_STR(user));
 *   proxywasm_http_replace_request_header(http, "x-id", PROXYWASM_BYTES(id));
 * Each argument is evaluated twice: pass a variable, not a call.
 */
#define PROXYWASM_STR(s) (s), strlen(s)
#define PROXYWASM_BYTES(b) (b).data, (b).len

/**
 * One header (or trailer, or gRPC metadata entry). Names and values are
 * byte views; the SDK's parsed host maps make both NUL-terminated.
 * Build literal headers with PROXYWASM_HEADER("name", "value") (an
 * expression), or PROXYWASM_HEADER_INIT("name", "value") in a static table:
 *
 *   static const proxywasm_header deny[] = {
 *       PROXYWASM_HEADER_INIT("content-type", "text/plain")};
 */
typedef struct proxywasm_header {
  proxywasm_bytes name;
  proxywasm_bytes value;
} proxywasm_header;

#define PROXYWASM_HEADER(n, v) ((proxywasm_header)PROXYWASM_HEADER_INIT(n, v))
#define PROXYWASM_HEADER_INIT(n, v) {PROXYWASM_LIT_INIT(n), PROXYWASM_LIT_INIT(v)}

/**
 * A header from a name and a value known only at run time: a C string
 * (NULL gives an empty value) or a byte view (e.g. one the host returned).
 * The header refers to the strings; it copies nothing.
 */
static inline proxywasm_header proxywasm_header_cstr(const char *name, const char *value) {
  proxywasm_header h = {{name, name ? strlen(name) : 0}, {value, value ? strlen(value) : 0}};
  return h;
}
static inline proxywasm_header proxywasm_header_bytes(const char *name, proxywasm_bytes value) {
  proxywasm_header h = {{name, name ? strlen(name) : 0}, value};
  return h;
}

/**
 * Context handles. Envoy creates one VM per worker thread; inside a VM there
 * is one plugin context per plugin configuration (filter, service), and one
 * HTTP or TCP stream context per request or connection. Handles are owned
 * by the SDK: they are valid from their create hook until their delete hook
 * returns. Every typed handle converts to the generic proxywasm_context.
 */
typedef struct proxywasm_context proxywasm_context;
typedef struct proxywasm_plugin proxywasm_plugin;
typedef struct proxywasm_http proxywasm_http;
typedef struct proxywasm_tcp proxywasm_tcp;

/** Kind of a context. */
typedef enum proxywasm_context_kind {
  PROXYWASM_CONTEXT_PLUGIN = 1,
  PROXYWASM_CONTEXT_HTTP = 2,
  PROXYWASM_CONTEXT_TCP = 3,
  PROXYWASM_CONTEXT_STREAM = 4 /* a stream whose kind is not known yet */
} proxywasm_context_kind;

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_TYPES_H */
