/*
 * test_emu_callout.c - HTTP callouts and gRPC through the SDK and the
 * emulator: what is recorded, delivery to the root context, answers after
 * the caller is gone, failures, and the phase of the response getters.
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
  int calls;               /* HTTP callbacks run */
  uint32_t caller_id;      /* context the callback ran for */
  proxywasm_status status; /* response->status */
  char status_hdr[16], body[32];
  size_t header_count, body_size;
  uint32_t get_status_code;
  char get_status_msg[16];
  proxywasm_status call_st; /* proxywasm_http_call result */
  proxywasm_status outside_hdr_st, outside_body_st;
  int grpc_msgs, grpc_closes, grpc_initial;
  char grpc_msg[32], grpc_close_msg[32], grpc_md[32];
  uint32_t grpc_status;
  uint32_t grpc_token, stream_token;
  proxywasm_status send_on_call_st;
  const char *cluster;
  bool no_pseudo;
  bool probe_status; /* on_tick only reads proxy_get_status */
  uint32_t probe_code;
  char probe_msg[16];
} seen;

static void on_response(proxywasm_context *caller, uint32_t token,
                        const proxywasm_http_call_response *r, void *user) {
  (void)token;
  (void)user;
  seen.calls++;
  seen.caller_id = proxywasm_context_id(caller);
  seen.status = r->status;
  seen.header_count = r->header_count;
  seen.body_size = r->body_size;
  proxywasm_bytes v;
  if (proxywasm_http_call_get_header(":status", &v) == PROXYWASM_OK)
    snprintf(seen.status_hdr, sizeof seen.status_hdr, "%.*s", (int)v.len, v.data);
  if (proxywasm_http_call_get_body(0, PROXYWASM_BUFFER_ALL, &v) == PROXYWASM_OK)
    snprintf(seen.body, sizeof seen.body, "%.*s", (int)v.len, v.data);
  if (r->status != PROXYWASM_OK && proxywasm_status_get(&seen.get_status_code, &v) == PROXYWASM_OK)
    snprintf(seen.get_status_msg, sizeof seen.get_status_msg, "%.*s", (int)v.len, v.data);
  if (proxywasm_context_get_kind(caller) == PROXYWASM_CONTEXT_HTTP)
    proxywasm_http_resume_request((proxywasm_http *)caller);
}

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n;
  (void)eos;
  proxywasm_header hs[] = {PROXYWASM_HEADER(":method", "POST"), PROXYWASM_HEADER(":path", "/auth"),
                           PROXYWASM_HEADER(":authority", "auth")};
  proxywasm_header ts[] = {PROXYWASM_HEADER("x-trailer", "t")};
  proxywasm_http_call_request req = {
      proxywasm_bytes_cstr(seen.cluster ? seen.cluster : "auth_cluster"),
      seen.no_pseudo ? hs + 1 : hs,
      seen.no_pseudo ? 2 : 3,
      "payload",
      7,
      ts,
      1,
      5000};
  seen.call_st = proxywasm_http_call(proxywasm_http_context(h), &req, on_response, NULL, NULL);
  /* Callout data is only readable inside the callback. */
  proxywasm_bytes v;
  seen.outside_hdr_st = proxywasm_http_call_get_header(":status", &v);
  seen.outside_body_st = proxywasm_http_call_get_body(0, 10, &v);
  return seen.call_st == PROXYWASM_OK ? PROXYWASM_PAUSE : PROXYWASM_CONTINUE;
}

static void on_initial(proxywasm_context *c, uint32_t token, size_t n, void *u) {
  (void)c, (void)token, (void)u, (void)n;
  seen.grpc_initial++;
  proxywasm_header *md;
  size_t count;
  if (proxywasm_grpc_get_initial_metadata(&md, &count) == PROXYWASM_OK && count)
    snprintf(seen.grpc_md, sizeof seen.grpc_md, "%.*s=%.*s", (int)md[0].name.len, md[0].name.data,
             (int)md[0].value.len, md[0].value.data);
}

