/* Unit tests of grpc_auth in the host emulator: the gRPC call and stream it
   makes, and what each answer does to the paused request. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <proxywasm.h>
#include <proxywasm/emulator.h>

#define H(n, v) PROXYWASM_HEADER_INIT(n, v)

static const proxywasm_header unary_request[] = {
    H(":method", "GET"),
    H(":path", "/orders/42"),
    H(":authority", "localhost:18000"),
    H("x-user", "alice"),
};
static const proxywasm_header stream_request[] = {
    H(":method", "GET"),
    H(":path", "/stream/orders"),
    H(":authority", "localhost:18000"),
    H("x-user", "mallory"),
};
/* HealthCheckRequest{service: "/orders/42"} and HealthCheckResponse{status}. */
static const char check_message[] = "\x0a\x0a/orders/42";
static const char serving[] = "\x08\x01";
static const char not_serving[] = "\x08\x02";

typedef struct fixture {
  proxywasm_emu *emu;
  proxywasm_emu_vm *vm;
} fixture;

static int setup(void **state) {
  static fixture f;
  f.emu = proxywasm_emu_new();
  assert_non_null(f.emu);
  assert_int_equal(proxywasm_emu_add_cluster(f.emu, "grpc_auth"), PROXYWASM_OK);
  f.vm = proxywasm_emu_start(f.emu, NULL);
  assert_non_null(f.vm);
  *state = &f;
  return 0;
}

static int teardown(void **state) {
  proxywasm_emu_free(((fixture *)*state)->emu);
  return 0;
}

/* Sends the request's headers; the request pauses on one gRPC call/stream,
   whose token goes to *token. */
static uint32_t paused(fixture *f, const proxywasm_header *req, uint32_t *token) {
  uint32_t id = proxywasm_emu_http_new(f->vm, 0);
  assert_int_not_equal(id, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(f->vm, id, req, 4, true), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_grpc_count(f->vm, id), 1);
  const proxywasm_emu_grpc *g = proxywasm_emu_grpc_get(f->vm, id, 0);
  assert_non_null(g);
  *token = g->token;
  return id;
}

static void assert_resumed(fixture *f, uint32_t id) {
  assert_null(proxywasm_emu_get_local_response(f->vm, id));
  assert_int_equal(proxywasm_emu_get_resume_count(f->vm, id, PROXYWASM_STREAM_HTTP_REQUEST), 1);
}

static void assert_denied(fixture *f, uint32_t id, uint32_t http_status, const char *grpc_status,
                          const char *body) {
  const proxywasm_emu_local_response *r = proxywasm_emu_get_local_response(f->vm, id);
  assert_non_null(r);
  assert_int_equal(r->status_code, http_status);
  assert_string_equal(r->body, body);
  assert_int_equal(r->body_len, strlen(body));
  assert_int_equal(r->header_count, 1);
  assert_string_equal(r->headers[0].name.data, "x-grpc-status");
  assert_string_equal(r->headers[0].value.data, grpc_status);
  assert_int_equal(proxywasm_emu_get_resume_count(f->vm, id, PROXYWASM_STREAM_HTTP_REQUEST), 0);
}

static bool logged(fixture *f, const char *text) {
  return proxywasm_emu_log_contains(f->emu, PROXYWASM_EMU_ANY_LEVEL, text);
}

static void test_unary_call_made(void **state) {
  fixture *f = *state;
  uint32_t token;
  uint32_t id = paused(f, unary_request, &token);
  const proxywasm_emu_grpc *g = proxywasm_emu_grpc_find(f->vm, token);
  assert_false(g->stream);
  assert_int_equal(g->upstream_len, strlen("grpc_auth"));
  assert_memory_equal(g->upstream, "grpc_auth", g->upstream_len);
  assert_string_equal(g->service, "grpc.health.v1.Health");
  assert_string_equal(g->method, "Check");
  assert_int_equal(g->timeout_ms, 5000);
  assert_int_equal(g->metadata_count, 1);
  assert_string_equal(g->initial_metadata[0].name.data, "x-user");
  assert_string_equal(g->initial_metadata[0].value.data, "alice");
  assert_int_equal(g->message_len, sizeof check_message - 1);
  assert_memory_equal(g->message, check_message, g->message_len);
  assert_int_equal(proxywasm_emu_get_action(f->vm, id), PROXYWASM_PAUSE);
  assert_true(logged(f, "to grpc_auth dispatched: user alice, path /orders/42"));
}

