/*
 * test_properties.c - property paths (literal, run-time segments, dotted),
 * value decoders (Envoy's binary and Kong's text encodings) and the get/set
 * API and typed getters against the host emulator.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proxywasm.h"
#include "proxywasm/emulator.h"

/* SDK internal: releases the per-hook arena (the pure functions below
   allocate from it outside any hook). */
void proxywasm__arena_reset(void);

static int teardown(void **state) {
  (void)state;
  proxywasm__arena_reset();
  return 0;
}

#define BYTES(lit) ((proxywasm_bytes){(lit), sizeof(lit) - 1})

static void assert_bytes(proxywasm_bytes b, const char *data, size_t len) {
  assert_int_equal(b.len, len);
  if (len)
    assert_memory_equal(b.data, data, len);
}
#define assert_bytes_lit(b, lit) assert_bytes((b), (lit), sizeof(lit) - 1)

/* ---- Paths -------------------------------------------------------------- */

static void test_path_encode(void **state) {
  (void)state;
  proxywasm_bytes p;
  const char *segs[] = {"request", "path"};
  assert_int_equal(proxywasm_property_path_encode(segs, 2, &p), PROXYWASM_OK);
  assert_bytes_lit(p, "request\0path");

  assert_int_equal(proxywasm_property_path_encode(PROXYWASM_SEGMENTS("plugin_name"), &p),
                   PROXYWASM_OK);
  assert_bytes_lit(p, "plugin_name");

  const char *filter = "envoy.filters.http.wasm";
  assert_int_equal(proxywasm_property_path_encode(
                       PROXYWASM_SEGMENTS("route_metadata", "filter_metadata", filter, "auth"), &p),
                   PROXYWASM_OK);
  assert_bytes_lit(p, "route_metadata\0filter_metadata\0envoy.filters.http.wasm\0auth");

  /* Empty segments are kept; no trailing NUL is added. */
  assert_int_equal(proxywasm_property_path_encode(PROXYWASM_SEGMENTS("a", "", "b"), &p),
                   PROXYWASM_OK);
  assert_bytes_lit(p, "a\0\0b");
}

/* PROXYWASM_PATH joins literals at compile time, as path_encode does at run
   time: 1 to 8 segments, empty ones kept, a digit after a separator kept
   (not read as an octal escape). */
static void test_path_literal(void **state) {
  (void)state;
  assert_bytes_lit(PROXYWASM_PATH("plugin_name"), "plugin_name");
  assert_bytes_lit(PROXYWASM_PATH("request", "path"), "request\0path");
  assert_bytes_lit(PROXYWASM_PATH("a", "", "b"), "a\0\0b");
  assert_bytes_lit(PROXYWASM_PATH("list", "0", "7"), "list\0"
                                                     "0\0"
                                                     "7");
  assert_bytes_lit(PROXYWASM_PATH("1", "2", "3", "4", "5", "6", "7", "8"), "1\0"
                                                                           "2\0"
                                                                           "3\0"
                                                                           "4\0"
                                                                           "5\0"
                                                                           "6\0"
                                                                           "7\0"
                                                                           "8");
  assert_bytes_lit(PROXYWASM_ATTR_UPSTREAM_LOCALITY_SUB_ZONE, "upstream\0locality\0sub_zone");
  proxywasm_bytes p;
  assert_int_equal(
      proxywasm_property_path_encode(PROXYWASM_SEGMENTS("xds", "route_metadata", "filter_metadata",
                                                        "envoy.filters.http.wasm", "auth"),
                                     &p),
      PROXYWASM_OK);
  proxywasm_bytes lit =
      PROXYWASM_PATH("xds", "route_metadata", "filter_metadata", "envoy.filters.http.wasm", "auth");
  assert_bytes(lit, p.data, p.len);
}

