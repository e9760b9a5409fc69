/*
 * test_sdk_callout.c - HTTP callouts through the SDK and the host emulator:
 * the request as sent, the answer's getters inside the callback, the
 * callback running as its caller (resuming a paused request, sending a
 * local response), failures and rejected calls, answers dropped when the
 * caller was deleted, and calls from plugin hooks.
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

static const proxywasm_header call_headers[] = {
    {{":method", 7}, {"POST", 4}}, {{":path", 5}, {"/auth", 5}}, {{":authority", 10}, {"auth", 4}}};
static const proxywasm_header call_trailers[] = {{{"x-t", 3}, {"1", 1}}};

/* What callbacks saw. */
static struct {
  int calls;
  uint32_t caller_id, token;
  void *user_data;
  proxywasm_http_call_response r;
  char order[16];
} seen;

static struct {
  proxywasm_status (*call)(proxywasm_context *);
  void (*callback)(proxywasm_context *, uint32_t, const proxywasm_http_call_response *);
  void (*tick)(proxywasm_plugin *);
  bool call_at_start;
} script;

static uint32_t last_token;
static proxywasm_status last_call_st;
static int user_marker;

static void on_answer(proxywasm_context *caller, uint32_t token,
                      const proxywasm_http_call_response *r, void *user_data) {
  seen.calls++;
  seen.caller_id = proxywasm_context_id(caller);
  seen.token = token;
  seen.user_data = user_data;
  seen.r = *r;
  CHECK(proxywasm_context_current() == caller);
  if (script.callback)
    script.callback(caller, token, r);
}

static proxywasm_status make_call(proxywasm_context *caller) {
  proxywasm_http_call_request req = {
      PROXYWASM_LIT_INIT("auth_cluster"), call_headers, 3, "payload", 7, call_trailers, 1, 5000};
  return proxywasm_http_call(caller, &req, on_answer, &user_marker, &last_token);
}

static bool on_plugin_start(proxywasm_plugin *p, size_t size) {
  (void)size;
  if (script.call_at_start)
    last_call_st = make_call(proxywasm_plugin_context(p));
  return true;
}

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  if (script.call == NULL)
    return PROXYWASM_CONTINUE;
  last_call_st = script.call(proxywasm_http_context(h));
  return last_call_st == PROXYWASM_OK ? PROXYWASM_PAUSE : PROXYWASM_CONTINUE;
}

static void on_tick(proxywasm_plugin *p) {
  if (script.tick)
    script.tick(p);
}

PROXYWASM_HOOKS(on_plugin_start, on_request_headers, on_tick);

/* ---- fixtures ---- */

