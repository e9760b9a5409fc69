/*
 * test_sdk_grpc.c - gRPC calls and streams through the SDK and the host
 * emulator: every callback with its getters, the callback running as its
 * caller, sending on streams, cancel and close, answers dropped when the
 * caller was deleted, and rejected calls.
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

/* ---- checks inside hooks ---- */

#include "hook_checks.h"

/* ---- the plugin ---- */

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;
static const proxywasm_bytes junk = {"junk", 4};
static proxywasm_header junk_header[1];

static struct {
  int initial, messages, trailing, closes;
  uint32_t caller_id, token, status;
  void *user_data;
  char close_msg[32];
} seen;

static int user_marker;

static void cb_initial(proxywasm_context *caller, uint32_t token, size_t n, void *user) {
  seen.initial++;
  seen.caller_id = proxywasm_context_id(caller);
  seen.token = token;
  seen.user_data = user;
  CHECK(proxywasm_context_current() == caller);
  proxywasm_header *md = junk_header;
  size_t count = 0;
  CHECK_EQ(proxywasm_grpc_get_initial_metadata(&md, &count), PROXYWASM_OK);
  CHECK_EQ(count, n);
  if (count == 2) {
    CHECK_BYTES(md[0].name, "x-server"); /* lowercased by the host */
    CHECK(md[1].value.len == 3 && memcmp(md[1].value.data, "\0b\0", 3) == 0);
  }
  /* Only the delivered kind is readable. */
  md = junk_header;
  CHECK_EQ(proxywasm_grpc_get_trailing_metadata(&md, &count), PROXYWASM_OK);
  CHECK(md == NULL && count == 0);
  proxywasm_bytes m = junk;
  CHECK_EQ(proxywasm_grpc_get_message(0, 10, &m), PROXYWASM_OK); /* Envoy: empty */
  CHECK_EMPTY(m);
}

static void cb_message(proxywasm_context *caller, uint32_t token, size_t size, void *user) {
  seen.messages++;
  seen.caller_id = proxywasm_context_id(caller);
  seen.token = token;
  seen.user_data = user;
  proxywasm_bytes m = junk;
  CHECK_EQ(proxywasm_grpc_get_message(0, size, &m), PROXYWASM_OK);
  CHECK_EQ(m.len, size);
  if (seen.messages == 1) {
    CHECK_BYTES(m, "resp\0onse");
    CHECK_EQ(proxywasm_grpc_get_message(5, PROXYWASM_BUFFER_ALL, &m), PROXYWASM_OK);
    CHECK_BYTES(m, "onse");
  }
  proxywasm_emu_fail_module_allocations(emu, 0, 1);
  m = junk;
  CHECK_EQ(proxywasm_grpc_get_message(0, size, &m), PROXYWASM_INVALID_MEMORY_ACCESS);
  CHECK_EMPTY(m);
  /* A unary call's answer ends it: a request waiting for it goes on. */
  if (proxywasm_context_get_kind(caller) == PROXYWASM_CONTEXT_HTTP)
    CHECK_EQ(proxywasm_http_resume_request((proxywasm_http *)caller), PROXYWASM_OK);
}

static void cb_trailing(proxywasm_context *caller, uint32_t token, size_t n, void *user) {
  (void)caller, (void)token, (void)user;
  seen.trailing++;
  proxywasm_header *md = junk_header;
  size_t count = 9;
  CHECK_EQ(proxywasm_grpc_get_trailing_metadata(&md, &count), PROXYWASM_OK);
  CHECK_EQ(count, n);
  if (count == 1)
    CHECK_BYTES(md[0].value, "0");
  proxywasm_emu_fail_hostcall(emu, "get_header_map_pairs", 1, PROXYWASM_INTERNAL_FAILURE);
  md = junk_header;
  count = 9;
  CHECK_EQ(proxywasm_grpc_get_trailing_metadata(&md, &count), PROXYWASM_INTERNAL_FAILURE);
  CHECK(md == NULL && count == 0);
}

