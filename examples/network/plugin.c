/*
 * network - a TCP (network filter) plugin that logs the connection's events
 * and data, reads properties of the upstream, and counts connections.
 *
 * Each upstream data event logs the upstream address (property
 * upstream.address) and the upstream cluster's "location" filter metadata, a
 * map-valued property (cluster_metadata.filter_metadata.location).
 */
#include <proxywasm.h>

/* Metrics belong to the VM: one id for every plugin and connection in it. */
static proxywasm_metric connection_counter;

static bool on_vm_start(proxywasm_plugin *plugin, size_t vm_configuration_size) {
  (void)plugin;
  (void)vm_configuration_size;
  proxywasm_status s =
      proxywasm_counter_define("proxy_wasm_go.connection_counter", &connection_counter);
  if (s != PROXYWASM_OK) {
    proxywasm_log_criticalf("failed to define the connection counter: %s", proxywasm_status_str(s));
    return false;
  }
  return true;
}

static proxywasm_action on_new_connection(proxywasm_tcp *tcp) {
  (void)tcp;
  proxywasm_log_info("new connection!");
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_downstream_data(proxywasm_tcp *tcp, size_t data_size,
                                           bool end_of_stream) {
  (void)end_of_stream;
  if (data_size == 0)
    return PROXYWASM_CONTINUE;
  proxywasm_bytes data;
  proxywasm_status s = proxywasm_tcp_get_downstream_data(tcp, 0, data_size, &data);
  if (s != PROXYWASM_OK && s != PROXYWASM_NOT_FOUND) {
    proxywasm_log_criticalf("failed to get downstream data: %s", proxywasm_status_str(s));
    return PROXYWASM_CONTINUE;
  }
  proxywasm_log_infof(">>>>>> downstream data received >>>>>>\n%.*s", (int)data.len, data.data);
  return PROXYWASM_CONTINUE;
}

static void on_downstream_close(proxywasm_tcp *tcp, proxywasm_peer peer) {
  (void)tcp;
  (void)peer;
  proxywasm_log_info("downstream connection close!");
}

static proxywasm_action on_upstream_data(proxywasm_tcp *tcp, size_t data_size, bool end_of_stream) {
  (void)end_of_stream;
  if (data_size == 0)
    return PROXYWASM_CONTINUE;

  /* The address of the upstream host this connection went to. */
  proxywasm_bytes address;
  proxywasm_status s = proxywasm_property_get(PROXYWASM_ATTR_UPSTREAM_ADDRESS, &address);
  if (s != PROXYWASM_OK)
    proxywasm_log_warnf("failed to get upstream remote address: %s", proxywasm_status_str(s));
  proxywasm_log_infof("remote address: %.*s", (int)address.len, address.data);

  /* The cluster's metadata.filter_metadata.location, a map of strings. */
  proxywasm_header *entries;
  size_t count;
  s = proxywasm_property_get_map(
      PROXYWASM_PATH("xds", "cluster_metadata", "filter_metadata", "location"), &entries, &count);
  if (s != PROXYWASM_OK)
    proxywasm_log_warnf("failed to get upstream location metadata: %s", proxywasm_status_str(s));
  for (size_t i = 0; i < count; i++)
    proxywasm_log_infof("upstream cluster metadata location[%.*s]=%.*s", (int)entries[i].name.len,
                        entries[i].name.data, (int)entries[i].value.len, entries[i].value.data);

  proxywasm_bytes data;
  s = proxywasm_tcp_get_upstream_data(tcp, 0, data_size, &data);
  if (s != PROXYWASM_OK && s != PROXYWASM_NOT_FOUND)
    proxywasm_log_critical(proxywasm_status_str(s));
  proxywasm_log_infof("<<<<<< upstream data received <<<<<<\n%.*s", (int)data.len, data.data);
  return PROXYWASM_CONTINUE;
}

/* The connection is over (access-log phase). */
static void on_tcp_done(proxywasm_tcp *tcp) {
  (void)tcp;
  proxywasm_metric_increment(connection_counter, 1);
  proxywasm_log_info("connection complete!");
}

PROXYWASM_HOOKS(on_vm_start, on_new_connection, on_downstream_data, on_downstream_close,
                on_upstream_data, on_tcp_done);