static void test_no_user_is_anonymous(void **state) {
  fixture *f = *state;
  static const proxywasm_header req[] = {H(":method", "GET"), H(":path", "/"), H(":authority", "x"),
                                         H("other", "1")};
  uint32_t token;
  paused(f, req, &token);
  const proxywasm_emu_grpc *g = proxywasm_emu_grpc_find(f->vm, token);
  assert_string_equal(g->initial_metadata[0].value.data, "anonymous");
  assert_int_equal(g->message_len, 3);
  assert_memory_equal(g->message, "\x0a\x01/", 3);
}

/* Envoy's unary success: the response message, no close. */
static void test_serving_message_resumes(void **state) {
  fixture *f = *state;
  uint32_t token;
  uint32_t id = paused(f, unary_request, &token);
  assert_int_equal(proxywasm_emu_grpc_reply_message(f->vm, token, serving, 2), PROXYWASM_OK);
  assert_resumed(f, id);
  assert_true(logged(f, "response message, 2 bytes, health status 1 SERVING"));
  assert_true(logged(f, "access granted: SERVING"));
  /* The answer ended the call: Envoy sends no close after it. */
  assert_int_equal(proxywasm_emu_grpc_reply_close(f->vm, token, 0, NULL), PROXYWASM_NOT_FOUND);
  assert_int_equal(proxywasm_emu_get_resume_count(f->vm, id, PROXYWASM_STREAM_HTTP_REQUEST), 1);
  assert_null(proxywasm_emu_get_local_response(f->vm, id));
}

static void test_not_serving_message_denies(void **state) {
  fixture *f = *state;
  uint32_t token;
  uint32_t id = paused(f, unary_request, &token);
  assert_int_equal(proxywasm_emu_grpc_reply_message(f->vm, token, not_serving, 2), PROXYWASM_OK);
  assert_denied(f, id, 403, "7", "access denied: grpc status 7 PERMISSION_DENIED: NOT_SERVING\n");
}

static void test_permission_denied_close(void **state) {
  fixture *f = *state;
  uint32_t token;
  uint32_t id = paused(f, unary_request, &token);
  assert_int_equal(proxywasm_emu_grpc_reply_close(f->vm, token, 7, "user mallory is blocked"),
                   PROXYWASM_OK);
  assert_denied(f, id, 403, "7",
                "access denied: grpc status 7 PERMISSION_DENIED: user mallory is blocked\n");
  assert_true(logged(f, "closed: status 7 PERMISSION_DENIED, message \"user mallory is blocked\""));
  assert_true(logged(f, "access denied (403): grpc status 7"));
}

static void test_unavailable_close_is_503(void **state) {
  fixture *f = *state;
  uint32_t token;
  uint32_t id = paused(f, unary_request, &token);
  assert_int_equal(proxywasm_emu_grpc_reply_close(f->vm, token, 14, "connect error"), PROXYWASM_OK);
  assert_denied(f, id, 503, "14", "access denied: grpc status 14 UNAVAILABLE: connect error\n");
}

/* A long status message: 400 bytes of it in the response, marked as cut. */
static void test_long_message_marked_cut(void **state) {
  fixture *f = *state;
  static char msg[1001], want[600];
  memset(msg, 'm', 1000);
  uint32_t token;
  uint32_t id = paused(f, unary_request, &token);
  assert_int_equal(proxywasm_emu_grpc_reply_close(f->vm, token, 7, msg), PROXYWASM_OK);
  snprintf(want, sizeof want,
           "access denied: grpc status 7 PERMISSION_DENIED: %.400s...[cut 600 bytes]\n", msg);
  assert_denied(f, id, 403, "7", want);
}

/* What Envoy delivers for a trailers-only grpc-status 0 to a unary call. */
static void test_internal_without_message(void **state) {
  fixture *f = *state;
  uint32_t token;
  uint32_t id = paused(f, unary_request, &token);
  assert_int_equal(proxywasm_emu_grpc_reply_close(f->vm, token, 13, NULL), PROXYWASM_OK);
  assert_denied(f, id, 503, "13", "access denied: grpc status 13 INTERNAL: \n");
}

static void test_ok_close_resumes(void **state) {
  fixture *f = *state;
  uint32_t token;
  uint32_t id = paused(f, unary_request, &token);
  assert_int_equal(proxywasm_emu_grpc_reply_close(f->vm, token, 0, NULL), PROXYWASM_OK);
  assert_resumed(f, id);
  assert_true(logged(f, "access granted: grpc status 0"));
}

