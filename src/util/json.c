/*
 * json.c - the JSON reader: one iterative scanner that validates a value
 * (RFC 8259) and finds its end, used by parse, lookups and iteration; and
 * the string decoder shared by validation, unescaping and comparison.
 *
 * Every routine is bounded by an end pointer and fails cleanly on malformed
 * text, so hand-made or truncated views never make it read out of bounds.
 * Nesting is tracked in a 64-bit stack (one bit per level: 1 = object),
 * which is what bounds PROXYWASM_JSON_MAX_DEPTH.
 */
#include "proxywasm/json.h"

_Static_assert(PROXYWASM_JSON_MAX_DEPTH <= 64, "the nesting stack is one uint64_t");

static const proxywasm_json invalid_value;

static const char *skip_ws(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}

static bool is_digit(const char *p, const char *end) { return p < end && *p >= '0' && *p <= '9'; }

static const char *skip_digits(const char *p, const char *end) {
  while (is_digit(p, end))
    p++;
  return p;
}

/* Four hex digits at p, or -1. */
static long hex4(const char *p, const char *end) {
  if (end - p < 4)
    return -1;
  long v = 0;
  for (int i = 0; i < 4; i++) {
    unsigned c = (unsigned char)p[i], lower = c | 0x20;
    if (c - '0' <= 9)
      v = v * 16 + (c - '0');
    else if (lower - 'a' <= 5)
      v = v * 16 + (lower - 'a' + 10);
    else
      return -1;
  }
  return v;
}

/*
 * Decodes one character of string content at *pp into out as UTF-8 and
 * advances *pp. Returns the byte count (1-4), or 0 at a byte that cannot be
 * content (an unescaped quote or control character, a bad escape, a lone
 * surrogate), leaving *pp at the offending byte.
 */
static size_t decode_char(const char **pp, const char *end, char out[4]) {
  const char *p = *pp;
  unsigned char c = (unsigned char)*p;
  if (c == '"' || c < 0x20)
    return 0;
  if (c != '\\') {
    out[0] = (char)c;
    *pp = p + 1;
    return 1;
  }
  if (++p == end)
    goto bad;
  static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
  for (int i = 0; i < 8; i++) {
    if (*p == from[i]) {
      out[0] = to[i];
      *pp = p + 1;
      return 1;
    }
  }
  if (*p != 'u')
    goto bad;
  long cp = hex4(++p, end);
  if (cp < 0 || (cp >= 0xdc00 && cp <= 0xdfff))
    goto bad;
  p += 4;
  if (cp >= 0xd800 && cp <= 0xdbff) {
    /* A high surrogate must be followed by an escaped low one. */
    long lo = end - p >= 2 && p[0] == '\\' && p[1] == 'u' ? hex4(p + 2, end) : -1;
    if (lo < 0xdc00 || lo > 0xdfff)
      goto bad;
    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    p += 6;
  }
  *pp = p;
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  /* UTF-8: continuation bytes carry 6 bits each, the lead byte the rest. */
  size_t n = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  for (size_t i = n - 1; i > 0; i--, cp >>= 6)
    out[i] = (char)(0x80 | (cp & 0x3f));
  out[0] = (char)((0xf00 >> n) | cp); /* 110xxxxx, 1110xxxx or 11110xxx */
  return n;
bad:
  *pp = p < end ? p : end;
  return 0;
}

/* A string starting at its opening quote p. Returns the end, or NULL with *err. */
static const char *scan_string(const char *p, const char *end, const char **err) {
  char buf[4];
  for (p++; p < end && *p != '"';) {
    if (decode_char(&p, end, buf) == 0) {
      *err = p;
      return NULL;
    }
  }
  if (p == end) {
    *err = end;
    return NULL;
  }
  return p + 1;
}

/* A number starting at p (a '-' or a digit). */
static const char *scan_number(const char *p, const char *end, const char **err) {
  if (*p == '-')
    p++;
  if (is_digit(p, end) && *p == '0')
    p++;
  else if (is_digit(p, end))
    p = skip_digits(p, end);
  else
    goto bad;
  if (p < end && *p == '.') {
    if (!is_digit(++p, end))
      goto bad;
    p = skip_digits(p, end);
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < end && (*p == '+' || *p == '-'))
      p++;
    if (!is_digit(p, end))
      goto bad;
    p = skip_digits(p, end);
  }
  return p;
