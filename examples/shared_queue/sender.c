/*
 * shared_queue sender - feeds the queues of the "receiver" VM.
 *
 * One module, two plugin configurations: "http" (HTTP filter) enqueues every
 * request header to http_request_headers and every response header to
 * http_response_headers, as {"key": "<k>","value": "<v>"}; "tcp" (network
 * filter) enqueues the FNV-128a hash (hex) of each upstream data frame to
 * tcp_data_hashes. Port of the Go SDK's examples/shared_queue/sender.
 */
#include <proxywasm.h>

#define RECEIVER_VM_ID "receiver"

/* What a plugin context was configured for (its plugin data). */
typedef enum role { ROLE_OTHER, ROLE_HTTP, ROLE_TCP } role;

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)configuration_size;
  proxywasm_bytes config;
  proxywasm_status s = proxywasm_plugin_configuration_get(&config);
  if (s != PROXYWASM_OK) {
    proxywasm_log_criticalf("failed to get plugin config: %s", proxywasm_status_str(s));
    return false;
  }
  role *r = proxywasm_plugin_alloc(plugin, sizeof *r); /* freed with the plugin */
  if (r == NULL)
    return false;
  *r = proxywasm_bytes_eq(config, "http")  ? ROLE_HTTP
       : proxywasm_bytes_eq(config, "tcp") ? ROLE_TCP
                                           : ROLE_OTHER;
  proxywasm_plugin_set_data(plugin, r);
  proxywasm_log_infof("contextID=%u is configured for %.*s",
                      proxywasm_context_id(proxywasm_plugin_context(plugin)), (int)config.len,
                      config.data);
  return true;
}

static bool has_role(proxywasm_plugin *plugin, role want) {
  const role *r = proxywasm_plugin_get_data(plugin);
  return r != NULL && *r == want;
}

/* Queue ids are looked up by (vm_id, name) each time, like Go's per-stream
   resolve; 0 with a logged error when the receiver is not there. */
static uint32_t resolve(const char *name) {
  uint32_t id;
  proxywasm_status s = proxywasm_queue_resolve(RECEIVER_VM_ID, name, &id);
  if (s != PROXYWASM_OK)
    proxywasm_log_criticalf("error resolving queue id: %s", proxywasm_status_str(s));
  return id;
}

/* One header as Go formats it: {"key": "<k>","value": "<v>"} (no escaping). */
static int format_header(char *buf, size_t cap, const proxywasm_header *h) {
  return proxywasm_snprintf(buf, cap, "{\"key\": \"%.*s\",\"value\": \"%.*s\"}", (int)h->name.len,
                            h->name.data, (int)h->value.len, h->value.data);
}

/* Enqueues each header as one JSON line; with_id selects the log format. */
static void enqueue_headers(proxywasm_http *http, proxywasm_map map, const char *queue,
                            bool with_id) {
  proxywasm_context *ctx = proxywasm_http_context(http);
  proxywasm_header *headers;
  size_t count;
  proxywasm_status s = proxywasm_headers_get_all(ctx, map, &headers, &count);
  if (s != PROXYWASM_OK) {
    proxywasm_log_criticalf("error getting %s headers: %s",
                            map == PROXYWASM_MAP_HTTP_REQUEST_HEADERS ? "request" : "response",
                            proxywasm_status_str(s));
    return;
  }
  uint32_t queue_id = resolve(queue);
  for (size_t i = 0; i < count; i++) {
    char small[512], *msg = small;
    int n = format_header(small, sizeof small, &headers[i]);
    if (n < 0)
      continue;
    if ((size_t)n >= sizeof small) { /* a long header: format into stream memory */
      msg = proxywasm_http_alloc(http, (size_t)n + 1);
      if (msg == NULL) {
        proxywasm_log_critical("error queueing: out of memory");
        continue;
      }
      format_header(msg, (size_t)n + 1, &headers[i]);
    }
    s = proxywasm_queue_enqueue(queue_id, msg, (size_t)n);
    if (s != PROXYWASM_OK)
      proxywasm_log_criticalf("error queueing: %s", proxywasm_status_str(s));
    else if (with_id)
      proxywasm_log_infof("(contextID=%u) enqueued data: %.*s", proxywasm_context_id(ctx), n, msg);
    else
      proxywasm_log_infof("enqueued data: %.*s", n, msg);
    if (msg != small)
      proxywasm_context_free(ctx, msg);
  }
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  (void)header_count, (void)end_of_stream;
  if (has_role(proxywasm_http_plugin(http), ROLE_HTTP))
    enqueue_headers(http, PROXYWASM_MAP_HTTP_REQUEST_HEADERS, "http_request_headers", false);
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_response_headers(proxywasm_http *http, size_t header_count,
                                            bool end_of_stream) {
  (void)header_count, (void)end_of_stream;
  if (has_role(proxywasm_http_plugin(http), ROLE_HTTP))
    enqueue_headers(http, PROXYWASM_MAP_HTTP_RESPONSE_HEADERS, "http_response_headers", true);
  return PROXYWASM_CONTINUE;
}

/* FNV-1a, 128 bits, as four 32-bit limbs (w[0] least significant), written
   out big-endian in hex like Go's hash/fnv New128a + hex.EncodeToString. */
static void fnv128a_hex(const char *data, size_t len, char out[33]) {
  uint32_t w[4] = {0x6295c58d, 0x62b82175, 0x07bb0142, 0x6c62272e}; /* offset basis */
  for (size_t i = 0; i < len; i++) {
    w[0] ^= (unsigned char)data[i];
    /* h *= 2^88 + 0x13b (the FNV-128 prime), modulo 2^128. */
    uint32_t shl88_2 = w[0] << 24, shl88_3 = (w[0] >> 8) | (w[1] << 24);
    uint64_t carry = 0;
    for (int k = 0; k < 4; k++) {
      uint64_t t = (uint64_t)w[k] * 0x13b + carry;
      w[k] = (uint32_t)t;
      carry = t >> 32;
    }
    uint64_t t2 = (uint64_t)w[2] + shl88_2;
    w[2] = (uint32_t)t2;
    w[3] += shl88_3 + (uint32_t)(t2 >> 32);
  }
  static const char hex[] = "0123456789abcdef";
  for (int k = 0; k < 16; k++) {
    unsigned byte = (w[3 - k / 4] >> (8 * (3 - k % 4))) & 0xff;
    out[2 * k] = hex[byte >> 4];
    out[2 * k + 1] = hex[byte & 0xf];
  }
  out[32] = '\0';
}

static proxywasm_action on_upstream_data(proxywasm_tcp *tcp, size_t data_size, bool end_of_stream) {
  (void)end_of_stream;
  if (data_size == 0 || !has_role(proxywasm_tcp_plugin(tcp), ROLE_TCP))
    return PROXYWASM_CONTINUE;
  proxywasm_bytes data;
  proxywasm_status s = proxywasm_tcp_get_upstream_data(tcp, 0, data_size, &data);
  if (s != PROXYWASM_OK && s != PROXYWASM_NOT_FOUND)
    proxywasm_log_critical(proxywasm_status_str(s));
  char hash[33];
  fnv128a_hex(data.data, data.len, hash);
  s = proxywasm_queue_enqueue(resolve("tcp_data_hashes"), hash, 32);
  if (s != PROXYWASM_OK)
    proxywasm_log_criticalf("error queueing: %s", proxywasm_status_str(s));
  else
    proxywasm_log_infof("(contextID=%u) enqueued data: %s",
                        proxywasm_context_id(proxywasm_tcp_context(tcp)), hash);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_plugin_start, on_request_headers, on_response_headers, on_upstream_data);