static void test_path_encode_rejects(void **state) {
  (void)state;
  proxywasm_bytes p = BYTES("x");
  const char *segs[] = {"a", NULL};
  assert_int_equal(proxywasm_property_path_encode(segs, 0, &p), PROXYWASM_BAD_ARGUMENT);
  assert_null(p.data);
  assert_int_equal(p.len, 0);
  p = BYTES("x");
  assert_int_equal(proxywasm_property_path_encode(segs, 2, &p), PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(p.len, 0);
  assert_int_equal(proxywasm_property_path_encode(NULL, 1, &p), PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_property_path_encode(PROXYWASM_SEGMENTS(""), &p),
                   PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_property_path_encode(segs, 1, NULL), PROXYWASM_BAD_ARGUMENT);
}

static void test_path_parse(void **state) {
  (void)state;
  proxywasm_bytes p;
  assert_int_equal(proxywasm_property_path_parse("request.path", &p), PROXYWASM_OK);
  assert_bytes_lit(p, "request\0path");
  assert_int_equal(proxywasm_property_path_parse("plugin_name", &p), PROXYWASM_OK);
  assert_bytes_lit(p, "plugin_name");
  assert_int_equal(proxywasm_property_path_parse(
                       "metadata.filter_metadata.envoy\\.filters\\.http\\.wasm.auth", &p),
                   PROXYWASM_OK);
  assert_bytes_lit(p, "metadata\0filter_metadata\0envoy.filters.http.wasm\0auth");
  assert_int_equal(proxywasm_property_path_parse("a\\\\b.c", &p), PROXYWASM_OK);
  assert_bytes_lit(p, "a\\b\0c");
  assert_int_equal(proxywasm_property_path_parse(".a.", &p), PROXYWASM_OK);
  assert_bytes_lit(p, "\0a\0");

  p = BYTES("x");
  assert_int_equal(proxywasm_property_path_parse("a\\", &p), PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(p.len, 0);
  assert_int_equal(proxywasm_property_path_parse("", &p), PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_property_path_parse(NULL, &p), PROXYWASM_BAD_ARGUMENT);
}

/* ---- Decoders ----------------------------------------------------------- */

static void test_decode_int64(void **state) {
  (void)state;
  int64_t v = 0;
  /* Envoy: 8 bytes little-endian. */
  assert_int_equal(proxywasm_property_decode_int64(BYTES("\xc8\0\0\0\0\0\0\0"), &v), PROXYWASM_OK);
  assert_int_equal(v, 200);
  assert_int_equal(proxywasm_property_decode_int64(BYTES("\xff\xff\xff\xff\xff\xff\xff\xff"), &v),
                   PROXYWASM_OK);
  assert_int_equal(v, -1);
  assert_int_equal(proxywasm_property_decode_int64(BYTES("\0\0\0\0\0\0\0\x80"), &v), PROXYWASM_OK);
  assert_true(v == INT64_MIN);
  /* Kong: decimal text, also when it happens to be 8 characters long. */
  assert_int_equal(proxywasm_property_decode_int64(BYTES("200"), &v), PROXYWASM_OK);
  assert_int_equal(v, 200);
  assert_int_equal(proxywasm_property_decode_int64(BYTES("-5"), &v), PROXYWASM_OK);
  assert_int_equal(v, -5);
  assert_int_equal(proxywasm_property_decode_int64(BYTES("12345678"), &v), PROXYWASM_OK);
  assert_int_equal(v, 12345678);
  assert_int_equal(proxywasm_property_decode_int64(BYTES("-1234567"), &v), PROXYWASM_OK);
  assert_int_equal(v, -1234567);
  assert_int_equal(proxywasm_property_decode_int64(BYTES("9223372036854775807"), &v), PROXYWASM_OK);
  assert_true(v == INT64_MAX);
  assert_int_equal(proxywasm_property_decode_int64(BYTES("-9223372036854775808"), &v),
                   PROXYWASM_OK);
  assert_true(v == INT64_MIN);
  /* 8 bytes that are not a number are binary, even if some are digits. */
  assert_int_equal(proxywasm_property_decode_int64(BYTES("1234567-"), &v), PROXYWASM_OK);
  assert_true(v != 1234567);
}

static void test_decode_int64_bad(void **state) {
  (void)state;
  static const proxywasm_bytes bad[] = {{"", 0},
                                        {"\x01\x02\x03", 3},
                                        {"\0\0\0\0\0\0\0", 7},
                                        {"\0\0\0\0\0\0\0\0\0", 9},
                                        {"12a", 3},
                                        {"-", 1},
                                        {" 12", 3},
                                        {"+12", 3},
                                        {"9223372036854775808", 19},
                                        {"-9223372036854775809", 20},
                                        {"1.5", 3}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    int64_t v = 77;
    assert_int_equal(proxywasm_property_decode_int64(bad[i], &v), PROXYWASM_SERIALIZATION_FAILURE);
    assert_int_equal(v, 0);
  }
  assert_int_equal(proxywasm_property_decode_int64(BYTES("1"), NULL), PROXYWASM_BAD_ARGUMENT);
  int64_t v = 5;
  proxywasm_bytes null_with_len = {NULL, 8};
  assert_int_equal(proxywasm_property_decode_int64(null_with_len, &v), PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(v, 0);
}

static void test_decode_uint64(void **state) {
  (void)state;
  uint64_t v = 0;
  assert_int_equal(proxywasm_property_decode_uint64(BYTES("\xff\xff\xff\xff\xff\xff\xff\xff"), &v),
                   PROXYWASM_OK);
  assert_true(v == UINT64_MAX);
  assert_int_equal(proxywasm_property_decode_uint64(BYTES("\x2a\x01\0\0\0\0\0\0"), &v),
                   PROXYWASM_OK);
  assert_int_equal(v, 298);
  assert_int_equal(proxywasm_property_decode_uint64(BYTES("18446744073709551615"), &v),
                   PROXYWASM_OK);
  assert_true(v == UINT64_MAX);
  assert_int_equal(proxywasm_property_decode_uint64(BYTES("42"), &v), PROXYWASM_OK);
  assert_int_equal(v, 42);
  assert_int_equal(proxywasm_property_decode_uint64(BYTES("18446744073709551616"), &v),
                   PROXYWASM_SERIALIZATION_FAILURE);
  assert_int_equal(v, 0);
  assert_int_equal(proxywasm_property_decode_uint64(BYTES("-1"), &v),
                   PROXYWASM_SERIALIZATION_FAILURE);
  assert_int_equal(proxywasm_property_decode_uint64(BYTES("\x01\x02\x03\x04"), &v),
                   PROXYWASM_SERIALIZATION_FAILURE);
}

static void test_decode_double(void **state) {
  (void)state;
  double v = 0;
  double x = 1.5;
  char raw[8];
  memcpy(raw, &x, 8); /* the test hosts are little-endian, as wasm is */
  assert_int_equal(proxywasm_property_decode_double((proxywasm_bytes){raw, 8}, &v), PROXYWASM_OK);
  assert_true(v == 1.5);
  x = 15020.0;
  memcpy(raw, &x, 8);
  assert_int_equal(proxywasm_property_decode_double((proxywasm_bytes){raw, 8}, &v), PROXYWASM_OK);
  assert_true(v == 15020.0);
  assert_int_equal(proxywasm_property_decode_double(BYTES("1.5"), &v), PROXYWASM_OK);
  assert_true(v == 1.5);
  assert_int_equal(proxywasm_property_decode_double(BYTES("-2e3"), &v), PROXYWASM_OK);
  assert_true(v == -2000.0);
  assert_int_equal(proxywasm_property_decode_double(BYTES("15000"), &v), PROXYWASM_OK);
  assert_true(v == 15000.0);
  assert_int_equal(proxywasm_property_decode_double(BYTES("3.141592"), &v), PROXYWASM_OK);
  assert_true(v == 3.141592);
  static const struct {
    const char *text;
    double want;
  } texts[] = {{"0.1", 0.1},        {"1e-5", 1e-5},   {"2.5E+2", 250.0},
               {"+7", 7.0},         {"1e23", 1e23},   {"0.000123", 0.000123},
               {"-0.5", -0.5},      {"8080", 8080.0}, {"123456789012345", 123456789012345.0},
               {"1.5e300", 1.5e300}};
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    assert_int_equal(proxywasm_property_decode_double(proxywasm_bytes_cstr(texts[i].text), &v),
                     PROXYWASM_OK);
    assert_true(v == texts[i].want);
  }
  /* Past 15 digits: within a few units in the last place. */
  assert_int_equal(proxywasm_property_decode_double(BYTES("123456789012345678901234"), &v),
                   PROXYWASM_OK);
  assert_true(v > 1.2345678901234e23 && v < 1.2345678901235e23);
  assert_int_equal(proxywasm_property_decode_double(BYTES("1e-400"), &v), PROXYWASM_OK);
  assert_true(v == 0);
  static const proxywasm_bytes bad[] = {{"1e400", 5},    {"1.5.3", 5}, {"abc", 3},
                                        {"\0\0\0\0", 4}, {"", 0},      {"1e", 2},
                                        {"inf", 3},      {".", 1},     {"1e+", 3}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    v = 9;
    assert_int_equal(proxywasm_property_decode_double(bad[i], &v), PROXYWASM_SERIALIZATION_FAILURE);
    assert_true(v == 0);
  }
}

static void test_decode_bool(void **state) {
  (void)state;
  static const struct {
    proxywasm_bytes raw;
    bool want;
  } good[] = {{{"\x01", 1}, true}, {{"\0", 1}, false},   {{"1", 1}, true},
              {{"0", 1}, false},   {{"true", 4}, true},  {{"false", 5}, false},
              {{"TRUE", 4}, true}, {{"False", 5}, false}};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    bool v = !good[i].want;
    assert_int_equal(proxywasm_property_decode_bool(good[i].raw, &v), PROXYWASM_OK);
    assert_true(v == good[i].want);
  }
  static const proxywasm_bytes bad[] = {{"\x02", 1}, {"yes", 3},   {"", 0},
                                        {"\0\0", 2}, {"truex", 5}, {"tru", 3}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    bool v = true;
    assert_int_equal(proxywasm_property_decode_bool(bad[i], &v), PROXYWASM_SERIALIZATION_FAILURE);
    assert_false(v);
  }
}

static void test_decode_time(void **state) {
  (void)state;
  int64_t v = 0;
  /* Envoy: int64 nanoseconds. */
  assert_int_equal(proxywasm_property_decode_duration(BYTES("\x40\x4b\x4c\0\0\0\0\0"), &v),
                   PROXYWASM_OK);
  assert_int_equal(v, 5000000);
  int64_t ts = 1700000000123456789;
  char raw[8];
  for (int i = 0; i < 8; i++)
    raw[i] = (char)(ts >> (8 * i));
  assert_int_equal(proxywasm_property_decode_timestamp((proxywasm_bytes){raw, 8}, &v),
                   PROXYWASM_OK);
  assert_true(v == ts);
  /* Kong: seconds with a millisecond fraction. */
  assert_int_equal(proxywasm_property_decode_duration(BYTES("0.005"), &v), PROXYWASM_OK);
  assert_int_equal(v, 5000000);
  assert_int_equal(proxywasm_property_decode_timestamp(BYTES("1700000000.123"), &v), PROXYWASM_OK);
  assert_true(v == 1700000000123000000);
  assert_int_equal(proxywasm_property_decode_timestamp(BYTES("1700000000"), &v), PROXYWASM_OK);
  assert_true(v == 1700000000000000000);
  assert_int_equal(proxywasm_property_decode_duration(BYTES("-1.5"), &v), PROXYWASM_OK);
  assert_true(v == -1500000000);
  assert_int_equal(proxywasm_property_decode_duration(BYTES("0.123456789999"), &v), PROXYWASM_OK);
  assert_int_equal(v, 123456789);
  /* 8 characters of text are text. */
  assert_int_equal(proxywasm_property_decode_duration(BYTES("0.005000"), &v), PROXYWASM_OK);
  assert_int_equal(v, 5000000);
  static const proxywasm_bytes bad[] = {
      {"1.", 2},     {".5", 2}, {"1.2.3", 5}, {"abc", 3},         {"", 0},
      {"\0\0\0", 3}, {"-", 1},  {"1.x", 3},   {"9999999999", 10}, {"0.1234567890x", 13}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    v = 3;
    assert_int_equal(proxywasm_property_decode_duration(bad[i], &v),
                     PROXYWASM_SERIALIZATION_FAILURE);
    assert_int_equal(v, 0);
  }
}

static void test_decode_string(void **state) {
  (void)state;
  proxywasm_bytes v;
  assert_int_equal(proxywasm_property_decode_string(BYTES("GET"), &v), PROXYWASM_OK);
  assert_bytes_lit(v, "GET");
  proxywasm_bytes empty = {NULL, 0};
  assert_int_equal(proxywasm_property_decode_string(empty, &v), PROXYWASM_OK);
  assert_non_null(v.data);
  assert_int_equal(v.len, 0);
  assert_int_equal(proxywasm_property_decode_string(BYTES("x"), NULL), PROXYWASM_BAD_ARGUMENT);
}

/* {cloud_provider: aws, region: ap-northeast-1} as Envoy serializes a map. */
static const char location_map[] = "\x02\0\0\0"
                                   "\x0e\0\0\0\x03\0\0\0"
                                   "\x06\0\0\0\x0e\0\0\0"
                                   "cloud_provider\0aws\0"
                                   "region\0ap-northeast-1\0";

static void test_decode_map(void **state) {
  (void)state;
  proxywasm_header *e;
  size_t n;
  assert_int_equal(proxywasm_property_decode_map(BYTES(location_map), &e, &n), PROXYWASM_OK);
  assert_int_equal(n, 2);
  assert_bytes_lit(e[0].name, "cloud_provider");
  assert_bytes_lit(e[0].value, "aws");
  assert_bytes_lit(e[1].name, "region");
  assert_bytes_lit(e[1].value, "ap-northeast-1");

  /* Empty maps: (NULL, 0), a single NUL, or a zero count. */
  proxywasm_bytes none = {NULL, 0};
  assert_int_equal(proxywasm_property_decode_map(none, &e, &n), PROXYWASM_OK);
  assert_int_equal(n, 0);
  assert_int_equal(proxywasm_property_decode_map(BYTES("\0\0\0\0"), &e, &n), PROXYWASM_OK);
  assert_int_equal(n, 0);

  /* Every truncation of a valid map is malformed, and a string is not a map. */
  for (size_t len = 1; len < sizeof location_map - 1; len++) {
    e = (proxywasm_header *)location_map;
    n = 9;
    assert_int_equal(proxywasm_property_decode_map((proxywasm_bytes){location_map, len}, &e, &n),
                     PROXYWASM_SERIALIZATION_FAILURE);
    assert_null(e);
    assert_int_equal(n, 0);
  }
  assert_int_equal(proxywasm_property_decode_map(BYTES("GET"), &e, &n),
                   PROXYWASM_SERIALIZATION_FAILURE);
  assert_int_equal(proxywasm_property_decode_map(BYTES("x"), NULL, &n), PROXYWASM_BAD_ARGUMENT);
}

static void test_decode_list(void **state) {
  (void)state;
  static const char list[] = "\x03\0\0\0"
                             "\x01\0\0\0\0\0\0\0"
                             "\x02\0\0\0\0\0\0\0"
                             "\0\0\0\0\0\0\0\0"
                             "a\0\0bc\0\0\0\0";
  proxywasm_bytes *items;
  size_t n;
  assert_int_equal(proxywasm_property_decode_list(BYTES(list), &items, &n), PROXYWASM_OK);
  assert_int_equal(n, 3);
  assert_bytes_lit(items[0], "a");
  assert_bytes_lit(items[1], "bc");
  assert_int_equal(items[2].len, 0);

  assert_int_equal(proxywasm_property_decode_list(BYTES("\0\0\0\0"), &items, &n), PROXYWASM_OK);
  assert_int_equal(n, 0);
  assert_null(items);

  /* A map with values is not a list. */
  assert_int_equal(proxywasm_property_decode_list(BYTES(location_map), &items, &n),
                   PROXYWASM_SERIALIZATION_FAILURE);
  assert_null(items);
  assert_int_equal(n, 0);
  assert_int_equal(proxywasm_property_decode_list(BYTES("\x01\0\0"), &items, &n),
                   PROXYWASM_SERIALIZATION_FAILURE);
}

/* Every decoder on every prefix of assorted inputs: only OK or
   SERIALIZATION_FAILURE, outputs zeroed on failure, nothing read out of
   bounds (AddressSanitizer checks each prefix in its own heap block). */
static void test_decoders_never_trap(void **state) {
  (void)state;
  static const proxywasm_bytes inputs[] = {{location_map, sizeof location_map - 1},
                                           {"\xff\xff\xff\xff\x01\0\0\0\x01\0\0\0a\0b\0", 16},
                                           {"\x01\0\0\0\xff\xff\xff\xff\xff\xff\xff\xff", 12},
                                           {"1700000000.123456789123", 23},
                                           {"-9223372036854775808999", 23},
                                           {"true\0false", 10}};
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    for (size_t len = 0; len <= inputs[i].len; len++) {
      char *copy = malloc(len ? len : 1);
      memcpy(copy, inputs[i].data, len);
      proxywasm_bytes raw = {copy, len};
      int64_t i64;
      uint64_t u64;
      double d;
      bool b;
      proxywasm_bytes s, *items;
      proxywasm_header *e;
      size_t n;
      proxywasm_status st[] = {proxywasm_property_decode_int64(raw, &i64),
                               proxywasm_property_decode_uint64(raw, &u64),
                               proxywasm_property_decode_double(raw, &d),
                               proxywasm_property_decode_bool(raw, &b),
                               proxywasm_property_decode_duration(raw, &i64),
                               proxywasm_property_decode_string(raw, &s),
                               proxywasm_property_decode_map(raw, &e, &n),
                               proxywasm_property_decode_list(raw, &items, &n)};
      for (size_t k = 0; k < sizeof st / sizeof st[0]; k++)
        assert_true(st[k] == PROXYWASM_OK || st[k] == PROXYWASM_SERIALIZATION_FAILURE);
      if (st[7] != PROXYWASM_OK) {
        assert_null(items);
        assert_int_equal(n, 0);
      }
      free(copy);
    }
  }
}

