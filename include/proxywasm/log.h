/*
 * proxywasm/log.h - logging through the host (proxy_log).
 *
 * Envoy prints plugin logs as "wasm log <plugin> <root_id> <vm_id>: <msg>"
 * under its "wasm" logger, filtered by that logger's level.
 *
 * Level filtering inside the module is opt-in, because it needs the
 * proxy_get_log_level hostcall, which not every host implements (Kong traps
 * on it). Put PROXYWASM_LOG_USE_HOST_LEVEL(); at file scope in one source
 * file: from then on every log call below the host's level returns at once,
 * without formatting and without crossing into the host, after one level
 * query per hook invocation. Without it, the module never imports the level
 * query and the host does the filtering.
 */
#ifndef PROXYWASM_LOG_H
#define PROXYWASM_LOG_H

#include <stdarg.h>

#include "format.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define PROXYWASM__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PROXYWASM__PRINTF(f, a)
#endif

/**
 * Logs len bytes of msg at level (proxy_log). Valid in: any hook.
 * Returns: PROXYWASM_OK, PROXYWASM_BAD_ARGUMENT for a level above CRITICAL,
 * or the host's status. A message filtered out by the opt-in level check
 * returns PROXYWASM_OK.
 */
proxywasm_status proxywasm_log(proxywasm_log_level level, const char *msg, size_t len);

/**
 * Formats with proxywasm_vsnprintf (see format.h) and logs. Messages of any
 * length are formatted in the per-hook arena and logged whole; if that
 * memory cannot be had, the line's start is logged ending in
 * "...[cut N bytes]" (never cut silently). Valid in: any hook.
 * Returns: as proxywasm_log().
 */
proxywasm_status proxywasm_logf(proxywasm_log_level level, const char *fmt, ...)
    PROXYWASM__PRINTF(2, 3);
proxywasm_status proxywasm_logv(proxywasm_log_level level, const char *fmt, va_list ap);
/* Without the float code where no argument is a double (format.h). */
proxywasm_status proxywasm__logf_nf(proxywasm_log_level level, size_t run, const char *fmt, ...)
    PROXYWASM__PRINTF(3, 4);
/* A literal format's first text length (format.h), and in its top bits the
   shapes logged without the formatter: the text alone, "<text>%s" and
   "<text>%.*s", all decided by the compiler. */
#define PROXYWASM__RUN_TEXT ((size_t)1 << 29)
#define PROXYWASM__RUN_S ((size_t)2 << 29)
#define PROXYWASM__RUN_PS ((size_t)3 << 29)
#if defined(__GNUC__) || defined(__clang__)
#define PROXYWASM__LOG_RUN(fmt)                                          \
  (__builtin_constant_p(__builtin_strlen(fmt))                           \
       ? __builtin_strcspn((fmt), "%") |                                 \
             PROXYWASM__LOG_SHAPE((fmt) + __builtin_strcspn((fmt), "%")) \
       : PROXYWASM__RUN_UNKNOWN)
#define PROXYWASM__LOG_SHAPE(c)                           \
  (!*(c)                            ? PROXYWASM__RUN_TEXT \
   : !__builtin_strcmp((c), "%s")   ? PROXYWASM__RUN_S    \
   : !__builtin_strcmp((c), "%.*s") ? PROXYWASM__RUN_PS   \
                                    : (size_t)0)
#else
#define PROXYWASM__LOG_RUN(fmt) PROXYWASM__RUN_UNKNOWN
#endif
/* "<text>%.*s" (the commonest log line: a prefix and a view) takes no
   varargs: the two arguments are passed as they are (a call with other
   types or counts is not this shape's, and never reaches this branch). */
uint32_t proxywasm__log_view(proxywasm_log_level level, const char *text, size_t len, int precision,
                             const char *s);
/* Inlined, so that the compiler checks a constant level and a dropped
   status costs nothing; the call returns the host's word. NULL is printed
   as printf prints it. */
PROXYWASM__INLINE proxywasm_status proxywasm__log_cat(proxywasm_log_level level, const char *text,
                                                      size_t len, int precision, const char *s) {
  if ((unsigned)level > PROXYWASM_LOG_CRITICAL)
    return PROXYWASM_BAD_ARGUMENT;
  return proxywasm__st(proxywasm__log_view(level, text, len, precision, s ? s : "(null)"));
}
#define PROXYWASM__FMT_A1(...) PROXYWASM__FMT_A1_(__VA_ARGS__, 0, 0)
#define PROXYWASM__FMT_A1_(fmt, a, ...) a
#define PROXYWASM__FMT_A2(...) PROXYWASM__FMT_A2_(__VA_ARGS__, 0, 0, 0)
#define PROXYWASM__FMT_A2_(fmt, a, b, ...) b
#define PROXYWASM__LOGF_NF(level, ...) \
  PROXYWASM__LOGF_NF_(level, PROXYWASM__LOG_RUN(PROXYWASM__FMT_OF(__VA_ARGS__)), __VA_ARGS__)