static int setup(void **state) {
  (void)state;
  memset(&script, 0, sizeof script);
  memset(&seen, 0, sizeof seen);
  check_line = checks_run = 0;
  last_token = 0;
  last_call_st = PROXYWASM_UNIMPLEMENTED;
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

/* ---- an answered callout resumes its request ---- */

static void read_answer(proxywasm_context *caller, uint32_t token,
                        const proxywasm_http_call_response *r) {
  (void)token;
  CHECK_EQ(r->status, PROXYWASM_OK);
  CHECK_EQ(r->header_count, 3);
  CHECK_EQ(r->body_size, 5);
  CHECK_EQ(r->trailer_count, 1);
  proxywasm_header *hs = junk_header;
  size_t n = 0;
  CHECK_EQ(proxywasm_http_call_get_headers(&hs, &n), PROXYWASM_OK);
  CHECK_EQ(n, 3);
  if (n == 3) {
    CHECK_BYTES(hs[0].name, ":status");
    CHECK_BYTES(hs[1].name, "x-a"); /* lowercased by the host */
    CHECK(hs[2].value.len == 3 && memcmp(hs[2].value.data,
                                         "1\0"
                                         "2",
                                         3) == 0);
  }
  proxywasm_bytes v = junk;
  CHECK_EQ(proxywasm_http_call_get_header(":status", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "200");
  v = junk;
  CHECK_EQ(proxywasm_http_call_get_header("x-missing", &v), PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(v);
  CHECK_EQ(proxywasm_http_call_get_body(0, PROXYWASM_BUFFER_ALL, &v), PROXYWASM_OK);
  CHECK_BYTES(v, "ok!ok");
  CHECK_EQ(proxywasm_http_call_get_body(3, 1, &v), PROXYWASM_OK);
  CHECK_BYTES(v, "o");
  hs = junk_header;
  CHECK_EQ(proxywasm_http_call_get_trailers(&hs, &n), PROXYWASM_OK);
  CHECK_EQ(n, 1);
  CHECK_EQ(proxywasm_http_call_get_trailer("x-rt", &v), PROXYWASM_OK);
  CHECK_BYTES(v, "t");
  v = junk;
  CHECK_EQ(proxywasm_http_call_get_trailer("nope", &v), PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(v);
  /* The callback runs as the stream: act on it directly. */
  CHECK_EQ(proxywasm_context_get_kind(caller), PROXYWASM_CONTEXT_HTTP);
  proxywasm_http *h = (proxywasm_http *)caller;
  CHECK_EQ(proxywasm_http_add_request_header(h, "x-auth", "yes", 3), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_resume_request(h), PROXYWASM_OK);
}

static void test_answer_resumes_request(void **state) {
  (void)state;
  script.call = make_call;
  script.callback = read_answer;
  uint32_t id = start_request();
  assert_int_equal(last_call_st, PROXYWASM_OK);
  assert_int_not_equal(last_token, 0);
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_PAUSE);
  const proxywasm_emu_callout *c = proxywasm_emu_callout_get(vm, id, 0);
  assert_non_null(c);
  assert_int_equal(c->token, last_token);
  assert_string_equal(c->cluster, "auth_cluster");
  assert_int_equal(c->header_count, 3);
  assert_string_equal(c->headers[2].value.data, "auth");
  assert_string_equal(c->body, "payload");
  assert_int_equal(c->trailer_count, 1);
  assert_int_equal(c->timeout_ms, 5000);

  proxywasm_header rh[] = {PROXYWASM_HEADER(":status", "200"),
                           PROXYWASM_HEADER("X-A", "b"),
                           {PROXYWASM_LIT("x-bin"),
                            {"1\0"
                             "2",
                             3}}};
  proxywasm_header rt[] = {PROXYWASM_HEADER("x-rt", "t")};
  assert_int_equal(proxywasm_emu_callout_reply(vm, last_token, rh, 3, "ok!ok", 5, rt, 1),
                   PROXYWASM_OK);
  assert_int_equal(seen.calls, 1);
  assert_int_equal(seen.caller_id, id);
  assert_int_equal(seen.token, last_token);
  assert_ptr_equal(seen.user_data, &user_marker);
  assert_checks();
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_get_resume_count(vm, id, PROXYWASM_STREAM_HTTP_REQUEST), 1);
  assert_string_equal(proxywasm_emu_get_request_header(vm, id, "x-auth"), "yes");
  /* The answer was delivered to the plugin; the SDK switched to the stream. */
  assert_true(proxywasm_emu_hostcall_count(emu, "set_effective_context") > 0);
}

/* ---- a local response from the callback ---- */

static void deny(proxywasm_context *caller, uint32_t token, const proxywasm_http_call_response *r) {
  (void)token, (void)r;
  proxywasm_bytes v;
  CHECK_EQ(proxywasm_http_call_get_header(":status", &v), PROXYWASM_OK);
  if (!proxywasm_bytes_eq(v, "200")) {
    proxywasm_header hs[] = {PROXYWASM_HEADER("x-auth", "denied")};
    CHECK_EQ(proxywasm_http_send_response((proxywasm_http *)caller, 403, hs, 1, "denied", 6),
             PROXYWASM_OK);
  }
}

static void test_local_response_from_callback(void **state) {
  (void)state;
  script.call = make_call;
  script.callback = deny;
  uint32_t id = start_request();
  proxywasm_header rh[] = {PROXYWASM_HEADER(":status", "401")};
  assert_int_equal(proxywasm_emu_callout_reply(vm, last_token, rh, 1, NULL, 0, NULL, 0),
                   PROXYWASM_OK);
  assert_checks();
  const proxywasm_emu_local_response *lr = proxywasm_emu_get_local_response(vm, id);
  assert_non_null(lr);
  assert_int_equal(lr->status_code, 403);
  assert_string_equal(lr->body, "denied");
  assert_string_equal(lr->headers[0].value.data, "denied");
}

/* ---- failed callouts ---- */

static void failed(proxywasm_context *caller, uint32_t token,
                   const proxywasm_http_call_response *r) {
  (void)caller, (void)token;
  CHECK_EQ(r->status, PROXYWASM_BROKEN_CONNECTION);
  CHECK(r->header_count == 0 && r->body_size == 0 && r->trailer_count == 0);
  uint32_t code = 0;
  proxywasm_bytes msg = junk;
  CHECK_EQ(proxywasm_status_get(&code, &msg), PROXYWASM_OK);
  CHECK_EQ(code, PROXYWASM_BROKEN_CONNECTION);
  CHECK_BYTES(msg, "reset");
  CHECK_EQ(proxywasm_status_get(NULL, NULL), PROXYWASM_OK);
  proxywasm_header *hs = junk_header;
  size_t n = 5;
  CHECK_EQ(proxywasm_http_call_get_headers(&hs, &n), PROXYWASM_OK);
  CHECK(hs == NULL && n == 0);
  /* proxy_get_status failing empties both outputs. */
  proxywasm_emu_fail_hostcall(emu, "get_status", 1, PROXYWASM_INTERNAL_FAILURE);
  code = 9;
  msg = junk;
  CHECK_EQ(proxywasm_status_get(&code, &msg), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(code, 0);
  CHECK_EMPTY(msg);
  CHECK_EQ(proxywasm_http_resume_request((proxywasm_http *)caller), PROXYWASM_OK);
}

static void test_failed_callout(void **state) {
  (void)state;
  script.call = make_call;
  script.callback = failed;
  uint32_t id = start_request();
  assert_int_equal(proxywasm_emu_callout_fail(vm, last_token), PROXYWASM_OK);
  assert_int_equal(seen.calls, 1);
  assert_checks();
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_CONTINUE);
}

/* ---- the caller is gone ---- */

static void test_answer_dropped_when_caller_deleted(void **state) {
  (void)state;
  script.call = make_call;
  uint32_t id = start_request();
  uint32_t token = last_token;
  proxywasm_emu_http_complete(vm, id);
  proxywasm_emu_vm_trace_clear(vm);
  proxywasm_header rh[] = {PROXYWASM_HEADER(":status", "200")};
  assert_int_equal(proxywasm_emu_callout_reply(vm, token, rh, 1, NULL, 0, NULL, 0), PROXYWASM_OK);
  /* Envoy delivered it to the plugin; the SDK skipped the dead stream's callback. */
  assert_non_null(strstr(proxywasm_emu_vm_trace(vm), "proxy_on_http_call_response(1,"));
  assert_int_equal(seen.calls, 0);
  /* Failed answers too. */
  id = start_request();
  token = last_token;
  proxywasm_emu_http_complete(vm, id);
  assert_int_equal(proxywasm_emu_callout_fail(vm, token), PROXYWASM_OK);
  assert_int_equal(seen.calls, 0);
  /* A live caller still gets its answer. */
  id = start_request();
  assert_int_equal(proxywasm_emu_callout_reply(vm, last_token, rh, 1, NULL, 0, NULL, 0),
                   PROXYWASM_OK);
  assert_int_equal(seen.calls, 1);
  assert_int_equal(seen.caller_id, id);
}

/* ---- rejected calls ---- */

#define MANY 1025
static proxywasm_header many[MANY];

static proxywasm_status bad_calls(proxywasm_context *caller) {
  uint32_t token = 77;
  proxywasm_http_call_request req = {
      PROXYWASM_LIT_INIT("auth_cluster"), call_headers, 3, NULL, 0, NULL, 0, 0};
  CHECK_EQ(proxywasm_http_call(caller, &req, NULL, NULL, &token), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(token, 0);
  CHECK_EQ(proxywasm_http_call(caller, NULL, on_answer, NULL, &token), PROXYWASM_BAD_ARGUMENT);
  req.upstream = (proxywasm_bytes){NULL, 0};
  CHECK_EQ(proxywasm_http_call(caller, &req, on_answer, NULL, &token), PROXYWASM_BAD_ARGUMENT);
  req.upstream = PROXYWASM_LIT("auth_cluster");
  req.body_len = 3; /* with a NULL body */
  CHECK_EQ(proxywasm_http_call(caller, &req, on_answer, NULL, &token), PROXYWASM_BAD_ARGUMENT);
  req.body_len = 0;
  for (int i = 0; i < MANY; i++)
    many[i] = call_headers[i % 3];
  req.headers = many;
  req.header_count = MANY; /* over the host's limit */
  CHECK_EQ(proxywasm_http_call(caller, &req, on_answer, NULL, &token), PROXYWASM_BAD_ARGUMENT);
  req.headers = call_headers;
  req.header_count = 3;
  req.trailers = many;
  req.trailer_count = MANY;
  CHECK_EQ(proxywasm_http_call(caller, &req, on_answer, NULL, &token), PROXYWASM_BAD_ARGUMENT);
  req.trailers = NULL;
  req.trailer_count = 0;
  proxywasm_emu_fail_sdk_allocations(emu, 0, 1);
  CHECK_EQ(proxywasm_http_call(caller, &req, on_answer, NULL, &token), PROXYWASM_INTERNAL_FAILURE);
  /* None of these reached the host. */
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "http_call"), 0);
  /* The host refuses: unknown cluster, missing pseudo-headers, injected failure. */
  req.upstream = PROXYWASM_LIT("nope");
  CHECK_EQ(proxywasm_http_call(caller, &req, on_answer, NULL, &token), PROXYWASM_BAD_ARGUMENT);
  req.upstream = PROXYWASM_LIT("auth_cluster");
  req.headers = call_headers + 1;
  req.header_count = 2;
  CHECK_EQ(proxywasm_http_call(caller, &req, on_answer, NULL, &token), PROXYWASM_BAD_ARGUMENT);
  req.headers = call_headers;
  req.header_count = 3;
  proxywasm_emu_fail_hostcall(emu, "http_call", 1, PROXYWASM_INTERNAL_FAILURE);
  token = 77;
  CHECK_EQ(proxywasm_http_call(caller, &req, on_answer, NULL, &token), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(token, 0);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "http_call"), 3);
  /* NULL caller: the running context; NULL token pointer: fine. */
  CHECK_EQ(proxywasm_http_call(NULL, &req, on_answer, NULL, NULL), PROXYWASM_OK);
  return PROXYWASM_BAD_ARGUMENT; /* the request is not paused */
}

