/*
 * test_json.c - the JSON reader: validation, lookups, iteration, typed reads,
 * malformed and truncated input (each parsed from an exact-size heap copy,
 * so AddressSanitizer catches any read past the end).
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

/* ---- Helpers ------------------------------------------------------------- */

/* An exact-size heap copy (NULL for n == 0): one byte further is a redzone. */
static char *exact(const char *s, size_t n) {
  if (n == 0)
    return NULL;
  char *p = malloc(n);
  assert_non_null(p);
  memcpy(p, s, n);
  return p;
}

static proxywasm_status parse_n(const char *s, size_t n, proxywasm_json *root, size_t *off) {
  char *copy = exact(s, n);
  proxywasm_status st = proxywasm_json_parse_ex((proxywasm_bytes){copy, n}, root, off);
  free(copy);
  return st;
}

/* Parses a literal that must stay alive: views point into it. */
static proxywasm_json parse_ok(const char *s) {
  proxywasm_json root;
  size_t off = 1234;
  assert_int_equal(proxywasm_json_parse_ex(proxywasm_bytes_cstr(s), &root, &off), PROXYWASM_OK);
  assert_int_equal(off, strlen(s));
  assert_int_not_equal(root.type, PROXYWASM_JSON_INVALID);
  return root;
}

static proxywasm_json get_ok(const proxywasm_json *v, const char *path) {
  proxywasm_json out;
  assert_int_equal(proxywasm_json_get(v, path, &out), PROXYWASM_OK);
  return out;
}

static void assert_text(const proxywasm_json *v, const char *text) {
  assert_int_equal(v->len, strlen(text));
  assert_memory_equal(v->text, text, v->len);
}

static void assert_invalid(const proxywasm_json *v) {
  assert_int_equal(v->type, PROXYWASM_JSON_INVALID);
  assert_null(v->text);
  assert_int_equal(v->len, 0);
}

static void assert_string(const proxywasm_json *v, const char *expect, size_t expect_len) {
  char buf[128];
  size_t n = 999;
  memset(buf, 'x', sizeof buf);
  assert_int_equal(proxywasm_json_get_string(v, buf, sizeof buf, &n), PROXYWASM_OK);
  assert_int_equal(n, expect_len);
  assert_memory_equal(buf, expect, expect_len);
  assert_int_equal(buf[n], '\0');
}

#define LIT(s) s, sizeof(s) - 1

/* ---- Valid documents ----------------------------------------------------- */

static void test_scalars(void **state) {
  (void)state;
  static const struct {
    const char *doc, *text;
    proxywasm_json_type type;
  } cases[] = {
      {"null", "null", PROXYWASM_JSON_NULL},
      {"true", "true", PROXYWASM_JSON_TRUE},
      {"false", "false", PROXYWASM_JSON_FALSE},
      {"0", "0", PROXYWASM_JSON_NUMBER},
      {"-0", "-0", PROXYWASM_JSON_NUMBER},
      {" \t\r\n-12.5e+3 \n", "-12.5e+3", PROXYWASM_JSON_NUMBER},
      {"1E-2", "1E-2", PROXYWASM_JSON_NUMBER},
      {"0.0e0", "0.0e0", PROXYWASM_JSON_NUMBER},
      {"\"\"", "\"\"", PROXYWASM_JSON_STRING},
      {" \"a b\" ", "\"a b\"", PROXYWASM_JSON_STRING},
      {"[]", "[]", PROXYWASM_JSON_ARRAY},
      {" [ ] ", "[ ]", PROXYWASM_JSON_ARRAY},
      {"{}", "{}", PROXYWASM_JSON_OBJECT},
      {"\n{ }\n", "{ }", PROXYWASM_JSON_OBJECT},
      {"\"\x7f\xc3\xa9\xff\"", "\"\x7f\xc3\xa9\xff\"", PROXYWASM_JSON_STRING}, /* raw bytes pass */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    proxywasm_json root = parse_ok(cases[i].doc);
    assert_int_equal(root.type, cases[i].type);
    assert_text(&root, cases[i].text);
    assert_int_equal(proxywasm_json_count(&root), 0);
    /* "" is the value itself. */
    proxywasm_json self = get_ok(&root, "");
    assert_ptr_equal(self.text, root.text);
    assert_int_equal(self.len, root.len);
  }
}

static const char config[] =
    "{\n"
    "  \"header\": \"x-wasm-header\",\n"
    "  \"value\" : \"demo\",\n"
    "  \"requiredKeys\": [\"id\", \"token\"],\n"
    "  \"a\": {\"b\": [{\"c\": 1}, {\"c\": [true, false, null]}], \"\": \"empty key\"},\n"
    "  \"dotted.key\": 5,\n"
    "  \"\\u0065sc\": \"escaped key\",\n"
    "  \"dup\": 1, \"dup\": 2,\n"
    "  \"n\": -1.5e+3\n"
    "}";

