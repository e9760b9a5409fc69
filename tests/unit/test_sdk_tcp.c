/*
 * test_sdk_tcp.c - TCP streams through the SDK and the host emulator: data
 * in both directions, buffering while paused, resuming from a tick,
 * closing, per-connection state, close-hook peers and failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proxywasm.h"
#include "proxywasm/emulator.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN 1
#endif
#ifdef HAVE_ASAN
#include <sanitizer/asan_interface.h>
#endif

/* ---- checks inside hooks ---- */

#include "hook_checks.h"

/* ---- the plugin ---- */

typedef struct conn {
  uint32_t id;
  size_t down_bytes, up_bytes;
  proxywasm_peer down_peer, up_peer;
  int closes;
} conn;

static struct {
  proxywasm_action (*down)(proxywasm_tcp *, size_t, bool);
  proxywasm_action (*up)(proxywasm_tcp *, size_t, bool);
  void (*tick)(proxywasm_plugin *);
  proxywasm_action new_action;
} script;

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;
static int creates, dones, deletes;
static conn *kept_conn;
static uint32_t paused_id;

static void on_tcp_create(proxywasm_tcp *t) {
  creates++;
  CHECK_EQ(proxywasm_context_get_kind(proxywasm_tcp_context(t)), PROXYWASM_CONTEXT_TCP);
  conn *c = proxywasm_tcp_alloc(t, sizeof *c);
  CHECK(c != NULL);
  if (c)
    c->id = proxywasm_context_id(proxywasm_tcp_context(t));
  proxywasm_tcp_set_data(t, c);
  kept_conn = c;
}

static proxywasm_action on_new_connection(proxywasm_tcp *t) {
  CHECK(proxywasm_tcp_get_data(t) == kept_conn);
  CHECK(proxywasm_context_current() == proxywasm_tcp_context(t));
  proxywasm_plugin *p = proxywasm_tcp_plugin(t);
  CHECK(p != NULL);
  CHECK_EQ(proxywasm_context_id(proxywasm_plugin_context(p)), proxywasm_emu_vm_root(vm));
  return script.new_action;
}

static proxywasm_action on_downstream_data(proxywasm_tcp *t, size_t size, bool eos) {
  conn *c = proxywasm_tcp_get_data(t);
  if (c)
    c->down_bytes = size;
  return script.down ? script.down(t, size, eos) : PROXYWASM_CONTINUE;
}

static proxywasm_action on_upstream_data(proxywasm_tcp *t, size_t size, bool eos) {
  conn *c = proxywasm_tcp_get_data(t);
  if (c)
    c->up_bytes = size;
  return script.up ? script.up(t, size, eos) : PROXYWASM_CONTINUE;
}

static void on_downstream_close(proxywasm_tcp *t, proxywasm_peer peer) {
  conn *c = proxywasm_tcp_get_data(t);
  if (c) {
    c->down_peer = peer;
    c->closes++;
  }
}

static void on_upstream_close(proxywasm_tcp *t, proxywasm_peer peer) {
  conn *c = proxywasm_tcp_get_data(t);
  if (c) {
    c->up_peer = peer;
    c->closes++;
  }
}

static void on_tcp_done(proxywasm_tcp *t) {
  dones++;
  conn *c = proxywasm_tcp_get_data(t);
  CHECK(c == kept_conn);
  if (c)
    proxywasm_log_infof("conn %u: down %zu up %zu peers %d/%d closes %d", c->id, c->down_bytes,
                        c->up_bytes, (int)c->down_peer, (int)c->up_peer, c->closes);
}

static void on_tcp_delete(proxywasm_tcp *t) {
  deletes++;
  CHECK(proxywasm_tcp_get_data(t) == kept_conn); /* still valid here */
}

static void on_tick(proxywasm_plugin *p) {
  if (script.tick)
    script.tick(p);
}

PROXYWASM_HOOKS(on_tcp_create, on_new_connection, on_downstream_data, on_upstream_data,
                on_downstream_close, on_upstream_close, on_tcp_done, on_tcp_delete, on_tick);