/* ---- Against the host emulator ------------------------------------------ */

/* The test binary is also the plugin: its hooks run the current probe, which
   copies what it read into `seen` (host data dies with the hook). */
static void (*probe)(void);

typedef struct seen {
  proxywasm_status status[8];
  char text[8][64];
  int64_t i64;
  uint64_t u64;
  bool flag;
  size_t count;
} seen;
static seen got;

static void keep(int slot, proxywasm_status s, proxywasm_bytes v) {
  got.status[slot] = s;
  size_t n = v.len < sizeof got.text[slot] - 1 ? v.len : sizeof got.text[slot] - 1;
  if (n)
    memcpy(got.text[slot], v.data, n);
  got.text[slot][n] = '\0';
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t n, bool eos) {
  (void)http, (void)n, (void)eos;
  if (probe)
    probe();
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_upstream_data(proxywasm_tcp *tcp, size_t n, bool eos) {
  (void)tcp, (void)n, (void)eos;
  if (probe)
    probe();
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_request_headers, on_upstream_data);

static proxywasm_emu *emu;

static int emu_setup(void **state) {
  (void)state;
  memset(&got, 0, sizeof got);
  probe = NULL;
  emu = proxywasm_emu_new();
  assert_non_null(emu);
  return 0;
}

static int emu_teardown(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  emu = NULL;
  proxywasm__arena_reset();
  return 0;
}

/* Runs probe in on_request_headers of a new stream of a started plugin. */
static uint32_t run_in_request(proxywasm_emu_vm *vm, void (*fn)(void)) {
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_not_equal(id, 0);
  probe = fn;
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/x")};
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, req, 1, true), PROXYWASM_CONTINUE);
  probe = NULL;
  return id;
}

