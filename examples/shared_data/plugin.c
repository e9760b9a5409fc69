/*
 * shared_data - a request counter shared by every worker thread.
 *
 * Each request increments the little-endian uint64 under "shared_data_key"
 * with compare-and-swap: read value and CAS token, write value + 1 with that
 * token, and start over when another thread wrote in between. Port of the
 * Go SDK's examples/shared_data.
 */
#include <proxywasm.h>

#define KEY "shared_data_key"

static uint64_t load_le64(proxywasm_bytes b) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < b.len; i++)
    v |= (uint64_t)(unsigned char)b.data[i] << (8 * i);
  return v;
}

static void store_le64(unsigned char out[8], uint64_t v) {
  for (int i = 0; i < 8; i++)
    out[i] = (unsigned char)(v >> (8 * i));
}

/* Every VM (one per worker) starts with an empty value: "no requests yet". */
static bool on_vm_start(proxywasm_plugin *plugin, size_t vm_configuration_size) {
  (void)plugin, (void)vm_configuration_size;
  proxywasm_status s = proxywasm_shared_data_set(KEY, NULL, 0, 0);
  if (s != PROXYWASM_OK)
    proxywasm_log_warnf("error setting shared data on OnVMStart: %s", proxywasm_status_str(s));
  return true;
}

/* One CAS attempt. Returns PROXYWASM_CAS_MISMATCH when it must be retried. */
static proxywasm_status increment(uint64_t *next) {
  proxywasm_bytes value;
  uint32_t cas;
  proxywasm_status s = proxywasm_shared_data_get(KEY, &value, &cas);
  if (s != PROXYWASM_OK) {
    proxywasm_log_warnf("error getting shared data on OnHttpRequestHeaders: %s",
                        proxywasm_status_str(s));
    return s;
  }
  *next = value.len > 0 ? load_le64(value) + 1 : 1;
  unsigned char buf[8];
  store_le64(buf, *next);
  s = proxywasm_shared_data_set(KEY, buf, sizeof buf, cas);
  if (s != PROXYWASM_OK)
    proxywasm_log_warnf("error setting shared data on OnHttpRequestHeaders: %s",
                        proxywasm_status_str(s));
  return s;
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  (void)http, (void)header_count, (void)end_of_stream;
  uint64_t value = 0;
  proxywasm_status s;
  while ((s = increment(&value)) == PROXYWASM_CAS_MISMATCH) {
  }
  if (s == PROXYWASM_OK)
    proxywasm_log_infof("shared value: %llu", (unsigned long long)value);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_vm_start, on_request_headers);
