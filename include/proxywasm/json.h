/*
 * proxywasm/json.h - a small JSON reader for plugin configurations (and
 * bodies): strict RFC 8259 validation, then lookups by path, iteration and
 * typed reads. No heap allocation, no recursion, no libc beyond string.h.
 *
 * A proxywasm_json is a view: its type and its exact text inside the caller's
 * document (strings include their quotes, containers their brackets). Nothing
 * is copied or decoded until a get_* function is called, so every view and
 * every view derived from it point into the document, which must outlive
 * them. A configuration from proxywasm_plugin_configuration_get() is freed
 * when the hook returns: copy what you keep with proxywasm_json_get_string().
 *
 * Reading {"header": "x-wasm-header", "value": "demo"} in on_plugin_start:
 *
 *   static char header[64], value[256];
 *
 *   bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
 *     proxywasm_bytes config;
 *     proxywasm_json root, v;
 *     size_t n;
 *     (void)plugin;
 *     (void)configuration_size;
 *     if (proxywasm_plugin_configuration_get(&config) != PROXYWASM_OK ||
 *         proxywasm_json_parse(config, &root) != PROXYWASM_OK) {
 *       proxywasm_log_error("configuration is not valid JSON");
 *       return false;
 *     }
 *     // A failed get leaves v INVALID, so the get_string after it fails too.
 *     proxywasm_json_get(&root, "header", &v);
 *     if (proxywasm_json_get_string(&v, header, sizeof header, &n) != PROXYWASM_OK || n == 0)
 *       return false;
 *     proxywasm_json_get(&root, "value", &v);
 *     if (proxywasm_json_get_string(&v, value, sizeof value, &n) != PROXYWASM_OK)
 *       return false;
 *     proxywasm_log_infof("header from config: %s: %s", header, value);
 *     return true;
 *   }
 *
 * Iterating {"requiredKeys": ["id", "token"]}:
 *
 *   proxywasm_json keys, key;
 *   proxywasm_json_iter it;
 *   proxywasm_json_get(&root, "requiredKeys", &keys);
 *   proxywasm_json_iter_init(&keys, &it);
 *   while (proxywasm_json_next(&it, NULL, &key))
 *     if (proxywasm_json_string_eq(&key, "id")) ...
 *
 * Limits and choices:
 *  - Nesting deeper than PROXYWASM_JSON_MAX_DEPTH containers is rejected.
 *  - Strings are checked for escapes (including paired surrogates in \u
 *    escapes) and control characters, but raw bytes >= 0x80 are not checked
 *    for UTF-8 validity: invalid UTF-8 passes through unchanged.
 *  - A byte order mark is not accepted (RFC 8259 lets parsers reject it).
 *  - Objects may repeat a key; lookups return the first member with it.
 *  - Lookups walk the text each time (linear in the size of the container):
 *    read a configuration once, in on_plugin_start, not per request.
 */
#ifndef PROXYWASM_JSON_H
#define PROXYWASM_JSON_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Deepest nesting of arrays and objects that proxywasm_json_parse accepts. */
#define PROXYWASM_JSON_MAX_DEPTH 64

/** The type of a JSON value. INVALID marks an empty view (failed lookups). */
typedef enum proxywasm_json_type {
  PROXYWASM_JSON_INVALID = 0,
  PROXYWASM_JSON_NULL,
  PROXYWASM_JSON_FALSE,
  PROXYWASM_JSON_TRUE,
  PROXYWASM_JSON_NUMBER,
  PROXYWASM_JSON_STRING,
  PROXYWASM_JSON_ARRAY,
  PROXYWASM_JSON_OBJECT
} proxywasm_json_type;

/**
 * A value inside a document: its type and its exact text (strings include
 * their quotes; containers their brackets; no surrounding whitespace).
 * An INVALID value has text NULL and len 0.
 */
typedef struct proxywasm_json {
  proxywasm_json_type type;
  const char *text;
  size_t len;
} proxywasm_json;

/**
 * A position inside an array or object, for proxywasm_json_next(). Treat
 * the fields as private.
 */
typedef struct proxywasm_json_iter {
  const char *pos;
  const char *end;
  bool object;
} proxywasm_json_iter;

/**
 * Validates a whole document (RFC 8259; see the limits at the top of this
 * header) and returns its root value. Whitespace around the root is allowed;
 * anything else after it is an error.
 * Valid in: anywhere (no hostcalls).
 * Returns: PROXYWASM_OK; PROXYWASM_PARSE_FAILURE if the document is empty,
 * malformed, truncated or nested too deeply; PROXYWASM_BAD_ARGUMENT if root
 * is NULL or doc.data is NULL with a non-zero length. On failure *root is
 * INVALID.
 * Ownership: *root points into doc, which must outlive it.
 */
