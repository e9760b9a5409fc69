/*
 * log.c - logging through proxy_log.
 */
#include "../internal.h"
#include "../util/format_impl.h"

/* Defined by PROXYWASM_LOG_USE_HOST_LEVEL(); absent, the host filters. */
bool proxywasm__log_gate(proxywasm_log_level level) PROXYWASM__WEAK;

bool proxywasm_log_enabled(proxywasm_log_level level) {
  return proxywasm__log_gate ? proxywasm__log_gate(level) : true;
}

proxywasm_status proxywasm_log(proxywasm_log_level level, const char *msg, size_t len) {
  if ((unsigned)level > PROXYWASM_LOG_CRITICAL)
    return PROXYWASM_BAD_ARGUMENT;
  if (proxywasm__log_gate && !proxywasm__log_gate(level))
    return PROXYWASM_OK;
  return proxywasm__st(proxy_log((uint32_t)level, msg ? msg : "", msg ? len : 0));
}

/* No memory for a long line: its start, then a marker saying how much was
   cut, so that a cut line never passes for a whole one. */
static proxywasm_status log_cut(proxywasm_log_level level, char *small, size_t cap, size_t n) {
  size_t keep = cap - 1 - 25; /* room for "...[cut 4294967295 bytes]" */
  int m = proxywasm_snprintf(small + keep, cap - keep, "...[cut %zu bytes]", n - keep);
  return proxywasm__st(proxy_log((uint32_t)level, small, keep + (size_t)m));
}

/* The line text (len bytes) then n bytes of s: the formats "<text>%s" and
   "<text>%.*s" without the formatter, as a hand-written plugin would. */
static uint32_t log_concat(proxywasm_log_level level, const char *text, size_t len, const char *s,
                           size_t n) {
#if defined(__wasm__)
  /* A module has one thread and proxy_log never calls back into it, so
     one buffer serves every call (no stack frame). */
  static
#endif
      char small[256];
  size_t total = len + n;
  char *line = small;
  if (total >= sizeof small) {
    if (total > INT32_MAX)
      return PROXYWASM_BAD_ARGUMENT; /* as the formatter: too long for an int */
    if ((line = proxywasm__alloc(total)) == NULL) {
      size_t keep = sizeof small - 1 - 25, head = len < keep ? len : keep;
      memcpy(small, text, head);
      memcpy(small + head, s, keep - head); /* total > keep: n covers the rest */
      return log_cut(level, small, sizeof small, total);
    }
  }
  memcpy(line, text, len);
  memcpy(line + len, s, n);
  return proxy_log((uint32_t)level, line, total); /* mapped by proxywasm__log_cat */
}

/* Formats with ff as the float conversions (NULL: none, see format.h) into
   a buffer on the stack; a longer line is formatted once more, into an
   arena block of its exact size. run: as proxywasm__format's. */
static proxywasm_status logv(proxywasm_log_level level, const char *fmt, size_t run, va_list ap,
                             proxywasm__fmt_float_fn *ff) {
  if ((unsigned)level > PROXYWASM_LOG_CRITICAL)
    return PROXYWASM_BAD_ARGUMENT;
  if (proxywasm__log_gate && !proxywasm__log_gate(level))
    return PROXYWASM_OK; /* below the host's level: no formatting at all */
  if (fmt == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  char small[256];
  proxywasm__out o = {small, sizeof small, 0};
  va_list copy;
  va_copy(copy, ap);
  int n = proxywasm__format(&o, fmt, run, ap, ff);
  if (n < 0) {
    va_end(copy);
    return PROXYWASM_BAD_ARGUMENT;
  }
  if ((size_t)n >= sizeof small) {
    o.buf = proxywasm__alloc((size_t)n); /* arena blocks have room for the NUL */
    if (o.buf == NULL) {
      va_end(copy);
      return log_cut(level, small, sizeof small, (size_t)n);
    }
    o.cap = (size_t)n + 1;
    o.len = 0;
    proxywasm__format(&o, fmt, run, copy, ff);
  }
  va_end(copy);
  return proxywasm__st(proxy_log((uint32_t)level, o.buf, (size_t)n));
}

proxywasm_status proxywasm_logv(proxywasm_log_level level, const char *fmt, va_list ap) {
  return logv(level, fmt, PROXYWASM__RUN_UNKNOWN, ap, proxywasm__fmt_float);
}

proxywasm_status(proxywasm_logf)(proxywasm_log_level level, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  proxywasm_status s = proxywasm_logv(level, fmt, ap);
  va_end(ap);
  return s;
}

/* The level is valid and s is not NULL (proxywasm__log_cat sees to both,
   inline); returns the host's status word, or a status. */
uint32_t proxywasm__log_view(proxywasm_log_level level, const char *text, size_t len, int precision,
                             const char *s) {
  if (proxywasm__log_gate && !proxywasm__log_gate(level))
    return PROXYWASM_OK;
  return log_concat(level, text, len, s, proxywasm__str_len(s, precision)); /* as the formatter */
}

/* run: as proxywasm__format's, with the shape of the format in its top bits
   (log.h): the text alone, "<text>%s" and "<text>%.*s" are concatenated
   without the formatter, as a hand-written plugin would. */
proxywasm_status proxywasm__logf_nf(proxywasm_log_level level, size_t run, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  size_t shape = run == PROXYWASM__RUN_UNKNOWN ? 0 : run & PROXYWASM__RUN_PS;
  proxywasm_status s;
  if (shape == 0) {
    s = logv(level, fmt, run, ap, NULL);
  } else {
    int prec = shape == PROXYWASM__RUN_PS ? va_arg(ap, int) : -1;
    const char *str = shape == PROXYWASM__RUN_TEXT ? "" : va_arg(ap, const char *);
    s = proxywasm__log_cat(level, fmt, run & ~PROXYWASM__RUN_PS, prec, str);
  }
  va_end(ap);
  return s;
}

#define PLAIN(name, lvl)                                   \
  proxywasm_status proxywasm_log_##name(const char *msg) { \
    return proxywasm_log(lvl, msg, msg ? strlen(msg) : 0); \
  }
#define FORMATTED(name, lvl)                                        \
  proxywasm_status(proxywasm_log_##name##f)(const char *fmt, ...) { \
    va_list ap;                                                     \
    va_start(ap, fmt);                                              \
    proxywasm_status s = proxywasm_logv(lvl, fmt, ap);              \
    va_end(ap);                                                     \
    return s;                                                       \
  }
#define LEVEL(name, lvl) PLAIN(name, lvl) FORMATTED(name, lvl)
LEVEL(trace, PROXYWASM_LOG_TRACE)
LEVEL(debug, PROXYWASM_LOG_DEBUG)
LEVEL(info, PROXYWASM_LOG_INFO)
LEVEL(warn, PROXYWASM_LOG_WARN)
LEVEL(error, PROXYWASM_LOG_ERROR)
LEVEL(critical, PROXYWASM_LOG_CRITICAL)
