/*
 * allhooks.c - every proxy_on_* export, for hosts that call exports
 * without checking that they exist (Envoy checks). Linked only in modules
 * built with -DPROXYWASM_EXPORT_ALL_HOOKS (off by default): each is a weak
 * default giving the neutral answer a host uses when an export is missing:
 * configuration and shutdown succeed (true), stream events continue (0),
 * notifications do nothing. The plugin's hooks and the SDK's
 * own exports are strong and replace them.
 */
#include "../internal.h"

const int proxywasm__allhooks_anchor = 1;

#define DEFAULT(ret, name, args, value)                        \
  PROXYWASM__EXPORT(name) ret name args __attribute__((weak)); \
  ret name args { return value; }
#define NOTHING(name, args, use)                                \
  PROXYWASM__EXPORT(name) void name args __attribute__((weak)); \
  void name args { use; }

DEFAULT(uint32_t, proxy_on_vm_start, (uint32_t id, uint32_t size), ((void)id, (void)size, 1))
DEFAULT(uint32_t, proxy_on_configure, (uint32_t id, uint32_t size), ((void)id, (void)size, 1))
DEFAULT(uint32_t, proxy_on_done, (uint32_t id), ((void)id, 1))
DEFAULT(uint32_t, proxy_on_new_connection, (uint32_t id), ((void)id, 0))
DEFAULT(uint32_t, proxy_on_downstream_data, (uint32_t id, uint32_t n, uint32_t eos),
        ((void)id, (void)n, (void)eos, 0))
DEFAULT(uint32_t, proxy_on_upstream_data, (uint32_t id, uint32_t n, uint32_t eos),
        ((void)id, (void)n, (void)eos, 0))
DEFAULT(uint32_t, proxy_on_request_headers, (uint32_t id, uint32_t n, uint32_t eos),
        ((void)id, (void)n, (void)eos, 0))
DEFAULT(uint32_t, proxy_on_request_body, (uint32_t id, uint32_t n, uint32_t eos),
        ((void)id, (void)n, (void)eos, 0))
DEFAULT(uint32_t, proxy_on_request_trailers, (uint32_t id, uint32_t n), ((void)id, (void)n, 0))
DEFAULT(uint32_t, proxy_on_response_headers, (uint32_t id, uint32_t n, uint32_t eos),
        ((void)id, (void)n, (void)eos, 0))
DEFAULT(uint32_t, proxy_on_response_body, (uint32_t id, uint32_t n, uint32_t eos),
        ((void)id, (void)n, (void)eos, 0))
DEFAULT(uint32_t, proxy_on_response_trailers, (uint32_t id, uint32_t n), ((void)id, (void)n, 0))
NOTHING(proxy_on_context_create, (uint32_t id, uint32_t parent), ((void)id, (void)parent))
NOTHING(proxy_on_log, (uint32_t id), (void)id)
NOTHING(proxy_on_delete, (uint32_t id), (void)id)
NOTHING(proxy_on_tick, (uint32_t id), (void)id)
NOTHING(proxy_on_queue_ready, (uint32_t id, uint32_t q), ((void)id, (void)q))
NOTHING(proxy_on_foreign_function, (uint32_t id, uint32_t f, uint32_t n),
        ((void)id, (void)f, (void)n))
NOTHING(proxy_on_downstream_connection_close, (uint32_t id, uint32_t peer), ((void)id, (void)peer))
NOTHING(proxy_on_upstream_connection_close, (uint32_t id, uint32_t peer), ((void)id, (void)peer))
NOTHING(proxy_on_http_call_response, (uint32_t id, uint32_t t, uint32_t h, uint32_t b, uint32_t tr),
        ((void)id, (void)t, (void)h, (void)b, (void)tr))
NOTHING(proxy_on_grpc_receive_initial_metadata, (uint32_t id, uint32_t t, uint32_t n),
        ((void)id, (void)t, (void)n))
NOTHING(proxy_on_grpc_receive, (uint32_t id, uint32_t t, uint32_t n), ((void)id, (void)t, (void)n))
NOTHING(proxy_on_grpc_receive_trailing_metadata, (uint32_t id, uint32_t t, uint32_t n),
        ((void)id, (void)t, (void)n))
NOTHING(proxy_on_grpc_close, (uint32_t id, uint32_t t, uint32_t code),
        ((void)id, (void)t, (void)code))
