/*
 * test_sdk_attrs.c - every attribute constant (PROXYWASM_ATTR_*) with the
 * typed getter its documentation names, against the host emulator: each
 * constant is its attribute's path, and the getter decodes its type (absent:
 * NOT_FOUND with a zeroed output; wrong type: SERIALIZATION_FAILURE; NULL
 * output: BAD_ARGUMENT); plus the documented paths of node metadata, filter
 * state and every metadata source, writes, and properties of another stream
 * made effective from a tick.
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

/* SDK internal: releases the per-hook arena (paths built outside a hook). */
void proxywasm__arena_reset(void);

/* ---- checks inside hooks ---- */

#include "hook_checks.h"

/* ---- the table of typed accessors ---- */

/* The type a constant's comment names, i.e. the getter to read it with. */
typedef enum { T_STR, T_INT, T_UINT, T_BOOL, T_DURATION, T_TIMESTAMP, T_MAP } attr_type;

typedef struct attr {
  const char *name; /* dotted, for messages and string values */
  const char *seg[3];
  size_t nseg;
  attr_type type;
  proxywasm_bytes path; /* the PROXYWASM_ATTR_* constant */
} attr;

#define A2(a, b) #a "." #b, {#a, #b, NULL}, 2
#define A3(a, b, c) #a "." #b "." #c, {#a, #b, #c}, 3
#define S(p, c) {p, T_STR, PROXYWASM_ATTR_##c}
#define I(p, c) {p, T_INT, PROXYWASM_ATTR_##c}
#define D(p, c) {p, T_DURATION, PROXYWASM_ATTR_##c}
#define T(p, c) {p, T_TIMESTAMP, PROXYWASM_ATTR_##c}
#define U(p, c) {p, T_UINT, PROXYWASM_ATTR_##c}
#define B(p, c) {p, T_BOOL, PROXYWASM_ATTR_##c}
#define M(p, c) {p, T_MAP, PROXYWASM_ATTR_##c}

/* The constants are expressions (compound literals), so the table is
   filled at run time. */
static attr attrs[70];
#define NATTRS (sizeof attrs / sizeof attrs[0])