static void cb_close(proxywasm_context *caller, uint32_t token, uint32_t status, void *user) {
  (void)token, (void)user;
  seen.closes++;
  seen.status = status;
  seen.caller_id = proxywasm_context_id(caller);
  uint32_t code = 99;
  proxywasm_bytes msg = junk;
  CHECK_EQ(proxywasm_status_get(&code, &msg), PROXYWASM_OK);
  CHECK_EQ(code, status);
  snprintf(seen.close_msg, sizeof seen.close_msg, "%.*s", (int)msg.len, msg.data ? msg.data : "");
  if (proxywasm_context_get_kind(caller) == PROXYWASM_CONTEXT_HTTP)
    CHECK_EQ(proxywasm_http_resume_request((proxywasm_http *)caller), PROXYWASM_OK);
}

static const proxywasm_grpc_callbacks all_cbs = {cb_initial, cb_message, cb_trailing, cb_close};
static const proxywasm_grpc_callbacks close_only = {NULL, NULL, NULL, cb_close};
static const proxywasm_grpc_callbacks none = {NULL, NULL, NULL, NULL};

static const proxywasm_header md_out[] = {{{"x-md", 4}, {"1", 1}}};

static struct {
  proxywasm_status (*on_headers)(proxywasm_context *);
  void (*tick)(proxywasm_plugin *);
} script;

static uint32_t token;
static proxywasm_status call_st;

static proxywasm_status unary(proxywasm_context *caller) {
  proxywasm_grpc_request r = {
      PROXYWASM_LIT("grpc_cluster"), "pkg.Svc", "Do", md_out, 1, "req\0x", 5, 250};
  return proxywasm_grpc_call(caller, &r, &all_cbs, &user_marker, &token);
}

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  if (script.on_headers == NULL)
    return PROXYWASM_CONTINUE;
  call_st = script.on_headers(proxywasm_http_context(h));
  return call_st == PROXYWASM_OK ? PROXYWASM_PAUSE : PROXYWASM_CONTINUE;
}

static void on_tick(proxywasm_plugin *p) {
  if (script.tick)
    script.tick(p);
}

PROXYWASM_HOOKS(on_request_headers, on_tick);

/* ---- fixtures ---- */

static int setup(void **state) {
  (void)state;
  memset(&script, 0, sizeof script);
  memset(&seen, 0, sizeof seen);
  check_line = checks_run = 0;
  token = 0;
  call_st = PROXYWASM_UNIMPLEMENTED;
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

static uint32_t start_request(void) {
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/")};
  proxywasm_emu_on_request_headers(vm, id, req, 1, true);
  return id;
}

/* ---- a unary call, every callback ---- */

static void test_unary_call(void **state) {
  (void)state;
  script.on_headers = unary;
  uint32_t id = start_request();
  assert_int_equal(call_st, PROXYWASM_OK);
  assert_int_not_equal(token, 0);
  const proxywasm_emu_grpc *g = proxywasm_emu_grpc_find(vm, token);
  assert_non_null(g);
  assert_false(g->stream);
  assert_int_equal(g->context_id, id);
  assert_memory_equal(g->upstream, "grpc_cluster", 12);
  assert_string_equal(g->service, "pkg.Svc");
  assert_string_equal(g->method, "Do");
  assert_int_equal(g->metadata_count, 1);
  assert_int_equal(g->message_len, 5);
  assert_memory_equal(g->message, "req\0x", 5);
  assert_int_equal(g->timeout_ms, 250);

  /* As in Envoy, a unary call gets no metadata, and a success ends it with
     the message alone: no close follows. */
  proxywasm_header md[] = {PROXYWASM_HEADER("X-Server", "emu")};
  assert_int_equal(proxywasm_emu_grpc_reply_initial_metadata(vm, token, md, 1),
                   PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_grpc_reply_message(vm, token, "resp\0onse", 9), PROXYWASM_OK);
  assert_int_equal(seen.messages, 1);
  assert_int_equal(seen.caller_id, id);
  assert_int_equal(seen.token, token);
  assert_ptr_equal(seen.user_data, &user_marker);
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_grpc_reply_close(vm, token, 0, "late"), PROXYWASM_NOT_FOUND);
  assert_int_equal(seen.closes, 0);

  /* A failure ends a unary call with the close alone. */
  uint32_t id2 = start_request();
  assert_int_equal(call_st, PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_grpc_reply_close(vm, token, 14, "unavailable"), PROXYWASM_OK);
  assert_int_equal(seen.closes, 1);
  assert_int_equal(seen.status, 14);
  assert_string_equal(seen.close_msg, "unavailable");
  assert_int_equal(seen.caller_id, id2);
  assert_int_equal(proxywasm_emu_get_action(vm, id2), PROXYWASM_CONTINUE);
  assert_checks();
}

