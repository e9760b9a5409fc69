/*
 * tcp_counter - counts the bytes of every TCP connection in both directions:
 * per connection (logged when it ends) and in total (two Envoy counters,
 * tcp_counter.bytes_received and tcp_counter.bytes_sent).
 */
#include <proxywasm.h>

static proxywasm_metric received_total, sent_total;

typedef struct connection {
  uint64_t received, sent;
} connection;

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)plugin, (void)configuration_size;
  return proxywasm_counter_define("tcp_counter.bytes_received", &received_total) == PROXYWASM_OK &&
         proxywasm_counter_define("tcp_counter.bytes_sent", &sent_total) == PROXYWASM_OK;
}

static void on_tcp_create(proxywasm_tcp *tcp) {
  proxywasm_tcp_set_data(tcp, proxywasm_tcp_alloc(tcp, sizeof(connection)));
}

/* Counts one chunk; a connection without state (out of memory) still counts in total. */
static void count(proxywasm_tcp *tcp, size_t size, bool downstream) {
  connection *c = proxywasm_tcp_get_data(tcp);
  if (c)
    *(downstream ? &c->received : &c->sent) += size;
  proxywasm_metric_increment(downstream ? received_total : sent_total, (int64_t)size);
}

static proxywasm_action on_downstream_data(proxywasm_tcp *tcp, size_t data_size, bool end) {
  (void)end;
  count(tcp, data_size, true);
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_upstream_data(proxywasm_tcp *tcp, size_t data_size, bool end) {
  (void)end;
  count(tcp, data_size, false);
  return PROXYWASM_CONTINUE;
}

static void on_tcp_done(proxywasm_tcp *tcp) {
  const connection *c = proxywasm_tcp_get_data(tcp);
  if (c)
    proxywasm_log_infof("connection %u: %llu bytes received, %llu bytes sent",
                        (unsigned)proxywasm_context_id(proxywasm_tcp_context(tcp)),
                        (unsigned long long)c->received, (unsigned long long)c->sent);
}

PROXYWASM_HOOKS(on_plugin_start, on_tcp_create, on_downstream_data, on_upstream_data, on_tcp_done);
