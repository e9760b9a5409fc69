/*
 * test_sdk_attrs.c - every typed property accessor against the host
 * emulator: each reads its own path and decodes its type (absent:
 * NOT_FOUND with a zeroed output; wrong type: SERIALIZATION_FAILURE; NULL
 * output: BAD_ARGUMENT), plus node metadata, filter state, every metadata
 * source, encoded-path writes, and properties of another stream made
 * effective from a tick.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proxywasm.h"
#include "proxywasm/emulator.h"

/* ---- checks inside hooks ---- */

#include "hook_checks.h"

/* ---- the table of typed accessors ---- */

typedef enum { T_STR, T_INT, T_UINT, T_BOOL, T_NS, T_MAP } attr_type;

typedef struct attr {
  const char *name; /* dotted, for messages and string values */
  const char *seg[3];
  size_t nseg;
  attr_type type;
  proxywasm_status (*str)(proxywasm_bytes *);
  proxywasm_status (*i64)(int64_t *);
  proxywasm_status (*u64)(uint64_t *);
  proxywasm_status (*b)(bool *);
  proxywasm_status (*map)(proxywasm_header **, size_t *);
} attr;

#define A2(a, b) #a "." #b, {#a, #b, NULL}, 2
#define A3(a, b, c) #a "." #b "." #c, {#a, #b, #c}, 3
#define S(p, fn) {p, T_STR, .str = proxywasm_property_##fn}
#define I(p, fn) {p, T_INT, .i64 = proxywasm_property_##fn}
#define N(p, fn) {p, T_NS, .i64 = proxywasm_property_##fn}
#define U(p, fn) {p, T_UINT, .u64 = proxywasm_property_##fn}
#define B(p, fn) {p, T_BOOL, .b = proxywasm_property_##fn}
#define M(p, fn) {p, T_MAP, .map = proxywasm_property_##fn}

static const attr attrs[] = {
    S(A2(request, path), request_path),
    S(A2(request, url_path), request_url_path),
    S(A2(request, host), request_host),
    S(A2(request, scheme), request_scheme),
    S(A2(request, method), request_method),
    S(A2(request, referer), request_referer),
    S(A2(request, useragent), request_useragent),
    S(A2(request, id), request_id),
    S(A2(request, protocol), request_protocol),
    S(A2(request, query), request_query),
    M(A2(request, headers), request_headers),
    I(A2(request, headers_bytes), request_headers_bytes),
    N(A2(request, time), request_time),
    N(A2(request, duration), request_duration),
    I(A2(request, size), request_size),
    I(A2(request, total_size), request_total_size),
    I(A2(response, code), response_code),
    S(A2(response, code_details), response_code_details),
    I(A2(response, flags), response_flags),
    I(A2(response, grpc_status), response_grpc_status),
    M(A2(response, headers), response_headers),
    I(A2(response, headers_bytes), response_headers_bytes),
    M(A2(response, trailers), response_trailers),
    I(A2(response, size), response_size),
    I(A2(response, total_size), response_total_size),
    N(A2(response, backend_latency), response_backend_latency),
    S(A2(source, address), source_address),
    I(A2(source, port), source_port),
    S(A2(destination, address), destination_address),
    I(A2(destination, port), destination_port),
    U(A2(connection, id), connection_id),
    B(A2(connection, mtls), connection_mtls),
    S(A2(connection, requested_server_name), connection_requested_server_name),
    S(A2(connection, tls_version), connection_tls_version),
    S(A2(connection, subject_local_certificate), connection_subject_local_certificate),
    S(A2(connection, subject_peer_certificate), connection_subject_peer_certificate),
    S(A2(connection, dns_san_local_certificate), connection_dns_san_local_certificate),
    S(A2(connection, dns_san_peer_certificate), connection_dns_san_peer_certificate),
    S(A2(connection, uri_san_local_certificate), connection_uri_san_local_certificate),
    S(A2(connection, uri_san_peer_certificate), connection_uri_san_peer_certificate),
    S(A2(connection, sha256_peer_certificate_digest),
      connection_sha256_peer_certificate_digest),
    S(A2(connection, peer_certificate), connection_peer_certificate),
    S(A2(connection, transport_failure_reason), connection_transport_failure_reason),
    S(A2(connection, termination_details), connection_termination_details),
    S(A2(upstream, address), upstream_address),
    I(A2(upstream, port), upstream_port),
    S(A2(upstream, local_address), upstream_local_address),
    S(A2(upstream, tls_version), upstream_tls_version),
    S(A2(upstream, subject_local_certificate), upstream_subject_local_certificate),
    S(A2(upstream, subject_peer_certificate), upstream_subject_peer_certificate),
    S(A2(upstream, dns_san_local_certificate), upstream_dns_san_local_certificate),
    S(A2(upstream, dns_san_peer_certificate), upstream_dns_san_peer_certificate),
    S(A2(upstream, uri_san_local_certificate), upstream_uri_san_local_certificate),
    S(A2(upstream, uri_san_peer_certificate), upstream_uri_san_peer_certificate),
    S(A2(upstream, sha256_peer_certificate_digest), upstream_sha256_peer_certificate_digest),
    S(A2(upstream, peer_certificate), upstream_peer_certificate),
    S(A2(upstream, transport_failure_reason), upstream_transport_failure_reason),
    U(A2(upstream, request_attempt_count), upstream_request_attempt_count),
    U(A2(upstream, num_endpoints), upstream_num_endpoints),
    N(A2(upstream, cx_pool_ready_duration), upstream_cx_pool_ready_duration),
    S(A3(upstream, locality, region), upstream_locality_region),
    S(A3(upstream, locality, zone), upstream_locality_zone),
    S(A3(upstream, locality, sub_zone), upstream_locality_sub_zone),
    S(A3(xds, node, id), xds_node_id),
    S(A3(xds, node, cluster), xds_node_cluster),
    S(A2(xds, cluster_name), xds_cluster_name),
    S(A2(xds, route_name), xds_route_name),
    S(A2(xds, virtual_host_name), xds_virtual_host_name),
    S(A2(xds, filter_chain_name), xds_filter_chain_name),
    I(A2(xds, listener_direction), xds_listener_direction),
};
#define NATTRS (sizeof attrs / sizeof attrs[0])