/* ---- streams ---- */

static uint32_t stream_token;

static void tick_open_stream(proxywasm_plugin *p) {
  proxywasm_grpc_request r = {{"\x0a\x05"
                               "local",
                               7},
                              "pkg.Chat",
                              "Talk",
                              NULL,
                              0,
                              "ignored",
                              7,
                              99};
  CHECK_EQ(proxywasm_grpc_stream(proxywasm_plugin_context(p), &r, &all_cbs, NULL, &stream_token),
           PROXYWASM_OK);
  CHECK_EQ(proxywasm_grpc_send(stream_token, "m1", 2, false), PROXYWASM_OK);
  CHECK_EQ(proxywasm_grpc_send(stream_token, NULL, 0, false), PROXYWASM_OK); /* empty message */
  CHECK_EQ(proxywasm_grpc_send(stream_token, NULL, 3, false), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_grpc_send(stream_token, "end", 3, true), PROXYWASM_OK);
  CHECK_EQ(proxywasm_grpc_send(stream_token + 1000, "x", 1, false), PROXYWASM_NOT_FOUND);
  proxywasm_emu_fail_hostcall(emu, "grpc_send", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_grpc_send(stream_token, "x", 1, false), PROXYWASM_INTERNAL_FAILURE);
  /* A unary call is not a stream. */
  uint32_t t;
  CHECK_EQ(unary(proxywasm_plugin_context(p)), PROXYWASM_OK);
  t = token;
  CHECK_EQ(proxywasm_grpc_send(t, "x", 1, false), PROXYWASM_BAD_ARGUMENT);
}

static void test_stream(void **state) {
  (void)state;
  script.tick = tick_open_stream;
  uint32_t root = proxywasm_emu_vm_root(vm);
  proxywasm_emu_on_tick(vm, root);
  const proxywasm_emu_grpc *g = proxywasm_emu_grpc_find(vm, stream_token);
  assert_non_null(g);
  assert_true(g->stream);
  assert_int_equal(g->context_id, root);
  assert_int_equal(g->upstream_len, 7); /* a serialized GrpcService, bytes kept */
  assert_memory_equal(g->upstream,
                      "\x0a\x05"
                      "local",
                      7);
  assert_int_equal(g->message_len, 0); /* streams send no request message */
  assert_int_equal(g->num_sent, 3);
  assert_true(g->half_closed);
  size_t len;
  assert_string_equal(proxywasm_emu_grpc_sent(vm, stream_token, 0, &len), "m1");
  assert_string_equal(proxywasm_emu_grpc_sent(vm, stream_token, 1, &len), "");
  assert_string_equal(proxywasm_emu_grpc_sent(vm, stream_token, 2, &len), "end");
  /* Initial metadata (names lowercased, binary values kept), messages one
     by one, trailing metadata; the stream ends with its close. */
  proxywasm_header md[] = {PROXYWASM_HEADER("X-Server", "emu"),
                           {PROXYWASM_LIT("x-bin"), {"\0b\0", 3}}};
  assert_int_equal(proxywasm_emu_grpc_reply_initial_metadata(vm, stream_token, md, 2),
                   PROXYWASM_OK);
  assert_int_equal(seen.initial, 1);
  assert_int_equal(proxywasm_emu_grpc_reply_message(vm, stream_token, "resp\0onse", 9),
                   PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_grpc_reply_message(vm, stream_token, "second", 6), PROXYWASM_OK);
  assert_int_equal(seen.messages, 2);
  proxywasm_header tmd[] = {PROXYWASM_HEADER("grpc-status", "0")};
  assert_int_equal(proxywasm_emu_grpc_reply_trailing_metadata(vm, stream_token, tmd, 1),
                   PROXYWASM_OK);
  assert_int_equal(seen.trailing, 1);
  assert_int_equal(proxywasm_emu_grpc_reply_close(vm, stream_token, 14, NULL), PROXYWASM_OK);
  assert_int_equal(seen.closes, 1);
  assert_int_equal(seen.status, 14);
  assert_string_equal(seen.close_msg, "");
  assert_int_equal(seen.caller_id, root);
  assert_checks();
}

