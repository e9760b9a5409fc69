/*
 * properties_attrs.c - typed accessors for Envoy's attributes.
 *
 * Each accessor is one table row: a constant, already-encoded path (no
 * path building at run time) and a decoder. Every row is its own function,
 * so a plugin links only the rows it calls. Segment names never start with
 * a digit, so "\0" in the literals cannot swallow one as an octal escape.
 */
#include "../internal.h"

#define LIT(path) (path), (sizeof(path) - 1)

static proxywasm_status get_i64(const char *path, size_t len, int64_t *out) {
  if (out)
    *out = 0;
  if (out == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_bytes raw;
  proxywasm_status s = proxywasm_property_get_encoded(path, len, &raw);
  return s != PROXYWASM_OK ? s : proxywasm_property_decode_int64(raw, out);
}

static proxywasm_status get_u64(const char *path, size_t len, uint64_t *out) {
  if (out)
    *out = 0;
  if (out == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_bytes raw;
  proxywasm_status s = proxywasm_property_get_encoded(path, len, &raw);
  return s != PROXYWASM_OK ? s : proxywasm_property_decode_uint64(raw, out);
}

static proxywasm_status get_bool(const char *path, size_t len, bool *out) {
  if (out)
    *out = false;
  if (out == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_bytes raw;
  proxywasm_status s = proxywasm_property_get_encoded(path, len, &raw);
  return s != PROXYWASM_OK ? s : proxywasm_property_decode_bool(raw, out);
}

/* Durations and timestamps: both int64 nanoseconds. */
static proxywasm_status get_ns(const char *path, size_t len, int64_t *ns) {
  if (ns)
    *ns = 0;
  if (ns == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_bytes raw;
  proxywasm_status s = proxywasm_property_get_encoded(path, len, &raw);
  return s != PROXYWASM_OK ? s : proxywasm_property_decode_duration(raw, ns);
}

static proxywasm_status get_map(const char *path, size_t len, proxywasm_header **entries,
                                size_t *count) {
  if (entries)
    *entries = NULL;
  if (count)
    *count = 0;
  if (entries == NULL || count == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_bytes raw;
  proxywasm_status s = proxywasm_property_get_encoded(path, len, &raw);
  return s != PROXYWASM_OK ? s : proxywasm_property_decode_map(raw, entries, count);
}

#define STRING(name, path)                                                               \
  proxywasm_status proxywasm_property_##name(proxywasm_bytes *value) {                   \
    return proxywasm_property_get_encoded(LIT(path), value);                             \
  }
#define INT(name, path)                                                                  \
  proxywasm_status proxywasm_property_##name(int64_t *value) {                           \
    return get_i64(LIT(path), value);                                                    \
  }
#define UINT(name, path)                                                                 \
  proxywasm_status proxywasm_property_##name(uint64_t *value) {                          \
    return get_u64(LIT(path), value);                                                    \
  }
#define BOOL(name, path)                                                                 \
  proxywasm_status proxywasm_property_##name(bool *value) { return get_bool(LIT(path), value); }
#define NANOS(name, path)                                                                \
  proxywasm_status proxywasm_property_##name(int64_t *ns) { return get_ns(LIT(path), ns); }
#define MAP(name, path)                                                                  \
  proxywasm_status proxywasm_property_##name(proxywasm_header **entries, size_t *count) {  \
    return get_map(LIT(path), entries, count);                                           \
  }

/* Request. */
STRING(request_path, "request\0path")
STRING(request_url_path, "request\0url_path")
STRING(request_host, "request\0host")
STRING(request_scheme, "request\0scheme")
STRING(request_method, "request\0method")
STRING(request_referer, "request\0referer")
STRING(request_useragent, "request\0useragent")
STRING(request_id, "request\0id")
STRING(request_protocol, "request\0protocol")
STRING(request_query, "request\0query")
MAP(request_headers, "request\0headers")
INT(request_headers_bytes, "request\0headers_bytes")
NANOS(request_time, "request\0time")
NANOS(request_duration, "request\0duration")
INT(request_size, "request\0size")
INT(request_total_size, "request\0total_size")

/* Response. */
INT(response_code, "response\0code")
STRING(response_code_details, "response\0code_details")
INT(response_flags, "response\0flags")
INT(response_grpc_status, "response\0grpc_status")
MAP(response_headers, "response\0headers")
INT(response_headers_bytes, "response\0headers_bytes")
MAP(response_trailers, "response\0trailers")
INT(response_size, "response\0size")
INT(response_total_size, "response\0total_size")
NANOS(response_backend_latency, "response\0backend_latency")

/* Downstream connection. */
STRING(source_address, "source\0address")
INT(source_port, "source\0port")
STRING(destination_address, "destination\0address")
INT(destination_port, "destination\0port")
UINT(connection_id, "connection\0id")
BOOL(connection_mtls, "connection\0mtls")
STRING(connection_requested_server_name, "connection\0requested_server_name")
STRING(connection_tls_version, "connection\0tls_version")
STRING(connection_subject_local_certificate, "connection\0subject_local_certificate")
STRING(connection_subject_peer_certificate, "connection\0subject_peer_certificate")
STRING(connection_dns_san_local_certificate, "connection\0dns_san_local_certificate")
STRING(connection_dns_san_peer_certificate, "connection\0dns_san_peer_certificate")
STRING(connection_uri_san_local_certificate, "connection\0uri_san_local_certificate")
STRING(connection_uri_san_peer_certificate, "connection\0uri_san_peer_certificate")
STRING(connection_sha256_peer_certificate_digest,
       "connection\0sha256_peer_certificate_digest")
STRING(connection_peer_certificate, "connection\0peer_certificate")
STRING(connection_transport_failure_reason, "connection\0transport_failure_reason")
STRING(connection_termination_details, "connection\0termination_details")

/* Upstream connection. */
STRING(upstream_address, "upstream\0address")
INT(upstream_port, "upstream\0port")
STRING(upstream_local_address, "upstream\0local_address")
STRING(upstream_tls_version, "upstream\0tls_version")
STRING(upstream_subject_local_certificate, "upstream\0subject_local_certificate")
STRING(upstream_subject_peer_certificate, "upstream\0subject_peer_certificate")
STRING(upstream_dns_san_local_certificate, "upstream\0dns_san_local_certificate")
STRING(upstream_dns_san_peer_certificate, "upstream\0dns_san_peer_certificate")
STRING(upstream_uri_san_local_certificate, "upstream\0uri_san_local_certificate")
STRING(upstream_uri_san_peer_certificate, "upstream\0uri_san_peer_certificate")
STRING(upstream_sha256_peer_certificate_digest, "upstream\0sha256_peer_certificate_digest")
STRING(upstream_peer_certificate, "upstream\0peer_certificate")
STRING(upstream_transport_failure_reason, "upstream\0transport_failure_reason")
UINT(upstream_request_attempt_count, "upstream\0request_attempt_count")
UINT(upstream_num_endpoints, "upstream\0num_endpoints")
NANOS(upstream_cx_pool_ready_duration, "upstream\0cx_pool_ready_duration")
STRING(upstream_locality_region, "upstream\0locality\0region")
STRING(upstream_locality_zone, "upstream\0locality\0zone")
STRING(upstream_locality_sub_zone, "upstream\0locality\0sub_zone")

/* Plugin and xDS configuration. */
STRING(plugin_name, "plugin_name")
STRING(plugin_root_id, "plugin_root_id")
STRING(plugin_vm_id, "plugin_vm_id")
STRING(xds_node_id, "xds\0node\0id")
STRING(xds_node_cluster, "xds\0node\0cluster")
STRING(xds_cluster_name, "xds\0cluster_name")
STRING(xds_route_name, "xds\0route_name")
STRING(xds_virtual_host_name, "xds\0virtual_host_name")
STRING(xds_filter_chain_name, "xds\0filter_chain_name")
INT(xds_listener_direction, "xds\0listener_direction")

/* Reads root..., then the rest of segs; NULL entries in root are skipped. */
static proxywasm_status get_under(const char *const root[2], const char *const *rest,
                                  size_t n, proxywasm_bytes *value) {
  const char *segs[6];
  size_t k = 0;
  for (size_t i = 0; i < 2; i++)
    if (root[i])
      segs[k++] = root[i];
  for (size_t i = 0; i < n; i++) {
    if (rest[i] == NULL)
      return PROXYWASM_BAD_ARGUMENT;
    segs[k++] = rest[i];
  }
  return proxywasm_property_get(segs, k, value);
}

proxywasm_status proxywasm_property_xds_node_metadata(const char *key, proxywasm_bytes *value) {
  static const char *const root[2] = {"xds", "node"};
  const char *rest[2] = {"metadata", key};
  proxywasm__clear(value);
  return value ? get_under(root, rest, 2, value) : PROXYWASM_BAD_ARGUMENT;
}

proxywasm_status proxywasm_property_filter_state(const char *name, proxywasm_bytes *value) {
  static const char *const root[2] = {"filter_state", NULL};
  proxywasm__clear(value);
  return value ? get_under(root, &name, 1, value) : PROXYWASM_BAD_ARGUMENT;
}

static const char *const metadata_roots[][2] = {
    [PROXYWASM_METADATA_DYNAMIC] = {"metadata", NULL},
    [PROXYWASM_METADATA_ROUTE] = {"xds", "route_metadata"},
    [PROXYWASM_METADATA_CLUSTER] = {"xds", "cluster_metadata"},
    [PROXYWASM_METADATA_LISTENER] = {"xds", "listener_metadata"},
    [PROXYWASM_METADATA_UPSTREAM_HOST] = {"xds", "upstream_host_metadata"},
    [PROXYWASM_METADATA_VIRTUAL_HOST] = {"xds", "virtual_host_metadata"},
};

proxywasm_status proxywasm_property_metadata(proxywasm_metadata_source source,
                                             const char *filter, const char *key,
                                             proxywasm_bytes *value) {
  proxywasm__clear(value);
  if (value == NULL || (unsigned)source >= sizeof metadata_roots / sizeof metadata_roots[0])
    return PROXYWASM_BAD_ARGUMENT;
  const char *rest[3] = {"filter_metadata", filter, key};
  return get_under(metadata_roots[source], rest, 3, value);
}

proxywasm_status proxywasm_property_metadata_map(proxywasm_metadata_source source,
                                                 const char *filter,
                                                 proxywasm_header **entries, size_t *count) {
  if (entries)
    *entries = NULL;
  if (count)
    *count = 0;
  if (entries == NULL || count == NULL ||
      (unsigned)source >= sizeof metadata_roots / sizeof metadata_roots[0])
    return PROXYWASM_BAD_ARGUMENT;
  const char *rest[2] = {"filter_metadata", filter};
  proxywasm_bytes raw;
  proxywasm_status s = get_under(metadata_roots[source], rest, 2, &raw);
  return s != PROXYWASM_OK ? s : proxywasm_property_decode_map(raw, entries, count);
}