proxywasm_status proxywasm_json_parse(proxywasm_bytes doc, proxywasm_json *root);

/**
 * proxywasm_json_parse(), also reporting where a document is wrong: on
 * PROXYWASM_PARSE_FAILURE *error_offset is the offset of the first byte that
 * cannot belong to a valid document (doc.len when the document is truncated);
 * on success it is doc.len. error_offset may be NULL.
 * Valid in: anywhere. Returns: as proxywasm_json_parse().
 * Ownership: as proxywasm_json_parse().
 */
proxywasm_status proxywasm_json_parse_ex(proxywasm_bytes doc, proxywasm_json *root,
                                         size_t *error_offset);

/**
 * Looks up a value by path: dot-separated object keys and decimal array
 * indexes ("requiredKeys", "a.b.0.c"); "" is the value itself. Keys compare
 * after unescaping, so "\u0061" in the document matches "a" in the path.
 * An index is digits without leading zeros. For keys that contain a dot use
 * proxywasm_json_member().
 * Valid in: anywhere. value must come from proxywasm_json_parse() or from a
 * lookup or iteration inside a parsed document.
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND if a key is absent, an index is
 * out of range or not an index; PROXYWASM_BAD_ARGUMENT if the path walks into
 * a scalar, value is INVALID or an argument is NULL. On failure *out is
 * INVALID.
 * Ownership: *out points into the document of value.
 */
proxywasm_status proxywasm_json_get(const proxywasm_json *value, const char *path,
                                    proxywasm_json *out);

/**
 * Looks up the member of an object whose key equals key (NUL-terminated,
 * compared after unescaping the document's key; no path syntax).
 * Valid in: anywhere.
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND if there is no such member;
 * PROXYWASM_BAD_ARGUMENT if object is not an object or an argument is NULL.
 * On failure *out is INVALID.
 * Ownership: *out points into the document of object.
 */
proxywasm_status proxywasm_json_member(const proxywasm_json *object, const char *key,
                                       proxywasm_json *out);

/**
 * Copies a string value, unescaped (\uXXXX and surrogate pairs become UTF-8),
 * into buf and NUL-terminates it. *len gets the unescaped length without the
 * NUL; it may contain NUL bytes if the document has \u0000. To size a buffer,
 * call with buf NULL and cap 0: that returns PROXYWASM_OK with the length.
 * len may be NULL.
 * Valid in: anywhere.
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT if value is not a string (or
 * NULL), *len then 0; PROXYWASM_INTERNAL_FAILURE if cap < needed length + 1
 * (other than the size query):
 * *len still gets the needed length and buf (if cap > 0) holds "".
 * PROXYWASM_PARSE_FAILURE only for a hand-made view with a malformed string.
 * Ownership: buf is the caller's.
 */
proxywasm_status proxywasm_json_get_string(const proxywasm_json *value, char *buf, size_t cap,
                                           size_t *len);

/**
 * True if value is a string equal, after unescaping, to the NUL-terminated s.
 * False for other types, malformed views and a NULL s. Valid in: anywhere.
 */
bool proxywasm_json_string_eq(const proxywasm_json *value, const char *s);

/**
 * True if value is a string equal, after unescaping, to the bytes of s
 * (which may contain NUL bytes or be a non-terminated host view).
 * Valid in: anywhere.
 */
bool proxywasm_json_string_eq_bytes(const proxywasm_json *value, proxywasm_bytes s);

/**
 * Reads a number whose value is an exact integer: 42, -0, and also 1e3,
 * 2.50e1 or 7.0 (Istio turns pluginConfig, a protobuf Struct, into JSON with doubles).
 * Valid in: anywhere.
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT if value is not a number or
 * has a fractional part (1.5, 1e-1); PROXYWASM_INTERNAL_FAILURE if it does
 * not fit in int64_t. On failure *out is 0.
 */
proxywasm_status proxywasm_json_get_int(const proxywasm_json *value, int64_t *out);

/**
 * Reads a number as a double (1e3, -0.5, 1E-2), without strtod or locale.
 * Correctly rounded when the number has at most 15 significant digits and
 * a decimal exponent within +-22 once the fraction digits are counted (0.1,
 * 3.14159, 6.5e-3, 1e22: ordinary configuration values); otherwise at most
 * one unit in the last place away from the correctly rounded double (about
 * 3 in 10000 random inputs are, mostly near-halfway cases or over 19 digits).
 * Magnitudes below the smallest subnormal give +-0.
 * Valid in: anywhere.
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT if value is not a number;
 * PROXYWASM_INTERNAL_FAILURE if its magnitude exceeds the double range (1e400).
 * On failure *out is 0.
 */
