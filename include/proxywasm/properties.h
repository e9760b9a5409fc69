/*
 * proxywasm/properties.h - host properties: facts about the request, the
 * connection and the upstream, xDS configuration and metadata (Envoy calls
 * them attributes), and values plugins store for each other.
 *
 * A property is named by a path of segments: ("request", "path"),
 * ("xds", "node", "id"), ("metadata", "filter_metadata", "envoy.lb", "key").
 * Segments walk into maps by key, into protobuf messages by field name and
 * into lists by decimal index. On the wire the path is the segments joined
 * by NUL bytes. Envoy keys may contain dots ("envoy.filters.http.wasm"), so
 * the dotted string form is a convenience only; the array, varargs and
 * PROXYWASM_PATH forms pass segments unchanged.
 *
 * Envoy 1.40 answers NOT_FOUND for the old top-level aliases of xDS
 * attributes (cluster_metadata, route_metadata, cluster_name, route_name,
 * ...) that older Envoys and the Go SDK's examples use: read them under
 * "xds" (xds.cluster_metadata, ...), as the accessors below do.
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
 * both, so the typed accessors work on either host.
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

#if defined(__GNUC__) || defined(__clang__)
#define PROXYWASM__SENTINEL __attribute__((sentinel))
#else
#define PROXYWASM__SENTINEL
#endif

/* ---- Paths -------------------------------------------------------------- */

/**
 * A path as the two arguments (array, count) of the array-form functions:
 *   proxywasm_property_get(PROXYWASM_PATH("xds", "node", "id"), &value);
 */