/* Host-wide properties are visible from the test body (VM context 0). */
static void test_emu_get_forms(void **state) {
  (void)state;
  assert_non_null(proxywasm_emu_start(emu, NULL));
  assert_int_equal(proxywasm_emu_set_property_str(emu, PROXYWASM_EMU_PATH("xds", "node", "id"),
                                                  "sidecar~10.0.0.1"),
                   PROXYWASM_OK);
  proxywasm_bytes v, p;
  assert_int_equal(proxywasm_property_get(PROXYWASM_ATTR_XDS_NODE_ID, &v), PROXYWASM_OK);
  assert_bytes_lit(v, "sidecar~10.0.0.1");
  /* Host data from the allocator is NUL-terminated. */
  assert_int_equal(v.data[v.len], '\0');
  assert_int_equal(proxywasm_property_path_encode(PROXYWASM_SEGMENTS("xds", "node", "id"), &p),
                   PROXYWASM_OK);
  assert_int_equal(proxywasm_property_get(p, &v), PROXYWASM_OK);
  assert_bytes_lit(v, "sidecar~10.0.0.1");
  assert_int_equal(proxywasm_property_path_parse("xds.node.id", &p), PROXYWASM_OK);
  assert_int_equal(proxywasm_property_get(p, &v), PROXYWASM_OK);
  assert_bytes_lit(v, "sidecar~10.0.0.1");

  /* Like Envoy, the host also takes the C++ SDK's trailing NUL... */
  assert_int_equal(proxywasm_property_get(BYTES("xds\0node\0id\0"), &v), PROXYWASM_OK);
  assert_bytes_lit(v, "sidecar~10.0.0.1");
  /* ...but a path with one segment more or less is another property. */
  v = BYTES("x");
  assert_int_equal(proxywasm_property_get(BYTES("xds\0node\0id\0\0"), &v), PROXYWASM_NOT_FOUND);
  assert_null(v.data);
  assert_int_equal(v.len, 0);
  assert_int_equal(proxywasm_property_get(PROXYWASM_PATH("xds", "node"), &v), PROXYWASM_NOT_FOUND);
  v = BYTES("x");
  assert_int_equal(proxywasm_property_get(PROXYWASM_ATTR_XDS_NODE_CLUSTER, &v),
                   PROXYWASM_NOT_FOUND);
  assert_int_equal(v.len, 0);
  /* An empty path, or a NULL one (a failed path_parse leaves it so). */
  assert_int_equal(proxywasm_property_get(BYTES(""), &v), PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_property_get((proxywasm_bytes){NULL, 3}, &v), PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_property_get(PROXYWASM_ATTR_XDS_NODE_ID, NULL),
                   PROXYWASM_BAD_ARGUMENT);
}

