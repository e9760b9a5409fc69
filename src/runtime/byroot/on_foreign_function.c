#include "byroot.h"
const int proxywasm__byroot_on_foreign_function_anchor = 1;
PROXYWASM__EXPORT(proxy_on_foreign_function)
void proxy_on_foreign_function(uint32_t id, uint32_t function_id, uint32_t size) {
  proxywasm__foreign_fn fn = BYROOT_FN(on_foreign_function);
  if (fn)
    proxywasm__run_foreign(id, function_id, size, fn);
}