static void on_message(proxywasm_context *c, uint32_t token, size_t size, void *u) {
  (void)c, (void)token, (void)u;
  seen.grpc_msgs++;
  proxywasm_bytes m;
  if (proxywasm_grpc_get_message(0, size, &m) == PROXYWASM_OK)
    snprintf(seen.grpc_msg, sizeof seen.grpc_msg, "%.*s", (int)m.len, m.data);
}

static void on_close(proxywasm_context *c, uint32_t token, uint32_t status, void *u) {
  (void)c, (void)token, (void)u;
  seen.grpc_closes++;
  seen.grpc_status = status;
  uint32_t code;
  proxywasm_bytes m;
  if (proxywasm_status_get(&code, &m) == PROXYWASM_OK)
    snprintf(seen.grpc_close_msg, sizeof seen.grpc_close_msg, "%.*s", (int)m.len, m.data);
}

static const proxywasm_grpc_callbacks grpc_cbs = {on_initial, on_message, NULL, on_close};

static void on_tick(proxywasm_plugin *p) {
  if (seen.probe_status) {
    proxywasm_bytes m;
    if (proxywasm_status_get(&seen.probe_code, &m) == PROXYWASM_OK)
      snprintf(seen.probe_msg, sizeof seen.probe_msg, "%.*s", (int)m.len, m.data ? m.data : "");
    return;
  }
  proxywasm_header md[] = {PROXYWASM_HEADER("x-md", "1")};
  proxywasm_grpc_request r = {PROXYWASM_LIT("grpc_cluster"), "pkg.Svc", "Do", md, 1, "req", 3, 100};
  proxywasm_grpc_call(proxywasm_plugin_context(p), &r, &grpc_cbs, NULL, &seen.grpc_token);
  proxywasm_grpc_stream(proxywasm_plugin_context(p), &r, &grpc_cbs, NULL, &seen.stream_token);
  proxywasm_grpc_send(seen.stream_token, "m1", 2, false);
  proxywasm_grpc_send(seen.stream_token, "m2", 2, true);
  seen.send_on_call_st = proxywasm_grpc_send(seen.grpc_token, "x", 1, false);
}

PROXYWASM_HOOKS(on_request_headers, on_tick);

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

static uint32_t start_request(proxywasm_emu_vm *vm) {
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header hs[] = {PROXYWASM_HEADER(":path", "/")};
  proxywasm_emu_on_request_headers(vm, id, hs, 1, true);
  return id;
}

static void test_callout_recorded_and_answered(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t id = start_request(vm);
  assert_int_equal(seen.call_st, PROXYWASM_OK);
  assert_int_equal(seen.outside_hdr_st, PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(seen.outside_body_st, PROXYWASM_NOT_FOUND);
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_callout_count(vm, id), 1);
  assert_int_equal(proxywasm_emu_callout_count(vm, 0), 1);
  const proxywasm_emu_callout *c = proxywasm_emu_callout_get(vm, id, 0);
  assert_non_null(c);
  assert_int_equal(c->context_id, id);
  assert_int_equal(c->root_id, 1);
  assert_string_equal(c->cluster, "auth_cluster");
  assert_int_equal(c->header_count, 3);
  assert_string_equal(c->headers[1].value.data, "/auth");
  assert_string_equal(c->body, "payload");
  assert_int_equal(c->trailer_count, 1);
  assert_int_equal(c->timeout_ms, 5000);
  assert_false(c->answered);
  uint32_t token = c->token;
  assert_ptr_equal(proxywasm_emu_callout_find(vm, token), c);

  proxywasm_header rh[] = {PROXYWASM_HEADER(":status", "200"), PROXYWASM_HEADER("X-A", "b")};
  proxywasm_emu_vm_trace_clear(vm);
  assert_int_equal(proxywasm_emu_callout_reply(vm, token, rh, 2, "ok!", 3, NULL, 0), PROXYWASM_OK);
  /* Delivered to the root context; the SDK ran the callback for the stream. */
  char want[96];
  snprintf(want, sizeof want, "proxy_on_http_call_response(1,%u,2,3,0)\n", token);
  assert_string_equal(proxywasm_emu_vm_trace(vm), want);
  assert_int_equal(seen.calls, 1);
  assert_int_equal(seen.caller_id, id);
  assert_int_equal(seen.status, PROXYWASM_OK);
  assert_string_equal(seen.status_hdr, "200");
  assert_string_equal(seen.body, "ok!");
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_CONTINUE);
  assert_true(proxywasm_emu_callout_find(vm, token)->answered);
  /* Answered once only. */
  assert_int_equal(proxywasm_emu_callout_reply(vm, token, rh, 2, NULL, 0, NULL, 0),
                   PROXYWASM_NOT_FOUND);
  assert_int_equal(proxywasm_emu_callout_reply(vm, 12345, rh, 2, NULL, 0, NULL, 0),
                   PROXYWASM_NOT_FOUND);
  proxywasm_emu_free(emu);
}