/* Keys with dots: the segment forms keep them, the dotted form needs escapes. */
static void test_emu_dotted_keys(void **state) {
  (void)state;
  assert_non_null(proxywasm_emu_start(emu, NULL));
  assert_int_equal(
      proxywasm_emu_set_property_str(emu,
                                     PROXYWASM_EMU_PATH("xds", "route_metadata", "filter_metadata",
                                                        "envoy.filters.http.wasm", "auth"),
                                     "cookie"),
      PROXYWASM_OK);
  proxywasm_bytes v, p;
  assert_int_equal(proxywasm_property_get(PROXYWASM_PATH("xds", "route_metadata", "filter_metadata",
                                                         "envoy.filters.http.wasm", "auth"),
                                          &v),
                   PROXYWASM_OK);
  assert_bytes_lit(v, "cookie");
  assert_int_equal(proxywasm_property_path_parse(
                       "xds.route_metadata.filter_metadata.envoy\\.filters\\.http\\.wasm.auth", &p),
                   PROXYWASM_OK);
  assert_int_equal(proxywasm_property_get(p, &v), PROXYWASM_OK);
  assert_bytes_lit(v, "cookie");
  /* Unescaped, the key splits into four segments and misses. */
  assert_int_equal(proxywasm_property_path_parse(
                       "xds.route_metadata.filter_metadata.envoy.filters.http.wasm.auth", &p),
                   PROXYWASM_OK);
  assert_int_equal(proxywasm_property_get(p, &v), PROXYWASM_NOT_FOUND);
  /* Other metadata sources use other paths. */
  assert_int_equal(
      proxywasm_property_get(PROXYWASM_PATH("xds", "cluster_metadata", "filter_metadata",
                                            "envoy.filters.http.wasm", "auth"),
                             &v),
      PROXYWASM_NOT_FOUND);
}