static void test_rejected_calls(void **state) {
  (void)state;
  proxywasm_emu_add_cluster(emu, "auth_cluster");
  script.call = bad_calls;
  uint32_t id = start_request();
  assert_checks();
  assert_int_equal(proxywasm_emu_callout_count(vm, 0), 1);
  const proxywasm_emu_callout *c = proxywasm_emu_callout_get(vm, id, 0);
  assert_non_null(c);
  /* A call that failed to start never calls back. */
  proxywasm_header rh[] = {PROXYWASM_HEADER(":status", "200")};
  assert_int_equal(proxywasm_emu_callout_reply(vm, c->token, rh, 1, NULL, 0, NULL, 0),
                   PROXYWASM_OK);
  assert_int_equal(seen.calls, 1);
  assert_int_equal(seen.caller_id, id); /* the NULL caller was the stream */
  assert_null(seen.user_data);
}

/* ---- calls from plugin hooks, and for another context ---- */

static void outside_getters(proxywasm_plugin *p) {
  (void)p;
  proxywasm_bytes v = junk;
  CHECK_EQ(proxywasm_http_call_get_header(":status", &v), PROXYWASM_BAD_ARGUMENT);
  CHECK_EMPTY(v);
  v = junk;
  CHECK_EQ(proxywasm_http_call_get_body(0, 1, &v), PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(v);
  proxywasm_header *hs = junk_header;
  size_t n = 3;
  CHECK_EQ(proxywasm_http_call_get_trailers(&hs, &n), PROXYWASM_OK); /* empty map */
  CHECK(hs == NULL && n == 0);
  last_call_st = make_call(proxywasm_plugin_context(p));
}

static void plugin_answer(proxywasm_context *caller, uint32_t token,
                          const proxywasm_http_call_response *r) {
  (void)token, (void)r;
  CHECK_EQ(proxywasm_context_get_kind(caller), PROXYWASM_CONTEXT_PLUGIN);
  proxywasm_bytes b;
  CHECK_EQ(proxywasm_http_call_get_body(0, PROXYWASM_BUFFER_ALL, &b), PROXYWASM_OK);
  CHECK_BYTES(b, "cfg");
}

static void test_calls_from_plugin_hooks(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  emu = proxywasm_emu_new();
  script.call_at_start = true;
  script.callback = plugin_answer;
  vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  assert_int_equal(last_call_st, PROXYWASM_OK);
  uint32_t root = proxywasm_emu_vm_root(vm);
  assert_int_equal(proxywasm_emu_callout_count(vm, root), 1);
  proxywasm_header rh[] = {PROXYWASM_HEADER(":status", "200")};
  assert_int_equal(proxywasm_emu_callout_reply(vm, last_token, rh, 1, "cfg", 3, NULL, 0),
                   PROXYWASM_OK);
  assert_int_equal(seen.caller_id, root);
  script.tick = outside_getters;
  proxywasm_emu_on_tick(vm, root);
  assert_int_equal(last_call_st, PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_callout_count(vm, root), 2);
  assert_int_equal(proxywasm_emu_callout_reply(vm, last_token, rh, 1, "cfg", 3, NULL, 0),
                   PROXYWASM_OK);
  assert_int_equal(seen.calls, 2);
  assert_checks();
}

static uint32_t paused_id;

static proxywasm_status just_pause(proxywasm_context *caller) {
  paused_id = proxywasm_context_id(caller);
  return PROXYWASM_OK;
}

static void tick_calls_for_stream(proxywasm_plugin *p) {
  (void)p;
  proxywasm_context *s = proxywasm_context_find(paused_id);
  CHECK(s != NULL);
  CHECK_EQ(make_call(s), PROXYWASM_OK);
}

static void resume_caller(proxywasm_context *caller, uint32_t token,
                          const proxywasm_http_call_response *r) {
  (void)token, (void)r;
  CHECK_EQ(proxywasm_http_resume_request((proxywasm_http *)caller), PROXYWASM_OK);
}

static void test_call_on_behalf_of_stream(void **state) {
  (void)state;
  script.call = just_pause;
  script.tick = tick_calls_for_stream;
  script.callback = resume_caller;
  uint32_t id = start_request();
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_PAUSE);
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
  /* The host saw the stream as the caller. */
  const proxywasm_emu_callout *c = proxywasm_emu_callout_get(vm, 0, 0);
  assert_non_null(c);
  assert_int_equal(c->context_id, id);
  proxywasm_header rh[] = {PROXYWASM_HEADER(":status", "200")};
  proxywasm_emu_callout_reply(vm, c->token, rh, 1, NULL, 0, NULL, 0);
  assert_int_equal(seen.caller_id, id);
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_CONTINUE);
  assert_checks();
}

