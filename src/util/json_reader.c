/*
 * json_reader.c - reading a configuration field by field, with the first
 * failure named by its field.
 */
#include "../internal.h"

static void fail(proxywasm_json_reader *r, proxywasm_status s, const char *path, const char *what) {
  r->status = s;
  proxywasm_snprintf(r->error, sizeof r->error, "field \"%s\": %s", path, what);
}

proxywasm_status proxywasm_json_reader_init(proxywasm_json_reader *r, proxywasm_bytes doc) {
  if (r == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  memset(r, 0, sizeof *r);
  if (doc.len == 0)
    doc = PROXYWASM_LIT("{}");
  size_t at = 0;
  r->status = proxywasm_json_parse_ex(doc, &r->root, &at);
  if (r->status != PROXYWASM_OK)
    proxywasm_snprintf(r->error, sizeof r->error, "not valid JSON (at byte %zu)", at);
  else if (r->root.type != PROXYWASM_JSON_OBJECT) {
    r->status = PROXYWASM_BAD_ARGUMENT;
    proxywasm_snprintf(r->error, sizeof r->error, "not a JSON object");
  }
  return r->status;
}

/* The field at path: true if present and readable, false for absent (or a
   failure already recorded). */
static bool field(proxywasm_json_reader *r, const char *path, proxywasm_json *v) {
  if (r == NULL || path == NULL || r->status != PROXYWASM_OK)
    return false;
  proxywasm_status s = proxywasm_json_get(&r->root, path, v);
  if (s == PROXYWASM_BAD_ARGUMENT)
    fail(r, s, path, "its path goes through a value that is not an object or array");
  return s == PROXYWASM_OK;
}

int64_t proxywasm_json_reader_get_int(proxywasm_json_reader *r, const char *path, int64_t def) {
  proxywasm_json v;
  int64_t out;
  if (!field(r, path, &v))
    return def;
  proxywasm_status s = proxywasm_json_get_int(&v, &out);
  if (s == PROXYWASM_OK)
    return out;
  fail(r, s, path, s == PROXYWASM_INTERNAL_FAILURE ? "out of range" : "not an integer");
  return def;
}

double proxywasm_json_reader_get_double(proxywasm_json_reader *r, const char *path, double def) {
  proxywasm_json v;
  double out;
  if (!field(r, path, &v))
    return def;
  proxywasm_status s = proxywasm_json_get_double(&v, &out);
  if (s == PROXYWASM_OK)
    return out;
  fail(r, s, path, s == PROXYWASM_INTERNAL_FAILURE ? "out of range" : "not a number");
  return def;
}

bool proxywasm_json_reader_get_bool(proxywasm_json_reader *r, const char *path, bool def) {
  proxywasm_json v;
  bool out;
  if (!field(r, path, &v))
    return def;
  if (proxywasm_json_get_bool(&v, &out) == PROXYWASM_OK)
    return out;
  fail(r, PROXYWASM_BAD_ARGUMENT, path, "not true or false");
  return def;
}

proxywasm_bytes proxywasm_json_reader_get_string(proxywasm_json_reader *r, const char *path,
                                                 const char *def) {
  proxywasm_json v;
  size_t n = 0;
  if (!field(r, path, &v))
    return proxywasm_bytes_cstr(def);
  proxywasm_status s = proxywasm_json_get_string(&v, NULL, 0, &n);
  if (s != PROXYWASM_OK) {
    fail(r, s, path, "not a string");
    return proxywasm_bytes_cstr(def);
  }
  char *buf = proxywasm__alloc(n);
  if (buf == NULL || proxywasm_json_get_string(&v, buf, n + 1, &n) != PROXYWASM_OK) {
    fail(r, PROXYWASM_INTERNAL_FAILURE, path, "out of memory");
    return proxywasm_bytes_cstr(def);
  }
  return (proxywasm_bytes){buf, n};
}

const char *proxywasm_json_reader_error(const proxywasm_json_reader *r) {
  return r == NULL ? "no reader" : r->status == PROXYWASM_OK ? NULL : r->error;
}