/* The number each numeric row gets: distinct per row. */
static int64_t number_of(size_t i) { return (int64_t)(i + 1) * 1000 + 7; }

/* A one-entry map in the ABI encoding: {name: value}. */
static size_t encode_one(char *out, const char *name, const char *value) {
  uint32_t kl = (uint32_t)strlen(name), vl = (uint32_t)strlen(value), one = 1;
  size_t p = 0;
  memcpy(out + p, &one, 4), p += 4; /* the emulator runs little-endian */
  memcpy(out + p, &kl, 4), p += 4;
  memcpy(out + p, &vl, 4), p += 4;
  memcpy(out + p, name, kl + 1), p += kl + 1;
  memcpy(out + p, value, vl + 1), p += vl + 1;
  return p;
}

/* ---- the plugin ---- */

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;
static void (*script)(proxywasm_context *);

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  if (script)
    script(proxywasm_http_context(h));
  return PROXYWASM_CONTINUE;
}

static void on_tick(proxywasm_plugin *p) {
  if (script)
    script(proxywasm_plugin_context(p));
}

PROXYWASM_HOOKS(on_request_headers, on_tick);

static int setup(void **state) {
  (void)state;
  check_line = checks_run = 0;
  check_label = check_failed_label = NULL;
  script = NULL;
  emu = proxywasm_emu_new();
  if (emu == NULL)
    return -1;
  vm = proxywasm_emu_vm_new(emu, &(proxywasm_emu_vm_options){.vm_id = "p-vm"});
  if (vm == NULL)
    return -1;
  bool started;
  proxywasm_emu_plugin_options o = {.name = "p-name", .root_id = "p-root"};
  return proxywasm_emu_plugin_add(vm, &o, &started) && started ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  emu = NULL;
  return 0;
}

static uint32_t run_in_request(void (*fn)(proxywasm_context *)) {
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  script = fn;
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/")};
  proxywasm_emu_on_request_headers(vm, id, req, 1, true);
  script = NULL;
  return id;
}

/* ---- all rows: absent, present, wrong type, NULL output ---- */

enum { ABSENT, PRESENT, WRONG };
static int phase;

