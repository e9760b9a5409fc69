/* Unit tests of http_auth_random in the host emulator
   (Go: TestHttpAuthRandom_OnHttpRequestHeaders, _OnHttpCallResponse). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <proxywasm.h>
#include <proxywasm/emulator.h>

#define H(n, v) PROXYWASM_HEADER_INIT(n, v)

static const proxywasm_header request[] = {
    H(":method", "GET"),
    H(":path", "/uuid"),
    H(":authority", "localhost:18000"),
    H("key", "value"),
};
#define NUM_REQUEST (sizeof request / sizeof request[0])

/* What httpbin.org/uuid answers. */
static const proxywasm_header response[] = {
    H(":status", "200"),
    H("content-type", "application/json"),
    H("server", "gunicorn/19.9.0"),
};
/* Their FNV-1a hashes are even and odd (the bodies of Go's test). */
static const char granted_body[] = "{\"uuid\": \"7b10a67a-1c67-4199-835b-cbefcd4a63d4\"}";
static const char forbidden_body[] = "{\"uuid\": \"aaaaaaaa-1c67-4199-835b-cbefcd4a63d4\"}";

typedef struct fixture {
  proxywasm_emu *emu;
  proxywasm_emu_vm *vm;
} fixture;

static int setup(void **state) {
  static fixture f;
  f.emu = proxywasm_emu_new();
  assert_non_null(f.emu);
  assert_int_equal(proxywasm_emu_add_cluster(f.emu, "httpbin"), PROXYWASM_OK);
  f.vm = proxywasm_emu_start(f.emu, NULL);
  assert_non_null(f.vm);
  *state = &f;
  return 0;
}

static int teardown(void **state) {
  proxywasm_emu_free(((fixture *)*state)->emu);
  return 0;
}

/* Starts a request and returns its id; the request is paused on a callout. */
static uint32_t paused_request(fixture *f) {
  uint32_t id = proxywasm_emu_http_new(f->vm, 0);
  assert_int_not_equal(id, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(f->vm, id, request, NUM_REQUEST, true),
                   PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_callout_count(f->vm, id), 1);
  return id;
}

static void test_on_request_headers(void **state) {
  fixture *f = *state;
  uint32_t id = paused_request(f);
  const proxywasm_emu_callout *c = proxywasm_emu_callout_get(f->vm, id, 0);
  assert_non_null(c);
  assert_string_equal(c->cluster, "httpbin");
  assert_int_equal(c->timeout_ms, 50000);
  /* The request's own headers are forwarded. */
  assert_int_equal(c->header_count, NUM_REQUEST);
  for (size_t i = 0; i < NUM_REQUEST; i++) {
    assert_string_equal(c->headers[i].name.data, request[i].name.data);
    assert_string_equal(c->headers[i].value.data, request[i].value.data);
  }
  assert_int_equal(proxywasm_emu_get_action(f->vm, id), PROXYWASM_PAUSE);
  assert_true(
      proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, "http call dispatched to httpbin"));
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, "request header: key: value"));
  assert_true(
      proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, "request header: :path: /uuid"));
}

static void test_access_granted(void **state) {
  fixture *f = *state;
  uint32_t id = paused_request(f);
  const proxywasm_emu_callout *c = proxywasm_emu_callout_get(f->vm, id, 0);
  assert_int_equal(proxywasm_emu_callout_reply(f->vm, c->token, response, 3, granted_body,
                                               strlen(granted_body), NULL, 0),
                   PROXYWASM_OK);
  assert_null(proxywasm_emu_get_local_response(f->vm, id));
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, "access granted"));
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO,
                                         "response header from httpbin: :status: 200"));
  /* The request was resumed. */
  assert_int_equal(proxywasm_emu_get_action(f->vm, id), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_get_resume_count(f->vm, id, PROXYWASM_STREAM_HTTP_REQUEST), 1);
}

static void test_access_forbidden(void **state) {
  fixture *f = *state;
  uint32_t id = paused_request(f);
  const proxywasm_emu_callout *c = proxywasm_emu_callout_get(f->vm, id, 0);
  assert_int_equal(proxywasm_emu_callout_reply(f->vm, c->token, response, 3, forbidden_body,
                                               strlen(forbidden_body), NULL, 0),
                   PROXYWASM_OK);
  const proxywasm_emu_local_response *r = proxywasm_emu_get_local_response(f->vm, id);
  assert_non_null(r);
  assert_int_equal(r->status_code, 403);
  assert_int_equal(r->body_len, strlen("access forbidden"));
  assert_memory_equal(r->body, "access forbidden", r->body_len);
  assert_int_equal(r->header_count, 1);
  assert_string_equal(r->headers[0].name.data, "powered-by");
  assert_string_equal(r->headers[0].value.data, "proxy-wasm-go-sdk!!");
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, "access forbidden"));
  assert_false(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, "access granted"));
  assert_int_equal(proxywasm_emu_get_resume_count(f->vm, id, PROXYWASM_STREAM_HTTP_REQUEST), 0);
}

/* A failed call (no answer) lets the request through, as in Go. */
static void test_failed_call_fails_open(void **state) {
  fixture *f = *state;
  uint32_t id = paused_request(f);
  const proxywasm_emu_callout *c = proxywasm_emu_callout_get(f->vm, id, 0);
  assert_int_equal(proxywasm_emu_callout_fail(f->vm, c->token), PROXYWASM_OK);
  assert_null(proxywasm_emu_get_local_response(f->vm, id));
  assert_int_equal(proxywasm_emu_get_resume_count(f->vm, id, PROXYWASM_STREAM_HTTP_REQUEST), 1);
  assert_true(
      proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_CRITICAL, "failed to get response body"));
}

/* A call that cannot be made leaves the request alone. */
static void test_unknown_cluster_continues(void **state) {
  fixture *f = *state;
  proxywasm_emu_free(f->emu);
  f->emu = proxywasm_emu_new();
  assert_non_null(f->emu);
  assert_int_equal(proxywasm_emu_add_cluster(f->emu, "elsewhere"), PROXYWASM_OK);
  f->vm = proxywasm_emu_start(f->emu, NULL);
  assert_non_null(f->vm);

  uint32_t id = proxywasm_emu_http_new(f->vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(f->vm, id, request, NUM_REQUEST, true),
                   PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_callout_count(f->vm, id), 0);
  assert_true(
      proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_CRITICAL, "dispatch httpcall failed: "));
}

/* A stream that ends before the answer: the answer is dropped, nothing breaks. */
static void test_answer_after_stream_end(void **state) {
  fixture *f = *state;
  uint32_t id = paused_request(f);
  uint32_t token = proxywasm_emu_callout_get(f->vm, id, 0)->token;
  proxywasm_emu_http_complete(f->vm, id);
  proxywasm_emu_log_clear(f->emu);
  proxywasm_emu_callout_reply(f->vm, token, response, 3, forbidden_body, strlen(forbidden_body),
                              NULL, 0);
  assert_null(proxywasm_emu_get_local_response(f->vm, id));
  assert_false(proxywasm_emu_log_contains(f->emu, PROXYWASM_EMU_ANY_LEVEL, "access"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_on_request_headers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_access_granted, setup, teardown),
      cmocka_unit_test_setup_teardown(test_access_forbidden, setup, teardown),
      cmocka_unit_test_setup_teardown(test_failed_call_fails_open, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unknown_cluster_continues, setup, teardown),
      cmocka_unit_test_setup_teardown(test_answer_after_stream_end, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
