/*
 * test_emu_tcp.c - the emulator and the SDK together on TCP connections:
 * lifecycle order, data buffering while paused, data rewriting, closes,
 * resuming, and stream hostcalls from the wrong context.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "proxywasm.h"
#include "proxywasm/emulator.h"

static struct {
  size_t sizes[8];
  int n;
  bool hold;                /* pause downstream data until end of stream */
  proxywasm_peer closed_by; /* last downstream close peer */
  proxywasm_status up_in_down_st, http_in_tcp_st, resume_up_st, root_body_st;
  uint32_t conn;
  int upstream_closes;
  proxywasm_peer up_closed_by;
} seen;

static proxywasm_action on_new_connection(proxywasm_tcp *t) {
  seen.conn = proxywasm_context_id(proxywasm_tcp_context(t));
  proxywasm_log_info("new connection");
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_downstream_data(proxywasm_tcp *t, size_t size, bool eos) {
  if (seen.n < 8)
    seen.sizes[seen.n++] = size;
  proxywasm_bytes b;
  seen.up_in_down_st = proxywasm_tcp_get_upstream_data(t, 0, 10, &b);
  seen.http_in_tcp_st =
      proxywasm_buffer_get(proxywasm_tcp_context(t), PROXYWASM_BUFFER_HTTP_REQUEST_BODY, 0, 1, &b);
  if (seen.hold && !eos)
    return PROXYWASM_PAUSE;
  proxywasm_tcp_prepend_downstream_data(t, "[", 1);
  proxywasm_tcp_append_downstream_data(t, "]", 1);
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_upstream_data(proxywasm_tcp *t, size_t size, bool eos) {
  (void)size;
  (void)eos;
  proxywasm_tcp_replace_upstream_data(t, "redacted", 8);
  seen.resume_up_st =
      proxywasm_stream_continue(proxywasm_tcp_context(t), PROXYWASM_STREAM_UPSTREAM);
  proxywasm_tcp_close_upstream(t);
  return PROXYWASM_CONTINUE;
}

static void on_downstream_close(proxywasm_tcp *t, proxywasm_peer peer) {
  (void)t;
  seen.closed_by = peer;
}

static void on_upstream_close(proxywasm_tcp *t, proxywasm_peer peer) {
  (void)t;
  seen.upstream_closes++;
  seen.up_closed_by = peer;
}

static void on_tcp_done(proxywasm_tcp *t) {
  (void)t;
  proxywasm_log_info("connection done");
}

static void on_tick(proxywasm_plugin *p) {
  proxywasm_bytes b;
  /* A root context has no data: Envoy reads it as empty (OK). */
  seen.root_body_st = proxywasm_buffer_get(proxywasm_plugin_context(p),
                                           PROXYWASM_BUFFER_DOWNSTREAM_DATA, 0, 10, &b);
  proxywasm_context *c = proxywasm_context_find(seen.conn);
  if (c)
    proxywasm_tcp_resume((proxywasm_tcp *)c);
}

PROXYWASM_HOOKS(on_new_connection, on_downstream_data, on_upstream_data, on_downstream_close,
                on_upstream_close, on_tcp_done, on_tick);

/* Frees what a failed test left loaded, so the next test can start. */
static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(proxywasm_emu_static_host());
  return 0;
}

static int reset_seen(void **state) {
  (void)state;
  memset(&seen, 0, sizeof seen);
  return 0;
}

static void test_tcp_lifecycle(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  proxywasm_action a = PROXYWASM_PAUSE;
  uint32_t id = proxywasm_emu_tcp_new(vm, 0, &a);
  assert_int_equal(id, 2);
  assert_int_equal(a, PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_on_downstream_data(vm, id, "ping", 4, false), PROXYWASM_CONTINUE);
  size_t len;
  const char *d = proxywasm_emu_get_downstream_data(vm, id, &len);
  assert_int_equal(len, 6);
  assert_memory_equal(d, "[ping]", 6);
  /* Envoy reads stream buffers outside their hook as empty. */
  assert_int_equal(seen.up_in_down_st, PROXYWASM_OK);
  assert_int_equal(seen.http_in_tcp_st, PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_on_upstream_data(vm, id, "secret", 6, false), PROXYWASM_CONTINUE);
  d = proxywasm_emu_get_upstream_data_sent(vm, id, &len);
  assert_int_equal(len, 8);
  assert_memory_equal(d, "redacted", 8);
  /* Envoy cannot resume upstream reads. */
  assert_int_equal(seen.resume_up_st, PROXYWASM_UNIMPLEMENTED);
  assert_int_equal(proxywasm_emu_get_close_count(vm, id, PROXYWASM_STREAM_UPSTREAM), 1);
  assert_int_equal(seen.upstream_closes, 0);
  /* Envoy reports the upstream close when upstream data ends the stream. */
  seen.up_closed_by = PROXYWASM_PEER_REMOTE;
  proxywasm_emu_on_upstream_data(vm, id, "bye", 3, true);
  assert_int_equal(seen.upstream_closes, 1);
  assert_int_equal(seen.up_closed_by, PROXYWASM_PEER_UNKNOWN);
  proxywasm_emu_on_downstream_close(vm, id, PROXYWASM_PEER_REMOTE);
  assert_int_equal(seen.closed_by, PROXYWASM_PEER_REMOTE);
  proxywasm_emu_vm_trace_clear(vm);
  proxywasm_emu_tcp_complete(vm, id);
  /* TCP order: on_done, on_log, on_delete (on_done is not exported here). */
  assert_string_equal(proxywasm_emu_vm_trace(vm), "proxy_on_log(2)\nproxy_on_delete(2)\n");
  assert_true(proxywasm_emu_context_log_contains(vm, id, PROXYWASM_LOG_INFO, "done"));
  assert_int_equal(proxywasm_emu_context_log_count(vm, id, PROXYWASM_EMU_ANY_LEVEL), 2);
  proxywasm_emu_free(emu);
}

static void test_tcp_buffering_and_resume(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t id = proxywasm_emu_tcp_new(vm, 0, NULL);
  seen.hold = true;
  assert_int_equal(proxywasm_emu_on_downstream_data(vm, id, "ab", 2, false), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_on_downstream_data(vm, id, "cde", 3, false), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_get_applied_action(vm, id), PROXYWASM_PAUSE);
  assert_int_equal(seen.sizes[0], 2);
  assert_int_equal(seen.sizes[1], 5); /* the whole buffered data */
  size_t len;
  proxywasm_emu_get_downstream_data_sent(vm, id, &len);
  assert_int_equal(len, 0);
  /* Resume from a tick: the buffered data goes on. */
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
  assert_int_equal(seen.root_body_st, PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_get_resume_count(vm, id, PROXYWASM_STREAM_DOWNSTREAM), 1);
  assert_int_equal(proxywasm_emu_get_applied_action(vm, id), PROXYWASM_CONTINUE);
  const char *d = proxywasm_emu_get_downstream_data_sent(vm, id, &len);
  assert_int_equal(len, 5);
  assert_memory_equal(d, "abcde", 5);
  /* The next chunk starts a new buffer. */
  assert_int_equal(proxywasm_emu_on_downstream_data(vm, id, "z", 1, true), PROXYWASM_CONTINUE);
  assert_int_equal(seen.sizes[2], 1);
  d = proxywasm_emu_get_downstream_data_sent(vm, id, &len);
  assert_int_equal(len, 8);
  assert_memory_equal(d, "abcde[z]", 8);
  proxywasm_emu_free(emu);
}

static void test_tcp_driver_on_http_stream(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_downstream_data(vm, id, "x", 1, false),
                   PROXYWASM_EMU_BAD_ACTION);
  assert_non_null(strstr(proxywasm_emu_error(emu), "TCP"));
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_tcp_lifecycle, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_tcp_buffering_and_resume, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_tcp_driver_on_http_stream, reset_seen, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