bad:
  *err = p;
  return NULL;
}

static const char *scan_word(const char *p, const char *end, const char *word, size_t n,
                             const char **err) {
  for (size_t i = 0; i < n; i++, p++) {
    if (p == end || *p != word[i]) {
      *err = p;
      return NULL;
    }
  }
  return p;
}

/*
 * Validates one value starting at p (no leading whitespace) and returns
 * where it ends, or NULL with *err at the offending byte. Iterative: after
 * a scalar or a closed container, the enclosing container (top of the bit
 * stack) decides what may follow.
 */
static const char *scan_value(const char *p, const char *end, const char **err) {
  uint64_t stack = 0; /* bit 0 is the innermost container: 1 = object */
  unsigned depth = 0;
value:
  if (p == end)
    goto bad;
  switch (*p) {
  case '{':
  case '[':
    if (depth == PROXYWASM_JSON_MAX_DEPTH)
      goto bad;
    depth++;
    stack = stack << 1 | (*p == '{');
    p = skip_ws(p + 1, end);
    if (p < end && *p == ((stack & 1) ? '}' : ']'))
      goto close;
    if (stack & 1)
      goto key;
    goto value;
  case '"':
    p = scan_string(p, end, err);
    break;
  case 't':
    p = scan_word(p, end, "true", 4, err);
    break;
  case 'f':
    p = scan_word(p, end, "false", 5, err);
    break;
  case 'n':
    p = scan_word(p, end, "null", 4, err);
    break;
  default:
    if (*p != '-' && (*p < '0' || *p > '9'))
      goto bad;
    p = scan_number(p, end, err);
  }
  if (p == NULL)
    return NULL;
next:
  if (depth == 0)
    return p;
  p = skip_ws(p, end);
  if (p < end && *p == ',') {
    p = skip_ws(p + 1, end);
    if (stack & 1)
      goto key;
    goto value;
  }
  if (p < end && *p == ((stack & 1) ? '}' : ']'))
    goto close;
  goto bad;
close:
  p++;
  depth--;
  stack >>= 1;
  goto next;
key:
  if (p == end || *p != '"')
    goto bad;
  if ((p = scan_string(p, end, err)) == NULL)
    return NULL;
  p = skip_ws(p, end);
  if (p == end || *p != ':')
    goto bad;
  p = skip_ws(p + 1, end);
  goto value;
bad:
  *err = p;
  return NULL;
}

static proxywasm_json_type type_of(char c) {
  switch (c) {
  case '{':
    return PROXYWASM_JSON_OBJECT;
  case '[':
    return PROXYWASM_JSON_ARRAY;
  case '"':
    return PROXYWASM_JSON_STRING;
  case 't':
    return PROXYWASM_JSON_TRUE;
  case 'f':
    return PROXYWASM_JSON_FALSE;
  case 'n':
    return PROXYWASM_JSON_NULL;
  default:
    return PROXYWASM_JSON_NUMBER;
  }
}

/* Scans the value at p into *out; returns its end or NULL (then *out INVALID). */
static const char *read_value(const char *p, const char *end, proxywasm_json *out,
                              const char **err) {
  const char *e = scan_value(p, end, err);
  if (e == NULL) {
    *out = invalid_value;
    return NULL;
  }
  out->type = type_of(*p);
  out->text = p;
  out->len = (size_t)(e - p);
  return e;
}

proxywasm_status proxywasm_json_parse_ex(proxywasm_bytes doc, proxywasm_json *root,
                                         size_t *error_offset) {
  if (error_offset != NULL)
    *error_offset = 0;
  if (root == NULL || (doc.data == NULL && doc.len != 0))
    return PROXYWASM_BAD_ARGUMENT;
  *root = invalid_value;
  if (doc.len == 0)
    return PROXYWASM_PARSE_FAILURE;
  const char *end = doc.data + doc.len, *err = end;
  const char *p = skip_ws(doc.data, end);
  if ((p = read_value(p, end, root, &err)) != NULL) {
    err = p = skip_ws(p, end);
    if (p != end)
      *root = invalid_value; /* trailing garbage */
  }
  if (error_offset != NULL)
    *error_offset = (size_t)(err - doc.data);
  return root->type == PROXYWASM_JSON_INVALID ? PROXYWASM_PARSE_FAILURE : PROXYWASM_OK;
}

proxywasm_status proxywasm_json_parse(proxywasm_bytes doc, proxywasm_json *root) {
  return proxywasm_json_parse_ex(doc, root, NULL);
}