/* ---- cancel and close ---- */

static uint32_t t_cancel, t_close;

static void tick_cancel_close(proxywasm_plugin *p) {
  proxywasm_context *c = proxywasm_plugin_context(p);
  proxywasm_grpc_request r = {PROXYWASM_LIT("grpc_cluster"), "pkg.Svc", "Do", NULL, 0, NULL, 0, 0};
  CHECK_EQ(proxywasm_grpc_call(c, &r, &close_only, NULL, &t_cancel), PROXYWASM_OK);
  CHECK_EQ(proxywasm_grpc_stream(c, &r, &close_only, NULL, &t_close), PROXYWASM_OK);
  proxywasm_emu_fail_hostcall(emu, "grpc_cancel", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_grpc_cancel(t_cancel), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_grpc_cancel(t_cancel), PROXYWASM_OK);
  CHECK_EQ(proxywasm_grpc_cancel(t_cancel), PROXYWASM_NOT_FOUND);
  proxywasm_emu_fail_hostcall(emu, "grpc_close", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_grpc_close(t_close), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_grpc_close(t_close), PROXYWASM_OK);
  /* Envoy: closing a stream only half-closes it; it stays known until the
     server closes too, so a second close is still OK. */
  CHECK_EQ(proxywasm_grpc_close(t_close), PROXYWASM_OK);
}

static void test_cancel_and_close(void **state) {
  (void)state;
  script.tick = tick_cancel_close;
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
  assert_true(proxywasm_emu_grpc_find(vm, t_cancel)->cancelled);
  assert_true(proxywasm_emu_grpc_find(vm, t_close)->half_closed);
  assert_false(proxywasm_emu_grpc_find(vm, t_close)->closed);
  /* The cancelled call gets nothing more. */
  assert_int_equal(proxywasm_emu_grpc_reply_close(vm, t_cancel, 1, "x"), PROXYWASM_NOT_FOUND);
  assert_int_equal(seen.closes, 0);
  /* The half-closed stream still hears the server, then its close. */
  assert_int_equal(proxywasm_emu_grpc_reply_message(vm, t_close, "x", 1), PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_grpc_reply_close(vm, t_close, 0, NULL), PROXYWASM_OK);
  assert_int_equal(seen.closes, 1);
  assert_int_equal(proxywasm_emu_grpc_reply_message(vm, t_close, "x", 1), PROXYWASM_NOT_FOUND);
  assert_checks();
}

/* ---- the caller is gone; callbacks left out ---- */

static void test_answers_dropped_when_caller_deleted(void **state) {
  (void)state;
  script.on_headers = unary;
  uint32_t id = start_request();
  uint32_t t = token;
  proxywasm_emu_http_complete(vm, id);
  assert_int_equal(proxywasm_emu_grpc_reply_message(vm, t, "m", 1), PROXYWASM_OK);
  assert_int_equal(seen.initial + seen.messages + seen.closes, 0);
}

static proxywasm_status call_without_callbacks(proxywasm_context *caller) {
  proxywasm_grpc_request r = {PROXYWASM_LIT("grpc_cluster"), "pkg.Svc", "Do", NULL, 0, NULL, 0, 0};
  /* A stream: the only kind Envoy sends all four events to. */
  CHECK_EQ(proxywasm_grpc_stream(caller, &r, &none, NULL, &token), PROXYWASM_OK);
  return PROXYWASM_BAD_ARGUMENT; /* continue */
}

