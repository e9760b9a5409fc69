/*
 * log.c - logging through proxy_log.
 */
#include "../internal.h"

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

proxywasm_status proxywasm_logv(proxywasm_log_level level, const char *fmt, va_list ap) {
  if ((unsigned)level > PROXYWASM_LOG_CRITICAL)
    return PROXYWASM_BAD_ARGUMENT;
  if (proxywasm__log_gate && !proxywasm__log_gate(level))
    return PROXYWASM_OK; /* below the host's level: no formatting at all */
  if (fmt == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  char small[256];
  va_list copy;
  va_copy(copy, ap);
  int n = proxywasm_vsnprintf(small, sizeof small, fmt, ap);
  if (n < 0) {
    va_end(copy);
    return PROXYWASM_BAD_ARGUMENT;
  }
  const char *msg = small;
  if ((size_t)n >= sizeof small) {
    char *big = proxywasm__alloc((size_t)n); /* arena blocks have room for the NUL */
    if (big == NULL) {
      va_end(copy);
      return log_cut(level, small, sizeof small, (size_t)n);
    }
    proxywasm_vsnprintf(big, (size_t)n + 1, fmt, copy);
    msg = big;
  }
  va_end(copy);
  return proxywasm__st(proxy_log((uint32_t)level, msg, (size_t)n));
}

proxywasm_status proxywasm_logf(proxywasm_log_level level, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  proxywasm_status s = proxywasm_logv(level, fmt, ap);
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
