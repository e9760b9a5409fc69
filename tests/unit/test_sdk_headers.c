/*
 * test_sdk_headers.c - the SDK's header-map API through the host emulator:
 * the typed request/response header and trailer functions, the generic
 * proxywasm_headers_* calls, the host limits checked before the hostcall,
 * emptied outputs on failure, and the per-hook arena.
 *
 * Each test installs its own hook bodies (script.*); checks made inside
 * hooks are recorded with CHECK and asserted once the driver returned, so a
 * failing check never unwinds through the emulator.
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

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN 1
#endif
#ifdef HAVE_ASAN
#include <sanitizer/asan_interface.h>
#endif

/* ---- checks inside hooks ---- */

#include "hook_checks.h"

/* ---- the plugin: every HTTP hook runs the current test's body ---- */

typedef proxywasm_action (*data_fn)(proxywasm_http *, size_t, bool);
typedef proxywasm_action (*trailers_fn)(proxywasm_http *, size_t);
static struct {
  data_fn req_headers, req_body, resp_headers, resp_body;
  trailers_fn req_trailers, resp_trailers;
  void (*done)(proxywasm_http *);
} script;

static proxywasm_emu *emu; /* for fault injection from inside hooks */

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  return script.req_headers ? script.req_headers(h, n, eos) : PROXYWASM_CONTINUE;
}
static proxywasm_action on_request_body(proxywasm_http *h, size_t n, bool eos) {
  return script.req_body ? script.req_body(h, n, eos) : PROXYWASM_CONTINUE;
}
static proxywasm_action on_request_trailers(proxywasm_http *h, size_t n) {
  return script.req_trailers ? script.req_trailers(h, n) : PROXYWASM_CONTINUE;
}
static proxywasm_action on_response_headers(proxywasm_http *h, size_t n, bool eos) {
  return script.resp_headers ? script.resp_headers(h, n, eos) : PROXYWASM_CONTINUE;
}
static proxywasm_action on_response_body(proxywasm_http *h, size_t n, bool eos) {
  return script.resp_body ? script.resp_body(h, n, eos) : PROXYWASM_CONTINUE;
}
static proxywasm_action on_response_trailers(proxywasm_http *h, size_t n) {
  return script.resp_trailers ? script.resp_trailers(h, n) : PROXYWASM_CONTINUE;
}
static void on_http_done(proxywasm_http *h) {
  if (script.done)
    script.done(h);
}

PROXYWASM_HOOKS(on_request_headers, on_request_body, on_request_trailers, on_response_headers,
                on_response_body, on_response_trailers, on_http_done);

/* ---- fixtures ---- */

static int setup(void **state) {
  (void)state;
  memset(&script, 0, sizeof script);
  check_line = checks_run = 0;
  emu = proxywasm_emu_new();
  return emu ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  emu = NULL;
  return 0;
}

static const proxywasm_bytes junk = {"junk", 4};
static proxywasm_header junk_header[1];

/* A started static VM with one stream that received these request headers. */
static proxywasm_emu_vm *vm;
static uint32_t start_stream(const proxywasm_header *req, size_t n, bool eos,
                             proxywasm_action *action) {
  vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_not_equal(id, 0);
  proxywasm_action a = proxywasm_emu_on_request_headers(vm, id, req, n, eos);
  if (action)
    *action = a;
  return id;
}

/* A header as a constant initializer (PROXYWASM_HEADER is a compound literal). */
#define H(n, v) {{n, sizeof(n) - 1}, {v, sizeof(v) - 1}}
static const proxywasm_header base_req[] = {H(":path", "/p"),   H(":method", "GET"),
                                            H("X-Rep", "old1"), H("x-rep", "old2"),
                                            H("x-del", "1"),    H("X-Del", "2")};
#define NBASE (sizeof base_req / sizeof base_req[0])

/* ---- request headers ---- */

