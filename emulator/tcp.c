/*
 * tcp.c - TCP connection drivers (Envoy's network filter callbacks).
 * Envoy keeps data in the connection's buffer while the filter returns
 * StopIteration, so data_size grows until the filter continues.
 */
#include "internal.h"

uint32_t proxywasm_emu_tcp_new(proxywasm_emu_vm *vm, uint32_t root, proxywasm_action *action) {
  if (action)
    *action = PROXYWASM_EMU_BAD_ACTION;
  emu_ctx *c = proxywasm__emu_stream_new(vm, root, EMU_TCP, "tcp_new");
  if (c == NULL)
    return 0;
  emu_frame f;
  uint32_t raw = PROXYWASM_CONTINUE;
  if (vm->ex.new_connection) {
    proxywasm__emu_enter(&f, vm, c->id);
    proxywasm__emu_trace(vm, "proxy_on_new_connection(%u)", c->id);
    raw = vm->ex.new_connection(c->id);
    c->action = (proxywasm_action)raw;
    c->applied = raw == PROXYWASM_CONTINUE ? PROXYWASM_CONTINUE : PROXYWASM_PAUSE;
    proxywasm__emu_leave(&f);
  }
  if (action)
    *action = (proxywasm_action)raw;
  proxywasm__emu_flush(vm->host);
  return c->id;
}

static proxywasm_action data_hook(proxywasm_emu_vm *vm, uint32_t id, int buf, const void *data,
                                  size_t len, bool eos,
                                  uint32_t (*fn)(uint32_t, uint32_t, uint32_t), const char *name) {
  emu_ctx *c = proxywasm__emu_stream(vm, id, EMU_TCP, name);
  if (c == NULL)
    return PROXYWASM_EMU_BAD_ACTION;
  if (data == NULL && len) {
    proxywasm__emu_err(vm->host, "%s: NULL data", name);
    return PROXYWASM_EMU_BAD_ACTION;
  }
  if (!c->buffering[buf])
    proxywasm__emu_buf_clear(&c->bufs[buf]);
  if (proxywasm__emu_buf_append(&c->bufs[buf], data, len) != 0) {
    proxywasm__emu_err(vm->host, "%s: out of memory", name);
    return PROXYWASM_EMU_BAD_ACTION;
  }
  c->buf_avail[buf] = true;
  emu_frame f;
  proxywasm__emu_enter(&f, vm, id);
  uint32_t raw = PROXYWASM_CONTINUE;
  if (fn) {
    proxywasm__emu_trace(vm, "%s(%u,%zu,%d)", name, id, c->bufs[buf].len, eos ? 1 : 0);
    raw = fn(id, (uint32_t)c->bufs[buf].len, eos ? 1 : 0);
  }
  c->action = (proxywasm_action)raw;
  /* Envoy's network filters: Continue, anything else StopIteration. */
  c->applied = raw == PROXYWASM_CONTINUE ? PROXYWASM_CONTINUE : PROXYWASM_PAUSE;
  if (raw != PROXYWASM_CONTINUE) {
    c->buffering[buf] = true; /* StopIteration: the data stays in the buffer */
  } else {
    c->buffering[buf] = false;
    c->buf_avail[buf] = false;
    (void)proxywasm__emu_buf_append(&c->sent[buf], c->bufs[buf].data, c->bufs[buf].len);
  }
  proxywasm__emu_leave(&f);
  proxywasm__emu_flush(vm->host);
  return (proxywasm_action)raw;
}

proxywasm_action proxywasm_emu_on_downstream_data(proxywasm_emu_vm *vm, uint32_t id,
                                                  const void *data, size_t len,
                                                  bool end_of_stream) {
  return data_hook(vm, id, PROXYWASM_BUFFER_DOWNSTREAM_DATA, data, len, end_of_stream,
                   vm ? vm->ex.downstream_data : NULL, "proxy_on_downstream_data");
}

static void close_hook(proxywasm_emu_vm *vm, uint32_t id, proxywasm_peer peer,
                       void (*fn)(uint32_t, uint32_t), const char *name);