/* ---- the host refuses the context switch ---- */

static proxywasm_status tick_call_st;

static void tick_call_switch_refused(proxywasm_plugin *p) {
  (void)p;
  proxywasm_context *s = proxywasm_context_find(paused_id);
  CHECK(s != NULL);
  proxywasm_emu_fail_hostcall(emu, "set_effective_context", 1, PROXYWASM_BAD_ARGUMENT);
  uint32_t t = 5;
  proxywasm_http_call_request req = {
      PROXYWASM_LIT_INIT("auth_cluster"), call_headers, 3, NULL, 0, NULL, 0, 0};
  tick_call_st = proxywasm_http_call(s, &req, on_answer, NULL, &t);
  CHECK_EQ(t, 0);
}

static void test_switch_refused(void **state) {
  (void)state;
  script.call = just_pause;
  script.tick = tick_call_switch_refused;
  uint32_t id = start_request();
  /* Making the call on the stream's behalf: refused, nothing sent. */
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
  assert_int_equal(tick_call_st, PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "http_call"), 0);
  /* Delivering the answer to the stream: refused, the callback is skipped
     rather than run on the wrong context. */
  script.tick = NULL;
  script.call = make_call;
  uint32_t id2 = start_request();
  proxywasm_emu_fail_hostcall(emu, "set_effective_context", 1, PROXYWASM_BAD_ARGUMENT);
  proxywasm_header rh[] = {PROXYWASM_HEADER(":status", "200")};
  assert_int_equal(proxywasm_emu_callout_reply(vm, last_token, rh, 1, NULL, 0, NULL, 0),
                   PROXYWASM_OK);
  assert_int_equal(seen.calls, 0);
  assert_int_equal(proxywasm_emu_get_action(vm, id2), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_PAUSE);
  assert_checks();
}