/* ---- Iteration ------------------------------------------------------------- */

static bool is_container(const proxywasm_json *v) {
  return v != NULL && (v->type == PROXYWASM_JSON_ARRAY || v->type == PROXYWASM_JSON_OBJECT) &&
         v->text != NULL && v->len >= 2;
}

void proxywasm_json_iter_init(const proxywasm_json *container, proxywasm_json_iter *it) {
  if (it == NULL)
    return;
  if (!is_container(container)) {
    it->pos = it->end = NULL;
    it->object = false;
    return;
  }
  /* Between the brackets; the closing one bounds every scan. */
  it->pos = container->text + 1;
  it->end = container->text + container->len - 1;
  it->object = container->type == PROXYWASM_JSON_OBJECT;
}

bool proxywasm_json_next(proxywasm_json_iter *it, proxywasm_json *key, proxywasm_json *value) {
  proxywasm_json k = invalid_value, v;
  const char *err;
  if (it == NULL || it->pos == NULL)
    goto done;
  const char *p = skip_ws(it->pos, it->end), *end = it->end;
  if (p < end && *p == ',')
    p = skip_ws(p + 1, end);
  if (p >= end)
    goto done;
  if (it->object) {
    if (*p != '"' || (p = read_value(p, end, &k, &err)) == NULL)
      goto done;
    p = skip_ws(p, end);
    if (p == end || *p != ':')
      goto done;
    p = skip_ws(p + 1, end);
  }
  if ((p = read_value(p, end, &v, &err)) == NULL)
    goto done;
  it->pos = p;
  if (key != NULL)
    *key = k;
  if (value != NULL)
    *value = v;
  return true;
done:
  if (it != NULL)
    it->pos = it->end; /* a malformed view ends the iteration for good */
  if (key != NULL)
    *key = invalid_value;
  if (value != NULL)
    *value = invalid_value;
  return false;
}

size_t proxywasm_json_count(const proxywasm_json *value) {
  proxywasm_json_iter it;
  size_t n = 0;
  proxywasm_json_iter_init(value, &it);
  while (proxywasm_json_next(&it, NULL, NULL))
    n++;
  return n;
}