static void fill_attrs(void) {
  const attr rows[] = {
      S(A2(request, path), REQUEST_PATH),
      S(A2(request, url_path), REQUEST_URL_PATH),
      S(A2(request, host), REQUEST_HOST),
      S(A2(request, scheme), REQUEST_SCHEME),
      S(A2(request, method), REQUEST_METHOD),
      S(A2(request, referer), REQUEST_REFERER),
      S(A2(request, useragent), REQUEST_USERAGENT),
      S(A2(request, id), REQUEST_ID),
      S(A2(request, protocol), REQUEST_PROTOCOL),
      S(A2(request, query), REQUEST_QUERY),
      M(A2(request, headers), REQUEST_HEADERS),
      I(A2(request, headers_bytes), REQUEST_HEADERS_BYTES),
      T(A2(request, time), REQUEST_TIME),
      D(A2(request, duration), REQUEST_DURATION),
      I(A2(request, size), REQUEST_SIZE),
      I(A2(request, total_size), REQUEST_TOTAL_SIZE),
      I(A2(response, code), RESPONSE_CODE),
      S(A2(response, code_details), RESPONSE_CODE_DETAILS),
      I(A2(response, flags), RESPONSE_FLAGS),
      I(A2(response, grpc_status), RESPONSE_GRPC_STATUS),
      M(A2(response, headers), RESPONSE_HEADERS),
      I(A2(response, headers_bytes), RESPONSE_HEADERS_BYTES),
      M(A2(response, trailers), RESPONSE_TRAILERS),
      I(A2(response, size), RESPONSE_SIZE),
      I(A2(response, total_size), RESPONSE_TOTAL_SIZE),
      D(A2(response, backend_latency), RESPONSE_BACKEND_LATENCY),
      S(A2(source, address), SOURCE_ADDRESS),
      I(A2(source, port), SOURCE_PORT),
      S(A2(destination, address), DESTINATION_ADDRESS),
      I(A2(destination, port), DESTINATION_PORT),
      U(A2(connection, id), CONNECTION_ID),
      B(A2(connection, mtls), CONNECTION_MTLS),
      S(A2(connection, requested_server_name), CONNECTION_REQUESTED_SERVER_NAME),
      S(A2(connection, tls_version), CONNECTION_TLS_VERSION),
      S(A2(connection, subject_local_certificate), CONNECTION_SUBJECT_LOCAL_CERTIFICATE),
      S(A2(connection, subject_peer_certificate), CONNECTION_SUBJECT_PEER_CERTIFICATE),
      S(A2(connection, dns_san_local_certificate), CONNECTION_DNS_SAN_LOCAL_CERTIFICATE),
      S(A2(connection, dns_san_peer_certificate), CONNECTION_DNS_SAN_PEER_CERTIFICATE),
      S(A2(connection, uri_san_local_certificate), CONNECTION_URI_SAN_LOCAL_CERTIFICATE),
      S(A2(connection, uri_san_peer_certificate), CONNECTION_URI_SAN_PEER_CERTIFICATE),
      S(A2(connection, sha256_peer_certificate_digest), CONNECTION_SHA256_PEER_CERTIFICATE_DIGEST),
      S(A2(connection, peer_certificate), CONNECTION_PEER_CERTIFICATE),
      S(A2(connection, transport_failure_reason), CONNECTION_TRANSPORT_FAILURE_REASON),
      S(A2(connection, termination_details), CONNECTION_TERMINATION_DETAILS),
      S(A2(upstream, address), UPSTREAM_ADDRESS),
      I(A2(upstream, port), UPSTREAM_PORT),
      S(A2(upstream, local_address), UPSTREAM_LOCAL_ADDRESS),
      S(A2(upstream, tls_version), UPSTREAM_TLS_VERSION),
      S(A2(upstream, subject_local_certificate), UPSTREAM_SUBJECT_LOCAL_CERTIFICATE),
      S(A2(upstream, subject_peer_certificate), UPSTREAM_SUBJECT_PEER_CERTIFICATE),
      S(A2(upstream, dns_san_local_certificate), UPSTREAM_DNS_SAN_LOCAL_CERTIFICATE),
      S(A2(upstream, dns_san_peer_certificate), UPSTREAM_DNS_SAN_PEER_CERTIFICATE),
      S(A2(upstream, uri_san_local_certificate), UPSTREAM_URI_SAN_LOCAL_CERTIFICATE),
      S(A2(upstream, uri_san_peer_certificate), UPSTREAM_URI_SAN_PEER_CERTIFICATE),
      S(A2(upstream, sha256_peer_certificate_digest), UPSTREAM_SHA256_PEER_CERTIFICATE_DIGEST),
      S(A2(upstream, peer_certificate), UPSTREAM_PEER_CERTIFICATE),
      S(A2(upstream, transport_failure_reason), UPSTREAM_TRANSPORT_FAILURE_REASON),
      U(A2(upstream, request_attempt_count), UPSTREAM_REQUEST_ATTEMPT_COUNT),
      U(A2(upstream, num_endpoints), UPSTREAM_NUM_ENDPOINTS),
      D(A2(upstream, cx_pool_ready_duration), UPSTREAM_CX_POOL_READY_DURATION),
      S(A3(upstream, locality, region), UPSTREAM_LOCALITY_REGION),
      S(A3(upstream, locality, zone), UPSTREAM_LOCALITY_ZONE),
      S(A3(upstream, locality, sub_zone), UPSTREAM_LOCALITY_SUB_ZONE),
      S(A3(xds, node, id), XDS_NODE_ID),
      S(A3(xds, node, cluster), XDS_NODE_CLUSTER),
      S(A2(xds, cluster_name), XDS_CLUSTER_NAME),
      S(A2(xds, route_name), XDS_ROUTE_NAME),
      S(A2(xds, virtual_host_name), XDS_VIRTUAL_HOST_NAME),
      S(A2(xds, filter_chain_name), XDS_FILTER_CHAIN_NAME),
      I(A2(xds, listener_direction), XDS_LISTENER_DIRECTION),
  };
  assert_int_equal(sizeof rows, sizeof attrs); /* every constant of properties.h but plugin_* */
  memcpy(attrs, rows, sizeof rows);
}

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
  proxywasm_status want = phase == ABSENT                        ? PROXYWASM_NOT_FOUND
                          : phase == PRESENT || a->type == T_STR ? PROXYWASM_OK
                                                                 : PROXYWASM_SERIALIZATION_FAILURE;
  proxywasm_bytes path = a->path;
  switch (a->type) {
  case T_STR:
    CHECK_EQ(proxywasm_property_get(path, &v), want);
    if (want == PROXYWASM_OK) {
      const char *text = phase == WRONG ? "zz" : a->name;
      CHECK(v.len == strlen(text) && memcmp(v.data, text, v.len) == 0 && v.data[v.len] == 0);
    } else {
      CHECK_EMPTY(v);
    }
    CHECK_EQ(proxywasm_property_get(path, NULL), PROXYWASM_BAD_ARGUMENT);
    break;
  case T_INT:
    CHECK_EQ(proxywasm_property_get_int(path, &i64), want);
    CHECK_EQ(i64, want == PROXYWASM_OK ? number_of(i) : 0);
    CHECK_EQ(proxywasm_property_get_int(path, NULL), PROXYWASM_BAD_ARGUMENT);
    break;
  case T_DURATION:
    CHECK_EQ(proxywasm_property_get_duration(path, &i64), want);
    CHECK_EQ(i64, want == PROXYWASM_OK ? number_of(i) : 0);
    CHECK_EQ(proxywasm_property_get_duration(path, NULL), PROXYWASM_BAD_ARGUMENT);
    break;
  case T_TIMESTAMP:
    CHECK_EQ(proxywasm_property_get_timestamp(path, &i64), want);
    CHECK_EQ(i64, want == PROXYWASM_OK ? number_of(i) : 0);
    CHECK_EQ(proxywasm_property_get_timestamp(path, NULL), PROXYWASM_BAD_ARGUMENT);
    break;
  case T_UINT:
    CHECK_EQ(proxywasm_property_get_uint(path, &u64), want);
    CHECK_EQ(u64, want == PROXYWASM_OK ? (uint64_t)number_of(i) : 0);
    CHECK_EQ(proxywasm_property_get_uint(path, NULL), PROXYWASM_BAD_ARGUMENT);
    break;
  case T_BOOL:
    CHECK_EQ(proxywasm_property_get_bool(path, &b), want);
    CHECK_EQ(b, want == PROXYWASM_OK);
    CHECK_EQ(proxywasm_property_get_bool(path, NULL), PROXYWASM_BAD_ARGUMENT);
    break;
  case T_MAP:
    CHECK_EQ(proxywasm_property_get_map(path, &m, &count), want);
    if (want == PROXYWASM_OK) {
      CHECK_EQ(count, 1);
      if (count == 1) {
        CHECK_BYTES(m[0].name, "k");
        CHECK(m[0].value.len == strlen(a->name) &&
              memcmp(m[0].value.data, a->name, m[0].value.len) == 0);
      }
    } else {
      CHECK(m == NULL && count == 0);
    }
    CHECK_EQ(proxywasm_property_get_map(path, NULL, &count), PROXYWASM_BAD_ARGUMENT);
    CHECK_EQ(proxywasm_property_get_map(path, &m, NULL), PROXYWASM_BAD_ARGUMENT);
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

/* Each constant is exactly its attribute's segments, as the host sees them. */
static void test_constants_are_paths(void **state) {
  (void)state;
  fill_attrs();
  for (size_t i = 0; i < NATTRS; i++) {
    proxywasm_bytes p;
    assert_int_equal(proxywasm_property_path_encode(attrs[i].seg, attrs[i].nseg, &p), PROXYWASM_OK);
    if (p.len != attrs[i].path.len || memcmp(p.data, attrs[i].path.data, p.len) != 0)
      fail_msg("PROXYWASM_ATTR_ of %s is not its path", attrs[i].name);
  }
  proxywasm__arena_reset();
}

static void test_every_typed_getter(void **state) {
  (void)state;
  fill_attrs();
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
}

/* ---- plugin_*, node metadata, filter state, metadata ---- */

static void read_plugin_values(proxywasm_context *c) {
  (void)c;
  proxywasm_bytes v = {"junk", 4};
  CHECK_EQ(proxywasm_property_get(PROXYWASM_ATTR_PLUGIN_NAME, &v), PROXYWASM_OK);
  CHECK_BYTES(v, "p-name");
  CHECK_EQ(proxywasm_property_get(PROXYWASM_ATTR_PLUGIN_ROOT_ID, &v), PROXYWASM_OK);
  CHECK_BYTES(v, "p-root");
  CHECK_EQ(proxywasm_property_get(PROXYWASM_ATTR_PLUGIN_VM_ID, &v), PROXYWASM_OK);
  CHECK_BYTES(v, "p-vm");

  /* The paths properties.h documents for keys of the plugin's choosing. */
  CHECK_EQ(proxywasm_property_get(PROXYWASM_PATH("xds", "node", "metadata", "NAMESPACE"), &v),
           PROXYWASM_OK);
  CHECK_BYTES(v, "default");
  v.data = "junk";
  CHECK_EQ(proxywasm_property_get(PROXYWASM_PATH("xds", "node", "metadata", "MISSING"), &v),
           PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(v);

  const char *name = "envoy.string";
  proxywasm_bytes p;
  CHECK_EQ(proxywasm_property_path_encode(PROXYWASM_SEGMENTS("filter_state", name), &p),
           PROXYWASM_OK);
  CHECK_EQ(proxywasm_property_get(p, &v), PROXYWASM_OK);
  CHECK_BYTES(v, "state");

  const char *f = "envoy.filters.http.wasm";
  CHECK_EQ(proxywasm_property_get(
               PROXYWASM_PATH("metadata", "filter_metadata", "envoy.filters.http.wasm", "k"), &v),
           PROXYWASM_OK);
  CHECK_BYTES(v, "dynamic");
  static const char *const roots[] = {"route_metadata", "cluster_metadata", "listener_metadata",
                                      "upstream_host_metadata", "virtual_host_metadata"};
  static const char *const values[] = {"route", "cluster", "listener", "host", "vhost"};
  for (int i = 0; i < 5; i++) {
    CHECK_EQ(proxywasm_property_path_encode(
                 PROXYWASM_SEGMENTS("xds", roots[i], "filter_metadata", f, "k"), &p),
             PROXYWASM_OK);
    CHECK_EQ(proxywasm_property_get(p, &v), PROXYWASM_OK);
    CHECK(proxywasm_bytes_eq(v, values[i]));
  }
  v.data = "junk";
  CHECK_EQ(proxywasm_property_get(PROXYWASM_PATH("xds", "route_metadata", "filter_metadata",
                                                 "envoy.filters.http.wasm", "other"),
                                  &v),
           PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(v);

  proxywasm_header *e = NULL;
  size_t n = 0;
  CHECK_EQ(proxywasm_property_get_map(
               PROXYWASM_PATH("xds", "cluster_metadata", "filter_metadata", "location"), &e, &n),
           PROXYWASM_OK);
  CHECK_EQ(n, 1);
  if (n == 1)
    CHECK_BYTES(e[0].value, "eu-west-1");
}

static void test_plugin_values_and_metadata(void **state) {
  (void)state;
  const char *f = "envoy.filters.http.wasm";
  proxywasm_emu_set_property_str(emu, PROXYWASM_EMU_PATH("xds", "node", "metadata", "NAMESPACE"),
                                 "default");
  proxywasm_emu_set_property_str(emu, PROXYWASM_EMU_PATH("filter_state", "envoy.string"), "state");
  proxywasm_emu_set_property_str(emu, PROXYWASM_EMU_PATH("metadata", "filter_metadata", f, "k"),
                                 "dynamic");
  static const char *const roots[] = {"route_metadata", "cluster_metadata", "listener_metadata",
                                      "upstream_host_metadata", "virtual_host_metadata"};
  static const char *const values[] = {"route", "cluster", "listener", "host", "vhost"};
  for (int i = 0; i < 5; i++)
    proxywasm_emu_set_property_str(
        emu, PROXYWASM_EMU_PATH("xds", roots[i], "filter_metadata", f, "k"), values[i]);
  char map[64];
  size_t len = encode_one(map, "region", "eu-west-1");
  proxywasm_emu_set_property(
      emu, PROXYWASM_EMU_PATH("xds", "cluster_metadata", "filter_metadata", "location"), map, len);
  run_in_request(read_plugin_values);
  assert_checks();
}

/* ---- which context: effective-context switching, writes ---- */

static uint32_t stream;

static void tick_reads_stream(proxywasm_context *plugin) {
  proxywasm_bytes v = {"junk", 4};
  /* The plugin context has no connection. */
  CHECK_EQ(proxywasm_property_get(PROXYWASM_ATTR_SOURCE_ADDRESS, &v), PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(v);
  CHECK_EQ(proxywasm_property_set(PROXYWASM_PATH("wasm_key"), "x", 1), PROXYWASM_NOT_FOUND);
  /* Made effective, the stream's own values are seen. */
  proxywasm_context *s = proxywasm_context_find(stream);
  CHECK(s != NULL);
  CHECK_EQ(proxywasm_context_set_effective(s), PROXYWASM_OK);
  CHECK_EQ(proxywasm_property_get(PROXYWASM_ATTR_SOURCE_ADDRESS, &v), PROXYWASM_OK);
  CHECK_BYTES(v, "10.0.0.1:1234");
  CHECK_EQ(proxywasm_property_set(PROXYWASM_PATH("wasm", "key"), "v\0w", 3), PROXYWASM_OK);
  CHECK_EQ(proxywasm_property_get(PROXYWASM_PATH("wasm", "key"), &v), PROXYWASM_OK);
  CHECK(v.len == 3 && memcmp(v.data, "v\0w", 3) == 0);
  CHECK_EQ(proxywasm_property_set((proxywasm_bytes){NULL, 3}, "x", 1), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_context_set_effective(plugin), PROXYWASM_OK);
  v.data = "junk";
  CHECK_EQ(proxywasm_property_get(PROXYWASM_ATTR_SOURCE_ADDRESS, &v), PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(v);
  /* Malformed paths never reach the host. */
  unsigned gets = proxywasm_emu_hostcall_count(emu, "get_property");
  unsigned sets = proxywasm_emu_hostcall_count(emu, "set_property");
  v.data = "junk";
  proxywasm_bytes none = {NULL, 0};
  CHECK_EQ(proxywasm_property_get(none, &v), PROXYWASM_BAD_ARGUMENT);
  CHECK_EMPTY(v);
  proxywasm_bytes empty = PROXYWASM_PATH("");
  CHECK_EQ(proxywasm_property_get(empty, &v), PROXYWASM_BAD_ARGUMENT);
  proxywasm_header *e = (proxywasm_header *)&v;
  size_t n = 4;
  CHECK_EQ(proxywasm_property_get_map(PROXYWASM_ATTR_REQUEST_HEADERS, &e, NULL),
           PROXYWASM_BAD_ARGUMENT);
  CHECK(e == NULL);
  CHECK_EQ(proxywasm_property_get_map(empty, &e, &n), PROXYWASM_BAD_ARGUMENT);
  CHECK(e == NULL && n == 0);
  int64_t i64 = 7;
  CHECK_EQ(proxywasm_property_get_int(none, &i64), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(i64, 0);
  CHECK_EQ(proxywasm_property_set(empty, "x", 1), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_property_set(PROXYWASM_PATH("k"), NULL, 1), PROXYWASM_BAD_ARGUMENT);
  /* A dotted path that does not parse leaves an empty path, refused too. */
  proxywasm_bytes bad;
  CHECK_EQ(proxywasm_property_path_parse("a\\", &bad), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_property_get(bad, &v), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "get_property"), gets);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "set_property"), sets);
  /* A run-time path cannot be built without memory; a literal one needs none. */
  proxywasm_emu_fail_sdk_allocations(emu, 0, 1);
  CHECK_EQ(proxywasm_property_path_encode(PROXYWASM_SEGMENTS("xds", "listener_direction"), &bad),
           PROXYWASM_INTERNAL_FAILURE);
  CHECK_EMPTY(bad);
  int64_t dir = 7;
  CHECK_EQ(proxywasm_property_get_int(PROXYWASM_ATTR_XDS_LISTENER_DIRECTION, &dir), PROXYWASM_OK);
  CHECK_EQ(dir, PROXYWASM_DIRECTION_INBOUND);
  proxywasm_emu_fail_sdk_allocations(emu, 0, 0);
  /* A failed copy into the module zeroes typed outputs too. */
  proxywasm_emu_fail_module_allocations(emu, 0, 1);
  dir = 7;
  CHECK_EQ(proxywasm_property_get_int(PROXYWASM_ATTR_XDS_LISTENER_DIRECTION, &dir),
           PROXYWASM_INVALID_MEMORY_ACCESS);
  CHECK_EQ(dir, 0);
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
  assert_int_equal(
      proxywasm_emu_context_get_property(vm, stream, PROXYWASM_EMU_PATH("wasm", "key"), &v, &len),
      PROXYWASM_OK);
  assert_int_equal(len, 3);
  assert_memory_equal(v, "v\0w", 3);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_constants_are_paths),
      cmocka_unit_test_setup_teardown(test_every_typed_getter, setup, teardown),
      cmocka_unit_test_setup_teardown(test_plugin_values_and_metadata, setup, teardown),
      cmocka_unit_test_setup_teardown(test_properties_of_another_stream, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