static void test_get_paths(void **state) {
  (void)state;
  proxywasm_json root = parse_ok(config), v;
  assert_int_equal(root.type, PROXYWASM_JSON_OBJECT);
  assert_int_equal(root.len, sizeof config - 1);

  v = get_ok(&root, "header");
  assert_int_equal(v.type, PROXYWASM_JSON_STRING);
  assert_text(&v, "\"x-wasm-header\"");
  v = get_ok(&root, "value");
  assert_text(&v, "\"demo\"");
  v = get_ok(&root, "requiredKeys");
  assert_int_equal(v.type, PROXYWASM_JSON_ARRAY);
  assert_text(&v, "[\"id\", \"token\"]");
  v = get_ok(&root, "requiredKeys.1");
  assert_text(&v, "\"token\"");
  v = get_ok(&root, "a.b.0.c");
  assert_text(&v, "1");
  v = get_ok(&root, "a.b.1.c.2");
  assert_int_equal(v.type, PROXYWASM_JSON_NULL);
  v = get_ok(&root, "a.b.1.c.0");
  assert_int_equal(v.type, PROXYWASM_JSON_TRUE);
  v = get_ok(&root, "a.");
  assert_text(&v, "\"empty key\"");
  v = get_ok(&root, "esc"); /* the key is "\u0065sc" */
  assert_text(&v, "\"escaped key\"");
  v = get_ok(&root, "dup");
  assert_text(&v, "1");
  v = get_ok(&root, "n");
  assert_text(&v, "-1.5e+3");
  /* Lookup on a derived value. */
  proxywasm_json a = get_ok(&root, "a");
  v = get_ok(&a, "b.1.c.1");
  assert_int_equal(v.type, PROXYWASM_JSON_FALSE);

  static const char *missing[] = {"nope",
                                  "a.x",
                                  "a.b.2",
                                  "a.b.99999999999999999999999",
                                  "requiredKeys.01",
                                  "requiredKeys.-1",
                                  "requiredKeys.x",
                                  "requiredKeys.",
                                  "a.b.0.d",
                                  "dotted.key",
                                  "Header",
                                  "header "};
  for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
    v = root;
    assert_int_equal(proxywasm_json_get(&root, missing[i], &v), PROXYWASM_NOT_FOUND);
    assert_invalid(&v);
  }
  static const char *scalar[] = {"header.x", "a.b.0.c.0", "n.0", "a..x", "requiredKeys.0.x"};
  for (size_t i = 0; i < sizeof scalar / sizeof scalar[0]; i++) {
    v = root;
    assert_int_equal(proxywasm_json_get(&root, scalar[i], &v), PROXYWASM_BAD_ARGUMENT);
    assert_invalid(&v);
  }
  /* Bad arguments. */
  assert_int_equal(proxywasm_json_get(&root, NULL, &v), PROXYWASM_BAD_ARGUMENT);
  assert_invalid(&v);
  assert_int_equal(proxywasm_json_get(NULL, "a", &v), PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_json_get(&root, "a", NULL), PROXYWASM_BAD_ARGUMENT);
  proxywasm_json none = {0};
  assert_int_equal(proxywasm_json_get(&none, "", &v), PROXYWASM_BAD_ARGUMENT);
  /* In and out may be the same variable. */
  v = root;
  assert_int_equal(proxywasm_json_get(&v, "a.b.0", &v), PROXYWASM_OK);
  assert_text(&v, "{\"c\": 1}");
}

static void test_member(void **state) {
  (void)state;
  proxywasm_json root = parse_ok(config), v;
  assert_int_equal(proxywasm_json_member(&root, "dotted.key", &v), PROXYWASM_OK);
  assert_text(&v, "5");
  assert_int_equal(proxywasm_json_member(&root, "esc", &v), PROXYWASM_OK);
  assert_text(&v, "\"escaped key\"");
  assert_int_equal(proxywasm_json_member(&root, "dotted", &v), PROXYWASM_NOT_FOUND);
  assert_invalid(&v);
  assert_int_equal(proxywasm_json_member(&root, "", &v), PROXYWASM_NOT_FOUND);
  assert_int_equal(proxywasm_json_member(&root, NULL, &v), PROXYWASM_BAD_ARGUMENT);
  proxywasm_json keys = get_ok(&root, "requiredKeys");
  assert_int_equal(proxywasm_json_member(&keys, "id", &v), PROXYWASM_BAD_ARGUMENT);
  assert_invalid(&v);
  v = root; /* aliasing */
  assert_int_equal(proxywasm_json_member(&v, "a", &v), PROXYWASM_OK);
  assert_int_equal(v.type, PROXYWASM_JSON_OBJECT);
  assert_int_equal(proxywasm_json_count(&v), 2);
}