proxywasm_action proxywasm_emu_on_upstream_data(proxywasm_emu_vm *vm, uint32_t id, const void *data,
                                                size_t len, bool end_of_stream) {
  proxywasm_action a = data_hook(vm, id, PROXYWASM_BUFFER_UPSTREAM_DATA, data, len, end_of_stream,
                                 vm ? vm->ex.upstream_data : NULL, "proxy_on_upstream_data");
  /* Envoy's onWrite reports the upstream close when it sees end_stream. */
  if (end_of_stream && a != PROXYWASM_EMU_BAD_ACTION)
    close_hook(vm, id, PROXYWASM_PEER_UNKNOWN, vm->ex.upstream_close,
               "proxy_on_upstream_connection_close");
  return a;
}

static void close_hook(proxywasm_emu_vm *vm, uint32_t id, proxywasm_peer peer,
                       void (*fn)(uint32_t, uint32_t), const char *name) {
  emu_ctx *c = proxywasm__emu_stream(vm, id, EMU_TCP, name);
  if (c == NULL || fn == NULL)
    return;
  emu_frame f;
  proxywasm__emu_enter(&f, vm, id);
  proxywasm__emu_trace(vm, "%s(%u,%u)", name, id, (unsigned)peer);
  fn(id, (uint32_t)peer);
  proxywasm__emu_leave(&f);
  proxywasm__emu_flush(vm->host);
}

void proxywasm_emu_on_downstream_close(proxywasm_emu_vm *vm, uint32_t id, proxywasm_peer peer) {
  close_hook(vm, id, peer, vm ? vm->ex.downstream_close : NULL,
             "proxy_on_downstream_connection_close");
}

void proxywasm_emu_on_upstream_close(proxywasm_emu_vm *vm, uint32_t id, proxywasm_peer peer) {
  close_hook(vm, id, peer, vm ? vm->ex.upstream_close : NULL, "proxy_on_upstream_connection_close");
}

/* The closing sequences Envoy (tcp_proxy behind the plugin) produces,
   measured by tests/fidelity: the side that closes first sends its FIN, the
   other side answers with its own, Envoy reports the upstream close with an
   unknown peer as soon as the upstream FIN passes, and the downstream close
   comes last. */
void proxywasm_emu_tcp_client_close(proxywasm_emu_vm *vm, uint32_t id) {
  if (proxywasm_emu_on_downstream_data(vm, id, "", 0, true) == PROXYWASM_EMU_BAD_ACTION)
    return;
  proxywasm_emu_on_upstream_data(vm, id, "", 0, true);
  /* Both directions are done: Envoy closes the client connection itself. */
  proxywasm_emu_on_downstream_close(vm, id, PROXYWASM_PEER_LOCAL);
  proxywasm_emu_tcp_complete(vm, id);
}

void proxywasm_emu_tcp_server_close(proxywasm_emu_vm *vm, uint32_t id) {
  if (proxywasm_emu_on_upstream_data(vm, id, "", 0, true) == PROXYWASM_EMU_BAD_ACTION)
    return;
  /* The client reads the end and closes its side. */
  proxywasm_emu_on_downstream_data(vm, id, "", 0, true);
  proxywasm_emu_on_downstream_close(vm, id, PROXYWASM_PEER_REMOTE);
  proxywasm_emu_tcp_complete(vm, id);
}

void proxywasm_emu_tcp_client_reset(proxywasm_emu_vm *vm, uint32_t id) {
  /* No upstream close reaches the plugin: Envoy tears the connection down. */
  proxywasm_emu_on_downstream_close(vm, id, PROXYWASM_PEER_REMOTE);
  proxywasm_emu_tcp_complete(vm, id);
}

void proxywasm_emu_tcp_plugin_close(proxywasm_emu_vm *vm, uint32_t id) {
  emu_ctx *c = proxywasm__emu_stream(vm, id, EMU_TCP, "tcp_plugin_close");
  if (c == NULL)
    return;
  if (c->closes[PROXYWASM_STREAM_DOWNSTREAM] == 0) {
    proxywasm__emu_err(vm->host,
                       "tcp_plugin_close: connection %u: the plugin did not call "
                       "proxy_close_stream(downstream)",
                       id);
    return;
  }
  proxywasm_emu_on_downstream_close(vm, id, PROXYWASM_PEER_LOCAL);
  proxywasm_emu_tcp_complete(vm, id);
}
