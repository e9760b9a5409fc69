/* starts.c - the plugin of test_starts.c: counts its starts twice, in
   shared data (every instance of the VM id sees it) and in a global (each
   instance has its own), and tells both on every request. Its constructor
   logs one line, which proxy_log allows during _initialize. A plugin
   configuration "reject" refuses to start. */
#include <proxywasm.h>

static unsigned instance_starts; /* this instance's on_vm_start calls */

__attribute__((constructor)) static void initialize(void) {
  proxywasm_log_info("starts: _initialize");
}

static unsigned load(proxywasm_bytes b) {
  unsigned v = 0;
  for (size_t i = 0; i < b.len; i++)
    v = v * 10 + (unsigned)(b.data[i] - '0');
  return v;
}

/* Writes v in decimal into out[12]; returns its length. */
static size_t decimal(char out[12], unsigned v) {
  char tmp[12];
  size_t n = 0, len = 0;
  do
    tmp[n++] = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  while (n)
    out[len++] = tmp[--n];
  return len;
}

static bool on_vm_start(proxywasm_plugin *plugin, size_t vm_configuration_size) {
  (void)plugin, (void)vm_configuration_size;
  instance_starts++;
  proxywasm_status s;
  do {
    proxywasm_bytes v = {0};
    uint32_t cas = 0;
    s = proxywasm_shared_data_get("starts", &v, &cas);
    if (s != PROXYWASM_OK && s != PROXYWASM_NOT_FOUND)
      return false;
    char buf[12];
    size_t n = decimal(buf, (s == PROXYWASM_OK ? load(v) : 0) + 1);
    s = proxywasm_shared_data_set("starts", buf, n, cas);
  } while (s == PROXYWASM_CAS_MISMATCH);
  return s == PROXYWASM_OK;
}

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)plugin, (void)configuration_size;
  proxywasm_bytes c = {0};
  return proxywasm_plugin_configuration_get(&c) != PROXYWASM_OK || !proxywasm_bytes_eq(c, "reject");
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count, bool eos) {
  (void)header_count, (void)eos;
  proxywasm_bytes v = {0};
  uint32_t cas = 0;
  char buf[12];
  if (proxywasm_shared_data_get("starts", &v, &cas) == PROXYWASM_OK)
    (void)proxywasm_http_add_request_header(http, "x-starts", v.data, v.len);
  size_t n = decimal(buf, instance_starts);
  (void)proxywasm_http_add_request_header(http, "x-instance-starts", buf, n);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_vm_start, on_plugin_start, on_request_headers);