static void read_row(size_t i) {
  const attr *a = &attrs[i];
  check_label = a->name;
  proxywasm_bytes v = {"junk", 4};
  int64_t i64 = 99;
  uint64_t u64 = 99;
  bool b = true;
  proxywasm_header *m = (proxywasm_header *)&v;
  size_t count = 99;
  proxywasm_status want = phase == ABSENT ? PROXYWASM_NOT_FOUND
                          : phase == PRESENT || a->type == T_STR ? PROXYWASM_OK
                                                                 : PROXYWASM_SERIALIZATION_FAILURE;
  switch (a->type) {
  case T_STR:
    CHECK_EQ(a->str(&v), want);
    if (want == PROXYWASM_OK) {
      const char *text = phase == WRONG ? "zz" : a->name;
      CHECK(v.len == strlen(text) && memcmp(v.data, text, v.len) == 0 && v.data[v.len] == 0);
    } else {
      CHECK_EMPTY(v);
    }
    CHECK_EQ(a->str(NULL), PROXYWASM_BAD_ARGUMENT);
    break;
  case T_INT:
  case T_NS:
    CHECK_EQ(a->i64(&i64), want);
    CHECK_EQ(i64, want == PROXYWASM_OK ? number_of(i) : 0);
    CHECK_EQ(a->i64(NULL), PROXYWASM_BAD_ARGUMENT);
    break;
  case T_UINT:
    CHECK_EQ(a->u64(&u64), want);
    CHECK_EQ(u64, want == PROXYWASM_OK ? (uint64_t)number_of(i) : 0);
    CHECK_EQ(a->u64(NULL), PROXYWASM_BAD_ARGUMENT);
    break;
  case T_BOOL:
    CHECK_EQ(a->b(&b), want);
    CHECK_EQ(b, want == PROXYWASM_OK);
    CHECK_EQ(a->b(NULL), PROXYWASM_BAD_ARGUMENT);
    break;
  case T_MAP:
    CHECK_EQ(a->map(&m, &count), want);
    if (want == PROXYWASM_OK) {
      CHECK_EQ(count, 1);
      if (count == 1) {
        CHECK_BYTES(m[0].name, "k");
        CHECK(m[0].value.len == strlen(a->name) && memcmp(m[0].value.data, a->name, m[0].value.len) == 0);
      }
    } else {
      CHECK(m == NULL && count == 0);
    }
    CHECK_EQ(a->map(NULL, &count), PROXYWASM_BAD_ARGUMENT);
    CHECK_EQ(a->map(&m, NULL), PROXYWASM_BAD_ARGUMENT);
    break;
  }
  check_label = NULL;
}

static void read_all(proxywasm_context *c) {
  (void)c;
  for (size_t i = 0; i < NATTRS; i++)
    read_row(i);
}

static void set_all(bool wrong) {
  char map[256];
  for (size_t i = 0; i < NATTRS; i++) {
    const attr *a = &attrs[i];
    proxywasm_status s;
    if (wrong) {
      s = proxywasm_emu_set_property(emu, a->seg, a->nseg, "zz", 2);
    } else if (a->type == T_STR) {
      s = proxywasm_emu_set_property_str(emu, a->seg, a->nseg, a->name);
    } else if (a->type == T_BOOL) {
      s = proxywasm_emu_set_property(emu, a->seg, a->nseg, "\x01", 1);
    } else if (a->type == T_MAP) {
      s = proxywasm_emu_set_property(emu, a->seg, a->nseg, map, encode_one(map, "k", a->name));
    } else {
      s = proxywasm_emu_set_property_int(emu, a->seg, a->nseg, number_of(i));
    }
    assert_int_equal(s, PROXYWASM_OK);
  }
}

static void test_every_typed_accessor(void **state) {
  (void)state;
  phase = ABSENT;
  run_in_request(read_all);
  assert_checks();
  set_all(false);
  phase = PRESENT;
  run_in_request(read_all);
  assert_checks();
  set_all(true);
  phase = WRONG;
  run_in_request(read_all);
  assert_checks();
  assert_int_equal(NATTRS, 70); /* every accessor of properties.h but the plugin_* three */
}

/* ---- plugin_*, node metadata, filter state, metadata ---- */