#define PROXYWASM__LOGF_NF_(level, run, ...)                                                   \
  ((run) != PROXYWASM__RUN_UNKNOWN && ((run) & PROXYWASM__RUN_PS) == PROXYWASM__RUN_PS         \
       ? proxywasm__log_cat(level, PROXYWASM__FMT_OF(__VA_ARGS__), (run) & ~PROXYWASM__RUN_PS, \
                            (int)(intptr_t)(PROXYWASM__FMT_A1(__VA_ARGS__)),                   \
                            (const char *)(uintptr_t)(PROXYWASM__FMT_A2(__VA_ARGS__)))         \
       : proxywasm__logf_nf(level, run, __VA_ARGS__))
#define proxywasm_logf(level, ...)                          \
  PROXYWASM__FMT_PICK((proxywasm_logf)(level, __VA_ARGS__), \
                      PROXYWASM__LOGF_NF(level, __VA_ARGS__), __VA_ARGS__)

/** Logs a NUL-terminated message as is (no formatting). */
proxywasm_status proxywasm_log_trace(const char *msg);
proxywasm_status proxywasm_log_debug(const char *msg);
proxywasm_status proxywasm_log_info(const char *msg);
proxywasm_status proxywasm_log_warn(const char *msg);
proxywasm_status proxywasm_log_error(const char *msg);
proxywasm_status proxywasm_log_critical(const char *msg);

/**
 * printf-style logging at one level (LogInfof and friends in Go). With
 * PROXYWASM_LOG_USE_HOST_LEVEL, a line below the host's level costs only
 * the level check: these are macros that check before the call, so the
 * arguments are then not evaluated (as with most logging macros); write
 * side effects outside the call. (proxywasm_log_debugf)(...) calls the
 * function itself. Like proxywasm_logf, they link the float conversions
 * only where an argument is a double (format.h).
 */
proxywasm_status proxywasm_log_tracef(const char *fmt, ...) PROXYWASM__PRINTF(1, 2);
proxywasm_status proxywasm_log_debugf(const char *fmt, ...) PROXYWASM__PRINTF(1, 2);
proxywasm_status proxywasm_log_infof(const char *fmt, ...) PROXYWASM__PRINTF(1, 2);
proxywasm_status proxywasm_log_warnf(const char *fmt, ...) PROXYWASM__PRINTF(1, 2);
proxywasm_status proxywasm_log_errorf(const char *fmt, ...) PROXYWASM__PRINTF(1, 2);
proxywasm_status proxywasm_log_criticalf(const char *fmt, ...) PROXYWASM__PRINTF(1, 2);
#define PROXYWASM__LOG_IF(level, f, ...)                                               \
  (proxywasm_log_enabled(level)                                                        \
       ? PROXYWASM__FMT_PICK((f)(__VA_ARGS__), PROXYWASM__LOGF_NF(level, __VA_ARGS__), \
                             __VA_ARGS__)                                              \
       : PROXYWASM_OK)
#define proxywasm_log_tracef(...) \
  PROXYWASM__LOG_IF(PROXYWASM_LOG_TRACE, proxywasm_log_tracef, __VA_ARGS__)
#define proxywasm_log_debugf(...) \
  PROXYWASM__LOG_IF(PROXYWASM_LOG_DEBUG, proxywasm_log_debugf, __VA_ARGS__)
#define proxywasm_log_infof(...) \
  PROXYWASM__LOG_IF(PROXYWASM_LOG_INFO, proxywasm_log_infof, __VA_ARGS__)
#define proxywasm_log_warnf(...) \
  PROXYWASM__LOG_IF(PROXYWASM_LOG_WARN, proxywasm_log_warnf, __VA_ARGS__)
#define proxywasm_log_errorf(...) \
  PROXYWASM__LOG_IF(PROXYWASM_LOG_ERROR, proxywasm_log_errorf, __VA_ARGS__)
#define proxywasm_log_criticalf(...) \
  PROXYWASM__LOG_IF(PROXYWASM_LOG_CRITICAL, proxywasm_log_criticalf, __VA_ARGS__)

/**
 * The host's current log level (proxy_get_log_level, ABI 0.2.1). Envoy
 * reports 0 (trace) to 6 (off). Imports the level query; see the top of
 * this header. Valid in: any hook.
 * Returns: PROXYWASM_OK and *level; on failure *level is PROXYWASM_LOG_TRACE.
 */
proxywasm_status proxywasm_log_level_get(proxywasm_log_level *level);

/**
 * True if a message at level would be printed by the host. Without
 * PROXYWASM_LOG_USE_HOST_LEVEL this is always true; with it, one level
 * query per hook invocation is made and cached. Valid in: any hook.
 */
bool proxywasm_log_enabled(proxywasm_log_level level);

/** Opt in to level filtering inside the module (see the top of this file). */
#define PROXYWASM_LOG_USE_HOST_LEVEL()                  \
  bool proxywasm__log_gate(proxywasm_log_level level);  \
  bool proxywasm__log_gate(proxywasm_log_level level) { \
    return proxywasm__log_gate_by_host(level);          \
  }                                                     \
  extern const int proxywasm__hooks_registered
bool proxywasm__log_gate_by_host(proxywasm_log_level level);

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_LOG_H */
