/*
 * shared_data_lab reader - the "second-extension" of the shared-data lab.
 *
 * Only reads the counter that incrementer.c maintains. It is a different
 * module, but configured with the same vm_id, so it sees the same shared
 * data.
 */
#include <proxywasm.h>

#define KEY "shared_data_key"

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  (void)http, (void)header_count, (void)end_of_stream;
  proxywasm_bytes value;
  proxywasm_status s = proxywasm_shared_data_get(KEY, &value, NULL);
  if (s != PROXYWASM_OK) {
    proxywasm_log_warnf("[second-extension]: error getting shared data: %s",
                        proxywasm_status_str(s));
    return PROXYWASM_CONTINUE;
  }
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < value.len; i++)
    v |= (uint64_t)(unsigned char)value.data[i] << (8 * i);
  proxywasm_log_infof("[second-extension]: Reading shared data: %llu", (unsigned long long)v);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_request_headers);