proxywasm_status proxywasm_json_get_double(const proxywasm_json *value, double *out);

/**
 * Reads true or false. Valid in: anywhere.
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT for any other type (*out is
 * then false).
 */
proxywasm_status proxywasm_json_get_bool(const proxywasm_json *value, bool *out);

/**
 * The number of elements of an array or members of an object; 0 for scalars,
 * INVALID and NULL. Walks the container. Valid in: anywhere.
 */
size_t proxywasm_json_count(const proxywasm_json *value);

/**
 * The element of an array at index (from 0). Walks the array up to index.
 * Valid in: anywhere.
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND if index >= the element count;
 * PROXYWASM_BAD_ARGUMENT if array is not an array or an argument is NULL.
 * On failure *out is INVALID.
 * Ownership: *out points into the document of array.
 */
proxywasm_status proxywasm_json_array_at(const proxywasm_json *array, size_t index,
                                         proxywasm_json *out);

/**
 * Starts iterating over an array or object. For any other value (or NULL)
 * the iteration is empty. Valid in: anywhere.
 * Ownership: the iterator points into the document of container.
 */
void proxywasm_json_iter_init(const proxywasm_json *container, proxywasm_json_iter *it);

/**
 * Moves to the next element (arrays: *key is INVALID) or member (objects:
 * *key is the key, a STRING value with its quotes). key and value may be NULL.
 * Valid in: anywhere.
 * Returns: true and the entry; false at the end (key and value then INVALID).
 * Ownership: *key and *value point into the document being iterated.
 */
bool proxywasm_json_next(proxywasm_json_iter *it, proxywasm_json *key, proxywasm_json *value);

/* ---- Reading a configuration ---------------------------------------------- *
 * A reader looks fields up by path (proxywasm_json_get syntax) and converts
 * them; an absent field gives the default. The first failure sticks and is
 * named by its field, so a configuration is read in straight lines and
 * checked once:
 *
 *   proxywasm_json_reader r;
 *   proxywasm_json_reader_init(&r, config);
 *   int64_t capacity = proxywasm_json_reader_get_int(&r, "bucket.capacity", 10);
 *   if (proxywasm_json_reader_error(&r))
 *     proxywasm_log_errorf("bad configuration: %s", proxywasm_json_reader_error(&r));
 *     // e.g. bad configuration: field "bucket.capacity": not an integer
 */
typedef struct proxywasm_json_reader {
  proxywasm_json root;
  proxywasm_status status; /* the first failure, or PROXYWASM_OK */
  char error[128];         /* its message; "" while status is OK */
} proxywasm_json_reader;

/**
 * Parses doc (proxywasm_json_parse) for reading. An empty doc (no
 * configuration) reads as {} so that every field takes its default.
 * Valid in: anywhere.
 * Returns: PROXYWASM_OK; PROXYWASM_PARSE_FAILURE for a malformed document
 * (the error gives the offset) or PROXYWASM_BAD_ARGUMENT if it is not an
 * object; the status also sticks in the reader.
 * Ownership: the reader points into doc, which must outlive it.
 */
proxywasm_status proxywasm_json_reader_init(proxywasm_json_reader *r, proxywasm_bytes doc);

/**
 * Field getters: the field at path converted as proxywasm_json_get_int,
 * _double, _bool; _string unescapes a string into hook memory (valid
 * until the hook returns; keep it with proxywasm_context_copy). An absent
 * field, or any read after a failure, gives def. A field of the wrong type
 * (or a path through a scalar) records the failure naming the field.
 * Valid in: anywhere; _string in a hook (or natively).
 */
int64_t proxywasm_json_reader_get_int(proxywasm_json_reader *r, const char *path, int64_t def);
double proxywasm_json_reader_get_double(proxywasm_json_reader *r, const char *path, double def);
bool proxywasm_json_reader_get_bool(proxywasm_json_reader *r, const char *path, bool def);
proxywasm_bytes proxywasm_json_reader_get_string(proxywasm_json_reader *r, const char *path,
                                                 const char *def);

/**
 * The first failure, e.g. `field "limit": not an integer`, or NULL if every
 * read so far succeeded. Ownership: in the reader.
 */
const char *proxywasm_json_reader_error(const proxywasm_json_reader *r);

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_JSON_H */
