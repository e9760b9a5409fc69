/*
 * proxywasm/properties.h - host properties: facts about the request, the
 * connection and the upstream, xDS configuration and metadata (Envoy calls
 * them attributes), and values plugins store for each other.
 *
 * A property is named by a path of segments: ("request", "path"),
 * ("xds", "node", "id"), ("xds", "route_metadata", "filter_metadata",
 * "envoy.filters.http.wasm", "auth"). Segments walk into maps by key, into
 * protobuf messages by field name and into lists by decimal index. A path
 * is a proxywasm_bytes in the ABI encoding: the segments joined by NUL
 * bytes. It is made in one of two forms:
 *   - segments: PROXYWASM_PATH("request", "path") from literals, at
 *     compile time (no code, no memory); proxywasm_property_path_encode()
 *     from run-time strings;
 *   - a dotted string: proxywasm_property_path_parse("request.path"), with
 *     a backslash escaping a dot inside a key ("envoy\\.lb").
 * Envoy's attributes are constants below (PROXYWASM_ATTR_*), each with its
 * type and the hooks where Envoy answers. The getter names the type, the
 * constant names the attribute (curl's getinfo is the model):
 *   int64_t code;
 *   proxywasm_property_get_int(PROXYWASM_ATTR_RESPONSE_CODE, &code);
 * The constants are macros: a plugin that does not use them pays nothing.
 *
 * Envoy 1.40 answers NOT_FOUND for the old top-level aliases of xDS
 * attributes (cluster_metadata, route_metadata, cluster_name, route_name,
 * ...) that older Envoys and the Go SDK's examples use: read them under
 * "xds" (xds.cluster_metadata, ...), as the constants below do.
 *
 * Which context: every property call acts on the host's effective context,
 * which is the running hook's context unless the plugin switched it
 * (proxywasm_context_set_effective, or a wrapper given another context's
 * handle). To read another stream's properties, make it effective first.
 *
 * Values come back in the host's encoding (Envoy: strings raw, int/uint as
 * 8-byte little-endian, double as 8-byte IEEE-754, bool as 1 byte,
 * timestamp/duration as 8-byte little-endian int64 nanoseconds, maps as the
 * header-map encoding, lists as the same encoding with empty values,
 * protobuf messages as serialized protobuf). Other hosts (Kong's
 * ngx_wasm_module) return every property as text. The decoders below accept
 * both, so the typed getters work on either host.
 *
 * Every string or bytes value returned here is host data: borrowed until the
 * hook returns, and NUL-terminated one byte past its length (it may still
 * contain NUL bytes; the length is authoritative).
 */
#ifndef PROXYWASM_PROPERTIES_H
#define PROXYWASM_PROPERTIES_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Paths -------------------------------------------------------------- */

/**
 * A path from 1 to 8 string literals, encoded at compile time (an
 * expression of type proxywasm_bytes):
 *   proxywasm_property_get(PROXYWASM_PATH("xds", "node", "id"), &value);
 * Segments must be literals (anything else fails to compile); for run-time
 * segments use proxywasm_property_path_encode().
 */
#define PROXYWASM_PATH(...) PROXYWASM_LIT(PROXYWASM__PATH_JOIN(__VA_ARGS__))

/**
 * The (segments, count) arguments of proxywasm_property_path_encode() from
 * run-time strings:
 *   proxywasm_property_path_encode(PROXYWASM_SEGMENTS("filter_state", name), &path);
 */
