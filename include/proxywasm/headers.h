/*
 * proxywasm/headers.h - header maps: HTTP headers and trailers, callout
 * response headers, gRPC metadata.
 *
 * These generic functions take the map type; http.h and callout.h have
 * typed shorthands. Envoy lowercases names on write and lookup.
 *
 * Header syntax. Envoy passes what a plugin writes to the wire as it is:
 * a value "v\r\nx-injected: 1" becomes a second header on HTTP/1 and
 * leaves an HTTP/2 request without a response (tests/e2e/raw_headers). So every SDK function that sends headers
 * (add, replace, set_all, local responses, HTTP callout headers and
 * trailers, gRPC metadata and the gRPC service and method, which form the
 * :path) first checks them against RFC 9110 field syntax and refuses with
 * PROXYWASM_BAD_ARGUMENT and a warning log line that names the header
 * (escaped; the value is not printed):
 *  - a name is a token (letters, digits and !#$%&'*+-.^_`|~), optionally
 *    after one ':' (pseudo-headers such as ":path"); upper case is allowed
 *    (Envoy lowercases it);
 *  - a value holds no CR, LF, NUL or other control byte (HTAB is allowed)
 *    and does not start or end with a space or HTAB; nothing is trimmed;
 *    bytes 0x80-0xFF (obs-text, e.g. UTF-8) are allowed. Binary data must
 *    be encoded (base64) to travel in a header.
 * A plugin that must pass raw bytes puts PROXYWASM_HEADERS_ALLOW_RAW(); at
 * file scope in one source file; see docs/security.md. Reading headers is
 * never checked: what the host gives is returned as is.
 *
 * Cost. Literal names and values are checked by the compiler (below).
 * A header built at run time but sent many times (one from the plugin's
 * configuration, added to every response) is checked once with
 * proxywasm_header_check and sent with proxywasm_headers_add_checked or
 * _replace_checked, which skip the check while the views are the ones
 * checked.
 */
#ifndef PROXYWASM_HEADERS_H
#define PROXYWASM_HEADERS_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The functions below take names of known length: inlined, a literal's
   length is computed by the compiler, not by strlen at run time. A name
   and value the compiler can read (literals) and finds valid skip the
   run-time syntax check (the _v entry points); anything else, or anything
   invalid, takes the run-time check, so the result is the same. The _v
   entry points take a value that is not NULL ("" for none), and return
   the host's status word unmapped (proxywasm__st, inlined by the caller:
   a dropped result costs nothing). */
uint32_t proxywasm__headers_add_v(proxywasm_context *ctx, proxywasm_map map, const char *name,
                                  size_t name_len, const void *value, size_t value_len);
uint32_t proxywasm__headers_replace_v(proxywasm_context *ctx, proxywasm_map map, const char *name,
                                      size_t name_len, const void *value, size_t value_len);

/* RFC 9110 field syntax as an expression the compiler folds for bytes it
   knows (src/util/field.h is the run-time rule; tests/unit/test_field_literal.c
   checks that both agree on every byte at every position): a name of 1 to
   32 bytes, tchars after an optional ':'; a value of at most 32 bytes of
   field-vchar, SP or HTAB, neither starting nor ending with SP or HTAB.
   Longer ones are left to the run-time check. */
#define PROXYWASM__LIT_TCHAR(c)                   \
  ((c) < 64 ? (0x03FF6CFA00000000ull >> (c)) & 1u \
            : (c) < 128 && (0x57FFFFFFC7FFFFFEull >> ((c) - 64)) & 1u)
#define PROXYWASM__LIT_VBYTE(c) ((c) >= 0x20 ? (c) != 0x7F : (c) == 9)
#define PROXYWASM__LIT_SPACE(c) ((c) == 0x20 || (c) == 9)
#define PROXYWASM__LIT_B(p, i) (((const unsigned char *)(p))[i])
#define PROXYWASM__LIT_N1(p, n, i) \
  ((i) == 0 || (i) >= (n) || PROXYWASM__LIT_TCHAR(PROXYWASM__LIT_B(p, i)))
#define PROXYWASM__LIT_V1(p, n, i) ((i) >= (n) || PROXYWASM__LIT_VBYTE(PROXYWASM__LIT_B(p, i)))
#define PROXYWASM__LIT_ALL4(f, p, n, i) \
  (f(p, n, i) && f(p, n, (i) + 1) && f(p, n, (i) + 2) && f(p, n, (i) + 3))
#define PROXYWASM__LIT_ALL32(f, p, n)                                      \
  (PROXYWASM__LIT_ALL4(f, p, n, 0) && PROXYWASM__LIT_ALL4(f, p, n, 4) &&   \
   PROXYWASM__LIT_ALL4(f, p, n, 8) && PROXYWASM__LIT_ALL4(f, p, n, 12) &&  \
   PROXYWASM__LIT_ALL4(f, p, n, 16) && PROXYWASM__LIT_ALL4(f, p, n, 20) && \
   PROXYWASM__LIT_ALL4(f, p, n, 24) && PROXYWASM__LIT_ALL4(f, p, n, 28))