/* ---- a confused host ---- */

void proxy_on_http_call_response(uint32_t root_id, uint32_t token, uint32_t header_count,
                                 uint32_t body_size, uint32_t trailer_count);

static void test_unknown_answers_ignored(void **state) {
  (void)state;
  /* No call from outside a hook: there is no caller to answer. */
  proxywasm_http_call_request req = {
      PROXYWASM_LIT_INIT("auth_cluster"), call_headers, 3, NULL, 0, NULL, 0, 0};
  uint32_t t = 5;
  assert_int_equal(proxywasm_http_call(NULL, &req, on_answer, NULL, &t), PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(t, 0);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "http_call"), 0);
  /* An answer with a token the SDK never issued (a host bug) is dropped. */
  script.call = make_call;
  start_request();
  uint32_t token = last_token;
  proxy_on_http_call_response(proxywasm_emu_vm_root(vm), token + 1000, 1, 0, 0);
  assert_int_equal(seen.calls, 0);
  /* The real answer still arrives, once. */
  proxywasm_header rh[] = {PROXYWASM_HEADER(":status", "200")};
  proxywasm_emu_callout_reply(vm, token, rh, 1, NULL, 0, NULL, 0);
  assert_int_equal(seen.calls, 1);
  proxy_on_http_call_response(proxywasm_emu_vm_root(vm), token, 1, 0, 0);
  assert_int_equal(seen.calls, 1);
}