static void test_missing_callbacks(void **state) {
  (void)state;
  script.on_headers = call_without_callbacks;
  start_request();
  proxywasm_header md[] = {PROXYWASM_HEADER("x", "1")};
  assert_int_equal(proxywasm_emu_grpc_reply_initial_metadata(vm, token, md, 1), PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_grpc_reply_message(vm, token, "m", 1), PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_grpc_reply_trailing_metadata(vm, token, md, 1), PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_grpc_reply_close(vm, token, 0, NULL), PROXYWASM_OK);
  assert_int_equal(seen.initial + seen.messages + seen.trailing + seen.closes, 0);
  assert_checks();
}

/* ---- rejected calls ---- */

#define MANY 1025
static proxywasm_header many[MANY];

static proxywasm_status bad_calls(proxywasm_context *c) {
  uint32_t t = 5;
  proxywasm_grpc_request r = {PROXYWASM_LIT("grpc_cluster"), "pkg.Svc", "Do", NULL, 0, NULL, 0, 0};
  CHECK_EQ(proxywasm_grpc_call(c, NULL, &all_cbs, NULL, &t), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(t, 0);
  CHECK_EQ(proxywasm_grpc_call(c, &r, NULL, NULL, &t), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_grpc_stream(c, &r, NULL, NULL, &t), PROXYWASM_BAD_ARGUMENT);
  r.service = NULL;
  CHECK_EQ(proxywasm_grpc_call(c, &r, &all_cbs, NULL, &t), PROXYWASM_BAD_ARGUMENT);
  r.service = "pkg.Svc";
  r.method = NULL;
  CHECK_EQ(proxywasm_grpc_stream(c, &r, &all_cbs, NULL, &t), PROXYWASM_BAD_ARGUMENT);
  r.method = "Do";
  r.upstream = (proxywasm_bytes){NULL, 3};
  CHECK_EQ(proxywasm_grpc_call(c, &r, &all_cbs, NULL, &t), PROXYWASM_BAD_ARGUMENT);
  r.upstream = PROXYWASM_LIT("grpc_cluster");
  r.message_len = 4; /* with a NULL message */
  CHECK_EQ(proxywasm_grpc_call(c, &r, &all_cbs, NULL, &t), PROXYWASM_BAD_ARGUMENT);
  r.message_len = 0;
  for (int i = 0; i < MANY; i++)
    many[i] = md_out[0];
  r.initial_metadata = many;
  r.metadata_count = MANY;
  CHECK_EQ(proxywasm_grpc_call(c, &r, &all_cbs, NULL, &t), PROXYWASM_BAD_ARGUMENT);
  r.metadata_count = 1;
  proxywasm_emu_fail_sdk_allocations(emu, 0, 1);
  CHECK_EQ(proxywasm_grpc_stream(c, &r, &all_cbs, NULL, &t), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "grpc_call"), 0);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "grpc_stream"), 0);
  /* The host refuses an unknown cluster, or fails. */
  r.upstream = PROXYWASM_LIT("nope");
  t = 5;
  CHECK_EQ(proxywasm_grpc_call(c, &r, &all_cbs, NULL, &t), PROXYWASM_PARSE_FAILURE);
  CHECK_EQ(t, 0);
  CHECK_EQ(proxywasm_grpc_stream(c, &r, &all_cbs, NULL, &t), PROXYWASM_PARSE_FAILURE);
  r.upstream = PROXYWASM_LIT("grpc_cluster");
  proxywasm_emu_fail_hostcall(emu, "grpc_call", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_grpc_call(c, &r, &all_cbs, NULL, &t), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(t, 0);
  /* NULL caller: the running context; NULL token pointer is fine. */
  CHECK_EQ(proxywasm_grpc_call(NULL, &r, &all_cbs, NULL, NULL), PROXYWASM_OK);
  return PROXYWASM_BAD_ARGUMENT;
}

