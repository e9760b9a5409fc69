/*
 * byroot/byroot.h - the module exports of PROXYWASM_PLUGIN modules, one
 * file each so that a module links only the exports its plugins use.
 * Each forwards to the hook of the plugin the context belongs to; a plugin
 * without that hook gets what Envoy does for a missing export.
 */
#ifndef PROXYWASM_BYROOT_H
#define PROXYWASM_BYROOT_H

#include "../../internal.h"

const proxywasm__plugin_def *proxywasm__byroot_def(struct proxywasm_context *c);
/* Never NULL: a context without a plugin definition gets an empty one. */
const proxywasm__plugin_def *proxywasm__byroot_id(uint32_t id);

/* The hook of the plugin context id belongs to (NULL if it has none). */
#define BYROOT_FN(hook) (proxywasm__byroot_id(id)->hooks.hook)

#define BYROOT_PLUGIN_SIZE(hook, export)                                  \
  const int proxywasm__byroot_##hook##_anchor = 1;                        \
  PROXYWASM__EXPORT(export) uint32_t export(uint32_t id, uint32_t size) { \
    proxywasm__plugin_size_fn fn = BYROOT_FN(hook);                       \
    return fn ? proxywasm__run_plugin_size(id, size, fn) : 1;             \
  }
#define BYROOT_PLUGIN(hook, export)                    \
  const int proxywasm__byroot_##hook##_anchor = 1;     \
  PROXYWASM__EXPORT(export) void export(uint32_t id) { \
    proxywasm__plugin_fn fn = BYROOT_FN(hook);         \
    if (fn)                                            \
      proxywasm__run_plugin(id, fn);                   \
  }
#define BYROOT_HTTP_DATA(hook)                                      \
  const int proxywasm__byroot_##hook##_anchor = 1;                  \
  PROXYWASM__EXPORT(proxy_##hook)                                   \
  uint32_t proxy_##hook(uint32_t id, uint32_t size, uint32_t eos) { \
    proxywasm__http_data_fn fn = BYROOT_FN(hook);                   \
    return fn ? proxywasm__run_http_data(id, size, eos, fn) : 0;    \
  }
#define BYROOT_HTTP_TRAILERS(hook)                                                 \
  const int proxywasm__byroot_##hook##_anchor = 1;                                 \
  PROXYWASM__EXPORT(proxy_##hook) uint32_t proxy_##hook(uint32_t id, uint32_t n) { \
    proxywasm__http_trailers_fn fn = BYROOT_FN(hook);                              \
    return fn ? proxywasm__run_http_trailers(id, n, fn) : 0;                       \
  }
#define BYROOT_TCP_DATA(hook)                                       \
  const int proxywasm__byroot_##hook##_anchor = 1;                  \
  PROXYWASM__EXPORT(proxy_##hook)                                   \
  uint32_t proxy_##hook(uint32_t id, uint32_t size, uint32_t eos) { \
    proxywasm__tcp_data_fn fn = BYROOT_FN(hook);                    \
    return fn ? proxywasm__run_tcp_data(id, size, eos, fn) : 0;     \
  }
#define BYROOT_TCP_CLOSE(hook, export)                                \
  const int proxywasm__byroot_##hook##_anchor = 1;                    \
  PROXYWASM__EXPORT(export) void export(uint32_t id, uint32_t peer) { \
    proxywasm__tcp_close_fn fn = BYROOT_FN(hook);                     \
    if (fn)                                                           \
      proxywasm__run_tcp_close(id, peer, fn);                         \
  }

#endif /* PROXYWASM_BYROOT_H */