#define PROXYWASM_PATH(...)                                                              \
  ((const char *const[]){__VA_ARGS__}),                                                  \
      (sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

/**
 * Encodes n segments as the ABI path: the segments joined by NUL bytes, with
 * no trailing NUL. Segments may be empty, but not the whole path.
 * Valid anywhere.
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT if n is 0, a segment is NULL
 * or the path is empty; PROXYWASM_INTERNAL_FAILURE if out of memory.
 * *path is empty on failure.
 * Ownership: borrowed from the per-hook arena, valid until the hook returns.
 */
proxywasm_status proxywasm_property_path_encode(const char *const *segments, size_t n,
                                                proxywasm_bytes *path);

/**
 * Encodes a dotted path ("request.path") as the ABI path: each '.' separates
 * two segments, and a backslash makes the next character literal, so
 * "metadata.filter_metadata.envoy\\.lb.key" reaches the key "envoy.lb".
 * Valid anywhere.
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT for NULL, "" or a trailing
 * lone backslash; PROXYWASM_INTERNAL_FAILURE if out of memory.
 * *path is empty on failure.
 * Ownership: borrowed from the per-hook arena, valid until the hook returns.
 */
proxywasm_status proxywasm_property_path_parse(const char *dotted, proxywasm_bytes *path);

/* ---- Reading and writing any property ----------------------------------- */

/**
 * Reads the property at a path of n segments (proxy_get_property).
 * Valid in: any hook; what exists depends on the hook (see the groups
 * below; a plugin context has only plugin and xDS values).
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND if the property does not exist
 * or is not available in this hook; PROXYWASM_SERIALIZATION_FAILURE if the
 * host cannot encode its value; PROXYWASM_BAD_ARGUMENT for an empty path or
 * NULL arguments; PROXYWASM_INTERNAL_FAILURE if out of memory. *value is
 * empty on failure and may be empty on success.
 * Ownership: borrowed, NUL-terminated, valid until the hook returns.
 */
proxywasm_status proxywasm_property_get(const char *const *path, size_t n,
                                        proxywasm_bytes *value);

/**
 * proxywasm_property_get() with the segments as arguments, ended by NULL:
 *   proxywasm_property_get_list(&v, "xds", "route_metadata", "filter_metadata",
 *                           "envoy.filters.http.wasm", "auth", NULL);
 * Valid in, Returns, Ownership: as proxywasm_property_get().
 */
proxywasm_status proxywasm_property_get_list(proxywasm_bytes *value, ...) PROXYWASM__SENTINEL;

/**
 * proxywasm_property_get() with a dotted path (see
 * proxywasm_property_path_parse for the escape rule).
 * Valid in, Returns, Ownership: as proxywasm_property_get().
 */
proxywasm_status proxywasm_property_get_path(const char *dotted, proxywasm_bytes *value);

/**
 * proxywasm_property_get() with a path already in the ABI encoding
 * (segments joined by NUL), e.g. ("request\0path", 12). Nothing is built,
 * so this is the cheapest form for constant paths.
 * Valid in, Returns, Ownership: as proxywasm_property_get().
 */
proxywasm_status proxywasm_property_get_encoded(const char *path, size_t path_len,
                                                proxywasm_bytes *value);

/**
 * Reads a map-valued property and decodes it (proxywasm_property_get, then
 * proxywasm_property_decode_map).
 * Valid in: as proxywasm_property_get().
 * Returns: as proxywasm_property_get(), and PROXYWASM_SERIALIZATION_FAILURE
 * if the value is not a map. Outputs empty on failure.
 * Ownership: the array and the strings are borrowed, valid until the hook
 * returns.
 */
proxywasm_status proxywasm_property_get_map(const char *const *path, size_t n,
                                            proxywasm_header **entries, size_t *count);

/**
 * Stores a value under a path (proxy_set_property). Envoy keeps it in the
 * stream's filter state as "wasm.<path>", where other plugins read it with
 * proxywasm_property_get() of the same single-segment path, and CEL
 * expressions (RBAC, access logs) as filter_state. An empty value is
 * stored as empty.
 * Valid in: stream hooks (HTTP or TCP).
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND where there is no stream (a
 * plugin context); PROXYWASM_BAD_ARGUMENT if the host refuses the value
 * (a property declared read-only or with another type) or for an empty
 * path; PROXYWASM_INTERNAL_FAILURE if out of memory.
 * Ownership: the host copies value during the call.
 */
proxywasm_status proxywasm_property_set(const char *const *path, size_t n, const void *value,
                                        size_t len);

/**
 * proxywasm_property_set() with the segments as arguments, ended by NULL:
 *   proxywasm_property_set_list("v1", 2, "my_plugin_version", NULL);
 * Valid in, Returns: as proxywasm_property_set().
 */
proxywasm_status proxywasm_property_set_list(const void *value, size_t len,
                                         ...) PROXYWASM__SENTINEL;

/**
 * proxywasm_property_set() with a dotted path.
 * Valid in, Returns: as proxywasm_property_set().
 */
proxywasm_status proxywasm_property_set_path(const char *dotted, const void *value,
                                             size_t len);

/**
 * proxywasm_property_set() with a path already in the ABI encoding.
 * Valid in, Returns: as proxywasm_property_set().
 */
proxywasm_status proxywasm_property_set_encoded(const char *path, size_t path_len,
                                                const void *value, size_t len);

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

/* ---- Typed accessors ---------------------------------------------------- */

/*
 * One function per Envoy attribute: it reads the path and decodes its type.
 * Strings give proxywasm_bytes, borrowed and valid until the hook returns;
 * int gives int64_t, uint uint64_t, bool bool, timestamps and durations
 * int64_t nanoseconds; maps give a borrowed proxywasm_header array.
 *
 * Returns (all of them): PROXYWASM_OK; PROXYWASM_NOT_FOUND if the value does
 * not exist or is not available in this hook (e.g. no TLS, no upstream yet,
 * a plugin context); PROXYWASM_SERIALIZATION_FAILURE if the host's value is
 * not of the expected type; PROXYWASM_BAD_ARGUMENT for NULL outputs;
 * PROXYWASM_INTERNAL_FAILURE if out of memory. Outputs are empty/0/false on
 * failure.
 */

/**
 * Request attributes. Valid in: HTTP stream hooks, from on_request_headers;
 * request.duration, size and total_size once the request completes
 * (on_http_done, on_plugin_log).
 *   request.path           string   path with query
 *   request.url_path       string   path without query
 *   request.host           string
 *   request.scheme         string   "http", "https"
 *   request.method         string
 *   request.referer        string
 *   request.useragent      string
 *   request.id             string   x-request-id
 *   request.protocol       string   "HTTP/1.1", "HTTP/2", ...
 *   request.query          string   without the '?'
 *   request.headers        map      multiple values comma-joined
 *   request.headers_bytes  int
 *   request.time           timestamp  first byte received
 *   request.duration       duration
 *   request.size           int      body size
 *   request.total_size     int      body and headers
 */
proxywasm_status proxywasm_property_request_path(proxywasm_bytes *value);
proxywasm_status proxywasm_property_request_url_path(proxywasm_bytes *value);
proxywasm_status proxywasm_property_request_host(proxywasm_bytes *value);
proxywasm_status proxywasm_property_request_scheme(proxywasm_bytes *value);
proxywasm_status proxywasm_property_request_method(proxywasm_bytes *value);
proxywasm_status proxywasm_property_request_referer(proxywasm_bytes *value);
proxywasm_status proxywasm_property_request_useragent(proxywasm_bytes *value);
proxywasm_status proxywasm_property_request_id(proxywasm_bytes *value);
proxywasm_status proxywasm_property_request_protocol(proxywasm_bytes *value);
proxywasm_status proxywasm_property_request_query(proxywasm_bytes *value);
proxywasm_status proxywasm_property_request_headers(proxywasm_header **entries, size_t *count);
proxywasm_status proxywasm_property_request_headers_bytes(int64_t *value);
proxywasm_status proxywasm_property_request_time(int64_t *ns);
proxywasm_status proxywasm_property_request_duration(int64_t *ns);
proxywasm_status proxywasm_property_request_size(int64_t *value);
proxywasm_status proxywasm_property_request_total_size(int64_t *value);

/**
 * Response attributes. Valid in: HTTP stream hooks once the response
 * headers arrived; flags, sizes and backend_latency once the stream
 * completes (on_http_done, on_plugin_log).
 *   response.code             int
 *   response.code_details     string
 *   response.flags            int      bit set (Envoy response flags)
 *   response.grpc_status      int
 *   response.headers          map
 *   response.headers_bytes    int
 *   response.trailers         map
 *   response.size             int      body size
 *   response.total_size       int      body, headers and trailers
 *   response.backend_latency  duration
 */
proxywasm_status proxywasm_property_response_code(int64_t *value);
proxywasm_status proxywasm_property_response_code_details(proxywasm_bytes *value);
proxywasm_status proxywasm_property_response_flags(int64_t *value);
proxywasm_status proxywasm_property_response_grpc_status(int64_t *value);
proxywasm_status proxywasm_property_response_headers(proxywasm_header **entries,
                                                     size_t *count);
proxywasm_status proxywasm_property_response_headers_bytes(int64_t *value);
proxywasm_status proxywasm_property_response_trailers(proxywasm_header **entries,
                                                      size_t *count);
proxywasm_status proxywasm_property_response_size(int64_t *value);
proxywasm_status proxywasm_property_response_total_size(int64_t *value);
proxywasm_status proxywasm_property_response_backend_latency(int64_t *ns);

/**
 * Downstream connection attributes. Valid in: HTTP and TCP stream hooks;
 * the TLS values only on TLS connections; termination_details once the
 * connection closed.
 *   source.address                             string  "ip:port" of the peer
 *   source.port                                int
 *   destination.address                        string  local "ip:port"
 *   destination.port                           int
 *   connection.id                              uint
 *   connection.mtls                            bool    TLS with a peer certificate
 *   connection.requested_server_name           string  SNI
 *   connection.tls_version                     string
 *   connection.subject_local_certificate       string
 *   connection.subject_peer_certificate        string
 *   connection.dns_san_local_certificate       string  first DNS SAN
 *   connection.dns_san_peer_certificate        string
 *   connection.uri_san_local_certificate       string  first URI SAN
 *   connection.uri_san_peer_certificate        string
 *   connection.sha256_peer_certificate_digest  string  hex
 *   connection.peer_certificate                string  URL-encoded PEM
 *   connection.transport_failure_reason        string
 *   connection.termination_details             string
 */
proxywasm_status proxywasm_property_source_address(proxywasm_bytes *value);
proxywasm_status proxywasm_property_source_port(int64_t *value);
proxywasm_status proxywasm_property_destination_address(proxywasm_bytes *value);
proxywasm_status proxywasm_property_destination_port(int64_t *value);
proxywasm_status proxywasm_property_connection_id(uint64_t *value);
proxywasm_status proxywasm_property_connection_mtls(bool *value);
proxywasm_status proxywasm_property_connection_requested_server_name(proxywasm_bytes *value);
proxywasm_status proxywasm_property_connection_tls_version(proxywasm_bytes *value);
proxywasm_status proxywasm_property_connection_subject_local_certificate(proxywasm_bytes *value);
proxywasm_status proxywasm_property_connection_subject_peer_certificate(proxywasm_bytes *value);
proxywasm_status proxywasm_property_connection_dns_san_local_certificate(proxywasm_bytes *value);
proxywasm_status proxywasm_property_connection_dns_san_peer_certificate(proxywasm_bytes *value);
proxywasm_status proxywasm_property_connection_uri_san_local_certificate(proxywasm_bytes *value);
proxywasm_status proxywasm_property_connection_uri_san_peer_certificate(proxywasm_bytes *value);
proxywasm_status
proxywasm_property_connection_sha256_peer_certificate_digest(proxywasm_bytes *value);
proxywasm_status proxywasm_property_connection_peer_certificate(proxywasm_bytes *value);
proxywasm_status proxywasm_property_connection_transport_failure_reason(proxywasm_bytes *value);
proxywasm_status proxywasm_property_connection_termination_details(proxywasm_bytes *value);

/**
 * Upstream connection attributes. Valid in: stream hooks once the upstream
 * connection is established (on_response_headers, on_upstream_data, and
 * later); the TLS values only on TLS connections.
 *   upstream.address                         string  "ip:port"
 *   upstream.port                            int
 *   upstream.local_address                   string
 *   upstream.tls_version                     string
 *   upstream.subject_local_certificate       string
 *   upstream.subject_peer_certificate        string
 *   upstream.dns_san_local_certificate       string
 *   upstream.dns_san_peer_certificate        string
 *   upstream.uri_san_local_certificate       string
 *   upstream.uri_san_peer_certificate        string
 *   upstream.sha256_peer_certificate_digest  string
 *   upstream.peer_certificate                string
 *   upstream.transport_failure_reason        string
 *   upstream.request_attempt_count           uint    (Envoy 1.33+)
 *   upstream.num_endpoints                   uint
 *   upstream.cx_pool_ready_duration          duration (Envoy 1.33+)
 *   upstream.locality.region / zone / sub_zone  string (Envoy 1.33+)
 */
proxywasm_status proxywasm_property_upstream_address(proxywasm_bytes *value);
proxywasm_status proxywasm_property_upstream_port(int64_t *value);
proxywasm_status proxywasm_property_upstream_local_address(proxywasm_bytes *value);
proxywasm_status proxywasm_property_upstream_tls_version(proxywasm_bytes *value);
proxywasm_status proxywasm_property_upstream_subject_local_certificate(proxywasm_bytes *value);
proxywasm_status proxywasm_property_upstream_subject_peer_certificate(proxywasm_bytes *value);
proxywasm_status proxywasm_property_upstream_dns_san_local_certificate(proxywasm_bytes *value);
proxywasm_status proxywasm_property_upstream_dns_san_peer_certificate(proxywasm_bytes *value);
proxywasm_status proxywasm_property_upstream_uri_san_local_certificate(proxywasm_bytes *value);
proxywasm_status proxywasm_property_upstream_uri_san_peer_certificate(proxywasm_bytes *value);
proxywasm_status
proxywasm_property_upstream_sha256_peer_certificate_digest(proxywasm_bytes *value);
proxywasm_status proxywasm_property_upstream_peer_certificate(proxywasm_bytes *value);
proxywasm_status proxywasm_property_upstream_transport_failure_reason(proxywasm_bytes *value);
proxywasm_status proxywasm_property_upstream_request_attempt_count(uint64_t *value);
proxywasm_status proxywasm_property_upstream_num_endpoints(uint64_t *value);
proxywasm_status proxywasm_property_upstream_cx_pool_ready_duration(int64_t *ns);
proxywasm_status proxywasm_property_upstream_locality_region(proxywasm_bytes *value);
proxywasm_status proxywasm_property_upstream_locality_zone(proxywasm_bytes *value);
proxywasm_status proxywasm_property_upstream_locality_sub_zone(proxywasm_bytes *value);

/** Values of xds.listener_direction (Envoy's TrafficDirection). */
typedef enum proxywasm_traffic_direction {
  PROXYWASM_DIRECTION_UNSPECIFIED = 0,
  PROXYWASM_DIRECTION_INBOUND = 1,
  PROXYWASM_DIRECTION_OUTBOUND = 2
} proxywasm_traffic_direction;

/**
 * Plugin and xDS configuration attributes. Valid in: any hook for the
 * plugin_* and node values; stream hooks for the others (cluster_name once
 * the route picked a cluster).
 *   plugin_name                 string
 *   plugin_root_id              string
 *   plugin_vm_id                string
 *   xds.node.id                 string  the Envoy node id
 *   xds.node.cluster            string  the Envoy node cluster
 *   xds.cluster_name            string
 *   xds.route_name              string
 *   xds.virtual_host_name       string  (Envoy 1.33+)
 *   xds.filter_chain_name       string
 *   xds.listener_direction      int     a proxywasm_traffic_direction
 */
proxywasm_status proxywasm_property_plugin_name(proxywasm_bytes *value);
proxywasm_status proxywasm_property_plugin_root_id(proxywasm_bytes *value);
proxywasm_status proxywasm_property_plugin_vm_id(proxywasm_bytes *value);
proxywasm_status proxywasm_property_xds_node_id(proxywasm_bytes *value);
proxywasm_status proxywasm_property_xds_node_cluster(proxywasm_bytes *value);
proxywasm_status proxywasm_property_xds_cluster_name(proxywasm_bytes *value);
proxywasm_status proxywasm_property_xds_route_name(proxywasm_bytes *value);
proxywasm_status proxywasm_property_xds_virtual_host_name(proxywasm_bytes *value);
proxywasm_status proxywasm_property_xds_filter_chain_name(proxywasm_bytes *value);
proxywasm_status proxywasm_property_xds_listener_direction(int64_t *value);

/**
 * One field of the node metadata (xds.node.metadata.<key>), e.g. Istio's
 * "NAMESPACE". The value is in the host's encoding: a string raw, a number
 * an 8-byte double, a bool 1 byte, a struct a map (decode accordingly).
 * Valid in: any hook.
 * Returns: as the typed accessors; PROXYWASM_BAD_ARGUMENT for a NULL key.
 * Ownership: borrowed, NUL-terminated, valid until the hook returns.
 */
proxywasm_status proxywasm_property_xds_node_metadata(const char *key, proxywasm_bytes *value);

/**
 * A filter state object by name (filter_state.<name>), in the form its
 * declaration gives it (bytes unless it has a CEL representation). Values
 * plugins stored with proxywasm_property_set() are read with
 * proxywasm_property_get() of their own name instead.
 * Valid in: stream hooks.
 * Returns: as the typed accessors; PROXYWASM_BAD_ARGUMENT for a NULL name.
 * Ownership: borrowed, NUL-terminated, valid until the hook returns.
 */
proxywasm_status proxywasm_property_filter_state(const char *name, proxywasm_bytes *value);

/* ---- Metadata ----------------------------------------------------------- */

/** Where metadata comes from (its property path). */
typedef enum proxywasm_metadata_source {
  PROXYWASM_METADATA_DYNAMIC = 0,       /* metadata: the stream's dynamic metadata */
  PROXYWASM_METADATA_ROUTE = 1,         /* xds.route_metadata */
  PROXYWASM_METADATA_CLUSTER = 2,       /* xds.cluster_metadata */
  PROXYWASM_METADATA_LISTENER = 3,      /* xds.listener_metadata */
  PROXYWASM_METADATA_UPSTREAM_HOST = 4, /* xds.upstream_host_metadata */
  PROXYWASM_METADATA_VIRTUAL_HOST = 5   /* xds.virtual_host_metadata (Envoy 1.33+) */
} proxywasm_metadata_source;

/**
 * One value of filter metadata: <source>.filter_metadata.<filter>.<key>,
 * e.g. the route's metadata {filter_metadata: {envoy.filters.http.wasm:
 * {auth: cookie}}} gives "cookie" for ("envoy.filters.http.wasm", "auth").
 * The value is in the host's encoding: a string raw, a number an 8-byte
 * double, a bool 1 byte, a struct a map, a list a list.
 * Valid in: stream hooks (route and cluster once the route is chosen,
 * upstream host once the upstream is chosen).
 * Returns: as the typed accessors; PROXYWASM_BAD_ARGUMENT for a NULL filter
 * or key or an unknown source.
 * Ownership: borrowed, NUL-terminated, valid until the hook returns.
 */
proxywasm_status proxywasm_property_metadata(proxywasm_metadata_source source,
                                             const char *filter, const char *key,
                                             proxywasm_bytes *value);

/**
 * All values of one filter's metadata, <source>.filter_metadata.<filter>, as
 * a map: e.g. cluster metadata {filter_metadata: {location: {region: ...,
 * az: ...}}} gives the entries region and az for "location". Entry values
 * are in the host's encoding (strings raw).
 * Valid in: as proxywasm_property_metadata().
 * Returns: as proxywasm_property_metadata(); PROXYWASM_SERIALIZATION_FAILURE
 * if the value is not a map.
 * Ownership: borrowed, NUL-terminated, valid until the hook returns.
 */
proxywasm_status proxywasm_property_metadata_map(proxywasm_metadata_source source,
                                                 const char *filter,
                                                 proxywasm_header **entries, size_t *count);

/** proxywasm_property_metadata() of xds.route_metadata. */
static inline proxywasm_status proxywasm_property_route_metadata(const char *filter,
                                                                 const char *key,
                                                                 proxywasm_bytes *value) {
  return proxywasm_property_metadata(PROXYWASM_METADATA_ROUTE, filter, key, value);
}

/** proxywasm_property_metadata() of xds.cluster_metadata. */
static inline proxywasm_status proxywasm_property_cluster_metadata(const char *filter,
                                                                   const char *key,
                                                                   proxywasm_bytes *value) {
  return proxywasm_property_metadata(PROXYWASM_METADATA_CLUSTER, filter, key, value);
}

/** proxywasm_property_metadata() of xds.listener_metadata. */
static inline proxywasm_status proxywasm_property_listener_metadata(const char *filter,
                                                                    const char *key,
                                                                    proxywasm_bytes *value) {
  return proxywasm_property_metadata(PROXYWASM_METADATA_LISTENER, filter, key, value);
}

/** proxywasm_property_metadata() of xds.upstream_host_metadata. */
static inline proxywasm_status
proxywasm_property_upstream_host_metadata(const char *filter, const char *key,
                                          proxywasm_bytes *value) {
  return proxywasm_property_metadata(PROXYWASM_METADATA_UPSTREAM_HOST, filter, key, value);
}

/** proxywasm_property_metadata() of the stream's dynamic metadata. */
static inline proxywasm_status proxywasm_property_dynamic_metadata(const char *filter,
                                                                   const char *key,
                                                                   proxywasm_bytes *value) {
  return proxywasm_property_metadata(PROXYWASM_METADATA_DYNAMIC, filter, key, value);
}

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_PROPERTIES_H */