static proxywasm_action req_headers_api(proxywasm_http *h, size_t n, bool eos) {
  CHECK_EQ(n, NBASE);
  CHECK(!eos);
  proxywasm_bytes v = junk;
  CHECK_EQ(proxywasm_http_get_request_header(h, ":path", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "/p");
  CHECK(v.data && v.data[v.len] == 0); /* NUL-terminated */
  v = junk;
  CHECK_EQ(proxywasm_http_get_request_header(h, "X-REP", &v), PROXYWASM_OK); /* any case */
  CHECK_BYTES(v, "old1");
  v = junk;
  CHECK_EQ(proxywasm_http_get_request_header(h, "x-missing", &v), PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(v);
  v = junk;
  CHECK_EQ(proxywasm_http_get_request_header(h, NULL, &v), PROXYWASM_BAD_ARGUMENT);
  CHECK_EMPTY(v);
  CHECK_EQ(proxywasm_http_get_request_header(h, ":path", NULL), PROXYWASM_BAD_ARGUMENT);

  CHECK_EQ(proxywasm_http_add_request_header(h, "X-Add", "1", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_add_request_header(h, "x-add", "2", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_add_request_header(h, "x-empty", NULL, 0), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_add_request_header(h, NULL, "v", 1), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_add_request_header(h, "x-bad", NULL, 3), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_replace_request_header(h, "x-rep", "new", 3), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_replace_request_header(h, "x-fresh", "f", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_replace_request_header(h, NULL, "v", 1), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_replace_request_header(h, "x-bad", NULL, 1), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_remove_request_header(h, "x-del"), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_remove_request_header(h, "x-absent"), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_remove_request_header(h, NULL), PROXYWASM_BAD_ARGUMENT);

  proxywasm_header *hs = junk_header;
  size_t count = 99;
  CHECK_EQ(proxywasm_http_get_request_headers(h, &hs, &count), PROXYWASM_OK);
  /* :path :method x-add 1, x-add 2, x-empty, x-rep new, x-fresh f */
  CHECK_EQ(count, 7);
  if (count == 7) {
    CHECK_BYTES(hs[0].name, ":path");
    CHECK_BYTES(hs[2].name, "x-add"); /* lowercased by the host */
    CHECK_BYTES(hs[3].value, "2");
    CHECK_BYTES(hs[4].name, "x-empty");
    CHECK_EQ(hs[4].value.len, 0);
    CHECK_BYTES(hs[5].value, "new");
    CHECK(hs[6].name.data[hs[6].name.len] == 0 && hs[6].value.data[hs[6].value.len] == 0);
  }
  const proxywasm_header *f = proxywasm_header_find(hs, count, "X-ADD");
  CHECK(f == &hs[2]);
  CHECK(proxywasm_header_find(hs, count, "x-nope") == NULL);
  CHECK(proxywasm_header_find(hs, count, "x-ad") == NULL); /* whole names only */
  CHECK(proxywasm_header_find(NULL, 3, "x-add") == NULL);
  CHECK(proxywasm_header_find(hs, count, NULL) == NULL);

  hs = junk_header;
  count = 99;
  CHECK_EQ(proxywasm_http_get_request_headers(h, NULL, &count), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(count, 0);
  CHECK_EQ(proxywasm_http_get_request_headers(h, &hs, NULL), PROXYWASM_BAD_ARGUMENT);
  CHECK(hs == NULL);

  size_t size = 99;
  CHECK_EQ(
      proxywasm_headers_size(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_HEADERS, &size),
      PROXYWASM_OK);
  CHECK_EQ(size, strlen(":path/p:methodGETx-add1x-add2x-emptyx-repnewx-freshf"));
  CHECK_EQ(
      proxywasm_headers_size(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_HEADERS, NULL),
      PROXYWASM_BAD_ARGUMENT);
  /* The generic functions are what the typed ones call. */
  CHECK_EQ(proxywasm_headers_add(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_HEADERS,
                                 "x-generic", "g", 1),
           PROXYWASM_OK);
  v = junk;
  CHECK_EQ(proxywasm_headers_get(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_HEADERS,
                                 "x-generic", &v),
           PROXYWASM_OK);
  CHECK_BYTES(v, "g");
  CHECK_EQ(proxywasm_headers_replace(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_HEADERS,
                                     "x-generic", "G", 1),
           PROXYWASM_OK);
  CHECK_EQ(proxywasm_headers_remove(proxywasm_http_context(h), PROXYWASM_MAP_HTTP_REQUEST_HEADERS,
                                    "x-fresh"),
           PROXYWASM_OK);
  /* The response map does not exist yet in the request phase. */
  v = junk;
  CHECK_EQ(proxywasm_http_get_response_header(h, ":status", &v), PROXYWASM_BAD_ARGUMENT);
  CHECK_EMPTY(v);
  return PROXYWASM_CONTINUE;
}

static void test_request_headers(void **state) {
  (void)state;
  script.req_headers = req_headers_api;
  uint32_t id = start_stream(base_req, NBASE, false, NULL);
  assert_checks();
  size_t n;
  const proxywasm_header *hs = proxywasm_emu_get_request_headers(vm, id, &n);
  assert_int_equal(n, 7);
  assert_int_equal(proxywasm_emu_header_count(hs, n, "x-add"), 2);
  assert_int_equal(proxywasm_emu_header_count(hs, n, "x-del"), 0);
  assert_int_equal(proxywasm_emu_header_count(hs, n, "x-rep"), 1);
  assert_int_equal(proxywasm_emu_header_count(hs, n, "x-fresh"), 0);
  assert_string_equal(proxywasm_emu_get_request_header(vm, id, "x-generic"), "G");
  assert_string_equal(proxywasm_emu_get_request_header(vm, id, "x-empty"), "");
  /* Every call acted on the running stream: no context switch was needed. */
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "set_effective_context"), 0);
}

/* ---- whole maps, response headers ---- */

static proxywasm_action req_set_all(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_header hs[] = {PROXYWASM_HEADER(":path", "/new"), PROXYWASM_HEADER("X-Upper", "U"),
                           PROXYWASM_HEADER("x-two", "a"), PROXYWASM_HEADER("x-two", "b")};
  CHECK_EQ(proxywasm_http_set_request_headers(h, hs, 4), PROXYWASM_OK);
  proxywasm_header *got;
  size_t count;
  CHECK_EQ(proxywasm_http_get_request_headers(h, &got, &count), PROXYWASM_OK);
  CHECK_EQ(count, 4);
  if (count == 4) {
    CHECK_BYTES(got[1].name, "x-upper");
    CHECK_BYTES(got[3].value, "b");
  }
  CHECK_EQ(proxywasm_http_set_request_headers(h, NULL, 2), PROXYWASM_BAD_ARGUMENT);
  /* The map is unchanged by the rejected call. */
  CHECK_EQ(proxywasm_http_get_request_headers(h, &got, &count), PROXYWASM_OK);
  CHECK_EQ(count, 4);
  return PROXYWASM_CONTINUE;
}

static proxywasm_action resp_headers_api(proxywasm_http *h, size_t n, bool eos) {
  CHECK_EQ(n, 2);
  CHECK(eos);
  proxywasm_bytes v = junk;
  CHECK_EQ(proxywasm_http_get_response_header(h, ":status", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "200");
  CHECK_EQ(proxywasm_http_add_response_header(h, "x-a", "1", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_replace_response_header(h, "server", "c-sdk", 5), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_remove_response_header(h, "x-a"), PROXYWASM_OK);
  proxywasm_header *got = junk_header;
  size_t count = 0;
  CHECK_EQ(proxywasm_http_get_response_headers(h, &got, &count), PROXYWASM_OK);
  CHECK_EQ(count, 2);
  if (count == 2)
    CHECK_BYTES(got[1].value, "c-sdk");
  /* Request headers are gone once their hook continued. */
  CHECK_EQ(proxywasm_http_add_request_header(h, "late", "1", 1), PROXYWASM_BAD_ARGUMENT);
  got = junk_header;
  count = 9;
  CHECK_EQ(proxywasm_http_get_request_headers(h, &got, &count), PROXYWASM_OK);
  CHECK_EQ(count, 0); /* Envoy: an unavailable map reads as empty */
  CHECK(got == NULL);
  /* Replace the whole map, then empty it and refill it. */
  proxywasm_header hs[] = {PROXYWASM_HEADER(":status", "201"), PROXYWASM_HEADER("x-b", "2")};
  CHECK_EQ(proxywasm_http_set_response_headers(h, NULL, 0), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_get_response_headers(h, &got, &count), PROXYWASM_OK);
  CHECK_EQ(count, 0);
  CHECK_EQ(proxywasm_http_set_response_headers(h, hs, 2), PROXYWASM_OK);
  return PROXYWASM_CONTINUE;
}

static void test_whole_maps_and_response_headers(void **state) {
  (void)state;
  script.req_headers = req_set_all;
  script.resp_headers = resp_headers_api;
  uint32_t id = start_stream(base_req, NBASE, false, NULL);
  size_t n;
  const proxywasm_header *hs = proxywasm_emu_get_request_headers(vm, id, &n);
  assert_int_equal(n, 4);
  assert_string_equal(hs[0].value.data, "/new");
  assert_string_equal(proxywasm_emu_get_request_header(vm, id, "x-upper"), "U");
  proxywasm_header resp[] = {PROXYWASM_HEADER(":status", "200"), PROXYWASM_HEADER("Server", "up")};
  assert_int_equal(proxywasm_emu_on_response_headers(vm, id, resp, 2, true), PROXYWASM_CONTINUE);
  assert_checks();
  hs = proxywasm_emu_get_response_headers(vm, id, &n);
  assert_int_equal(n, 2);
  assert_string_equal(proxywasm_emu_get_response_header(vm, id, ":status"), "201");
  assert_string_equal(proxywasm_emu_get_response_header(vm, id, "x-b"), "2");
  assert_null(proxywasm_emu_get_response_header(vm, id, "server"));
}

/* ---- trailers ---- */

static proxywasm_action req_trailers_api(proxywasm_http *h, size_t n) {
  CHECK_EQ(n, 2);
  proxywasm_bytes v = junk;
  CHECK_EQ(proxywasm_http_get_request_trailer(h, "grpc-status", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "0");
  v = junk;
  CHECK_EQ(proxywasm_http_get_request_trailer(h, "nope", &v), PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(v);
  CHECK_EQ(proxywasm_http_add_request_trailer(h, "x-t", "1", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_replace_request_trailer(h, "x-sum", "new", 3), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_remove_request_trailer(h, "grpc-status"), PROXYWASM_OK);
  proxywasm_header *got;
  size_t count;
  CHECK_EQ(proxywasm_http_get_request_trailers(h, &got, &count), PROXYWASM_OK);
  CHECK_EQ(count, 2);
  if (count == 2) {
    CHECK_BYTES(got[0].name, "x-t");
    CHECK_BYTES(got[1].value, "new");
  }
  proxywasm_header ts[] = {PROXYWASM_HEADER("x-final", "yes")};
  CHECK_EQ(proxywasm_http_set_request_trailers(h, ts, 1), PROXYWASM_OK);
  /* Response trailers do not exist in the request phase. */
  v = junk;
  CHECK_EQ(proxywasm_http_get_response_trailer(h, "x", &v), PROXYWASM_BAD_ARGUMENT);
  CHECK_EMPTY(v);
  return PROXYWASM_CONTINUE;
}

static proxywasm_action resp_body_adds_trailer(proxywasm_http *h, size_t n, bool eos) {
  (void)n;
  /* Only the last body hook may add trailers (Envoy's addEncodedTrailers). */
  proxywasm_status s = proxywasm_http_add_response_trailer(h, "x-added", "1", 1);
  CHECK_EQ(s, eos ? PROXYWASM_OK : PROXYWASM_BAD_ARGUMENT);
  return PROXYWASM_CONTINUE;
}

static proxywasm_action resp_trailers_api(proxywasm_http *h, size_t n) {
  CHECK_EQ(n, 1);
  proxywasm_bytes v = junk;
  CHECK_EQ(proxywasm_http_get_response_trailer(h, "x-up", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "u");
  CHECK_EQ(proxywasm_http_add_response_trailer(h, "x-a", "1", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_replace_response_trailer(h, "x-up", "U", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_remove_response_trailer(h, "x-a"), PROXYWASM_OK);
  proxywasm_header *got;
  size_t count;
  CHECK_EQ(proxywasm_http_get_response_trailers(h, &got, &count), PROXYWASM_OK);
  CHECK_EQ(count, 1);
  proxywasm_header ts[] = {PROXYWASM_HEADER("x-up", "U"), PROXYWASM_HEADER("x-z", "z")};
  CHECK_EQ(proxywasm_http_set_response_trailers(h, ts, 2), PROXYWASM_OK);
  return PROXYWASM_CONTINUE;
}

static void test_trailers(void **state) {
  (void)state;
  script.req_trailers = req_trailers_api;
  script.resp_body = resp_body_adds_trailer;
  script.resp_trailers = resp_trailers_api;
  uint32_t id = start_stream(base_req, 2, false, NULL);
  proxywasm_header rt[] = {PROXYWASM_HEADER("grpc-status", "0"), PROXYWASM_HEADER("x-sum", "1")};
  assert_int_equal(proxywasm_emu_on_request_trailers(vm, id, rt, 2), PROXYWASM_CONTINUE);
  size_t n;
  const proxywasm_header *t = proxywasm_emu_get_request_trailers(vm, id, &n);
  assert_int_equal(n, 1);
  assert_string_equal(t[0].name.data, "x-final");
  proxywasm_header resp[] = {PROXYWASM_HEADER(":status", "200")};
  proxywasm_emu_on_response_headers(vm, id, resp, 1, false);
  proxywasm_emu_on_response_body(vm, id, "a", 1, false);
  proxywasm_emu_on_response_body(vm, id, "b", 1, true);
  t = proxywasm_emu_get_response_trailers(vm, id, &n);
  assert_int_equal(n, 1);
  assert_string_equal(t[0].name.data, "x-added");
  /* A second stream gets trailers from upstream instead. */
  script.resp_body = NULL;
  uint32_t id2 = proxywasm_emu_http_new(vm, 0);
  proxywasm_emu_on_request_headers(vm, id2, base_req, 2, true);
  proxywasm_emu_on_response_headers(vm, id2, resp, 1, false);
  proxywasm_header upt[] = {PROXYWASM_HEADER("x-up", "u")};
  proxywasm_emu_on_response_trailers(vm, id2, upt, 1);
  assert_checks();
  t = proxywasm_emu_get_response_trailers(vm, id2, &n);
  assert_int_equal(n, 2);
  assert_string_equal(t[0].value.data, "U");
  assert_string_equal(t[1].value.data, "z");
}

/* Binary values (NULs included) round-trip in test_sdk_headers_raw.c: the
   SDK refuses to write them unless the plugin opts out. */

/* ---- the wire format, malformed input ---- */

static proxywasm_action req_decode_errors(proxywasm_http *h, size_t n, bool eos) {
  (void)h, (void)n, (void)eos;
  proxywasm_header *hs = junk_header;
  size_t count = 7;
  /* Empty maps: no bytes, a single NUL (per the spec), or a zero count. */
  CHECK_EQ(proxywasm_headers_decode((proxywasm_bytes){NULL, 0}, &hs, &count), PROXYWASM_OK);
  CHECK(hs == NULL && count == 0);
  CHECK_EQ(proxywasm_headers_decode((proxywasm_bytes){"\0", 1}, &hs, &count), PROXYWASM_OK);
  CHECK_EQ(proxywasm_headers_decode((proxywasm_bytes){"\0\0\0\0", 4}, &hs, &count), PROXYWASM_OK);
  CHECK(hs == NULL && count == 0);
  static const struct {
    const char *data;
    size_t len;
  } bad[] = {
      {"\1\0", 2},                                    /* short count */
      {"\0\0\0\0x", 5},                               /* bytes after an empty map */
      {"\1\0\0\0", 4},                                /* no size table */
      {"\1\0\0\0\1\0\0\0\1\0\0\0a\0b", 15},           /* missing last NUL */
      {"\1\0\0\0\1\0\0\0\1\0\0\0axb\0", 16},          /* name not NUL-ended */
      {"\1\0\0\0\1\0\0\0\1\0\0\0a\0bx", 16},          /* value not NUL-ended */
      {"\1\0\0\0\5\0\0\0\1\0\0\0a\0b\0", 16},         /* name runs past the end */
      {"\1\0\0\0\1\0\0\0\1\0\0\0a\0b\0zz", 18},       /* trailing garbage */
      {"\xff\xff\xff\xff\1\0\0\0\1\0\0\0a\0b\0", 16}, /* huge count */
      {"\1\0\0\0\1\0\0\0\xff\xff\xff\xff"
       "a\0b\0",
       16}, /* huge value length */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    hs = junk_header;
    count = 7;
    CHECK_EQ(proxywasm_headers_decode((proxywasm_bytes){bad[i].data, bad[i].len}, &hs, &count),
             PROXYWASM_SERIALIZATION_FAILURE);
    CHECK(hs == NULL && count == 0);
  }
  hs = junk_header;
  count = 7;
  CHECK_EQ(proxywasm_headers_decode((proxywasm_bytes){NULL, 1}, &hs, &count),
           PROXYWASM_BAD_ARGUMENT); /* not read */
  CHECK(hs == NULL && count == 0);
  CHECK_EQ(proxywasm_headers_decode((proxywasm_bytes){NULL, 16}, &hs, &count),
           PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_headers_decode((proxywasm_bytes){"\0", 1}, NULL, &count),
           PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_headers_decode((proxywasm_bytes){"\0", 1}, &hs, NULL), PROXYWASM_BAD_ARGUMENT);
  proxywasm_bytes enc = junk;
  CHECK_EQ(proxywasm_headers_encode(NULL, 0, &enc), PROXYWASM_OK);
  CHECK(enc.len == 4 && memcmp(enc.data, "\0\0\0\0", 4) == 0);
  enc = junk;
  CHECK_EQ(proxywasm_headers_encode(NULL, 1, &enc), PROXYWASM_BAD_ARGUMENT);
  CHECK_EMPTY(enc);
  CHECK_EQ(proxywasm_headers_encode(base_req, 1, NULL), PROXYWASM_BAD_ARGUMENT);
  /* A NULL name or value with a length is refused, not read. */
  static const proxywasm_header null_name[] = {{{NULL, 3}, {"v", 1}}};
  static const proxywasm_header null_value[] = {{{"n", 1}, {NULL, 3}}};
  enc = junk;
  CHECK_EQ(proxywasm_headers_encode(null_name, 1, &enc), PROXYWASM_BAD_ARGUMENT);
  CHECK_EMPTY(enc);
  CHECK_EQ(proxywasm_headers_encode(null_value, 1, &enc), PROXYWASM_BAD_ARGUMENT);
  CHECK_EMPTY(enc);
  return PROXYWASM_CONTINUE;
}

static void test_wire_format_errors(void **state) {
  (void)state;
  script.req_headers = req_decode_errors;
  start_stream(base_req, 1, true, NULL);
  assert_checks();
}

/* ---- host limits, checked before the hostcall ---- */

#define MANY 1025
static proxywasm_header many[MANY];
static char many_names[MANY][16];
static char *huge; /* 1 MiB of 'v' */
#define MIB (1024u * 1024u)

static void make_many(void) {
  for (int i = 0; i < MANY; i++) {
    snprintf(many_names[i], sizeof many_names[i], "h%04d", i);
    many[i].name = (proxywasm_bytes){many_names[i], 5};
    many[i].value = PROXYWASM_LIT("v");
  }
}

static proxywasm_action req_limits(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  unsigned before = proxywasm_emu_hostcall_count(emu, "set_header_map_pairs");
  /* Envoy would silently empty the map: the SDK refuses first. */
  CHECK_EQ(proxywasm_http_set_request_headers(h, many, 1025), PROXYWASM_BAD_ARGUMENT);
  /* One entry over 1 MiB in total. */
  size_t fit = MIB - 4 - 8 - 1 - 2; /* name "x", both NULs: exactly 1 MiB */
  proxywasm_header big = {PROXYWASM_LIT("x"), {huge, fit + 1}};
  CHECK_EQ(proxywasm_http_set_request_headers(h, &big, 1), PROXYWASM_BAD_ARGUMENT);
  big.value.len = MIB + 1;
  CHECK_EQ(proxywasm_http_set_request_headers(h, &big, 1), PROXYWASM_BAD_ARGUMENT);
  proxywasm_header bigname = {{huge, MIB + 1}, PROXYWASM_LIT("v")};
  CHECK_EQ(proxywasm_http_set_request_headers(h, &bigname, 1), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "set_header_map_pairs"), before);
  /* The map was not touched. */
  proxywasm_bytes v;
  CHECK_EQ(proxywasm_http_get_request_header(h, ":path", &v), PROXYWASM_OK);
  /* Local responses carry a header map too. */
  proxywasm_local_response r = {500, NULL, many, 1025, NULL, 0, PROXYWASM_GRPC_STATUS_NONE};
  CHECK_EQ(proxywasm_http_send_local_response(h, &r), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_send_response(h, 500, &big, 1, NULL, 0), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "send_local_response"), 0);
  /* At the limits exactly, the maps go through. */
  big.value.len = fit;
  CHECK_EQ(proxywasm_http_set_request_headers(h, &big, 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_get_request_header(h, "x", &v), PROXYWASM_OK);
  CHECK_EQ(v.len, fit);
  CHECK_EQ(proxywasm_http_set_request_headers(h, many, 1024), PROXYWASM_OK);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "set_header_map_pairs"), before + 2);
  return PROXYWASM_CONTINUE;
}

static void test_header_map_limits(void **state) {
  (void)state;
  make_many();
  huge = malloc(MIB + 1);
  assert_non_null(huge);
  memset(huge, 'v', MIB + 1);
  script.req_headers = req_limits;
  uint32_t id = start_stream(base_req, 1, true, NULL);
  free(huge);
  assert_checks();
  size_t n;
  const proxywasm_header *hs = proxywasm_emu_get_request_headers(vm, id, &n);
  assert_int_equal(n, 1024);
  assert_string_equal(hs[1023].name.data, "h1023");
  assert_null(proxywasm_emu_get_local_response(vm, id));
}

/* ---- failures: statuses and emptied outputs ---- */

static proxywasm_action req_faults(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_context *c = proxywasm_http_context(h);
  proxywasm_bytes v = junk;
  proxywasm_header *hs = junk_header;
  size_t count = 9, size = 9;

  proxywasm_emu_fail_hostcall(emu, "proxy_get_header_map_value", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_http_get_request_header(h, ":path", &v), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EMPTY(v);
  proxywasm_emu_fail_hostcall(emu, "get_header_map_pairs", 1, PROXYWASM_NOT_FOUND);
  CHECK_EQ(proxywasm_http_get_request_headers(h, &hs, &count), PROXYWASM_NOT_FOUND);
  CHECK(hs == NULL && count == 0);
  proxywasm_emu_fail_hostcall(emu, "get_header_map_size", 1, PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_headers_size(c, PROXYWASM_MAP_HTTP_REQUEST_HEADERS, &size),
           PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(size, 0);
  proxywasm_emu_fail_hostcall(emu, "add_header_map_value", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_http_add_request_header(h, "x-a", "1", 1), PROXYWASM_INTERNAL_FAILURE);
  proxywasm_emu_fail_hostcall(emu, "replace_header_map_value", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_http_replace_request_header(h, "x-r", "1", 1), PROXYWASM_INTERNAL_FAILURE);
  proxywasm_emu_fail_hostcall(emu, "remove_header_map_value", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_http_remove_request_header(h, ":method"), PROXYWASM_INTERNAL_FAILURE);
  proxywasm_emu_fail_hostcall(emu, "set_header_map_pairs", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_http_set_request_headers(h, base_req, 1), PROXYWASM_INTERNAL_FAILURE);

  /* The host cannot copy the value into the module. */
  proxywasm_emu_fail_module_allocations(emu, 0, 1);
  v = junk;
  CHECK_EQ(proxywasm_http_get_request_header(h, ":path", &v), PROXYWASM_INVALID_MEMORY_ACCESS);
  CHECK_EMPTY(v);
  proxywasm_emu_fail_module_allocations(emu, 0, 1);
  hs = junk_header;
  count = 9;
  CHECK_EQ(proxywasm_http_get_request_headers(h, &hs, &count), PROXYWASM_INVALID_MEMORY_ACCESS);
  CHECK(hs == NULL && count == 0);
  /* The SDK's allocator fails: for the host's copy, then for the array. */
  proxywasm_emu_fail_sdk_allocations(emu, 0, 1);
  v = junk;
  CHECK_EQ(proxywasm_http_get_request_header(h, ":path", &v), PROXYWASM_INVALID_MEMORY_ACCESS);
  CHECK_EMPTY(v);
  proxywasm_emu_fail_sdk_allocations(emu, 1, 1);
  hs = junk_header;
  count = 9;
  CHECK_EQ(proxywasm_http_get_request_headers(h, &hs, &count), PROXYWASM_INTERNAL_FAILURE);
  CHECK(hs == NULL && count == 0);
  /* Encoding a map fails before anything reaches the host. */
  unsigned sets = proxywasm_emu_hostcall_count(emu, "set_header_map_pairs");
  proxywasm_emu_fail_sdk_allocations(emu, 0, 1);
  CHECK_EQ(proxywasm_http_set_request_headers(h, base_req, 2), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "set_header_map_pairs"), sets);
  proxywasm_emu_fail_sdk_allocations(emu, 0, 1);
  proxywasm_bytes enc = junk;
  CHECK_EQ(proxywasm_headers_encode(base_req, 2, &enc), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EMPTY(enc);
  proxywasm_emu_fail_sdk_allocations(emu, 0, 1);
  hs = junk_header;
  CHECK_EQ(proxywasm_headers_decode((proxywasm_bytes){"\1\0\0\0\1\0\0\0\1\0\0\0a\0b\0", 16}, &hs,
                                    &count),
           PROXYWASM_INTERNAL_FAILURE);
  CHECK(hs == NULL && count == 0);
  /* Everything works again once the faults are used up. */
  CHECK_EQ(proxywasm_http_get_request_header(h, ":path", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "/p");
  return PROXYWASM_CONTINUE;
}

static void test_failures_empty_outputs(void **state) {
  (void)state;
  script.req_headers = req_faults;
  uint32_t id = start_stream(base_req, NBASE, true, NULL);
  assert_checks();
  /* The faulted writes changed nothing. */
  size_t n;
  proxywasm_emu_get_request_headers(vm, id, &n);
  assert_int_equal(n, NBASE);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "get_header_map_value"), 4);
}

/* ---- the per-hook arena ---- */

static const char *kept_small, *kept_big;
static char *big_value;
#define BIG 40000 /* larger than the static arena region: comes from malloc */

static proxywasm_action req_arena(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_bytes v, b;
  CHECK_EQ(proxywasm_http_get_request_header(h, ":path", &v), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_get_request_header(h, "x-big", &b), PROXYWASM_OK);
  CHECK_EQ(b.len, BIG);
  kept_small = v.data;
  kept_big = b.data;
  /* Data stays valid for the whole hook, however much else is allocated. */
  for (int i = 0; i < 200; i++) {
    proxywasm_header *all;
    size_t count;
    CHECK_EQ(proxywasm_http_get_request_headers(h, &all, &count), PROXYWASM_OK);
  }
  CHECK(memcmp(kept_small, "/p", 3) == 0);
  CHECK(kept_big[0] == 'b' && kept_big[BIG - 1] == 'b' && kept_big[BIG] == 0);
#ifdef HAVE_ASAN
  CHECK(!__asan_address_is_poisoned(kept_small));
  CHECK(!__asan_address_is_poisoned(kept_big + BIG - 1));
#endif
  return PROXYWASM_CONTINUE;
}

static void test_arena_lifetime(void **state) {
  (void)state;
  big_value = malloc(BIG);
  assert_non_null(big_value);
  memset(big_value, 'b', BIG);
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/p"),
                            {PROXYWASM_LIT("x-big"), {big_value, BIG}}};
  script.req_headers = req_arena;
  start_stream(req, 2, true, NULL);
  free(big_value);
  assert_checks();
  assert_non_null(kept_small);
  assert_non_null(kept_big);
#ifdef HAVE_ASAN
  /* Once the hook returned, host data is gone: a kept pointer is caught. */
  assert_true(__asan_address_is_poisoned(kept_small));
  assert_true(__asan_address_is_poisoned(kept_big));
#else
  skip();
#endif
}

/* A pointer kept from one hook and used in a later one must be caught too,
   even after the later hook got host data of its own. */
static const char *kept_path;
#ifdef HAVE_ASAN
static bool poisoned_in_next_hook;
#endif

static proxywasm_action req_keep(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_bytes v;
  CHECK_EQ(proxywasm_http_get_request_header(h, ":path", &v), PROXYWASM_OK);
  kept_path = v.data; /* the plugin bug under test */
  return PROXYWASM_CONTINUE;
}

static proxywasm_action resp_use_kept(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_bytes v;
  CHECK_EQ(proxywasm_http_get_response_header(h, ":status", &v), PROXYWASM_OK);
#ifdef HAVE_ASAN
  poisoned_in_next_hook = __asan_address_is_poisoned(kept_path);
#endif
  return PROXYWASM_CONTINUE;
}

static void test_kept_pointer_caught_in_later_hook(void **state) {
  (void)state;
  script.req_headers = req_keep;
  script.resp_headers = resp_use_kept;
  uint32_t id = start_stream(base_req, 1, true, NULL);
  proxywasm_header resp[] = {PROXYWASM_HEADER(":status", "200")};
  proxywasm_emu_on_response_headers(vm, id, resp, 1, true);
  assert_checks();
#ifdef HAVE_ASAN
  /* Fails today: the arena hands the same bytes to the next hook's first
     allocation, so the stale pointer silently reads the new ":status"
     value instead of being reported (see the report on src/runtime/arena.c). */
  assert_true(poisoned_in_next_hook);
#else
  skip();
#endif
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_request_headers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_whole_maps_and_response_headers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_trailers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_wire_format_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(test_header_map_limits, setup, teardown),
      cmocka_unit_test_setup_teardown(test_failures_empty_outputs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_arena_lifetime, setup, teardown),
      cmocka_unit_test_setup_teardown(test_kept_pointer_caught_in_later_hook, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