static void test_iteration(void **state) {
  (void)state;
  proxywasm_json root = parse_ok(config), k, v;
  proxywasm_json_iter it;
  static const char *keys[] = {"header", "value", "requiredKeys", "a", "dotted.key",
                               "esc",    "dup",   "dup",          "n"};
  size_t i = 0;
  proxywasm_json_iter_init(&root, &it);
  while (proxywasm_json_next(&it, &k, &v)) {
    assert_true(i < sizeof keys / sizeof keys[0]);
    assert_int_equal(k.type, PROXYWASM_JSON_STRING);
    assert_true(proxywasm_json_string_eq(&k, keys[i]));
    assert_int_not_equal(v.type, PROXYWASM_JSON_INVALID);
    i++;
  }
  assert_int_equal(i, sizeof keys / sizeof keys[0]);
  assert_invalid(&k);
  assert_invalid(&v);
  assert_false(proxywasm_json_next(&it, &k, &v)); /* stays at the end */
  assert_int_equal(proxywasm_json_count(&root), sizeof keys / sizeof keys[0]);

  proxywasm_json arr = parse_ok(" [ 1 , \"two\" ,[3, [4]], {\"five\": 5}, null ,true, false] ");
  static const proxywasm_json_type types[] = {
      PROXYWASM_JSON_NUMBER, PROXYWASM_JSON_STRING, PROXYWASM_JSON_ARRAY, PROXYWASM_JSON_OBJECT,
      PROXYWASM_JSON_NULL,   PROXYWASM_JSON_TRUE,   PROXYWASM_JSON_FALSE};
  static const char *texts[] = {"1",    "\"two\"", "[3, [4]]", "{\"five\": 5}",
                                "null", "true",    "false"};
  i = 0;
  proxywasm_json_iter_init(&arr, &it);
  k.type = PROXYWASM_JSON_TRUE;
  while (proxywasm_json_next(&it, &k, &v)) {
    assert_invalid(&k); /* arrays have no keys */
    assert_int_equal(v.type, types[i]);
    assert_text(&v, texts[i]);
    proxywasm_json at;
    assert_int_equal(proxywasm_json_array_at(&arr, i, &at), PROXYWASM_OK);
    assert_ptr_equal(at.text, v.text);
    i++;
  }
  assert_int_equal(i, 7);
  assert_int_equal(proxywasm_json_count(&arr), 7);
  assert_int_equal(proxywasm_json_array_at(&arr, 7, &v), PROXYWASM_NOT_FOUND);
  assert_invalid(&v);
  assert_int_equal(proxywasm_json_array_at(&root, 0, &v), PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_json_array_at(NULL, 0, &v), PROXYWASM_BAD_ARGUMENT);
  v = arr; /* aliasing */
  assert_int_equal(proxywasm_json_array_at(&v, 2, &v), PROXYWASM_OK);
  assert_text(&v, "[3, [4]]");

  /* Values only, and empty iterations. */
  proxywasm_json_iter_init(&arr, &it);
  assert_true(proxywasm_json_next(&it, NULL, NULL));
  assert_true(proxywasm_json_next(&it, NULL, &v));
  assert_text(&v, "\"two\"");
  const char *empties[] = {"[]", "{}", "[\n]", "{ \t}", "1", "\"s\"", "null"};
  for (i = 0; i < sizeof empties / sizeof empties[0]; i++) {
    proxywasm_json e = parse_ok(empties[i]);
    proxywasm_json_iter_init(&e, &it);
    assert_false(proxywasm_json_next(&it, &k, &v));
    assert_int_equal(proxywasm_json_count(&e), 0);
  }
  proxywasm_json_iter_init(NULL, &it);
  assert_false(proxywasm_json_next(&it, NULL, NULL));
  assert_false(proxywasm_json_next(NULL, NULL, NULL));
  assert_int_equal(proxywasm_json_count(NULL), 0);
}

/* ---- Strings ------------------------------------------------------------- */

static void test_strings(void **state) {
  (void)state;
  proxywasm_json v = parse_ok("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t end\"");
  assert_string(&v, LIT("q\" b\\ s/ \b\f\n\r\t end"));
  v = parse_ok("\"\\u0041\\u00e9\\u20AC\\uffFF\"");
  assert_string(&v, LIT("A\xc3\xa9\xe2\x82\xac\xef\xbf\xbf"));
  v = parse_ok("\"\\ud83d\\ude00|\\uD800\\uDC00|\\udbff\\udfff\"");
  assert_string(&v, LIT("\xf0\x9f\x98\x80|\xf0\x90\x80\x80|\xf4\x8f\xbf\xbf"));
  v = parse_ok("\"a\\u0000b\""); /* an embedded NUL */
  assert_string(&v, LIT("a\0b"));
  assert_false(proxywasm_json_string_eq(&v, "a"));
  assert_true(proxywasm_json_string_eq_bytes(&v, (proxywasm_bytes){"a\0b", 3}));
  v = parse_ok("\"\xe2\x82\xac \xff\xfe\""); /* raw UTF-8, and invalid UTF-8, pass through */
  assert_string(&v, LIT("\xe2\x82\xac \xff\xfe"));
  v = parse_ok("\"\"");
  assert_string(&v, "", 0);
  assert_true(proxywasm_json_string_eq(&v, ""));
  assert_false(proxywasm_json_string_eq(&v, "a"));
}