/* Typed accessors on Envoy's binary values and on Kong-style text. */
static void test_emu_typed(void **state) {
  (void)state;
  assert_non_null(proxywasm_emu_start(emu, NULL));
  int64_t i;
  uint64_t u;
  bool b;
  assert_int_equal(proxywasm_emu_set_property_int(emu, PROXYWASM_EMU_PATH("response", "code"), 503),
                   PROXYWASM_OK);
  assert_int_equal(proxywasm_property_get_int(PROXYWASM_ATTR_RESPONSE_CODE, &i), PROXYWASM_OK);
  assert_int_equal(i, 503);
  assert_int_equal(
      proxywasm_emu_set_property_str(emu, PROXYWASM_EMU_PATH("response", "code"), "404"),
      PROXYWASM_OK);
  assert_int_equal(proxywasm_property_get_int(PROXYWASM_ATTR_RESPONSE_CODE, &i), PROXYWASM_OK);
  assert_int_equal(i, 404);

  assert_int_equal(proxywasm_emu_set_property(emu, PROXYWASM_EMU_PATH("connection", "id"),
                                              "\x07\x01\0\0\0\0\0\0", 8),
                   PROXYWASM_OK);
  assert_int_equal(proxywasm_property_get_uint(PROXYWASM_ATTR_CONNECTION_ID, &u), PROXYWASM_OK);
  assert_int_equal(u, 263);

  assert_int_equal(
      proxywasm_emu_set_property(emu, PROXYWASM_EMU_PATH("connection", "mtls"), "\x01", 1),
      PROXYWASM_OK);
  assert_int_equal(proxywasm_property_get_bool(PROXYWASM_ATTR_CONNECTION_MTLS, &b), PROXYWASM_OK);
  assert_true(b);
  assert_int_equal(
      proxywasm_emu_set_property_str(emu, PROXYWASM_EMU_PATH("connection", "mtls"), "false"),
      PROXYWASM_OK);
  b = true;
  assert_int_equal(proxywasm_property_get_bool(PROXYWASM_ATTR_CONNECTION_MTLS, &b), PROXYWASM_OK);
  assert_false(b);

  /* request.duration: 1.5 ms as Envoy (ns) and as Kong (seconds). */
  assert_int_equal(
      proxywasm_emu_set_property_int(emu, PROXYWASM_EMU_PATH("request", "duration"), 1500000),
      PROXYWASM_OK);
  assert_int_equal(proxywasm_property_get_duration(PROXYWASM_ATTR_REQUEST_DURATION, &i),
                   PROXYWASM_OK);
  assert_int_equal(i, 1500000);
  assert_int_equal(
      proxywasm_emu_set_property_str(emu, PROXYWASM_EMU_PATH("request", "duration"), "0.0015"),
      PROXYWASM_OK);
  assert_int_equal(proxywasm_property_get_duration(PROXYWASM_ATTR_REQUEST_DURATION, &i),
                   PROXYWASM_OK);
  assert_int_equal(i, 1500000);

  /* A value of the wrong shape: SERIALIZATION_FAILURE, output zeroed. */
  assert_int_equal(proxywasm_emu_set_property_str(emu, PROXYWASM_EMU_PATH("source", "port"), "80x"),
                   PROXYWASM_OK);
  i = 7;
  assert_int_equal(proxywasm_property_get_int(PROXYWASM_ATTR_SOURCE_PORT, &i),
                   PROXYWASM_SERIALIZATION_FAILURE);
  assert_int_equal(i, 0);
  /* Absent: NOT_FOUND, output zeroed. */
  i = 7;
  assert_int_equal(proxywasm_property_get_int(PROXYWASM_ATTR_DESTINATION_PORT, &i),
                   PROXYWASM_NOT_FOUND);
  assert_int_equal(i, 0);
  assert_int_equal(proxywasm_property_get_int(PROXYWASM_ATTR_DESTINATION_PORT, NULL),
                   PROXYWASM_BAD_ARGUMENT);

  /* Maps. */
  proxywasm_header *e = (proxywasm_header *)location_map;
  size_t n = 9;
  assert_int_equal(proxywasm_property_get_map(PROXYWASM_ATTR_REQUEST_HEADERS, &e, &n),
                   PROXYWASM_NOT_FOUND);
  assert_null(e);
  assert_int_equal(n, 0);
  assert_int_equal(proxywasm_emu_set_property(emu, PROXYWASM_EMU_PATH("request", "headers"),
                                              location_map, sizeof location_map - 1),
                   PROXYWASM_OK);
  assert_int_equal(proxywasm_property_get_map(PROXYWASM_ATTR_REQUEST_HEADERS, &e, &n),
                   PROXYWASM_OK);
  assert_int_equal(n, 2);
  assert_bytes_lit(e[1].value, "ap-northeast-1");
  assert_int_equal(
      proxywasm_emu_set_property_str(emu, PROXYWASM_EMU_PATH("response", "trailers"), "GET"),
      PROXYWASM_OK);
  assert_int_equal(proxywasm_property_get_map(PROXYWASM_ATTR_RESPONSE_TRAILERS, &e, &n),
                   PROXYWASM_SERIALIZATION_FAILURE);
  assert_null(e);
  assert_int_equal(n, 0);

  /* A double in node metadata: 8 bytes IEEE-754 (Envoy) or text (Kong). */
  double half = 0.5, d = 7;
  char raw[8];
  memcpy(raw, &half, sizeof raw);
  assert_int_equal(proxywasm_emu_set_property(
                       emu, PROXYWASM_EMU_PATH("xds", "node", "metadata", "ratio"), raw, 8),
                   PROXYWASM_OK);
  assert_int_equal(
      proxywasm_property_get_double(PROXYWASM_PATH("xds", "node", "metadata", "ratio"), &d),
      PROXYWASM_OK);
  assert_true(d == 0.5);
  assert_int_equal(
      proxywasm_property_get_double(PROXYWASM_PATH("xds", "node", "metadata", "none"), &d),
      PROXYWASM_NOT_FOUND);
  assert_true(d == 0);

  /* request.time, a timestamp in ns. */
  assert_int_equal(proxywasm_emu_set_property_int(emu, PROXYWASM_EMU_PATH("request", "time"),
                                                  1700000000123000000),
                   PROXYWASM_OK);
  assert_int_equal(proxywasm_property_get_timestamp(PROXYWASM_ATTR_REQUEST_TIME, &i), PROXYWASM_OK);
  assert_true(i == 1700000000123000000);

  /* A list; a map with values is not one. */
  static const char list[] = "\x02\0\0\0"
                             "\x01\0\0\0\0\0\0\0"
                             "\x02\0\0\0\0\0\0\0"
                             "a\0\0bc\0\0";
  assert_int_equal(proxywasm_emu_set_property(emu,
                                              PROXYWASM_EMU_PATH("xds", "node", "metadata", "list"),
                                              list, sizeof list - 1),
                   PROXYWASM_OK);
  proxywasm_bytes *items = (proxywasm_bytes *)list;
  assert_int_equal(
      proxywasm_property_get_list(PROXYWASM_PATH("xds", "node", "metadata", "list"), &items, &n),
      PROXYWASM_OK);
  assert_int_equal(n, 2);
  assert_bytes_lit(items[1], "bc");
  assert_int_equal(proxywasm_property_get_list(PROXYWASM_ATTR_REQUEST_HEADERS, &items, &n),
                   PROXYWASM_SERIALIZATION_FAILURE);
  assert_null(items);
  assert_int_equal(n, 0);
  assert_int_equal(proxywasm_property_get_list(PROXYWASM_ATTR_XDS_NODE_ID, &items, &n),
                   PROXYWASM_NOT_FOUND);
  assert_int_equal(proxywasm_property_get_list(PROXYWASM_ATTR_REQUEST_HEADERS, NULL, &n),
                   PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_property_get_list(PROXYWASM_ATTR_REQUEST_HEADERS, &items, NULL),
                   PROXYWASM_BAD_ARGUMENT);
}