static void test_tokens_unique(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t a = start_request(vm), b = start_request(vm);
  uint32_t ta = proxywasm_emu_callout_get(vm, a, 0)->token;
  uint32_t tb = proxywasm_emu_callout_get(vm, b, 0)->token;
  assert_int_not_equal(ta, tb);
  proxywasm_emu_callout_fail(vm, ta);
  uint32_t c = start_request(vm);
  uint32_t tc = proxywasm_emu_callout_get(vm, c, 0)->token;
  assert_int_not_equal(tc, ta); /* never reused, unlike Go's proxytest */
  assert_int_not_equal(tc, tb);
  proxywasm_emu_free(emu);
}

static void test_answer_after_stream_deleted(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t id = start_request(vm);
  uint32_t token = proxywasm_emu_callout_get(vm, id, 0)->token;
  proxywasm_emu_http_complete(vm, id);
  proxywasm_emu_vm_trace_clear(vm);
  proxywasm_header rh[] = {PROXYWASM_HEADER(":status", "200")};
  /* Envoy still delivers to the root; the SDK skips the stream's callback. */
  assert_int_equal(proxywasm_emu_callout_reply(vm, token, rh, 1, NULL, 0, NULL, 0), PROXYWASM_OK);
  assert_non_null(strstr(proxywasm_emu_vm_trace(vm), "proxy_on_http_call_response(1,"));
  assert_int_equal(seen.calls, 0);
  proxywasm_emu_free(emu);
}

static void test_callout_failure(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t id = start_request(vm);
  uint32_t token = proxywasm_emu_callout_get(vm, id, 0)->token;
  assert_int_equal(proxywasm_emu_callout_fail(vm, token), PROXYWASM_OK);
  assert_int_equal(seen.calls, 1);
  assert_int_equal(seen.status, PROXYWASM_BROKEN_CONNECTION);
  assert_int_equal(seen.header_count, 0);
  assert_int_equal(seen.get_status_code, 11);
  assert_string_equal(seen.get_status_msg, "reset");
  assert_string_equal(seen.body, "");
  /* Envoy keeps the code but clears the message once the callback returned. */
  seen.probe_status = true;
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
  assert_int_equal(seen.probe_code, 11);
  assert_string_equal(seen.probe_msg, "");
  proxywasm_emu_free(emu);
}

static void test_callout_rejected(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  /* Once clusters are declared, unknown ones are refused as Envoy does. */
  assert_int_equal(proxywasm_emu_add_cluster(emu, "auth_cluster"), PROXYWASM_OK);
  seen.cluster = "nope";
  uint32_t id = start_request(vm);
  assert_int_equal(seen.call_st, PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_CONTINUE);
  seen.cluster = NULL;
  seen.no_pseudo = true;
  start_request(vm);
  assert_int_equal(seen.call_st, PROXYWASM_BAD_ARGUMENT); /* no :method */
  seen.no_pseudo = false;
  start_request(vm);
  assert_int_equal(seen.call_st, PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_callout_count(vm, 0), 1);
  proxywasm_emu_free(emu);
}