static void test_string_capacity(void **state) {
  (void)state;
  proxywasm_json v = parse_ok("\"ab\\u00e9\""); /* 4 bytes unescaped */
  char buf[8];
  size_t n = 99;
  assert_int_equal(proxywasm_json_get_string(&v, NULL, 0, &n), PROXYWASM_OK); /* a size query */
  assert_int_equal(n, 4);
  assert_int_equal(proxywasm_json_get_string(&v, NULL, 99, &n), PROXYWASM_INTERNAL_FAILURE);
  assert_int_equal(n, 4);
  /* Exact-size heap buffers: ASan catches a write past cap. */
  for (size_t cap = 1; cap <= 6; cap++) {
    char *b = malloc(cap);
    assert_non_null(b);
    memset(b, 'x', cap);
    n = 99;
    proxywasm_status st = proxywasm_json_get_string(&v, b, cap, &n);
    assert_int_equal(n, 4);
    if (cap < 5) {
      assert_int_equal(st, PROXYWASM_INTERNAL_FAILURE);
      assert_int_equal(b[0], '\0');
    } else {
      assert_int_equal(st, PROXYWASM_OK);
      assert_string_equal(b, "ab\xc3\xa9");
    }
    free(b);
  }
  assert_int_equal(proxywasm_json_get_string(&v, buf, 5, NULL), PROXYWASM_OK);
  assert_string_equal(buf, "ab\xc3\xa9");

  /* Not a string. */
  proxywasm_json num = parse_ok("12");
  strcpy(buf, "old");
  assert_int_equal(proxywasm_json_get_string(&num, buf, sizeof buf, &n), PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(n, 0);
  assert_string_equal(buf, "");
  assert_int_equal(proxywasm_json_get_string(NULL, buf, sizeof buf, &n), PROXYWASM_BAD_ARGUMENT);
  assert_false(proxywasm_json_string_eq(&num, "12"));
  assert_false(proxywasm_json_string_eq(NULL, "12"));
  assert_false(proxywasm_json_string_eq(&v, NULL));

  /* A hand-made, malformed string view. */
  proxywasm_json bad = {PROXYWASM_JSON_STRING, "\"a\"b\"", 5};
  assert_int_equal(proxywasm_json_get_string(&bad, buf, sizeof buf, &n), PROXYWASM_PARSE_FAILURE);
  assert_int_equal(n, 0);
}

static void test_string_eq(void **state) {
  (void)state;
  proxywasm_json v = parse_ok("\"x-\\u0077asm\\/h\"");
  assert_true(proxywasm_json_string_eq(&v, "x-wasm/h"));
  assert_false(proxywasm_json_string_eq(&v, "x-wasm/"));
  assert_false(proxywasm_json_string_eq(&v, "x-wasm/hh"));
  assert_false(proxywasm_json_string_eq(&v, "x-wasm\\/h"));
  assert_true(proxywasm_json_string_eq_bytes(&v, (proxywasm_bytes){"x-wasm/hzz", 8}));
  assert_false(proxywasm_json_string_eq_bytes(&v, (proxywasm_bytes){NULL, 8}));
  proxywasm_json e = parse_ok("\"\\ud83d\\ude00\"");
  assert_true(proxywasm_json_string_eq(&e, "\xf0\x9f\x98\x80"));
  assert_false(proxywasm_json_string_eq(&e, "\xf0\x9f\x98"));
}

/* ---- Malformed documents -------------------------------------------------- */

static void test_malformed(void **state) {
  (void)state;
  static const struct {
    const char *doc;
    size_t len, offset; /* where the error is reported */
  } bad[] = {
#define BAD(s, off) {s, sizeof(s) - 1, off}
      BAD("", 0),
      BAD("   ", 3),
      BAD("[1,]", 3),
      BAD("[1,2,]", 5),
      BAD("{\"a\":1,}", 7),
      BAD("[,1]", 1),
      BAD("[1,,2]", 3),
      BAD("{,}", 1),
      BAD("[1 2]", 3),
      BAD("{\"a\" 1}", 5),
      BAD("{\"a\":}", 5),
      BAD("{\"a\"}", 4),
      BAD("{1:2}", 1),
      BAD("{a:1}", 1),
      BAD("{'a':1}", 1),
      BAD("01", 1),
      BAD("-01", 2),
      BAD("00", 1),
      BAD("-", 1),
      BAD("- 1", 1),
      BAD("+1", 0),
      BAD("1.", 2),
      BAD(".5", 0),
      BAD("1.e5", 2),
      BAD("1e", 2),
      BAD("1e+", 3),
      BAD("1E-", 3),
      BAD("0x10", 1),
      BAD("1 2", 2),
      BAD("NaN", 0),
      BAD("Infinity", 0),
      BAD("-Infinity", 1),
      BAD("tru", 3),
      BAD("True", 0),
      BAD("nul", 3),
      BAD("nulL", 3),
      BAD("falsey", 5),
      BAD("truefalse", 4),
      BAD("\"abc", 4),
      BAD("\"\\x\"", 2),
      BAD("\"\\", 2),
      BAD("\"\\u12\"", 3),
      BAD("\"\\u12G4\"", 3),
      BAD("\"\\U0041\"", 2),
      BAD("\"\\ud800\"", 7),
      BAD("\"\\ud800x\"", 7),
      BAD("\"\\ud800\\n\"", 7),
      BAD("\"\\ud800\\u0041\"", 7),
      BAD("\"\\ud800\\ud800\"", 7),
      BAD("\"\\udc00\"", 3),
      BAD("\"\\udfff\\ud800\"", 3),
      BAD("\"a\tb\"", 2),
      BAD("\"a\nb\"", 2),
      BAD("\"\x01\"", 1),
      BAD("\"\x1f\"", 1),
      BAD("\"a\0b\"", 2),
      BAD("[1]\0", 3),
      BAD("'single'", 0),
      BAD("/* c */ 1", 0),
      BAD("\xef\xbb\xbf{}", 0),
      BAD("\v1", 0),
      BAD("1\f", 1),
      BAD("[", 1),
      BAD("]", 0),
      BAD("[}", 1),
      BAD("{]", 1),
      BAD("{}}", 2),
      BAD("[[]", 3),
      BAD("{\"a\":1 \"b\":2}", 7),
      BAD("{\"a\":1,\"b\"}", 10),
      BAD("[\"a\":1]", 4),
      BAD("{\"a\":[1}", 7),
      BAD("[1]x", 3),
      BAD("{} {}", 3),
#undef BAD
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    proxywasm_json root = {PROXYWASM_JSON_TRUE, "x", 1};
    size_t off = 9999;
    proxywasm_status st = parse_n(bad[i].doc, bad[i].len, &root, &off);
    if (st != PROXYWASM_PARSE_FAILURE || off != bad[i].offset)
      print_error("case %zu: status %d offset %zu (expected %zu)\n", i, st, off, bad[i].offset);
    assert_int_equal(st, PROXYWASM_PARSE_FAILURE);
    assert_int_equal(off, bad[i].offset);
    assert_invalid(&root);
    assert_int_equal(proxywasm_json_parse((proxywasm_bytes){bad[i].doc, bad[i].len}, &root),
                     PROXYWASM_PARSE_FAILURE);
  }
}

static void test_parse_arguments(void **state) {
  (void)state;
  proxywasm_json root;
  size_t off = 7;
  assert_int_equal(proxywasm_json_parse(PROXYWASM_LIT("1"), NULL), PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_json_parse_ex((proxywasm_bytes){NULL, 3}, &root, &off),
                   PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_json_parse((proxywasm_bytes){NULL, 0}, &root),
                   PROXYWASM_PARSE_FAILURE);
  assert_invalid(&root);
  /* Only len bytes count: the rest of the buffer is not looked at. */
  assert_int_equal(proxywasm_json_parse((proxywasm_bytes){"[1]garbage", 3}, &root), PROXYWASM_OK);
  assert_text(&root, "[1]");
  assert_int_equal(proxywasm_json_parse((proxywasm_bytes){"12345", 2}, &root), PROXYWASM_OK);
  assert_text(&root, "12");
}

/* ---- Truncation and mutation under ASan ----------------------------------- */

static const char sample[] =
    "{\"name\": \"x-wasm\\u00e9\\ud83d\\ude00\\n\", \"n\": [0, -1.5e+3, 2E-2, 10],"
    " \"t\": true, \"f\": false, \"z\": null, \"o\": {\"a\": [], \"b\": {\"c\": [[1]]}},"
    " \"s\": \"\\\\\\\"\\/\\b\\f\\r\\t\", \"i\": -9223372036854775808}  ";

/* Runs every reader over a (possibly malformed) view; returns entries seen. */
static size_t exercise(const proxywasm_json *v) {
  proxywasm_json_iter it;
  proxywasm_json k, e, out;
  char buf[64];
  size_t n, seen = 0;
  int64_t i;
  double d;
  bool b;
  proxywasm_json_iter_init(v, &it);
  while (proxywasm_json_next(&it, &k, &e)) {
    seen++;
    (void)proxywasm_json_get_string(&k, buf, sizeof buf, &n);
    (void)proxywasm_json_get_string(&e, buf, sizeof buf, &n);
    (void)proxywasm_json_string_eq(&e, "x");
    (void)proxywasm_json_get_int(&e, &i);
    (void)proxywasm_json_get_double(&e, &d);
    (void)proxywasm_json_get_bool(&e, &b);
    (void)proxywasm_json_count(&e);
    (void)proxywasm_json_array_at(&e, 1, &out);
    (void)proxywasm_json_get(&e, "c.0.0", &out);
  }
  assert_int_equal(proxywasm_json_count(v), seen);
  (void)proxywasm_json_get(v, "n.1", &out);
  (void)proxywasm_json_get(v, "o.b.c.0.0", &out);
  (void)proxywasm_json_member(v, "zz", &out);
  return seen;
}

static void test_truncation(void **state) {
  (void)state;
  const size_t len = sizeof sample - 1, content = len - 2; /* two trailing spaces */
  for (size_t n = 0; n <= len; n++) {
    char *copy = exact(sample, n);
    proxywasm_json root;
    size_t off;
    proxywasm_status st = proxywasm_json_parse_ex((proxywasm_bytes){copy, n}, &root, &off);
    if (n < content) {
      assert_int_equal(st, PROXYWASM_PARSE_FAILURE);
      assert_true(off <= n);
    } else {
      assert_int_equal(st, PROXYWASM_OK);
      assert_int_equal(root.len, content);
      assert_int_equal(exercise(&root), 8);
      proxywasm_json v;
      int64_t i;
      assert_int_equal(proxywasm_json_get(&root, "i", &v), PROXYWASM_OK);
      assert_int_equal(proxywasm_json_get_int(&v, &i), PROXYWASM_OK);
      assert_true(i == INT64_MIN);
      assert_int_equal(proxywasm_json_get(&root, "name", &v), PROXYWASM_OK);
      assert_string(&v, LIT("x-wasm\xc3\xa9\xf0\x9f\x98\x80\n"));
    }
    /* Hand-made views of the truncated text must not be read past their end either. */
    if (n > 0) {
      static const proxywasm_json_type types[] = {PROXYWASM_JSON_OBJECT, PROXYWASM_JSON_ARRAY,
                                                  PROXYWASM_JSON_STRING, PROXYWASM_JSON_NUMBER};
      for (size_t t = 0; t < 4; t++) {
        proxywasm_json view = {types[t], copy, n};
        (void)exercise(&view);
        char buf[8];
        size_t sl;
        (void)proxywasm_json_get_string(&view, buf, sizeof buf, &sl);
        proxywasm_json tail = {types[t], copy + n - 1, 1};
        (void)exercise(&tail);
      }
    }
    free(copy);
  }
}

static void test_number_prefixes(void **state) {
  (void)state;
  /* Exactly these prefixes of -12.5e+3 are numbers. */
  const char num[] = "-12.5e+3";
  for (size_t n = 0; n < sizeof num; n++) {
    proxywasm_json root;
    bool valid = n == 2 || n == 3 || n == 5 || n == 8;
    assert_int_equal(parse_n(num, n, &root, NULL), valid ? PROXYWASM_OK : PROXYWASM_PARSE_FAILURE);
  }
  /* Same for strings with escapes: only the whole one is valid. */
  const char str[] = "\"\\ud83d\\ude00\\n\"";
  for (size_t n = 0; n < sizeof str; n++) {
    proxywasm_json root;
    assert_int_equal(parse_n(str, n, &root, NULL),
                     n == sizeof str - 1 ? PROXYWASM_OK : PROXYWASM_PARSE_FAILURE);
  }
}

static void test_mutations(void **state) {
  (void)state;
  /* Every byte of the sample replaced by every value: never a bad read, and an
     accepted document is consistent (its root lies inside the buffer). */
  const size_t len = sizeof sample - 1;
  char *copy = exact(sample, len);
  size_t accepted = 0;
  for (size_t pos = 0; pos < len; pos++) {
    for (int c = 0; c < 256; c++) {
      copy[pos] = (char)c;
      proxywasm_json root;
      size_t off;
      if (proxywasm_json_parse_ex((proxywasm_bytes){copy, len}, &root, &off) == PROXYWASM_OK) {
        accepted++;
        assert_int_equal(off, len);
        assert_true(root.text >= copy && root.text + root.len <= copy + len);
        (void)exercise(&root);
      } else {
        assert_true(off <= len);
      }
    }
    copy[pos] = sample[pos];
  }
  /* Some mutations are harmless (letters inside strings), most are not. */
  assert_true(accepted > len);
  assert_true(accepted < len * 128);
  free(copy);
}

/* ---- Numbers and booleans ------------------------------------------------- */

static void test_int(void **state) {
  (void)state;
  static const struct {
    const char *doc;
    proxywasm_status st;
    int64_t value;
  } cases[] = {
      {"0", PROXYWASM_OK, 0},
      {"-0", PROXYWASM_OK, 0},
      {"42", PROXYWASM_OK, 42},
      {"-42", PROXYWASM_OK, -42},
      {"9223372036854775807", PROXYWASM_OK, INT64_MAX},
      {"-9223372036854775808", PROXYWASM_OK, INT64_MIN},
      {"9223372036854775808", PROXYWASM_INTERNAL_FAILURE, 0},
      {"-9223372036854775809", PROXYWASM_INTERNAL_FAILURE, 0},
      {"18446744073709551616", PROXYWASM_INTERNAL_FAILURE, 0},
      {"99999999999999999999999", PROXYWASM_INTERNAL_FAILURE, 0},
      {"1e3", PROXYWASM_OK, 1000},
      {"2.50e1", PROXYWASM_OK, 25},
      {"7.0", PROXYWASM_OK, 7},
      {"100e-2", PROXYWASM_OK, 1},
      {"-1.5e+3", PROXYWASM_OK, -1500},
      {"0.0e999999999999", PROXYWASM_OK, 0},
      {"9.223372036854775807e18", PROXYWASM_OK, INT64_MAX},
      {"-9.223372036854775808E18", PROXYWASM_OK, INT64_MIN},
      {"9.223372036854775808e18", PROXYWASM_INTERNAL_FAILURE, 0},
      {"1e19", PROXYWASM_INTERNAL_FAILURE, 0},
      {"1e18", PROXYWASM_OK, 1000000000000000000},
      {"1e999999999999999999999", PROXYWASM_INTERNAL_FAILURE, 0},
      {"1.5", PROXYWASM_BAD_ARGUMENT, 0},
      {"1e-1", PROXYWASM_BAD_ARGUMENT, 0},
      {"0.1e1", PROXYWASM_OK, 1},
      {"1e-999999999999", PROXYWASM_BAD_ARGUMENT, 0},
      {"\"12\"", PROXYWASM_BAD_ARGUMENT, 0},
      {"true", PROXYWASM_BAD_ARGUMENT, 0},
      {"null", PROXYWASM_BAD_ARGUMENT, 0},
      {"[1]", PROXYWASM_BAD_ARGUMENT, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    proxywasm_json v = parse_ok(cases[i].doc);
    int64_t out = 12345;
    proxywasm_status st = proxywasm_json_get_int(&v, &out);
    if (st != cases[i].st || out != cases[i].value)
      print_error("case %s: status %d value %lld\n", cases[i].doc, st, (long long)out);
    assert_int_equal(st, cases[i].st);
    assert_true(out == cases[i].value);
  }
  assert_int_equal(proxywasm_json_get_int(NULL, &(int64_t){0}), PROXYWASM_BAD_ARGUMENT);
  proxywasm_json v = parse_ok("1");
  assert_int_equal(proxywasm_json_get_int(&v, NULL), PROXYWASM_BAD_ARGUMENT);
  /* Malformed hand-made views. */
  static const char *views[] = {"-", "1.", "1e", "1x", "", "--1", "1e+"};
  for (size_t i = 0; i < sizeof views / sizeof views[0]; i++) {
    proxywasm_json h = {PROXYWASM_JSON_NUMBER, views[i], strlen(views[i])};
    int64_t out = 5;
    double d = 5;
    assert_int_equal(proxywasm_json_get_int(&h, &out), PROXYWASM_BAD_ARGUMENT);
    assert_int_equal(out, 0);
    assert_int_equal(proxywasm_json_get_double(&h, &d), PROXYWASM_BAD_ARGUMENT);
    assert_true(d == 0);
  }
}

static bool close_to(double a, double b) {
  double diff = a > b ? a - b : b - a, mag = a > 0 ? a : -a;
  return diff <= mag * 1e-15;
}

static void test_double(void **state) {
  (void)state;
  static const struct {
    const char *doc;
    double value;
    bool exact;
  } cases[] = {
      {"1e3", 1e3, true},
      {"-0.5", -0.5, true},
      {"1E-2", 1E-2, true},
      {"0.1", 0.1, true},
      {"3.14159", 3.14159, true},
      {"-1.5e+3", -1.5e+3, true},
      {"42", 42.0, true},
      {"123456789012345", 123456789012345.0, true},
      {"9007199254740993", 9007199254740992.0, true}, /* rounds to even */
      {"1e22", 1e22, true},
      {"1e-22", 1e-22, true},
      {"0.000001234", 0.000001234, true},
      {"12345678901234567890123", 1.2345678901234567890123e22, false},
      {"1.7976931348623157e308", 1.7976931348623157e308, true},   /* DBL_MAX */
      {"2.2250738585072014e-308", 2.2250738585072014e-308, true}, /* DBL_MIN */
      {"4.9e-324", 4.9e-324, true},                               /* smallest subnormal */
      {"6.02214076e23", 6.02214076e23, false},
      {"1.5e300", 1.5e300, false},
      {"0.00000000000000000000000000001", 1e-29, false},
      {"1e-400", 0.0, true},
      {"0e400", 0.0, true},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    proxywasm_json v = parse_ok(cases[i].doc);
    double out = 12345;
    assert_int_equal(proxywasm_json_get_double(&v, &out), PROXYWASM_OK);
    if (cases[i].exact ? out != cases[i].value : !close_to(out, cases[i].value))
      print_error("case %s: got %.17g\n", cases[i].doc, out);
    assert_true(cases[i].exact ? out == cases[i].value : close_to(out, cases[i].value));
  }
  double d = 1;
  proxywasm_json v = parse_ok("-0");
  assert_int_equal(proxywasm_json_get_double(&v, &d), PROXYWASM_OK);
  assert_true(d == 0 && 1 / d < 0); /* negative zero */
  v = parse_ok("5e-324");
  assert_int_equal(proxywasm_json_get_double(&v, &d), PROXYWASM_OK);
  assert_true(d > 0 && d < 1e-323);
  static const char *huge[] = {"1e400", "-1e309", "1e999999999999999999", "2e308",
                               "1.7976931348623159e308"};
  for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++) {
    v = parse_ok(huge[i]);
    d = 1;
    assert_int_equal(proxywasm_json_get_double(&v, &d), PROXYWASM_INTERNAL_FAILURE);
    assert_true(d == 0);
  }
  v = parse_ok("\"1\"");
  assert_int_equal(proxywasm_json_get_double(&v, &d), PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_json_get_double(&v, NULL), PROXYWASM_BAD_ARGUMENT);
}

/* Random numbers against the C library: at most one ulp apart. */
static void test_double_vs_strtod(void **state) {
  (void)state;
  unsigned seed = 12345;
  size_t exact_count = 0, total = 0;
  for (int i = 0; i < 20000; i++) {
    char buf[64];
    int n = 0;
    seed = seed * 1103515245u + 12345u;
    int digits = 1 + (int)(seed >> 16) % 20;
    seed = seed * 1103515245u + 12345u;
    int exp = (int)((seed >> 16) % 700) - 350;
    if (i & 1)
      buf[n++] = '-';
    for (int k = 0; k < digits; k++) {
      seed = seed * 1103515245u + 12345u;
      buf[n++] = (char)('0' + (k == 0 ? 1 + (seed >> 16) % 9 : (seed >> 16) % 10));
      if (k == 0 && digits > 1 && (i & 2))
        buf[n++] = '.';
    }
    n += sprintf(buf + n, "e%d", exp);
    double ref = strtod(buf, NULL), d;
    proxywasm_json v = {PROXYWASM_JSON_NUMBER, buf, (size_t)n};
    proxywasm_status st = proxywasm_json_get_double(&v, &d);
    if (ref > 1.7976931348623157e308 || ref < -1.7976931348623157e308) {
      assert_int_equal(st, PROXYWASM_INTERNAL_FAILURE);
      continue;
    }
    assert_int_equal(st, PROXYWASM_OK);
    int64_t a, b;
    memcpy(&a, &d, sizeof a);
    memcpy(&b, &ref, sizeof b);
    if (a - b > 1 || b - a > 1)
      print_error("%s: got %.17g, strtod %.17g\n", buf, d, ref);
    assert_true(a - b <= 1 && b - a <= 1);
    total++;
    exact_count += a == b;
  }
  /* About 0.03% are one ulp off (near-halfway cases, over 19 digits). */
  assert_true(exact_count >= total - total / 500);
}

static void test_bool(void **state) {
  (void)state;
  bool b = false;
  proxywasm_json v = parse_ok("true");
  assert_int_equal(proxywasm_json_get_bool(&v, &b), PROXYWASM_OK);
  assert_true(b);
  v = parse_ok(" false ");
  b = true;
  assert_int_equal(proxywasm_json_get_bool(&v, &b), PROXYWASM_OK);
  assert_false(b);
  static const char *others[] = {"null", "0", "1", "\"true\"", "[true]", "{}"};
  for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
    v = parse_ok(others[i]);
    b = true;
    assert_int_equal(proxywasm_json_get_bool(&v, &b), PROXYWASM_BAD_ARGUMENT);
    assert_false(b);
  }
  assert_int_equal(proxywasm_json_get_bool(NULL, &b), PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_json_get_bool(&v, NULL), PROXYWASM_BAD_ARGUMENT);
}