/* The host's status comes back unchanged, with empty outputs. */
static void test_emu_host_failure(void **state) {
  (void)state;
  assert_non_null(proxywasm_emu_start(emu, NULL));
  assert_int_equal(
      proxywasm_emu_set_property_str(emu, PROXYWASM_EMU_PATH("request", "headers"), "x"),
      PROXYWASM_OK);
  assert_int_equal(
      proxywasm_emu_fail_hostcall(emu, "proxy_get_property", 1, PROXYWASM_SERIALIZATION_FAILURE),
      PROXYWASM_OK);
  proxywasm_bytes v = BYTES("stale");
  proxywasm_status s = proxywasm_property_get(PROXYWASM_PATH("request", "headers"), &v);
  assert_int_equal(s, PROXYWASM_SERIALIZATION_FAILURE);
  assert_null(v.data);
  assert_int_equal(v.len, 0);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "proxy_get_property"), 1);
}

static void probe_stream(void) {
  proxywasm_bytes v;
  keep(0, proxywasm_property_get(PROXYWASM_ATTR_REQUEST_PATH, &v), v);
  keep(1, proxywasm_property_get(PROXYWASM_ATTR_PLUGIN_NAME, &v), v);
  keep(2, proxywasm_property_get(PROXYWASM_ATTR_PLUGIN_ROOT_ID, &v), v);
  got.status[3] = proxywasm_property_set(PROXYWASM_PATH("my_plugin_version"), PROXYWASM_STR("v1"));
  keep(4, proxywasm_property_get(PROXYWASM_PATH("my_plugin_version"), &v), v);
  got.status[5] = proxywasm_property_set(PROXYWASM_PATH("empty"), NULL, 0);
  keep(6, proxywasm_property_get(PROXYWASM_PATH("empty"), &v), v);
  got.status[7] = proxywasm_property_set(PROXYWASM_PATH("x"), NULL, 3);
}

/* Stream properties, plugin_* names, and values the plugin stores. */
static void test_emu_stream(void **state) {
  (void)state;
  proxywasm_emu_vm *vm = proxywasm_emu_vm_new(emu, NULL);
  assert_non_null(vm);
  proxywasm_emu_plugin_options opts = {.name = "props", .root_id = "props_root"};
  bool started = false;
  assert_int_not_equal(proxywasm_emu_plugin_add(vm, &opts, &started), 0);
  assert_true(started);

  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_context_set_property(vm, id, PROXYWASM_EMU_PATH("request", "path"),
                                                      "/one?a=b", 8),
                   PROXYWASM_OK);
  probe = probe_stream;
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/one?a=b")};
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, req, 1, true), PROXYWASM_CONTINUE);
  probe = NULL;

  assert_int_equal(got.status[0], PROXYWASM_OK);
  assert_string_equal(got.text[0], "/one?a=b");
  assert_int_equal(got.status[1], PROXYWASM_OK);
  assert_string_equal(got.text[1], "props");
  assert_int_equal(got.status[2], PROXYWASM_OK);
  assert_string_equal(got.text[2], "props_root");
  assert_int_equal(got.status[3], PROXYWASM_OK);
  assert_int_equal(got.status[4], PROXYWASM_OK);
  assert_string_equal(got.text[4], "v1");
  assert_int_equal(got.status[5], PROXYWASM_OK);
  assert_int_equal(got.status[6], PROXYWASM_OK);
  assert_string_equal(got.text[6], "");
  assert_int_equal(got.status[7], PROXYWASM_BAD_ARGUMENT);

  /* The host saw the value under the single-segment path. */
  const char *value;
  size_t len;
  assert_int_equal(proxywasm_emu_context_get_property(
                       vm, id, PROXYWASM_EMU_PATH("my_plugin_version"), &value, &len),
                   PROXYWASM_OK);
  assert_int_equal(len, 2);
  assert_memory_equal(value, "v1", 2);

  /* Another stream does not see it. */
  memset(&got, 0, sizeof got);
  run_in_request(vm, probe_stream);
  assert_int_equal(got.status[0], PROXYWASM_NOT_FOUND);
  assert_string_equal(got.text[0], "");
}

static void probe_oom(void) {
  proxywasm_bytes p = BYTES("x");
  got.status[0] = proxywasm_property_path_encode(PROXYWASM_SEGMENTS("request", "path"), &p);
  got.flag = p.data == NULL && p.len == 0;
  got.status[1] = proxywasm_property_path_parse("a.b", &p);
}