static void test_grpc(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  uint32_t root = proxywasm_emu_vm_root(vm);
  proxywasm_emu_on_tick(vm, root);
  assert_int_equal(proxywasm_emu_grpc_count(vm, root), 2);
  const proxywasm_emu_grpc *g = proxywasm_emu_grpc_find(vm, seen.grpc_token);
  assert_non_null(g);
  assert_false(g->stream);
  assert_int_equal(g->upstream_len, 12);
  assert_memory_equal(g->upstream, "grpc_cluster", 12);
  assert_string_equal(g->service, "pkg.Svc");
  assert_string_equal(g->method, "Do");
  assert_int_equal(g->metadata_count, 1);
  assert_string_equal(g->initial_metadata[0].name.data, "x-md");
  assert_string_equal(g->message, "req");
  assert_int_equal(g->timeout_ms, 100);
  assert_int_equal(seen.send_on_call_st, PROXYWASM_BAD_ARGUMENT);

  const proxywasm_emu_grpc *s = proxywasm_emu_grpc_get(vm, 0, 1);
  assert_non_null(s);
  assert_true(s->stream);
  assert_int_equal(s->num_sent, 2);
  assert_true(s->half_closed);
  size_t len;
  assert_string_equal(proxywasm_emu_grpc_sent(vm, s->token, 1, &len), "m2");
  assert_null(proxywasm_emu_grpc_sent(vm, s->token, 2, &len));

  proxywasm_header md[] = {PROXYWASM_HEADER("x-server", "emu")};
  /* A unary call: Envoy delivers no metadata, and its answer ends it. */
  assert_int_equal(proxywasm_emu_grpc_reply_initial_metadata(vm, seen.grpc_token, md, 1),
                   PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_emu_grpc_reply_message(vm, seen.grpc_token, "resp", 4), PROXYWASM_OK);
  assert_string_equal(seen.grpc_msg, "resp");
  assert_true(proxywasm_emu_grpc_find(vm, seen.grpc_token)->finished);
  assert_int_equal(proxywasm_emu_grpc_reply_close(vm, seen.grpc_token, 0, ""), PROXYWASM_NOT_FOUND);
  assert_int_equal(seen.grpc_closes, 0);

  /* A stream: metadata, messages, and a final close. */
  assert_int_equal(proxywasm_emu_grpc_reply_initial_metadata(vm, s->token, md, 1), PROXYWASM_OK);
  assert_string_equal(seen.grpc_md, "x-server=emu");
  assert_int_equal(proxywasm_emu_grpc_reply_message(vm, s->token, "more", 4), PROXYWASM_OK);
  assert_string_equal(seen.grpc_msg, "more");
  assert_int_equal(proxywasm_emu_grpc_reply_close(vm, s->token, 14, "unavailable"), PROXYWASM_OK);
  assert_int_equal(seen.grpc_closes, 1);
  assert_int_equal(seen.grpc_status, 14);
  assert_string_equal(seen.grpc_close_msg, "unavailable");
  assert_true(proxywasm_emu_grpc_find(vm, s->token)->finished);
  /* Finished calls take no more answers. */
  assert_int_equal(proxywasm_emu_grpc_reply_message(vm, s->token, "x", 1), PROXYWASM_NOT_FOUND);
  proxywasm_emu_free(emu);
}

static void test_grpc_unknown_cluster(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  proxywasm_emu_add_cluster(emu, "other");
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
  assert_int_equal(proxywasm_emu_grpc_count(vm, 0), 0);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "grpc_call"), 1);
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_callout_recorded_and_answered, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_tokens_unique, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_answer_after_stream_deleted, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_callout_failure, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_callout_rejected, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_grpc, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_grpc_unknown_cluster, reset_seen, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