static void test_rejected_calls(void **state) {
  (void)state;
  proxywasm_emu_add_cluster(emu, "grpc_cluster");
  script.on_headers = bad_calls;
  uint32_t id = start_request();
  assert_checks();
  assert_int_equal(proxywasm_emu_grpc_count(vm, 0), 1);
  const proxywasm_emu_grpc *g = proxywasm_emu_grpc_get(vm, id, 0);
  assert_non_null(g);
  assert_int_equal(proxywasm_emu_grpc_reply_close(vm, g->token, 5, "not found"), PROXYWASM_OK);
  assert_int_equal(seen.closes, 1);
  assert_int_equal(seen.caller_id, id);
  assert_string_equal(seen.close_msg, "not found");
}

static void tick_outside_callbacks(proxywasm_plugin *p) {
  (void)p;
  proxywasm_bytes m = junk;
  /* Envoy: no message outside on_grpc_receive reads as empty. */
  CHECK_EQ(proxywasm_grpc_get_message(0, 1, &m), PROXYWASM_OK);
  CHECK_EMPTY(m);
  proxywasm_header *md = junk_header;
  size_t n = 4;
  CHECK_EQ(proxywasm_grpc_get_initial_metadata(&md, &n), PROXYWASM_OK);
  CHECK(md == NULL && n == 0);
}

static void test_getters_outside_callbacks(void **state) {
  (void)state;
  script.tick = tick_outside_callbacks;
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
  assert_checks();
}

/* ---- refused switches, a confused host ---- */

static uint32_t paused;
static proxywasm_status switched_st;

static proxywasm_status just_pause(proxywasm_context *c) {
  paused = proxywasm_context_id(c);
  return PROXYWASM_OK;
}

static void tick_call_for_stream(proxywasm_plugin *p) {
  (void)p;
  proxywasm_context *s = proxywasm_context_find(paused);
  CHECK(s != NULL);
  proxywasm_emu_fail_hostcall(emu, "set_effective_context", 1, PROXYWASM_BAD_ARGUMENT);
  proxywasm_grpc_request r = {PROXYWASM_LIT("grpc_cluster"), "pkg.Svc", "Do", NULL, 0, NULL, 0, 0};
  uint32_t t = 5;
  switched_st = proxywasm_grpc_call(s, &r, &all_cbs, NULL, &t);
  CHECK_EQ(t, 0);
}

void proxy_on_grpc_receive(uint32_t root_id, uint32_t token, uint32_t size);
void proxy_on_grpc_close(uint32_t root_id, uint32_t token, uint32_t status);

static void test_refused_switch_and_unknown_tokens(void **state) {
  (void)state;
  script.on_headers = just_pause;
  script.tick = tick_call_for_stream;
  start_request();
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
  assert_int_equal(switched_st, PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "grpc_call"), 0);
  /* Outside any hook there is no caller. */
  proxywasm_grpc_request r = {PROXYWASM_LIT("grpc_cluster"), "pkg.Svc", "Do", NULL, 0, NULL, 0, 0};
  assert_int_equal(proxywasm_grpc_stream(NULL, &r, &all_cbs, NULL, NULL), PROXYWASM_BAD_ARGUMENT);
  /* Tokens the SDK never issued (a host bug) are dropped. */
  script.on_headers = unary;
  start_request();
  proxy_on_grpc_receive(proxywasm_emu_vm_root(vm), token + 1000, 3);
  proxy_on_grpc_close(proxywasm_emu_vm_root(vm), token + 1000, 0);
  assert_int_equal(seen.messages + seen.closes, 0);
  assert_int_equal(proxywasm_emu_grpc_reply_close(vm, token, 0, NULL), PROXYWASM_OK);
  assert_int_equal(seen.closes, 1);
  /* After the close the call is forgotten: a late event is dropped. */
  proxy_on_grpc_close(proxywasm_emu_vm_root(vm), token, 0);
  assert_int_equal(seen.closes, 1);
  assert_checks();
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_unary_call, setup, teardown),
      cmocka_unit_test_setup_teardown(test_stream, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cancel_and_close, setup, teardown),
      cmocka_unit_test_setup_teardown(test_answers_dropped_when_caller_deleted, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_callbacks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_rejected_calls, setup, teardown),
      cmocka_unit_test_setup_teardown(test_getters_outside_callbacks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_refused_switch_and_unknown_tokens, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