/* ---- fixtures ---- */

static int setup(void **state) {
  (void)state;
  memset(&script, 0, sizeof script);
  check_line = checks_run = 0;
  creates = dones = deletes = 0;
  kept_conn = NULL;
  emu = proxywasm_emu_new();
  if (emu == NULL)
    return -1;
  vm = proxywasm_emu_start(emu, NULL);
  return vm ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  emu = NULL;
  return 0;
}

static const proxywasm_bytes junk = {"junk", 4};

/* ---- data ---- */

static proxywasm_action down_api(proxywasm_tcp *t, size_t size, bool eos) {
  if (!eos) {
    return PROXYWASM_PAUSE; /* keep it buffered */
  }
  CHECK_EQ(size, 9);
  proxywasm_bytes b = junk;
  CHECK_EQ(proxywasm_tcp_get_downstream_data(t, 0, PROXYWASM_BUFFER_ALL, &b), PROXYWASM_OK);
  CHECK_BYTES(b, "ping pong");
  CHECK(b.data[b.len] == 0);
  CHECK_EQ(proxywasm_tcp_get_downstream_data(t, 5, 2, &b), PROXYWASM_OK);
  CHECK_BYTES(b, "po");
  CHECK_EQ(proxywasm_tcp_get_downstream_data(t, 0, 1, NULL), PROXYWASM_BAD_ARGUMENT);
  size_t n = 0;
  uint32_t flags = 1;
  CHECK_EQ(proxywasm_buffer_status(proxywasm_tcp_context(t), PROXYWASM_BUFFER_DOWNSTREAM_DATA, &n,
                                   &flags),
           PROXYWASM_OK);
  CHECK(n == 9 && flags == 0);
  CHECK_EQ(proxywasm_tcp_replace_downstream_data(t, "PING", 4), PROXYWASM_OK);
  CHECK_EQ(proxywasm_tcp_prepend_downstream_data(t, "<", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_tcp_append_downstream_data(t, ">", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_tcp_append_downstream_data(t, NULL, 1), PROXYWASM_BAD_ARGUMENT);
  /* The other direction is not available in this hook: Envoy reads it as
     empty and refuses writes. */
  b = junk;
  CHECK_EQ(proxywasm_tcp_get_upstream_data(t, 0, 1, &b), PROXYWASM_OK);
  CHECK_EMPTY(b);
  CHECK_EQ(proxywasm_tcp_append_upstream_data(t, "x", 1), PROXYWASM_BAD_ARGUMENT);
  return PROXYWASM_CONTINUE;
}

static proxywasm_action up_api(proxywasm_tcp *t, size_t size, bool eos) {
  (void)eos;
  CHECK_EQ(size, 4);
  proxywasm_bytes b = junk;
  CHECK_EQ(proxywasm_tcp_get_upstream_data(t, 0, PROXYWASM_BUFFER_ALL, &b), PROXYWASM_OK);
  CHECK_BYTES(b, "pong");
  CHECK_EQ(proxywasm_tcp_replace_upstream_data(t, "PONG", 4), PROXYWASM_OK);
  CHECK_EQ(proxywasm_tcp_prepend_upstream_data(t, "[", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_tcp_append_upstream_data(t, "]", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_tcp_get_upstream_data(t, 1, 4, &b), PROXYWASM_OK);
  CHECK_BYTES(b, "PONG");
  b = junk;
  CHECK_EQ(proxywasm_tcp_get_downstream_data(t, 0, 1, &b), PROXYWASM_OK); /* Envoy: empty */
  CHECK_EMPTY(b);
  return PROXYWASM_CONTINUE;
}

static void test_data_both_ways(void **state) {
  (void)state;
  script.down = down_api;
  script.up = up_api;
  proxywasm_action a = PROXYWASM_PAUSE;
  uint32_t id = proxywasm_emu_tcp_new(vm, 0, &a);
  assert_int_not_equal(id, 0);
  assert_int_equal(a, PROXYWASM_CONTINUE);
  assert_int_equal(creates, 1);
  assert_int_equal(proxywasm_emu_on_downstream_data(vm, id, "ping ", 5, false), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_on_downstream_data(vm, id, "pong", 4, true), PROXYWASM_CONTINUE);
  size_t len;
  const char *sent = proxywasm_emu_get_downstream_data_sent(vm, id, &len);
  assert_int_equal(len, 6);
  assert_memory_equal(sent, "<PING>", 6);
  assert_int_equal(proxywasm_emu_on_upstream_data(vm, id, "pong", 4, true), PROXYWASM_CONTINUE);
  sent = proxywasm_emu_get_upstream_data_sent(vm, id, &len);
  assert_int_equal(len, 6);
  assert_memory_equal(sent, "[PONG]", 6);
  assert_checks();
  /* Upstream end of stream is reported as an upstream close by Envoy. */
  assert_int_equal(kept_conn->up_peer, PROXYWASM_PEER_UNKNOWN);
  assert_int_equal(kept_conn->closes, 1);
  proxywasm_emu_on_downstream_close(vm, id, PROXYWASM_PEER_REMOTE);
  assert_int_equal(kept_conn->down_peer, PROXYWASM_PEER_REMOTE);
  proxywasm_emu_tcp_complete(vm, id);
  assert_int_equal(dones, 1);
  assert_int_equal(deletes, 1);
  char want[96];
  snprintf(want, sizeof want, "conn %u: down 9 up 4 peers 2/0 closes 2", id);
  assert_true(proxywasm_emu_context_log_contains(vm, id, PROXYWASM_LOG_INFO, want));
  assert_checks();
}

static void test_close_peers(void **state) {
  (void)state;
  uint32_t id = proxywasm_emu_tcp_new(vm, 0, NULL);
  proxywasm_emu_on_upstream_close(vm, id, PROXYWASM_PEER_LOCAL);
  assert_int_equal(kept_conn->up_peer, PROXYWASM_PEER_LOCAL);
  /* A value outside the ABI's range reaches the plugin as UNKNOWN. */
  proxywasm_emu_on_downstream_close(vm, id, (proxywasm_peer)7);
  assert_int_equal(kept_conn->down_peer, PROXYWASM_PEER_UNKNOWN);
  assert_int_equal(kept_conn->closes, 2);
  proxywasm_emu_tcp_complete(vm, id);
  assert_checks();
}

/* ---- pausing, resuming from a tick, closing ---- */

static proxywasm_action down_pause(proxywasm_tcp *t, size_t size, bool eos) {
  (void)size, (void)eos;
  paused_id = proxywasm_context_id(proxywasm_tcp_context(t));
  return PROXYWASM_PAUSE;
}

static void tick_resume(proxywasm_plugin *p) {
  (void)p;
  proxywasm_context *c = proxywasm_context_find(paused_id);
  CHECK(c != NULL);
  if (c == NULL)
    return;
  CHECK_EQ(proxywasm_context_get_kind(c), PROXYWASM_CONTEXT_TCP);
  CHECK(proxywasm_context_as_http(c) == NULL);
  proxywasm_tcp *t = proxywasm_context_as_tcp(c);
  CHECK(t != NULL && proxywasm_tcp_context(t) == c);
  if (t == NULL)
    return;
  /* The buffered data is still readable and writable from the tick. */
  proxywasm_bytes b;
  CHECK_EQ(proxywasm_tcp_get_downstream_data(t, 0, PROXYWASM_BUFFER_ALL, &b), PROXYWASM_OK);
  CHECK_BYTES(b, "held");
  CHECK_EQ(proxywasm_tcp_append_downstream_data(t, "!", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_tcp_resume(t), PROXYWASM_OK);
  /* Envoy cannot resume a single direction upstream. */
  CHECK_EQ(proxywasm_stream_continue(c, PROXYWASM_STREAM_UPSTREAM), PROXYWASM_UNIMPLEMENTED);
  CHECK(proxywasm_tcp_get_data(t) == kept_conn);
}

static void test_resume_from_tick(void **state) {
  (void)state;
  script.down = down_pause;
  script.tick = tick_resume;
  uint32_t id = proxywasm_emu_tcp_new(vm, 0, NULL);
  assert_int_equal(proxywasm_emu_on_downstream_data(vm, id, "held", 4, false), PROXYWASM_PAUSE);
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
  assert_checks();
  assert_int_equal(proxywasm_emu_get_resume_count(vm, id, PROXYWASM_STREAM_DOWNSTREAM), 1);
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_CONTINUE);
  assert_true(proxywasm_emu_hostcall_count(emu, "set_effective_context") > 0);
  size_t len;
  const char *sent = proxywasm_emu_get_downstream_data_sent(vm, id, &len);
  assert_int_equal(len, 5);
  assert_memory_equal(sent, "held!", 5);
}

static proxywasm_action down_close(proxywasm_tcp *t, size_t size, bool eos) {
  (void)size, (void)eos;
  CHECK_EQ(proxywasm_tcp_close_downstream(t), PROXYWASM_OK);
  CHECK_EQ(proxywasm_tcp_close_upstream(t), PROXYWASM_OK);
  proxywasm_emu_fail_hostcall(emu, "close_stream", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_tcp_close_upstream(t), PROXYWASM_INTERNAL_FAILURE);
  proxywasm_emu_fail_hostcall(emu, "continue_stream", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_tcp_resume(t), PROXYWASM_INTERNAL_FAILURE);
  /* Data getters empty their output on failure. */
  proxywasm_emu_fail_hostcall(emu, "get_buffer_bytes", 1, PROXYWASM_INTERNAL_FAILURE);
  proxywasm_bytes b = junk;
  CHECK_EQ(proxywasm_tcp_get_downstream_data(t, 0, 4, &b), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EMPTY(b);
  proxywasm_emu_fail_module_allocations(emu, 0, 1);
  b = junk;
  CHECK_EQ(proxywasm_tcp_get_downstream_data(t, 0, 4, &b), PROXYWASM_INVALID_MEMORY_ACCESS);
  CHECK_EMPTY(b);
  return PROXYWASM_CONTINUE;
}

static void test_close_and_failures(void **state) {
  (void)state;
  script.down = down_close;
  uint32_t id = proxywasm_emu_tcp_new(vm, 0, NULL);
  proxywasm_emu_on_downstream_data(vm, id, "bye", 3, false);
  assert_checks();
  assert_int_equal(proxywasm_emu_get_close_count(vm, id, PROXYWASM_STREAM_DOWNSTREAM), 1);
  assert_int_equal(proxywasm_emu_get_close_count(vm, id, PROXYWASM_STREAM_UPSTREAM), 1);
  assert_int_equal(proxywasm_emu_get_resume_count(vm, id, PROXYWASM_STREAM_DOWNSTREAM), 0);
}

static void test_new_connection_paused(void **state) {
  (void)state;
  script.new_action = PROXYWASM_PAUSE;
  proxywasm_action a;
  uint32_t id = proxywasm_emu_tcp_new(vm, 0, &a);
  assert_int_equal(a, PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_PAUSE);
  conn *c = kept_conn;
  assert_non_null(c);
  assert_int_equal(c->id, id);
  assert_checks();
  /* Freeing the host deletes the live connection: its memory goes too. */
  proxywasm_emu_free(emu);
  emu = NULL;
  assert_int_equal(deletes, 1);
#ifdef HAVE_ASAN
  assert_true(__asan_address_is_poisoned(c));
#endif
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_data_both_ways, setup, teardown),
      cmocka_unit_test_setup_teardown(test_close_peers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_resume_from_tick, setup, teardown),
      cmocka_unit_test_setup_teardown(test_close_and_failures, setup, teardown),
      cmocka_unit_test_setup_teardown(test_new_connection_paused, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