#define PROXYWASM__LIT_NAME_OK(p, n)                                                            \
  ((n) >= 1 && (n) <= 32 &&                                                                     \
   (PROXYWASM__LIT_B(p, 0) == ':' ? (n) >= 2 : PROXYWASM__LIT_TCHAR(PROXYWASM__LIT_B(p, 0))) && \
   PROXYWASM__LIT_ALL32(PROXYWASM__LIT_N1, p, n))
#define PROXYWASM__LIT_VALUE_OK(p, n)                                                        \
  ((n) == 0 || ((p) != NULL && (n) <= 32 && !PROXYWASM__LIT_SPACE(PROXYWASM__LIT_B(p, 0)) && \
                !PROXYWASM__LIT_SPACE(PROXYWASM__LIT_B(p, (n) - 1)) &&                       \
                PROXYWASM__LIT_ALL32(PROXYWASM__LIT_V1, p, n)))
#define PROXYWASM__LIT_FIELD_OK(name, name_len, value, value_len) \
  ((name) != NULL && PROXYWASM__LIT_NAME_OK(name, name_len) &&    \
   PROXYWASM__LIT_VALUE_OK(value, value_len))
/* True only where the compiler has proven the header valid. */
#if defined(__GNUC__) && defined(__OPTIMIZE__)
#define PROXYWASM__LIT_FIELD_KNOWN(name, name_len, value, value_len)                  \
  (__builtin_constant_p(PROXYWASM__LIT_FIELD_OK(name, name_len, value, value_len)) && \
   PROXYWASM__LIT_FIELD_OK(name, name_len, value, value_len))
#else
#define PROXYWASM__LIT_FIELD_KNOWN(name, name_len, value, value_len) 0
#endif
/* The view proxywasm__headers_get_n got (empty on failure): copied out
   inline, so that the caller's view never has its address taken and stays
   in locals (no stack frame for it). Hooks do not run concurrently. */
extern proxywasm_bytes proxywasm__got
#if defined(__GNUC__)
    __attribute__((visibility("hidden")))
#endif
    ;
proxywasm_status proxywasm__headers_get_n(proxywasm_context *ctx, proxywasm_map map,
                                          const char *name, size_t name_len);
proxywasm_status proxywasm__headers_add_n(proxywasm_context *ctx, proxywasm_map map,
                                          const char *name, size_t name_len, const void *value,
                                          size_t value_len);
proxywasm_status proxywasm__headers_replace_n(proxywasm_context *ctx, proxywasm_map map,
                                              const char *name, size_t name_len, const void *value,
                                              size_t value_len);
proxywasm_status proxywasm__headers_remove_n(proxywasm_context *ctx, proxywasm_map map,
                                             const char *name, size_t name_len);

/**
 * Gets the first value of a header (proxy_get_header_map_value).
 * @param ctx   the context the map belongs to; the SDK makes it effective.
 * Valid in: the request-header maps while the request is being processed
 * and in on_http_done; response maps from on_response_headers on; callout
 * maps inside the callout's callback.
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND if absent; PROXYWASM_BAD_ARGUMENT
 * if the map is not available in this phase. *value is empty on failure.
 * Ownership: borrowed, NUL-terminated, valid until the hook returns.
 */
