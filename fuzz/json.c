/*
 * json.c - the JSON reader (src/json.c, src/json_number.c) on any bytes.
 *
 * Invariants: a parse either fails with the root INVALID or gives a root
 * inside the document; every value reached by iteration, lookup and index
 * lies inside it; get_string's size query and copy agree; typed reads
 * return a status and zero their output on failure.
 */
#include <string.h>

#include <proxywasm.h>

#include "fuzz.h"

static const char *doc_start, *doc_end;

static void inside(const proxywasm_json *v) {
  if (v->type == PROXYWASM_JSON_INVALID) {
    FUZZ_CHECK(v->text == NULL && v->len == 0);
    return;
  }
  FUZZ_CHECK(v->text >= doc_start && v->len <= (size_t)(doc_end - v->text) && v->len > 0);
}

static void scalar(const proxywasm_json *v) {
  size_t need = 0;
  proxywasm_status s = proxywasm_json_get_string(v, NULL, 0, &need);
  if (s == PROXYWASM_OK) {
    FUZZ_CHECK(v->type == PROXYWASM_JSON_STRING && need <= v->len);
    char *buf = malloc(need + 1);
    size_t got = 0;
    FUZZ_CHECK(proxywasm_json_get_string(v, buf, need + 1, &got) == PROXYWASM_OK);
    FUZZ_CHECK(got == need && buf[need] == 0);
    FUZZ_CHECK(proxywasm_json_string_eq_bytes(v, (proxywasm_bytes){buf, got}));
    if (need > 0) /* one byte short: refused, "" in buf */
      FUZZ_CHECK(proxywasm_json_get_string(v, buf, need, &got) == PROXYWASM_INTERNAL_FAILURE &&
                 buf[0] == 0 && got == need);
    free(buf);
  }
  int64_t i = 1;
  if (proxywasm_json_get_int(v, &i) != PROXYWASM_OK)
    FUZZ_CHECK(i == 0);
  double d = 1;
  if (proxywasm_json_get_double(v, &d) != PROXYWASM_OK)
    FUZZ_CHECK(d == 0);
  else
    FUZZ_CHECK(v->type == PROXYWASM_JSON_NUMBER);
  bool b = true;
  if (proxywasm_json_get_bool(v, &b) != PROXYWASM_OK)
    FUZZ_CHECK(!b);
}

/* Walks every value without recursion depth beyond the parser's limit. */
static void walk(const proxywasm_json *v, int depth) {
  inside(v);
  scalar(v);
  size_t n = proxywasm_json_count(v), seen = 0;
  proxywasm_json_iter it;
  proxywasm_json key, val;
  proxywasm_json_iter_init(v, &it);
  while (proxywasm_json_next(&it, &key, &val)) {
    inside(&key);
    if (v->type == PROXYWASM_JSON_OBJECT) {
      FUZZ_CHECK(key.type == PROXYWASM_JSON_STRING);
      proxywasm_json m;
      char k[64];
      size_t kl;
      /* The first member with this key, which must exist. */
      if (proxywasm_json_get_string(&key, k, sizeof k, &kl) == PROXYWASM_OK && strlen(k) == kl)
        FUZZ_CHECK(proxywasm_json_member(v, k, &m) == PROXYWASM_OK);
    } else {
      proxywasm_json at;
      FUZZ_CHECK(proxywasm_json_array_at(v, seen, &at) == PROXYWASM_OK);
      FUZZ_CHECK(at.text == val.text && at.len == val.len);
    }
    if (depth < PROXYWASM_JSON_MAX_DEPTH + 1)
      walk(&val, depth + 1);
    seen++;
  }
  inside(&val);
  FUZZ_CHECK(seen == n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* The input is split: a lookup path before the first NUL, then the
     document (all of it when there is no NUL). */
  const char *nul = memchr(data, 0, size);
  char path[64] = "";
  const char *doc = (const char *)data;
  size_t len = size;
  if (nul && (size_t)(nul - doc) < sizeof path) {
    memcpy(path, doc, (size_t)(nul - doc) + 1);
    len -= (size_t)(nul - doc) + 1;
    doc = nul + 1;
  }
  /* A copy of exactly len bytes, so that reading past it is caught. */
  char *copy = malloc(len ? len : 1);
  memcpy(copy, doc, len);
  doc_start = copy, doc_end = copy + len;
  proxywasm_json root;
  size_t off = (size_t)-1;
  proxywasm_status s = proxywasm_json_parse_ex((proxywasm_bytes){copy, len}, &root, &off);
  if (s != PROXYWASM_OK) {
    FUZZ_CHECK(s == PROXYWASM_PARSE_FAILURE && root.type == PROXYWASM_JSON_INVALID);
    FUZZ_CHECK(off <= len);
  } else {
    FUZZ_CHECK(off == len);
    walk(&root, 0);
    proxywasm_json out;
    s = proxywasm_json_get(&root, path, &out);
    if (s == PROXYWASM_OK)
      inside(&out), scalar(&out);
    else
      FUZZ_CHECK(out.type == PROXYWASM_JSON_INVALID);
  }
  free(copy);
  return 0;
}
