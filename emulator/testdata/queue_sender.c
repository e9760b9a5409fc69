/*
 * queue_sender.c - test plugin for the emulator's multi-VM test: forwards
 * the :path of each request to the queue "jobs" of the VM named in its
 * plugin configuration.
 */
#include <stdio.h>

#include "proxywasm.h"

static char target[64];

static bool on_plugin_start(proxywasm_plugin *p, size_t size) {
  (void)p;
  proxywasm_bytes cfg;
  if (size == 0 || proxywasm_plugin_configuration_get(&cfg) != PROXYWASM_OK)
    return false;
  snprintf(target, sizeof target, "%.*s", (int)cfg.len, cfg.data);
  return true;
}

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n;
  (void)eos;
  uint32_t queue;
  proxywasm_status s = proxywasm_queue_resolve(target, "jobs", &queue);
  if (s != PROXYWASM_OK) {
    proxywasm_log_warnf("resolve %s: %s", target, proxywasm_status_str(s));
    return PROXYWASM_CONTINUE;
  }
  proxywasm_bytes path;
  if (proxywasm_http_get_request_header(h, ":path", &path) == PROXYWASM_OK)
    proxywasm_queue_enqueue(queue, path.data, path.len);
  proxywasm_bytes last;
  uint32_t cas;
  /* Shared data is scoped by vm_id: the receiver's "last" is not ours. */
  if (proxywasm_shared_data_get("last", &last, &cas) == PROXYWASM_NOT_FOUND)
    proxywasm_log_debug("no last in my vm");
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_plugin_start, on_request_headers);