/* Out of arena memory while building a path: INTERNAL_FAILURE, no hostcall. */
static void test_emu_out_of_memory(void **state) {
  (void)state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(
      proxywasm_emu_context_set_property(vm, id, PROXYWASM_EMU_PATH("request", "path"), "/", 1),
      PROXYWASM_OK);
  unsigned before = proxywasm_emu_hostcall_count(emu, "proxy_get_property");
  proxywasm_emu_fail_sdk_allocations(emu, 0, 1000);
  probe = probe_oom;
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/")};
  proxywasm_emu_on_request_headers(vm, id, req, 1, true);
  probe = NULL;
  proxywasm_emu_fail_sdk_allocations(emu, 0, 0);
  assert_int_equal(got.status[0], PROXYWASM_INTERNAL_FAILURE);
  assert_true(got.flag);
  assert_int_equal(got.status[1], PROXYWASM_INTERNAL_FAILURE);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "proxy_get_property"), before);
}

static void probe_location(void) {
  proxywasm_bytes addr;
  keep(0, proxywasm_property_get(PROXYWASM_ATTR_UPSTREAM_ADDRESS, &addr), addr);
  proxywasm_header *e;
  size_t n;
  got.status[1] = proxywasm_property_get_map(
      PROXYWASM_PATH("cluster_metadata", "filter_metadata", "location"), &e, &n);
  got.count = n;
  for (size_t i = 0; i < n && i < 3; i++) {
    keep((int)(2 + 2 * i), PROXYWASM_OK, e[i].name);
    keep((int)(3 + 2 * i), PROXYWASM_OK, e[i].value);
  }
  proxywasm_header *e2;
  size_t n2;
  got.flag = proxywasm_property_get_map(
                 PROXYWASM_PATH("xds", "cluster_metadata", "filter_metadata", "location"), &e2,
                 &n2) == PROXYWASM_OK;
  got.u64 = n2 == 3 && proxywasm_bytes_eq(e2[2].value, "ap-northeast-1a") ? n2 : 0;
}

/* The Go network example: a map-valued property read on upstream data. */
static void test_emu_metadata_map(void **state) {
  (void)state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  proxywasm_header loc[] = {PROXYWASM_HEADER("cloud_provider", "aws"),
                            PROXYWASM_HEADER("region", "ap-northeast-1"),
                            PROXYWASM_HEADER("az", "ap-northeast-1a")};
  proxywasm_bytes enc;
  assert_int_equal(proxywasm_headers_encode(loc, 3, &enc), PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_set_property(
                       emu, PROXYWASM_EMU_PATH("cluster_metadata", "filter_metadata", "location"),
                       enc.data, enc.len),
                   PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_set_property(
                       emu,
                       PROXYWASM_EMU_PATH("xds", "cluster_metadata", "filter_metadata", "location"),
                       enc.data, enc.len),
                   PROXYWASM_OK);

  proxywasm_action action = PROXYWASM_PAUSE;
  uint32_t id = proxywasm_emu_tcp_new(vm, 0, &action);
  assert_int_not_equal(id, 0);
  assert_int_equal(proxywasm_emu_context_set_property(
                       vm, id, PROXYWASM_EMU_PATH("upstream", "address"), "127.0.0.1:8099", 14),
                   PROXYWASM_OK);
  probe = probe_location;
  assert_int_equal(proxywasm_emu_on_upstream_data(vm, id, "hi", 2, false), PROXYWASM_CONTINUE);
  probe = NULL;

  assert_int_equal(got.status[0], PROXYWASM_OK);
  assert_string_equal(got.text[0], "127.0.0.1:8099");
  assert_int_equal(got.status[1], PROXYWASM_OK);
  assert_int_equal(got.count, 3);
  assert_string_equal(got.text[2], "cloud_provider");
  assert_string_equal(got.text[3], "aws");
  assert_string_equal(got.text[4], "region");
  assert_string_equal(got.text[5], "ap-northeast-1");
  assert_string_equal(got.text[6], "az");
  assert_string_equal(got.text[7], "ap-northeast-1a");
  assert_true(got.flag);
  assert_int_equal(got.u64, 3);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_teardown(test_path_encode, teardown),
      cmocka_unit_test_teardown(test_path_encode_rejects, teardown),
      cmocka_unit_test_teardown(test_path_literal, teardown),
      cmocka_unit_test_teardown(test_path_parse, teardown),
      cmocka_unit_test_teardown(test_decode_int64, teardown),
      cmocka_unit_test_teardown(test_decode_int64_bad, teardown),
      cmocka_unit_test_teardown(test_decode_uint64, teardown),
      cmocka_unit_test_teardown(test_decode_double, teardown),
      cmocka_unit_test_teardown(test_decode_bool, teardown),
      cmocka_unit_test_teardown(test_decode_time, teardown),
      cmocka_unit_test_teardown(test_decode_string, teardown),
      cmocka_unit_test_teardown(test_decode_map, teardown),
      cmocka_unit_test_teardown(test_decode_list, teardown),
      cmocka_unit_test_teardown(test_decoders_never_trap, teardown),
      cmocka_unit_test_setup_teardown(test_emu_get_forms, emu_setup, emu_teardown),
      cmocka_unit_test_setup_teardown(test_emu_dotted_keys, emu_setup, emu_teardown),
      cmocka_unit_test_setup_teardown(test_emu_typed, emu_setup, emu_teardown),
      cmocka_unit_test_setup_teardown(test_emu_host_failure, emu_setup, emu_teardown),
      cmocka_unit_test_setup_teardown(test_emu_stream, emu_setup, emu_teardown),
      cmocka_unit_test_setup_teardown(test_emu_metadata_map, emu_setup, emu_teardown),
      cmocka_unit_test_setup_teardown(test_emu_out_of_memory, emu_setup, emu_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