/* The request ended before the answer: the SDK skips the callback. */
static void test_answer_after_request_end(void **state) {
  fixture *f = *state;
  uint32_t token;
  uint32_t id = paused(f, unary_request, &token);
  proxywasm_emu_http_complete(f->vm, id);
  proxywasm_emu_log_clear(f->emu);
  proxywasm_emu_grpc_reply_close(f->vm, token, 7, "late");
  assert_null(proxywasm_emu_get_local_response(f->vm, id));
  assert_false(logged(f, "access"));
  assert_false(logged(f, "closed"));
}

/* Envoy refuses a call to a cluster it does not know: the request goes on. */
static void test_call_rejected_continues(void **state) {
  fixture *f = *state;
  proxywasm_emu_free(f->emu);
  f->emu = proxywasm_emu_new();
  assert_non_null(f->emu);
  proxywasm_emu_set_strict_clusters(f->emu, true);
  f->vm = proxywasm_emu_start(f->emu, NULL);
  assert_non_null(f->vm);
  uint32_t id = proxywasm_emu_http_new(f->vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(f->vm, id, unary_request, 4, true),
                   PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_grpc_count(f->vm, id), 0);
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_CRITICAL,
                                         "grpc call to grpc_auth failed: "));
  assert_true(logged(f, "; request continues"));
  assert_null(proxywasm_emu_get_local_response(f->vm, id));
}

static void test_stream_opened_sent_half_closed(void **state) {
  fixture *f = *state;
  uint32_t token;
  paused(f, stream_request, &token);
  const proxywasm_emu_grpc *g = proxywasm_emu_grpc_find(f->vm, token);
  assert_true(g->stream);
  assert_string_equal(g->service, "grpc.health.v1.Health");
  assert_string_equal(g->method, "Watch");
  assert_string_equal(g->initial_metadata[0].value.data, "mallory");
  assert_int_equal(g->num_sent, 1);
  assert_true(g->half_closed);
  size_t len;
  const char *sent = proxywasm_emu_grpc_sent(f->vm, token, 0, &len);
  assert_non_null(sent);
  assert_int_equal(len, 16);
  assert_memory_equal(sent, "\x0a\x0e/stream/orders", 16);
  assert_true(logged(f, "grpc stream"));
}

/* A stream decides on its close, after metadata and messages. */
static void test_stream_ok(void **state) {
  fixture *f = *state;
  static const proxywasm_header initial[] = {H(":status", "200"),
                                             H("content-type", "application/grpc")};
  static const proxywasm_header trailing[] = {H("grpc-status", "0")};
  uint32_t token;
  uint32_t id = paused(f, stream_request, &token);
  assert_int_equal(proxywasm_emu_grpc_reply_initial_metadata(f->vm, token, initial, 2),
                   PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_grpc_reply_message(f->vm, token, serving, 2), PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_grpc_reply_trailing_metadata(f->vm, token, trailing, 1),
                   PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_get_resume_count(f->vm, id, PROXYWASM_STREAM_HTTP_REQUEST), 0);
  assert_int_equal(proxywasm_emu_grpc_reply_close(f->vm, token, 0, "via_upstream"), PROXYWASM_OK);
  assert_resumed(f, id);
  assert_true(logged(f, "initial metadata, 2 entries"));
  assert_true(logged(f, "grpc initial metadata: content-type: application/grpc"));
  assert_true(logged(f, "health status 1 SERVING"));
  assert_true(logged(f, "trailing metadata, 1 entries"));
  assert_true(logged(f, "grpc trailing metadata: grpc-status: 0"));
  assert_true(logged(f, "closed: status 0 OK, message \"via_upstream\""));
}

static void test_stream_denied(void **state) {
  fixture *f = *state;
  uint32_t token;
  uint32_t id = paused(f, stream_request, &token);
  assert_int_equal(proxywasm_emu_grpc_reply_close(f->vm, token, 16, "who are you"), PROXYWASM_OK);
  assert_denied(f, id, 403, "16", "access denied: grpc status 16 UNAUTHENTICATED: who are you\n");
}

int main(void) {
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_unary_call_made),
      T(test_no_user_is_anonymous),
      T(test_serving_message_resumes),
      T(test_not_serving_message_denies),
      T(test_permission_denied_close),
      T(test_unavailable_close_is_503),
      T(test_long_message_marked_cut),
      T(test_internal_without_message),
      T(test_ok_close_resumes),
      T(test_answer_after_request_end),
      T(test_call_rejected_continues),
      T(test_stream_opened_sent_half_closed),
      T(test_stream_ok),
      T(test_stream_denied),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