PROXYWASM__INLINE proxywasm_status proxywasm_headers_get(proxywasm_context *ctx, proxywasm_map map,
                                                         const char *name, proxywasm_bytes *value) {
  if (value == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_status s = proxywasm__headers_get_n(ctx, map, name, proxywasm__strlen(name));
  *value = proxywasm__got;
  return s;
}

/**
 * Adds a value; an existing header gets one more value
 * (proxy_add_header_map_value). Valid in: where the map is writable.
 * Returns: PROXYWASM_OK, or PROXYWASM_BAD_ARGUMENT outside that phase or
 * for a name or value outside field syntax (see the top of this file).
 */
PROXYWASM__INLINE proxywasm_status proxywasm_headers_add(proxywasm_context *ctx, proxywasm_map map,
                                                         const char *name, const void *value,
                                                         size_t value_len) {
  size_t name_len = proxywasm__strlen(name);
  if (PROXYWASM__LIT_FIELD_KNOWN(name, name_len, value, value_len))
    return proxywasm__st(
        proxywasm__headers_add_v(ctx, map, name, name_len, value ? value : "", value_len));
  return proxywasm__headers_add_n(ctx, map, name, name_len, value, value_len);
}

/**
 * Sets a header to one value, adding it if absent
 * (proxy_replace_header_map_value). Valid in: where the map is writable.
 * Returns: PROXYWASM_OK, or PROXYWASM_BAD_ARGUMENT outside that phase or
 * for a name or value outside field syntax (see the top of this file).
 */
PROXYWASM__INLINE proxywasm_status proxywasm_headers_replace(proxywasm_context *ctx,
                                                             proxywasm_map map, const char *name,
                                                             const void *value, size_t value_len) {
  size_t name_len = proxywasm__strlen(name);
  if (PROXYWASM__LIT_FIELD_KNOWN(name, name_len, value, value_len))
    return proxywasm__st(
        proxywasm__headers_replace_v(ctx, map, name, name_len, value ? value : "", value_len));
  return proxywasm__headers_replace_n(ctx, map, name, name_len, value, value_len);
}

/**
 * A header name and value checked once against field syntax, to send many
 * times without checking again. Fill it with proxywasm_header_check only;
 * the members are readable, and changing them is allowed but costs the
 * check again at each send.
 */
typedef struct proxywasm_checked_header {
  proxywasm_header header; /* views of the caller's bytes (not copied) */
  uint32_t proof;          /* set by proxywasm_header_check: binds it to these views */
} proxywasm_checked_header;

/* The proof binds a check to the four views it checked: the difference
   of the name's and the value's pointers and the sum of their lengths,
   xored with a constant. Changing any one view always changes it (each
   term is one-to-one in each view), and so does swapping the name's views
   with the value's (the difference changes sign) unless both start at the
   same address; natively a 64-bit view is folded to 32 bits first, so a
   change there goes unseen with odds of 2^-32. Zero views give the
   constant, never 0, so a zeroed struct never holds a valid proof.
   Inlined where a checked header is sent: a few operations. */
PROXYWASM__INLINE uint32_t proxywasm__proof_fold(uintptr_t v) {
#if UINTPTR_MAX > 0xFFFFFFFFu
  v ^= v >> 32;
#endif
  return (uint32_t)v;
}
PROXYWASM__INLINE uint32_t proxywasm__header_proof(const proxywasm_header *h) {
  return 0x2545F491u ^
         (proxywasm__proof_fold((uintptr_t)h->name.data) -
          proxywasm__proof_fold((uintptr_t)h->value.data)) ^
         (proxywasm__proof_fold(h->name.len) + proxywasm__proof_fold(h->value.len));
}
/* Both checked sends (replace: a constant, folded where they are inlined):
   with the proof of its views straight to the hostcall, otherwise (views
   changed since the check, or never checked) the ordinary, checked path. */
PROXYWASM__INLINE proxywasm_status proxywasm__headers_send_checked(
    proxywasm_context *ctx, proxywasm_map map, const proxywasm_checked_header *h, bool replace) {
  if (h == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  const proxywasm_header *v = &h->header;
  const char *n = v->name.data, *d = v->value.data;
  size_t nl = v->name.len, dl = v->value.len;
  if (h->proof == proxywasm__header_proof(v))
    return proxywasm__st(replace ? proxywasm__headers_replace_v(ctx, map, n, nl, d, dl)
                                 : proxywasm__headers_add_v(ctx, map, n, nl, d, dl));
  return replace ? proxywasm__headers_replace_n(ctx, map, n, nl, d, dl)
                 : proxywasm__headers_add_n(ctx, map, n, nl, d, dl);
}

/**
 * Checks a name and value against field syntax (the rule at the top of this
 * file, as the send path checks it) and fills *out with views of them and a
 * proof that they passed. Valid anywhere; call it where the header is made
 * (e.g. on_plugin_start, from the configuration). Makes no hostcall unless
 * it refuses. With PROXYWASM_HEADERS_ALLOW_RAW() every header passes, as
 * on the send path.
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT for a NULL out, a NULL name,
 * a NULL value with a length, or a header outside field syntax (then with
 * the send path's warning line); on failure *out is zeroed.
 * Ownership: *out holds views, not copies: the bytes stay the caller's and
 * must stay alive and UNCHANGED while *out is used (e.g. memory the plugin
 * context owns). The proof covers the views (pointers and lengths), not
 * the bytes: bytes rewritten in place after the check are sent unchecked.
 */
proxywasm_status proxywasm_header_check(proxywasm_bytes name, proxywasm_bytes value,
                                        proxywasm_checked_header *out);

/**
 * Adds a checked header (proxy_add_header_map_value), as
 * proxywasm_headers_add. Valid in: where the map is writable. With the
 * proof of its views it goes to the host without a syntax check; a struct
 * whose views changed since the check, or one never filled by
 * proxywasm_header_check (zeroed, uninitialised), takes the checked path:
 * the result is the ordinary add's, only the cost differs (the proof's
 * odds: docs/security.md).
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT for a NULL h, outside that
 * phase, or for a header refused by that check.
 */
PROXYWASM__INLINE proxywasm_status proxywasm_headers_add_checked(
    proxywasm_context *ctx, proxywasm_map map, const proxywasm_checked_header *h) {
  return proxywasm__headers_send_checked(ctx, map, h, false);
}

/**
 * Sets a checked header to one value, adding it if absent
 * (proxy_replace_header_map_value), as proxywasm_headers_replace; the
 * proof is used as by proxywasm_headers_add_checked.
 * Returns: as proxywasm_headers_add_checked.
 */
PROXYWASM__INLINE proxywasm_status proxywasm_headers_replace_checked(
    proxywasm_context *ctx, proxywasm_map map, const proxywasm_checked_header *h) {
  return proxywasm__headers_send_checked(ctx, map, h, true);
}

/**
 * Removes every value of a header (proxy_remove_header_map_value).
 * Returns: PROXYWASM_OK, also when it was absent.
 */
PROXYWASM__INLINE proxywasm_status proxywasm_headers_remove(proxywasm_context *ctx,
                                                            proxywasm_map map, const char *name) {
  return proxywasm__headers_remove_n(ctx, map, name, proxywasm__strlen(name));
}

/**
 * Gets the whole map, in order, one entry per value
 * (proxy_get_header_map_pairs). Envoy cannot tell an unavailable map from an
 * empty one: both give PROXYWASM_OK with *count 0.
 * Returns: PROXYWASM_OK; PROXYWASM_SERIALIZATION_FAILURE if the host's
 * encoding is malformed (outputs empty); PROXYWASM_INTERNAL_FAILURE if out
 * of memory.
 * Ownership: the array and the NUL-terminated names and values are borrowed,
 * valid until the hook returns.
 */
proxywasm_status proxywasm_headers_get_all(proxywasm_context *ctx, proxywasm_map map,
                                           proxywasm_header **headers, size_t *count);

/**
 * Replaces the whole map (proxy_set_header_map_pairs). The SDK checks the
 * host's limits first (1024 entries, 1 MiB: proxy-wasm-cpp-host's limits)
 * and refuses a larger map itself, with a status, instead of sending it.
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT over the limits, outside
 * the writable phase or for a header outside field syntax (nothing is then
 * changed); PROXYWASM_INTERNAL_FAILURE if out of memory.
 */
proxywasm_status proxywasm_headers_set_all(proxywasm_context *ctx, proxywasm_map map,
                                           const proxywasm_header *headers, size_t count);

/**
 * The size of a map as the host counts it (proxy_get_header_map_size);
 * Envoy reports the total bytes of names and values, not the entry count.
 */
proxywasm_status proxywasm_headers_size(proxywasm_context *ctx, proxywasm_map map, size_t *size);

/**
 * Finds the first entry called name (ASCII case-insensitive) in an array
 * returned by proxywasm_headers_get_all. Valid anywhere.
 * Returns: the entry, or NULL.
 */
const proxywasm_header *proxywasm_header_find(const proxywasm_header *headers, size_t count,
                                              const char *name);

/**
 * Encodes headers in the ABI's map format (u32 count, count x (u32 name_len,
 * u32 value_len), then each name and value followed by NUL) into a buffer
 * from the per-hook arena. Exposed for callouts and tests. A codec only:
 * it does not check header syntax (the functions that send headers do).
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT for a NULL out, NULL headers
 * with a count, a NULL name or value with a length, or more than the host
 * accepts (1024 entries, 1 MiB); PROXYWASM_INTERNAL_FAILURE if out of
 * memory.
 * Ownership: borrowed, valid until the hook returns.
 */
proxywasm_status proxywasm_headers_encode(const proxywasm_header *headers, size_t count,
                                          proxywasm_bytes *out);

/**
 * Decodes the ABI map format. Names and values point into data, which must
 * stay alive; entries are NUL-terminated only if data came from the host.
 * Returns: PROXYWASM_OK; PROXYWASM_SERIALIZATION_FAILURE on malformed input;
 * PROXYWASM_BAD_ARGUMENT for NULL outputs or NULL data with a length;
 * PROXYWASM_INTERNAL_FAILURE if out of memory.
 * Ownership: the array is borrowed from the per-hook arena.
 */
proxywasm_status proxywasm_headers_decode(proxywasm_bytes data, proxywasm_header **headers,
                                          size_t *count);

/**
 * Opt out of the header syntax check for the whole plugin (see the top of
 * this file): every header is then sent as given, CR and LF included, as
 * the host would take it. Only for a plugin that must pass raw bytes and
 * has made sure its peers cope; the host limits are still checked.
 */
#define PROXYWASM_HEADERS_ALLOW_RAW()  \
  void proxywasm__headers_raw(void);   \
  void proxywasm__headers_raw(void) {} \
  extern const int proxywasm__hooks_registered

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_HEADERS_H */
