#include "byroot.h"
const int proxywasm__byroot_on_queue_ready_anchor = 1;
PROXYWASM__EXPORT(proxy_on_queue_ready) void proxy_on_queue_ready(uint32_t id, uint32_t queue_id) {
  proxywasm__plugin_u32_fn fn = BYROOT_FN(on_queue_ready);
  if (fn)
    proxywasm__run_plugin_u32(id, queue_id, fn);
}
