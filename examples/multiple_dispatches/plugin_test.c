/* Unit tests of multiple_dispatches in the host emulator
   (Go: TestHttpContext_OnHttpRequestHeaders). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include <proxywasm.h>
#include <proxywasm/emulator.h>

static int setup(void **state) {
  proxywasm_emu *emu = proxywasm_emu_new();
  assert_non_null(emu);
  *state = emu;
  return 0;
}

static int teardown(void **state) {
  proxywasm_emu_free(*state);
  return 0;
}

/* Starts a stream whose response is held for 10 callouts. */
static uint32_t held_response(proxywasm_emu_vm *vm) {
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  const proxywasm_header hs[] = {PROXYWASM_HEADER("key", "value")};
  assert_int_equal(proxywasm_emu_on_response_headers(vm, id, hs, 1, false), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_callout_count(vm, id), 10);
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_PAUSE);
  return id;
}

static void test_dispatches(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  uint32_t id = held_response(vm);

  /* Each callout is GET / to cluster httpbin with an empty :authority. */
  for (size_t i = 0; i < 10; i++) {
    const proxywasm_emu_callout *c = proxywasm_emu_callout_get(vm, id, i);
    assert_non_null(c);
    assert_string_equal(c->cluster, "httpbin");
    assert_int_equal(c->timeout_ms, 50000);
    assert_int_equal(c->header_count, 3);
    assert_true(proxywasm_bytes_eq(c->headers[0].name, ":path"));
    assert_true(proxywasm_bytes_eq(c->headers[0].value, "/"));
    assert_true(proxywasm_bytes_eq(c->headers[1].name, ":method"));
    assert_true(proxywasm_bytes_eq(c->headers[1].value, "GET"));
    assert_true(proxywasm_bytes_eq(c->headers[2].name, ":authority"));
    assert_int_equal(c->headers[2].value.len, 0);
    assert_int_equal(c->body_len, 0);
  }

  /* Answer them all; the response stays held until the last one. */
  const proxywasm_header status[] = {PROXYWASM_HEADER(":status", "200")};
  for (size_t i = 0; i < 10; i++) {
    assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_PAUSE);
    uint32_t token = proxywasm_emu_callout_get(vm, id, i)->token;
    assert_int_equal(proxywasm_emu_callout_reply(vm, token, status, 1, "ok", 2, NULL, 0),
                     PROXYWASM_OK);
    if (i < 9) {
      char want[64];
      snprintf(want, sizeof want, "pending dispatched requests: %zu", 9 - i);
      assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, want));
    }
  }
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_get_resume_count(vm, id, PROXYWASM_STREAM_HTTP_RESPONSE), 1);
  assert_string_equal(proxywasm_emu_get_response_header(vm, id, "total-dispatched"), "10");
  assert_true(
      proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "pending dispatched requests: 9"));
  assert_true(
      proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "pending dispatched requests: 1"));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO,
                                         "response resumed after processed 10 dispatched request"));
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_INFO), 10);
}

/* Failed callouts (reset, timeout) count as answered too, as in Go. */
static void test_failed_dispatches(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  uint32_t id = held_response(vm);
  for (size_t i = 0; i < 10; i++)
    assert_int_equal(proxywasm_emu_callout_fail(vm, proxywasm_emu_callout_get(vm, id, i)->token),
                     PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_CONTINUE);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO,
                                         "response resumed after processed 10 dispatched request"));
}

/* Two streams keep separate counts. */
static void test_streams_are_independent(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  uint32_t a = held_response(vm), b = held_response(vm);
  for (size_t i = 0; i < 10; i++)
    proxywasm_emu_callout_fail(vm, proxywasm_emu_callout_get(vm, a, i)->token);
  assert_int_equal(proxywasm_emu_get_action(vm, a), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_get_action(vm, b), PROXYWASM_PAUSE);
  assert_null(proxywasm_emu_get_response_header(vm, b, "total-dispatched"));
}

/* Answers arriving after the stream ended are dropped: no resume, no
   access to the freed per-stream state (ASan would catch it). */
static void test_answers_after_stream_end(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  uint32_t id = held_response(vm);
  proxywasm_emu_callout_fail(vm, proxywasm_emu_callout_get(vm, id, 0)->token);
  proxywasm_emu_http_complete(vm, id);
  for (size_t i = 1; i < 10; i++)
    proxywasm_emu_callout_fail(vm, proxywasm_emu_callout_get(vm, id, i)->token);
  assert_int_equal(proxywasm_emu_get_resume_count(vm, id, PROXYWASM_STREAM_HTTP_RESPONSE), 0);
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_INFO), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_dispatches, setup, teardown),
      cmocka_unit_test_setup_teardown(test_failed_dispatches, setup, teardown),
      cmocka_unit_test_setup_teardown(test_streams_are_independent, setup, teardown),
      cmocka_unit_test_setup_teardown(test_answers_after_stream_end, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