/* ---- Nesting -------------------------------------------------------------- */

/* depth arrays around 7, or depth objects {"a": ...}; returns the length. */
static size_t nest(char *buf, size_t depth, bool objects) {
  size_t n = 0;
  for (size_t i = 0; i < depth; i++) {
    memcpy(buf + n, objects ? "{\"a\":" : "[", objects ? 5 : 1);
    n += objects ? 5 : 1;
  }
  buf[n++] = '7';
  for (size_t i = 0; i < depth; i++)
    buf[n++] = objects ? '}' : ']';
  return n;
}

/* [1, {"k": [{"k": ... 0 ...}]}, [[]]] with depth containers in all. */
static size_t mixed(char *buf, int depth) {
  size_t n = (size_t)sprintf(buf, "[1, ");
  for (int i = 1; i < depth; i++)
    n += (size_t)sprintf(buf + n, i % 2 ? "{\"k\": " : "[");
  buf[n++] = '0';
  for (int i = depth - 1; i >= 1; i--)
    buf[n++] = i % 2 ? '}' : ']';
  n += (size_t)sprintf(buf + n, ", [[]]]");
  return n;
}

static void test_depth(void **state) {
  (void)state;
  static char buf[16384];
  char path[512];
  for (int objects = 0; objects < 2; objects++) {
    size_t n = nest(buf, PROXYWASM_JSON_MAX_DEPTH, objects);
    proxywasm_json root, v;
    size_t off;
    assert_int_equal(parse_n(buf, n, &root, &off), PROXYWASM_OK);
    /* The views point into buf, so parse it in place for lookups. */
    assert_int_equal(proxywasm_json_parse((proxywasm_bytes){buf, n}, &root), PROXYWASM_OK);
    size_t p = 0;
    for (size_t i = 0; i < PROXYWASM_JSON_MAX_DEPTH; i++) {
      memcpy(path + p, objects ? "a." : "0.", 2);
      p += 2;
    }
    path[p - 1] = '\0';
    v = get_ok(&root, path);
    assert_text(&v, "7");
    path[p - 1] = '.';
    path[p] = 'x';
    path[p + 1] = '\0';
    assert_int_equal(proxywasm_json_get(&root, path, &v), PROXYWASM_BAD_ARGUMENT);

    n = nest(buf, PROXYWASM_JSON_MAX_DEPTH + 1, objects);
    assert_int_equal(parse_n(buf, n, &root, &off), PROXYWASM_PARSE_FAILURE);
    assert_int_equal(off, PROXYWASM_JSON_MAX_DEPTH * (objects ? 5 : 1));
    n = nest(buf, 200, objects); /* far deeper: still no recursion */
    assert_int_equal(parse_n(buf, n, &root, &off), PROXYWASM_PARSE_FAILURE);
  }
  /* Arrays and objects mixed, inside siblings: the limit counts both. */
  proxywasm_json root;
  size_t n = mixed(buf, PROXYWASM_JSON_MAX_DEPTH);
  assert_int_equal(parse_n(buf, n, &root, NULL), PROXYWASM_OK);
  n = mixed(buf, PROXYWASM_JSON_MAX_DEPTH + 1);
  assert_int_equal(parse_n(buf, n, &root, NULL), PROXYWASM_PARSE_FAILURE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_scalars),
      cmocka_unit_test(test_get_paths),
      cmocka_unit_test(test_member),
      cmocka_unit_test(test_iteration),
      cmocka_unit_test(test_strings),
      cmocka_unit_test(test_string_capacity),
      cmocka_unit_test(test_string_eq),
      cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_parse_arguments),
      cmocka_unit_test(test_truncation),
      cmocka_unit_test(test_number_prefixes),
      cmocka_unit_test(test_mutations),
      cmocka_unit_test(test_int),
      cmocka_unit_test(test_double),
      cmocka_unit_test(test_double_vs_strtod),
      cmocka_unit_test(test_bool),
      cmocka_unit_test(test_depth),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