static void read_plugin_values(proxywasm_context *c) {
  (void)c;
  proxywasm_bytes v = {"junk", 4};
  CHECK_EQ(proxywasm_property_plugin_name(&v), PROXYWASM_OK);
  CHECK_BYTES(v, "p-name");
  CHECK_EQ(proxywasm_property_plugin_root_id(&v), PROXYWASM_OK);
  CHECK_BYTES(v, "p-root");
  CHECK_EQ(proxywasm_property_plugin_vm_id(&v), PROXYWASM_OK);
  CHECK_BYTES(v, "p-vm");

  CHECK_EQ(proxywasm_property_xds_node_metadata("NAMESPACE", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "default");
  v.data = "junk";
  CHECK_EQ(proxywasm_property_xds_node_metadata("MISSING", &v), PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(v);
  v.data = "junk";
  CHECK_EQ(proxywasm_property_xds_node_metadata(NULL, &v), PROXYWASM_BAD_ARGUMENT);
  CHECK_EMPTY(v);
  CHECK_EQ(proxywasm_property_xds_node_metadata("NAMESPACE", NULL), PROXYWASM_BAD_ARGUMENT);

  CHECK_EQ(proxywasm_property_filter_state("envoy.string", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "state");
  v.data = "junk";
  CHECK_EQ(proxywasm_property_filter_state(NULL, &v), PROXYWASM_BAD_ARGUMENT);
  CHECK_EMPTY(v);
  CHECK_EQ(proxywasm_property_filter_state("envoy.string", NULL), PROXYWASM_BAD_ARGUMENT);

  const char *f = "envoy.filters.http.wasm";
  CHECK_EQ(proxywasm_property_dynamic_metadata(f, "k", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "dynamic");
  CHECK_EQ(proxywasm_property_route_metadata(f, "k", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "route");
  CHECK_EQ(proxywasm_property_cluster_metadata(f, "k", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "cluster");
  CHECK_EQ(proxywasm_property_listener_metadata(f, "k", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "listener");
  CHECK_EQ(proxywasm_property_upstream_host_metadata(f, "k", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "host");
  CHECK_EQ(proxywasm_property_metadata(PROXYWASM_METADATA_VIRTUAL_HOST, f, "k", &v),
           PROXYWASM_OK);
  CHECK_BYTES(v, "vhost");
  v.data = "junk";
  CHECK_EQ(proxywasm_property_route_metadata(f, "other", &v), PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(v);
  v.data = "junk";
  CHECK_EQ(proxywasm_property_metadata((proxywasm_metadata_source)6, f, "k", &v),
           PROXYWASM_BAD_ARGUMENT);
  CHECK_EMPTY(v);
  CHECK_EQ(proxywasm_property_route_metadata(NULL, "k", &v), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_property_route_metadata(f, NULL, &v), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_property_route_metadata(f, "k", NULL), PROXYWASM_BAD_ARGUMENT);

  proxywasm_header *e = NULL;
  size_t n = 0;
  CHECK_EQ(proxywasm_property_metadata_map(PROXYWASM_METADATA_CLUSTER, "location", &e, &n),
           PROXYWASM_OK);
  CHECK_EQ(n, 1);
  if (n == 1)
    CHECK_BYTES(e[0].value, "eu-west-1");
  CHECK_EQ(proxywasm_property_metadata_map((proxywasm_metadata_source)9, "location", &e, &n),
           PROXYWASM_BAD_ARGUMENT);
  CHECK(e == NULL && n == 0);
}

static void test_plugin_values_and_metadata(void **state) {
  (void)state;
  const char *f = "envoy.filters.http.wasm";
  proxywasm_emu_set_property_str(emu, PROXYWASM_EMU_PATH("xds", "node", "metadata", "NAMESPACE"),
                                 "default");
  proxywasm_emu_set_property_str(emu, PROXYWASM_EMU_PATH("filter_state", "envoy.string"),
                                 "state");
  proxywasm_emu_set_property_str(emu, PROXYWASM_EMU_PATH("metadata", "filter_metadata", f, "k"),
                                 "dynamic");
  static const char *const roots[] = {"route_metadata", "cluster_metadata", "listener_metadata",
                                      "upstream_host_metadata", "virtual_host_metadata"};
  static const char *const values[] = {"route", "cluster", "listener", "host", "vhost"};
  for (int i = 0; i < 5; i++)
    proxywasm_emu_set_property_str(emu, PROXYWASM_EMU_PATH("xds", roots[i], "filter_metadata", f,
                                                           "k"),
                                   values[i]);
  char map[64];
  size_t len = encode_one(map, "region", "eu-west-1");
  proxywasm_emu_set_property(emu,
                             PROXYWASM_EMU_PATH("xds", "cluster_metadata", "filter_metadata",
                                                "location"),
                             map, len);
  run_in_request(read_plugin_values);
  assert_checks();
}

/* ---- which context: effective-context switching, writes ---- */

static uint32_t stream;

static void tick_reads_stream(proxywasm_context *plugin) {
  proxywasm_bytes v = {"junk", 4};
  /* The plugin context has no connection. */
  CHECK_EQ(proxywasm_property_source_address(&v), PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(v);
  CHECK_EQ(proxywasm_property_set_encoded("wasm_key", 8, "x", 1), PROXYWASM_NOT_FOUND);
  /* Made effective, the stream's own values are seen. */
  proxywasm_context *s = proxywasm_context_find(stream);
  CHECK(s != NULL);
  CHECK_EQ(proxywasm_context_set_effective(s), PROXYWASM_OK);
  CHECK_EQ(proxywasm_property_source_address(&v), PROXYWASM_OK);
  CHECK_BYTES(v, "10.0.0.1:1234");
  CHECK_EQ(proxywasm_property_set_encoded("wasm\0key", 8, "v\0w", 3), PROXYWASM_OK);
  CHECK_EQ(proxywasm_property_get_encoded("wasm\0key", 8, &v), PROXYWASM_OK);
  CHECK(v.len == 3 && memcmp(v.data, "v\0w", 3) == 0);
  CHECK_EQ(proxywasm_property_set_encoded(NULL, 3, "x", 1), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_context_set_effective(plugin), PROXYWASM_OK);
  v.data = "junk";
  CHECK_EQ(proxywasm_property_source_address(&v), PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(v);
  /* Malformed paths never reach the host. */
  unsigned gets = proxywasm_emu_hostcall_count(emu, "get_property");
  unsigned sets = proxywasm_emu_hostcall_count(emu, "set_property");
  v.data = "junk";
  CHECK_EQ(proxywasm_property_get(NULL, 0, &v), PROXYWASM_BAD_ARGUMENT);
  CHECK_EMPTY(v);
  const char *const empty[] = {""};
  CHECK_EQ(proxywasm_property_get(empty, 1, &v), PROXYWASM_BAD_ARGUMENT);
  proxywasm_header *e = (proxywasm_header *)&v;
  size_t n = 4;
  CHECK_EQ(proxywasm_property_get_map(PROXYWASM_PATH("request", "headers"), &e, NULL),
           PROXYWASM_BAD_ARGUMENT);
  CHECK(e == NULL);
  CHECK_EQ(proxywasm_property_get_map(empty, 1, &e, &n), PROXYWASM_BAD_ARGUMENT);
  CHECK(e == NULL && n == 0);
  CHECK_EQ(proxywasm_property_set(empty, 1, "x", 1), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_property_set_list("x", 1, NULL), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_property_set_path("", "x", 1), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_property_get_path("a\\", &v), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "get_property"), gets);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "set_property"), sets);
  /* The path cannot be built without memory. */
  proxywasm_emu_fail_sdk_allocations(emu, 0, 1);
  v.data = "junk";
  CHECK_EQ(proxywasm_property_get(PROXYWASM_PATH("xds", "listener_direction"), &v),
           PROXYWASM_INTERNAL_FAILURE);
  CHECK_EMPTY(v);
  /* A failed copy into the module zeroes typed outputs too. */
  proxywasm_emu_fail_module_allocations(emu, 0, 1);
  int64_t port = 7;
  CHECK_EQ(proxywasm_property_xds_listener_direction(&port), PROXYWASM_INVALID_MEMORY_ACCESS);
  CHECK_EQ(port, 0);
}

static void test_properties_of_another_stream(void **state) {
  (void)state;
  stream = run_in_request(NULL);
  proxywasm_emu_context_set_property(vm, stream, PROXYWASM_EMU_PATH("source", "address"),
                                     "10.0.0.1:1234", 13);
  proxywasm_emu_set_property_int(emu, PROXYWASM_EMU_PATH("xds", "listener_direction"), 1);
  script = tick_reads_stream;
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
  script = NULL;
  assert_checks();
  const char *v;
  size_t len;
  assert_int_equal(proxywasm_emu_context_get_property(vm, stream, PROXYWASM_EMU_PATH("wasm", "key"),
                                                      &v, &len),
                   PROXYWASM_OK);
  assert_int_equal(len, 3);
  assert_memory_equal(v, "v\0w", 3);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_every_typed_accessor, setup, teardown),
      cmocka_unit_test_setup_teardown(test_plugin_values_and_metadata, setup, teardown),
      cmocka_unit_test_setup_teardown(test_properties_of_another_stream, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