/* ---- several calls in flight, answered out of order ---- */

static int user_a, user_b;

static proxywasm_status two_calls(proxywasm_context *caller) {
  proxywasm_http_call_request req = {
      PROXYWASM_LIT_INIT("auth_cluster"), call_headers, 3, NULL, 0, NULL, 0, 0};
  uint32_t ta, tb;
  CHECK_EQ(proxywasm_http_call(caller, &req, on_answer, &user_a, &ta), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_call(caller, &req, on_answer, &user_b, &tb), PROXYWASM_OK);
  CHECK(ta != tb);
  return PROXYWASM_OK;
}

static void record_order(proxywasm_context *caller, uint32_t token,
                         const proxywasm_http_call_response *r) {
  (void)caller, (void)token, (void)r;
  size_t n = strlen(seen.order);
  if (n + 1 < sizeof seen.order)
    seen.order[n] = seen.user_data == &user_a ? 'a' : 'b';
}

static void test_calls_out_of_order(void **state) {
  (void)state;
  script.call = two_calls;
  script.callback = record_order;
  uint32_t id = start_request();
  assert_int_equal(proxywasm_emu_callout_count(vm, id), 2);
  uint32_t ta = proxywasm_emu_callout_get(vm, id, 0)->token;
  uint32_t tb = proxywasm_emu_callout_get(vm, id, 1)->token;
  proxywasm_header rh[] = {PROXYWASM_HEADER(":status", "200")};
  proxywasm_emu_callout_reply(vm, tb, rh, 1, NULL, 0, NULL, 0);
  proxywasm_emu_callout_fail(vm, ta);
  assert_string_equal(seen.order, "ba");
  assert_int_equal(seen.calls, 2);
  assert_checks();
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_answer_resumes_request, setup, teardown),
      cmocka_unit_test_setup_teardown(test_local_response_from_callback, setup, teardown),
      cmocka_unit_test_setup_teardown(test_failed_callout, setup, teardown),
      cmocka_unit_test_setup_teardown(test_answer_dropped_when_caller_deleted, setup, teardown),
      cmocka_unit_test_setup_teardown(test_rejected_calls, setup, teardown),
      cmocka_unit_test_setup_teardown(test_calls_from_plugin_hooks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_call_on_behalf_of_stream, setup, teardown),
      cmocka_unit_test_setup_teardown(test_calls_out_of_order, setup, teardown),
      cmocka_unit_test_setup_teardown(test_switch_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unknown_answers_ignored, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
