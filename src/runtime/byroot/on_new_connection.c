#include "byroot.h"
const int proxywasm__byroot_on_new_connection_anchor = 1;
PROXYWASM__EXPORT(proxy_on_new_connection) uint32_t proxy_on_new_connection(uint32_t id) {
  proxywasm__tcp_new_fn fn = BYROOT_FN(on_new_connection);
  return fn ? proxywasm__run_tcp_new(id, fn) : 0;
}
