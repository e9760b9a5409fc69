/*
 * queue_receiver.c - test plugin for the emulator's multi-VM test: registers
 * the queue "jobs" of its VM and logs what arrives, with a per-VM count kept
 * in a global (each VM loads its own copy of this shared object).
 */
#include <stdio.h>

#include "proxywasm.h"

static int received;

static bool on_plugin_start(proxywasm_plugin *p, size_t size) {
  (void)size;
  uint32_t id;
  return proxywasm_queue_register(proxywasm_plugin_context(p), "jobs", &id) == PROXYWASM_OK;
}

static void on_queue_ready(proxywasm_plugin *p, uint32_t queue_id) {
  (void)p;
  proxywasm_bytes item;
  while (proxywasm_queue_dequeue(queue_id, &item) == PROXYWASM_OK) {
    received++;
    proxywasm_log_infof("received %.*s (count=%d)", (int)item.len, item.data, received);
    proxywasm_shared_data_set("last", item.data, item.len, 0);
  }
}

PROXYWASM_HOOKS(on_plugin_start, on_queue_ready);
