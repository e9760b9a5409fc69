/*
 * static.c - the exports of the plugin linked into the test binary.
 *
 * Weak references: a hook the plugin does not list is not linked (the SDK
 * links exports only for listed hooks), so its address is NULL and the
 * emulator skips it as Envoy skips a missing export. This file must not
 * see the SDK's own prototypes, hence no proxywasm.h.
 */
#include "internal.h"

#define WEAK __attribute__((weak))

WEAK void *proxy_on_memory_allocate(size_t);
WEAK void proxy_on_context_create(uint32_t, uint32_t);
WEAK uint32_t proxy_on_vm_start(uint32_t, uint32_t);
WEAK uint32_t proxy_on_configure(uint32_t, uint32_t);
WEAK uint32_t proxy_on_done(uint32_t);
WEAK void proxy_on_log(uint32_t);
WEAK void proxy_on_delete(uint32_t);
WEAK void proxy_on_tick(uint32_t);
WEAK void proxy_on_queue_ready(uint32_t, uint32_t);
WEAK void proxy_on_foreign_function(uint32_t, uint32_t, uint32_t);
WEAK uint32_t proxy_on_new_connection(uint32_t);
WEAK uint32_t proxy_on_downstream_data(uint32_t, uint32_t, uint32_t);
WEAK uint32_t proxy_on_upstream_data(uint32_t, uint32_t, uint32_t);
WEAK void proxy_on_downstream_connection_close(uint32_t, uint32_t);
WEAK void proxy_on_upstream_connection_close(uint32_t, uint32_t);
WEAK uint32_t proxy_on_request_headers(uint32_t, uint32_t, uint32_t);
WEAK uint32_t proxy_on_request_body(uint32_t, uint32_t, uint32_t);
WEAK uint32_t proxy_on_request_trailers(uint32_t, uint32_t);
WEAK uint32_t proxy_on_response_headers(uint32_t, uint32_t, uint32_t);
WEAK uint32_t proxy_on_response_body(uint32_t, uint32_t, uint32_t);
WEAK uint32_t proxy_on_response_trailers(uint32_t, uint32_t);
WEAK void proxy_on_http_call_response(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
WEAK void proxy_on_grpc_receive_initial_metadata(uint32_t, uint32_t, uint32_t);
WEAK void proxy_on_grpc_receive(uint32_t, uint32_t, uint32_t);
WEAK void proxy_on_grpc_receive_trailing_metadata(uint32_t, uint32_t, uint32_t);
WEAK void proxy_on_grpc_close(uint32_t, uint32_t, uint32_t);

proxywasm_emu_vm *proxywasm__emu_static_vm;

/* A wasm VM ends with its instance; the plugin linked into the test binary
   outlives it, so the records the SDK can only drop when told (plugins of
   a module without proxy_on_delete, src/runtime/records.c) are dropped
   here, for the next VM to start as a fresh instance would. */
WEAK void proxywasm__records_vm_end(void);
void proxywasm__emu_static_end(void) {
  if (proxywasm__records_vm_end)
    proxywasm__records_vm_end();
}

void proxywasm__emu_static_exports(emu_exports *ex) {
  ex->memory_allocate = proxy_on_memory_allocate;
  ex->context_create = proxy_on_context_create;
  ex->vm_start = proxy_on_vm_start;
  ex->configure = proxy_on_configure;
  ex->done = proxy_on_done;
  ex->log = proxy_on_log;
  ex->del = proxy_on_delete;
  ex->tick = proxy_on_tick;
  ex->queue_ready = proxy_on_queue_ready;
  ex->foreign_function = proxy_on_foreign_function;
  ex->new_connection = proxy_on_new_connection;
  ex->downstream_data = proxy_on_downstream_data;
  ex->upstream_data = proxy_on_upstream_data;
  ex->downstream_close = proxy_on_downstream_connection_close;
  ex->upstream_close = proxy_on_upstream_connection_close;
  ex->request_headers = proxy_on_request_headers;
  ex->request_body = proxy_on_request_body;
  ex->request_trailers = proxy_on_request_trailers;
  ex->response_headers = proxy_on_response_headers;
  ex->response_body = proxy_on_response_body;
  ex->response_trailers = proxy_on_response_trailers;
  ex->http_call_response = proxy_on_http_call_response;
  ex->grpc_initial = proxy_on_grpc_receive_initial_metadata;
  ex->grpc_message = proxy_on_grpc_receive;
  ex->grpc_trailing = proxy_on_grpc_receive_trailing_metadata;
  ex->grpc_close = proxy_on_grpc_close;
}
