/*
 * shared_queue receiver - consumes shared queues filled by another VM.
 *
 * Runs as a singleton Wasm service (vm_id "receiver"). Each plugin context
 * registers a queue named after its plugin configuration and logs every
 * item that arrives. Port of the Go SDK's examples/shared_queue/receiver.
 */
#include <string.h>

#include <proxywasm.h>

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)configuration_size;
  proxywasm_context *ctx = proxywasm_plugin_context(plugin);
  proxywasm_bytes config;
  proxywasm_status s = proxywasm_plugin_configuration_get(&config);
  if (s != PROXYWASM_OK) {
    proxywasm_log_criticalf("failed to get plugin config: %s", proxywasm_status_str(s));
    return false;
  }
  /* The configuration is the queue name; keep a plugin-owned copy for
     on_queue_ready (the SDK frees it with the plugin). */
  char *name = proxywasm_plugin_alloc(plugin, config.len + 1);
  if (name == NULL)
    return false;
  memcpy(name, config.data, config.len);
  uint32_t queue_id;
  s = proxywasm_queue_register(ctx, name, &queue_id);
  if (s != PROXYWASM_OK) {
    proxywasm_log_criticalf("failed register queue: %s", proxywasm_status_str(s));
    return false;
  }
  proxywasm_plugin_set_data(plugin, name);
  proxywasm_log_infof("queue \"%s\" registered as queueID=%u by contextID=%u", name, queue_id,
                      proxywasm_context_id(ctx));
  return true;
}

/* Drains the queue: a host may coalesce notifications for several items. */
static void on_queue_ready(proxywasm_plugin *plugin, uint32_t queue_id) {
  const char *name = proxywasm_plugin_get_data(plugin);
  uint32_t id = proxywasm_context_id(proxywasm_plugin_context(plugin));
  for (;;) {
    proxywasm_bytes item;
    proxywasm_status s = proxywasm_queue_dequeue(queue_id, &item);
    if (s == PROXYWASM_EMPTY)
      return;
    if (s != PROXYWASM_OK) {
      proxywasm_log_criticalf("error retrieving data from queue %u: %s", queue_id,
                              proxywasm_status_str(s));
      return;
    }
    proxywasm_log_infof("(contextID=%u) dequeued data from %s(queueID=%u): %.*s", id,
                        name ? name : "", queue_id, (int)item.len, item.data);
  }
}

PROXYWASM_HOOKS(on_plugin_start, on_queue_ready);