proxywasm_status proxywasm_json_array_at(const proxywasm_json *array, size_t index,
                                         proxywasm_json *out) {
  proxywasm_json_iter it;
  if (out == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  /* Read array before writing *out: they may alias. */
  bool is_array = array != NULL && array->type == PROXYWASM_JSON_ARRAY;
  proxywasm_json_iter_init(array, &it);
  *out = invalid_value;
  if (!is_array)
    return PROXYWASM_BAD_ARGUMENT;
  for (size_t i = 0; proxywasm_json_next(&it, NULL, out); i++)
    if (i == index)
      return PROXYWASM_OK;
  return PROXYWASM_NOT_FOUND;
}

/* ---- Strings ------------------------------------------------------------- */

/*
 * Unescapes a string view, calling emit for each decoded character. Returns
 * false if the view is not a well-formed string or emit returns false.
 */
typedef bool emit_fn(void *state, const char *bytes, size_t n);

static bool decode_string(const proxywasm_json *value, emit_fn *emit, void *state) {
  if (value == NULL || value->type != PROXYWASM_JSON_STRING || value->text == NULL ||
      value->len < 2 || value->text[0] != '"')
    return false;
  const char *p = value->text + 1, *end = value->text + value->len - 1;
  char buf[4];
  while (p < end) {
    size_t n = decode_char(&p, end, buf);
    if (n == 0 || !emit(state, buf, n))
      return false;
  }
  return *end == '"';
}

struct copy_state {
  char *buf;
  size_t cap, len;
};

static bool emit_copy(void *state, const char *bytes, size_t n) {
  struct copy_state *s = state;
  /* n <= 4: a loop, not memcpy, which wasm-opt would inline at length. */
  for (size_t i = 0; i < n; i++, s->len++)
    if (s->len + 1 < s->cap) /* leave room for the NUL */
      s->buf[s->len] = bytes[i];
  return true;
}

proxywasm_status proxywasm_json_get_string(const proxywasm_json *value, char *buf, size_t cap,
                                           size_t *len) {
  struct copy_state s = {buf, buf != NULL ? cap : 0, 0};
  proxywasm_status st = PROXYWASM_OK;
  if (value == NULL || value->type != PROXYWASM_JSON_STRING)
    st = PROXYWASM_BAD_ARGUMENT;
  else if (!decode_string(value, emit_copy, &s))
    st = PROXYWASM_PARSE_FAILURE;
  else if (s.len >= s.cap && !(buf == NULL && cap == 0))
    st = PROXYWASM_INTERNAL_FAILURE; /* too small; (NULL, 0) is a size query */
  if (st != PROXYWASM_OK && st != PROXYWASM_INTERNAL_FAILURE)
    s.len = 0;
  if (s.cap > 0)
    buf[st == PROXYWASM_OK ? s.len : 0] = '\0';
  if (len != NULL)
    *len = s.len;
  return st;
}

struct eq_state {
  const char *s;
  size_t left;
};

static bool emit_eq(void *state, const char *bytes, size_t n) {
  struct eq_state *e = state;
  for (size_t i = 0; i < n; i++, e->s++, e->left--)
    if (e->left == 0 || *e->s != bytes[i])
      return false;
  return true;
}

bool proxywasm_json_string_eq_bytes(const proxywasm_json *value, proxywasm_bytes s) {
  struct eq_state e = {s.data, s.len};
  if (s.data == NULL && s.len != 0)
    return false;
  return decode_string(value, emit_eq, &e) && e.left == 0;
}

bool proxywasm_json_string_eq(const proxywasm_json *value, const char *s) {
  return s != NULL && proxywasm_json_string_eq_bytes(value, proxywasm_bytes_cstr(s));
}

/* ---- Lookups ------------------------------------------------------------- */

static proxywasm_status member(const proxywasm_json *object, proxywasm_bytes key,
                               proxywasm_json *out) {
  proxywasm_json k;
  proxywasm_json_iter it;
  /* Read object before writing *out: they may alias. */
  bool is_object = object != NULL && object->type == PROXYWASM_JSON_OBJECT;
  proxywasm_json_iter_init(object, &it);
  *out = invalid_value;
  if (!is_object)
    return PROXYWASM_BAD_ARGUMENT;
  while (proxywasm_json_next(&it, &k, out))
    if (proxywasm_json_string_eq_bytes(&k, key))
      return PROXYWASM_OK;
  return PROXYWASM_NOT_FOUND;
}

proxywasm_status proxywasm_json_member(const proxywasm_json *object, const char *key,
                                       proxywasm_json *out) {
  if (out == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  if (key == NULL) {
    *out = invalid_value;
    return PROXYWASM_BAD_ARGUMENT;
  }
  return member(object, proxywasm_bytes_cstr(key), out);
}

/* A path segment as an array index: digits, no leading zero, no overflow. */
static bool parse_index(const char *s, size_t n, size_t *index) {
  size_t v = 0;
  if (n == 0 || (n > 1 && s[0] == '0'))
    return false;
  for (size_t i = 0; i < n; i++) {
    unsigned d = (unsigned)(s[i] - '0');
    if (d > 9 || v > ((size_t)-1 - d) / 10)
      return false;
    v = v * 10 + d;
  }
  *index = v;
  return true;
}

proxywasm_status proxywasm_json_get(const proxywasm_json *value, const char *path,
                                    proxywasm_json *out) {
  if (out == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  if (value == NULL || path == NULL || value->type == PROXYWASM_JSON_INVALID) {
    *out = invalid_value;
    return PROXYWASM_BAD_ARGUMENT;
  }
  proxywasm_json cur = *value, next;
  /* Segments end at '.' or the end: "a." is "a" then the key "". */
  for (bool more = *path != '\0'; more;) {
    size_t n = 0, index;
    while (path[n] != '\0' && path[n] != '.')
      n++;
    proxywasm_status st = PROXYWASM_NOT_FOUND;
    if (cur.type == PROXYWASM_JSON_OBJECT)
      st = member(&cur, (proxywasm_bytes){path, n}, &next);
    else if (cur.type != PROXYWASM_JSON_ARRAY)
      st = PROXYWASM_BAD_ARGUMENT;
    else if (parse_index(path, n, &index))
      st = proxywasm_json_array_at(&cur, index, &next);
    if (st != PROXYWASM_OK) {
      *out = invalid_value;
      return st;
    }
    cur = next;
    path += n;
    more = *path == '.';
    path += more;
  }
  *out = cur;
  return PROXYWASM_OK;
}
