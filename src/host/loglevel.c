/*
 * loglevel.c - the host's log level (proxy_get_log_level, ABI 0.2.1).
 * Linked only when the plugin asks for it: proxywasm_log_level_get, or the
 * PROXYWASM_LOG_USE_HOST_LEVEL() opt-in.
 */
#include "../internal.h"

proxywasm_status proxywasm_log_level_get(proxywasm_log_level *level) {
  uint32_t l = 0;
  proxywasm_status s = proxywasm__st(proxy_get_log_level(&l));
  if (level)
    *level = s == PROXYWASM_OK ? (proxywasm_log_level)l : PROXYWASM_LOG_TRACE;
  return s;
}

/* The level is asked once per call into the module: a hook that logs ten
   debug lines below the host's level pays for one query. The cache is valid
   while the dirty bit is set; the end of the outermost hook clears it. */
static uint32_t cached_level; /* the host writes it directly: no stack slot */

bool proxywasm__log_gate_by_host(proxywasm_log_level level) {
  if (!(proxywasm__hook.dirty & PROXYWASM__DIRTY_LOGLEVEL)) {
    if (proxy_get_log_level(&cached_level) != 0)
      cached_level = PROXYWASM_LOG_TRACE; /* when unsure, log */
    proxywasm__hook.dirty |= PROXYWASM__DIRTY_LOGLEVEL;
  }
  return (uint32_t)level >= cached_level;
}