#define PROXYWASM_SEGMENTS(...)         \
  ((const char *const[]){__VA_ARGS__}), \
      (sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

/* Internals of PROXYWASM_PATH: join the literals with "\0" (concatenated
   after escapes are read, so a segment starting with a digit is safe). */
#define PROXYWASM__PATH_JOIN(...) \
  PROXYWASM__PATH_CAT(PROXYWASM__PATH_, PROXYWASM__PATH_N(__VA_ARGS__))(__VA_ARGS__)
#define PROXYWASM__PATH_CAT(a, b) PROXYWASM__PATH_CAT2(a, b)
#define PROXYWASM__PATH_CAT2(a, b) a##b
#define PROXYWASM__PATH_N(...) PROXYWASM__PATH_N2(__VA_ARGS__, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define PROXYWASM__PATH_N2(a, b, c, d, e, f, g, h, n, ...) n
#define PROXYWASM__PATH_1(a) "" a
#define PROXYWASM__PATH_2(a, ...) "" a "\0" PROXYWASM__PATH_1(__VA_ARGS__)
#define PROXYWASM__PATH_3(a, ...) "" a "\0" PROXYWASM__PATH_2(__VA_ARGS__)
#define PROXYWASM__PATH_4(a, ...) "" a "\0" PROXYWASM__PATH_3(__VA_ARGS__)
#define PROXYWASM__PATH_5(a, ...) "" a "\0" PROXYWASM__PATH_4(__VA_ARGS__)
#define PROXYWASM__PATH_6(a, ...) "" a "\0" PROXYWASM__PATH_5(__VA_ARGS__)
#define PROXYWASM__PATH_7(a, ...) "" a "\0" PROXYWASM__PATH_6(__VA_ARGS__)
#define PROXYWASM__PATH_8(a, ...) "" a "\0" PROXYWASM__PATH_7(__VA_ARGS__)

/**
 * Encodes n run-time segments as a path: the segments joined by NUL bytes,
 * with no trailing NUL. Segments may be empty, but not the whole path.
 * Valid anywhere.
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT if n is 0, a segment is NULL
 * or the path is empty; PROXYWASM_INTERNAL_FAILURE if out of memory.
 * *path is empty on failure.
 * Ownership: borrowed from the per-hook arena, valid until the hook returns.
 */
proxywasm_status proxywasm_property_path_encode(const char *const *segments, size_t n,
                                                proxywasm_bytes *path);

/**
 * Encodes a dotted path ("request.path"): each '.' separates two segments,
 * and a backslash makes the next character literal, so
 * "xds.route_metadata.filter_metadata.envoy\\.lb.key" reaches the key
 * "envoy.lb".
 * Valid anywhere.
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT for NULL, "" or a trailing
 * lone backslash; PROXYWASM_INTERNAL_FAILURE if out of memory.
 * *path is empty on failure.
 * Ownership: borrowed from the per-hook arena, valid until the hook returns.
 */
proxywasm_status proxywasm_property_path_parse(const char *dotted, proxywasm_bytes *path);

/* ---- Reading and writing any property ----------------------------------- */

/**
 * Reads the property at path (proxy_get_property), raw: the getter for
 * string and bytes values.
 * Valid in: any hook; what exists depends on the hook (see the attributes
 * below; a plugin context has only plugin and xDS values).
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND if the property does not exist
 * or is not available in this hook; PROXYWASM_SERIALIZATION_FAILURE if the
 * host cannot encode its value; PROXYWASM_BAD_ARGUMENT for an empty path or
 * a NULL value. *value is empty on failure and may be empty on success
 * (its data is then "").
 * Ownership: borrowed, NUL-terminated, valid until the hook returns.
 */
proxywasm_status proxywasm_property_get(proxywasm_bytes path, proxywasm_bytes *value);

/*
 * Typed getters: proxywasm_property_get(), then the decoder of the type
 * (below). Valid in: as proxywasm_property_get().
 * Returns: as proxywasm_property_get(), and PROXYWASM_SERIALIZATION_FAILURE
 * if the value is not of the type; PROXYWASM_BAD_ARGUMENT for NULL
 * outputs. Outputs are 0/false/empty on failure.
 */

/** An int (response.code, source.port, ...). */
proxywasm_status proxywasm_property_get_int(proxywasm_bytes path, int64_t *value);

/** A uint (connection.id, ...). */
proxywasm_status proxywasm_property_get_uint(proxywasm_bytes path, uint64_t *value);

/** A bool (connection.mtls). */
proxywasm_status proxywasm_property_get_bool(proxywasm_bytes path, bool *value);

/** A double (numbers inside metadata and node metadata). */
proxywasm_status proxywasm_property_get_double(proxywasm_bytes path, double *value);

/** A duration (request.duration, ...), as nanoseconds. */
proxywasm_status proxywasm_property_get_duration(proxywasm_bytes path, int64_t *ns);

/** A timestamp (request.time), as nanoseconds since the Unix epoch. */
proxywasm_status proxywasm_property_get_timestamp(proxywasm_bytes path, int64_t *ns);

/**
 * A map (request.headers, a filter's metadata, ...).
 * Ownership: the array and the strings are borrowed, valid until the hook
 * returns. Returns also PROXYWASM_INTERNAL_FAILURE if out of memory.
 */
proxywasm_status proxywasm_property_get_map(proxywasm_bytes path, proxywasm_header **entries,
                                            size_t *count);

/**
 * A list (a list in metadata, ...).
 * Ownership: as proxywasm_property_get_map().
 */
proxywasm_status proxywasm_property_get_list(proxywasm_bytes path, proxywasm_bytes **items,
                                             size_t *count);

/**
 * Stores a value under a path (proxy_set_property). Envoy keeps it in the
 * stream's filter state as "wasm.<path>", where other plugins read it with
 * proxywasm_property_get() of the same single-segment path, and CEL
 * expressions (RBAC, access logs) as filter_state. An empty value is
 * stored as empty:
 *   proxywasm_property_set(PROXYWASM_PATH("my_plugin_version"), PROXYWASM_STR("v1"));
 * Valid in: stream hooks (HTTP or TCP).
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND where there is no stream (a
 * plugin context); PROXYWASM_BAD_ARGUMENT if the host refuses the value
 * (a property declared read-only or with another type), for an empty path
 * or for a NULL value with a length.
 * Ownership: the host copies value during the call.
 */
proxywasm_status proxywasm_property_set(proxywasm_bytes path, const void *value, size_t len);

/* ---- Decoders ----------------------------------------------------------- */

/*
 * Pure functions, valid anywhere, on any bytes. Each accepts Envoy's binary
 * encoding and the text other hosts return, and never traps on odd input.
 *
 * Numbers: a value of exactly 8 bytes that is a well-formed decimal number
 * is read as text; any other 8-byte value is binary (little-endian). Every
 * other length must be decimal text: digits with an optional leading '-'
 * for signed types, no spaces. (An 8-byte binary int64 is ambiguous only
 * when all its bytes are ASCII digits, i.e. values near 3.5e18.)
 * Durations and timestamps as text are seconds with an optional fraction
 * ("1700000000.123", "0.005"), as Kong returns them.
 *
 * Returns: PROXYWASM_OK; PROXYWASM_SERIALIZATION_FAILURE for a value in
 * neither encoding or out of range (the output is then 0/false/empty);
 * PROXYWASM_BAD_ARGUMENT for a NULL output, or raw.data NULL with a length.
 */

/** An int (response.code, source.port, ...). */
proxywasm_status proxywasm_property_decode_int64(proxywasm_bytes raw, int64_t *out);

/** A uint (connection.id, ...). */
proxywasm_status proxywasm_property_decode_uint64(proxywasm_bytes raw, uint64_t *out);

/**
 * A double (numbers inside metadata and other protobuf Structs). Text is a
 * decimal number with optional fraction and exponent ("1.5", "-2e3"),
 * converted exactly up to 15 significant digits and exponents within +-22,
 * within a few units in the last place beyond (no strtod: it would add
 * about 9 KB to a module).
 */
proxywasm_status proxywasm_property_decode_double(proxywasm_bytes raw, double *out);

/**
 * A bool: 1 byte (0 or 1, or the characters '0' or '1'), or the text
 * "true"/"false" in any case.
 */
proxywasm_status proxywasm_property_decode_bool(proxywasm_bytes raw, bool *out);

/** A duration, as nanoseconds (binary int64, or text seconds). */
proxywasm_status proxywasm_property_decode_duration(proxywasm_bytes raw, int64_t *ns);

/** A timestamp, as nanoseconds since the Unix epoch (binary int64, or text seconds). */
proxywasm_status proxywasm_property_decode_timestamp(proxywasm_bytes raw, int64_t *ns);

/**
 * A string or bytes value: the same bytes, raw on every host. *out->data is
 * never NULL on success (an empty value gives "").
 */
proxywasm_status proxywasm_property_decode_string(proxywasm_bytes raw, proxywasm_bytes *out);

/**
 * A map (request.headers, metadata structs, ...): the header-map encoding
 * (see proxywasm_headers_decode). Nested values stay encoded in the entry's
 * value: decode them with these functions.
 * Returns also PROXYWASM_INTERNAL_FAILURE if out of memory.
 * Ownership: the array is borrowed from the per-hook arena; the entries
 * point into raw.
 */
proxywasm_status proxywasm_property_decode_map(proxywasm_bytes raw, proxywasm_header **entries,
                                               size_t *count);

/**
 * A list: the header-map encoding with each element as a key and an empty
 * value. A non-empty value means the bytes are a map, not a list
 * (PROXYWASM_SERIALIZATION_FAILURE).
 * Returns also PROXYWASM_INTERNAL_FAILURE if out of memory.
 * Ownership: the array is borrowed from the per-hook arena; the items point
 * into raw.
 */
proxywasm_status proxywasm_property_decode_list(proxywasm_bytes raw, proxywasm_bytes **items,
                                                size_t *count);

/* ---- Envoy's attributes ------------------------------------------------- */

/*
 * Each constant is a path (PROXYWASM_PATH), commented with the type to read
 * it with: string (proxywasm_property_get), int (_get_int), uint
 * (_get_uint), bool (_get_bool), duration (_get_duration), timestamp
 * (_get_timestamp), map (_get_map). Where Envoy does not answer (no TLS, no
 * upstream yet, a plugin context), the getters return PROXYWASM_NOT_FOUND.
 */

/*
 * Request. Envoy answers in HTTP stream hooks from on_request_headers;
 * duration, size and total_size once the request completes (on_http_done,
 * on_plugin_log).
 */
#define PROXYWASM_ATTR_REQUEST_PATH PROXYWASM_PATH("request", "path") /* string, with query */
#define PROXYWASM_ATTR_REQUEST_URL_PATH PROXYWASM_PATH("request", "url_path") /* string */
#define PROXYWASM_ATTR_REQUEST_HOST PROXYWASM_PATH("request", "host")         /* string */
#define PROXYWASM_ATTR_REQUEST_SCHEME PROXYWASM_PATH("request", "scheme")     /* string: http(s) */
#define PROXYWASM_ATTR_REQUEST_METHOD PROXYWASM_PATH("request", "method")     /* string */
#define PROXYWASM_ATTR_REQUEST_REFERER PROXYWASM_PATH("request", "referer")   /* string */
#define PROXYWASM_ATTR_REQUEST_USERAGENT PROXYWASM_PATH("request", "useragent") /* string */
#define PROXYWASM_ATTR_REQUEST_ID PROXYWASM_PATH("request", "id") /* string: x-request-id */
#define PROXYWASM_ATTR_REQUEST_PROTOCOL PROXYWASM_PATH("request", "protocol") /* string */
#define PROXYWASM_ATTR_REQUEST_QUERY PROXYWASM_PATH("request", "query")       /* string, no '?' */
#define PROXYWASM_ATTR_REQUEST_HEADERS PROXYWASM_PATH("request", "headers")   /* map */
#define PROXYWASM_ATTR_REQUEST_HEADERS_BYTES PROXYWASM_PATH("request", "headers_bytes") /* int */
#define PROXYWASM_ATTR_REQUEST_TIME PROXYWASM_PATH("request", "time")             /* timestamp */
#define PROXYWASM_ATTR_REQUEST_DURATION PROXYWASM_PATH("request", "duration")     /* duration */
#define PROXYWASM_ATTR_REQUEST_SIZE PROXYWASM_PATH("request", "size")             /* int: body */
#define PROXYWASM_ATTR_REQUEST_TOTAL_SIZE PROXYWASM_PATH("request", "total_size") /* int */

/*
 * Response. Envoy answers in HTTP stream hooks once the response headers
 * arrived; flags, sizes and backend_latency once the stream completes
 * (on_http_done, on_plugin_log).
 */
#define PROXYWASM_ATTR_RESPONSE_CODE PROXYWASM_PATH("response", "code")                 /* int */
#define PROXYWASM_ATTR_RESPONSE_CODE_DETAILS PROXYWASM_PATH("response", "code_details") /* str */
#define PROXYWASM_ATTR_RESPONSE_FLAGS PROXYWASM_PATH("response", "flags") /* int: bit set */
#define PROXYWASM_ATTR_RESPONSE_GRPC_STATUS PROXYWASM_PATH("response", "grpc_status")     /* int */
#define PROXYWASM_ATTR_RESPONSE_HEADERS PROXYWASM_PATH("response", "headers")             /* map */
#define PROXYWASM_ATTR_RESPONSE_HEADERS_BYTES PROXYWASM_PATH("response", "headers_bytes") /* int */
#define PROXYWASM_ATTR_RESPONSE_TRAILERS PROXYWASM_PATH("response", "trailers")           /* map */
#define PROXYWASM_ATTR_RESPONSE_SIZE PROXYWASM_PATH("response", "size")             /* int: body */
#define PROXYWASM_ATTR_RESPONSE_TOTAL_SIZE PROXYWASM_PATH("response", "total_size") /* int */
#define PROXYWASM_ATTR_RESPONSE_BACKEND_LATENCY \
  PROXYWASM_PATH("response", "backend_latency") /* duration */

/*
 * Downstream connection. Envoy answers in HTTP and TCP stream hooks; the
 * certificate and TLS values only on TLS connections; termination_details
 * once the connection closed. All strings but the ports (int), id (uint)
 * and mtls (bool: TLS with a peer certificate).
 */
#define PROXYWASM_ATTR_SOURCE_ADDRESS PROXYWASM_PATH("source", "address") /* peer "ip:port" */
#define PROXYWASM_ATTR_SOURCE_PORT PROXYWASM_PATH("source", "port")
#define PROXYWASM_ATTR_DESTINATION_ADDRESS PROXYWASM_PATH("destination", "address") /* local */
#define PROXYWASM_ATTR_DESTINATION_PORT PROXYWASM_PATH("destination", "port")
#define PROXYWASM_ATTR_CONNECTION_ID PROXYWASM_PATH("connection", "id")
#define PROXYWASM_ATTR_CONNECTION_MTLS PROXYWASM_PATH("connection", "mtls")
#define PROXYWASM_ATTR_CONNECTION_REQUESTED_SERVER_NAME /* SNI */ \
  PROXYWASM_PATH("connection", "requested_server_name")
#define PROXYWASM_ATTR_CONNECTION_TLS_VERSION PROXYWASM_PATH("connection", "tls_version")
#define PROXYWASM_ATTR_CONNECTION_SUBJECT_LOCAL_CERTIFICATE \
  PROXYWASM_PATH("connection", "subject_local_certificate")
#define PROXYWASM_ATTR_CONNECTION_SUBJECT_PEER_CERTIFICATE \
  PROXYWASM_PATH("connection", "subject_peer_certificate")
#define PROXYWASM_ATTR_CONNECTION_DNS_SAN_LOCAL_CERTIFICATE /* the first DNS SAN */ \
  PROXYWASM_PATH("connection", "dns_san_local_certificate")
#define PROXYWASM_ATTR_CONNECTION_DNS_SAN_PEER_CERTIFICATE \
  PROXYWASM_PATH("connection", "dns_san_peer_certificate")
#define PROXYWASM_ATTR_CONNECTION_URI_SAN_LOCAL_CERTIFICATE /* the first URI SAN */ \
  PROXYWASM_PATH("connection", "uri_san_local_certificate")
#define PROXYWASM_ATTR_CONNECTION_URI_SAN_PEER_CERTIFICATE \
  PROXYWASM_PATH("connection", "uri_san_peer_certificate")
#define PROXYWASM_ATTR_CONNECTION_SHA256_PEER_CERTIFICATE_DIGEST /* hex */ \
  PROXYWASM_PATH("connection", "sha256_peer_certificate_digest")
#define PROXYWASM_ATTR_CONNECTION_PEER_CERTIFICATE /* URL-encoded PEM */ \
  PROXYWASM_PATH("connection", "peer_certificate")
#define PROXYWASM_ATTR_CONNECTION_TRANSPORT_FAILURE_REASON \
  PROXYWASM_PATH("connection", "transport_failure_reason")
#define PROXYWASM_ATTR_CONNECTION_TERMINATION_DETAILS \
  PROXYWASM_PATH("connection", "termination_details")

/*
 * Upstream connection. Envoy answers in stream hooks once the upstream
 * connection is established (on_response_headers, on_upstream_data and
 * later); the TLS values only on TLS connections. All strings but port
 * (int), request_attempt_count and num_endpoints (uint) and
 * cx_pool_ready_duration (duration). request_attempt_count,
 * cx_pool_ready_duration and locality need Envoy 1.33+.
 */
#define PROXYWASM_ATTR_UPSTREAM_ADDRESS PROXYWASM_PATH("upstream", "address") /* "ip:port" */
#define PROXYWASM_ATTR_UPSTREAM_PORT PROXYWASM_PATH("upstream", "port")
#define PROXYWASM_ATTR_UPSTREAM_LOCAL_ADDRESS PROXYWASM_PATH("upstream", "local_address")
#define PROXYWASM_ATTR_UPSTREAM_TLS_VERSION PROXYWASM_PATH("upstream", "tls_version")
#define PROXYWASM_ATTR_UPSTREAM_SUBJECT_LOCAL_CERTIFICATE \
  PROXYWASM_PATH("upstream", "subject_local_certificate")
#define PROXYWASM_ATTR_UPSTREAM_SUBJECT_PEER_CERTIFICATE \
  PROXYWASM_PATH("upstream", "subject_peer_certificate")
#define PROXYWASM_ATTR_UPSTREAM_DNS_SAN_LOCAL_CERTIFICATE \
  PROXYWASM_PATH("upstream", "dns_san_local_certificate")
#define PROXYWASM_ATTR_UPSTREAM_DNS_SAN_PEER_CERTIFICATE \
  PROXYWASM_PATH("upstream", "dns_san_peer_certificate")
#define PROXYWASM_ATTR_UPSTREAM_URI_SAN_LOCAL_CERTIFICATE \
  PROXYWASM_PATH("upstream", "uri_san_local_certificate")
#define PROXYWASM_ATTR_UPSTREAM_URI_SAN_PEER_CERTIFICATE \
  PROXYWASM_PATH("upstream", "uri_san_peer_certificate")
#define PROXYWASM_ATTR_UPSTREAM_SHA256_PEER_CERTIFICATE_DIGEST \
  PROXYWASM_PATH("upstream", "sha256_peer_certificate_digest")
#define PROXYWASM_ATTR_UPSTREAM_PEER_CERTIFICATE PROXYWASM_PATH("upstream", "peer_certificate")
#define PROXYWASM_ATTR_UPSTREAM_TRANSPORT_FAILURE_REASON \
  PROXYWASM_PATH("upstream", "transport_failure_reason")
#define PROXYWASM_ATTR_UPSTREAM_REQUEST_ATTEMPT_COUNT \
  PROXYWASM_PATH("upstream", "request_attempt_count")
#define PROXYWASM_ATTR_UPSTREAM_NUM_ENDPOINTS PROXYWASM_PATH("upstream", "num_endpoints")
#define PROXYWASM_ATTR_UPSTREAM_CX_POOL_READY_DURATION \
  PROXYWASM_PATH("upstream", "cx_pool_ready_duration")
#define PROXYWASM_ATTR_UPSTREAM_LOCALITY_REGION PROXYWASM_PATH("upstream", "locality", "region")
#define PROXYWASM_ATTR_UPSTREAM_LOCALITY_ZONE PROXYWASM_PATH("upstream", "locality", "zone")
#define PROXYWASM_ATTR_UPSTREAM_LOCALITY_SUB_ZONE PROXYWASM_PATH("upstream", "locality", "sub_zone")

/** Values of PROXYWASM_ATTR_XDS_LISTENER_DIRECTION (Envoy's TrafficDirection). */
typedef enum proxywasm_traffic_direction {
  PROXYWASM_DIRECTION_UNSPECIFIED = 0,
  PROXYWASM_DIRECTION_INBOUND = 1,
  PROXYWASM_DIRECTION_OUTBOUND = 2
} proxywasm_traffic_direction;

/*
 * Plugin and xDS configuration. Envoy answers in any hook for plugin_* and
 * node; in stream hooks for the others (cluster_name once the route picked
 * a cluster). All strings but listener_direction (int: a
 * proxywasm_traffic_direction). virtual_host_name needs Envoy 1.33+.
 */
#define PROXYWASM_ATTR_PLUGIN_NAME PROXYWASM_PATH("plugin_name")
#define PROXYWASM_ATTR_PLUGIN_ROOT_ID PROXYWASM_PATH("plugin_root_id")
#define PROXYWASM_ATTR_PLUGIN_VM_ID PROXYWASM_PATH("plugin_vm_id")
#define PROXYWASM_ATTR_XDS_NODE_ID PROXYWASM_PATH("xds", "node", "id")
#define PROXYWASM_ATTR_XDS_NODE_CLUSTER PROXYWASM_PATH("xds", "node", "cluster")
#define PROXYWASM_ATTR_XDS_CLUSTER_NAME PROXYWASM_PATH("xds", "cluster_name")
#define PROXYWASM_ATTR_XDS_ROUTE_NAME PROXYWASM_PATH("xds", "route_name")
#define PROXYWASM_ATTR_XDS_VIRTUAL_HOST_NAME PROXYWASM_PATH("xds", "virtual_host_name")
#define PROXYWASM_ATTR_XDS_FILTER_CHAIN_NAME PROXYWASM_PATH("xds", "filter_chain_name")
#define PROXYWASM_ATTR_XDS_LISTENER_DIRECTION PROXYWASM_PATH("xds", "listener_direction")

/*
 * Metadata and filter state have a key of the plugin's choosing: write the
 * whole path. Values are in the host's encoding (a string raw, a number a
 * double, a bool 1 byte, a struct a map, a list a list).
 *   xds.node.metadata.<key>                   any hook (Istio: "NAMESPACE", ...)
 *   filter_state.<name>                       stream hooks: a filter state object
 *   metadata.filter_metadata.<filter>.<key>   stream hooks: dynamic metadata
 *   xds.route_metadata.filter_metadata.<filter>.<key>     once the route is chosen
 *   xds.cluster_metadata.filter_metadata.<filter>.<key>   once the route is chosen
 *   xds.virtual_host_metadata.filter_metadata.<filter>.<key>  (Envoy 1.33+)
 *   xds.listener_metadata.filter_metadata.<filter>.<key>
 *   xds.upstream_host_metadata.filter_metadata.<filter>.<key> once the upstream is chosen
 * For example, a route's {filter_metadata: {envoy.filters.http.wasm: {auth:
 * cookie}}}:
 *   proxywasm_property_get(PROXYWASM_PATH("xds", "route_metadata", "filter_metadata",
 *                                         "envoy.filters.http.wasm", "auth"), &value);
 * and all values of one filter as a map:
 *   proxywasm_property_get_map(PROXYWASM_PATH("xds", "cluster_metadata",
 *                                             "filter_metadata", "location"), &e, &n);
 * Values plugins stored with proxywasm_property_set() are read with
 * proxywasm_property_get() of their own path, not under filter_state.
 */

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_PROPERTIES_H */
