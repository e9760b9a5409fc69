/*
 * Unit tests of auth_callout through the host emulator: the callout it
 * makes (cluster, headers, timeout from the configuration), each answer
 * (200 resumes, 401 gives 403, Envoy's 504 timeout and 503 unreachable give
 * 503, a reset gives 503), a request without credentials, and a bad
 * configuration named by its field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <proxywasm.h>
#include <proxywasm/emulator.h>

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;

static int setup(void **state) {
  (void)state;
  emu = proxywasm_emu_new();
  proxywasm_emu_add_cluster(emu, "authz");
  vm = proxywasm_emu_start(
      emu, "{\"cluster\": \"authz\", \"path\": \"/v1/check\", \"timeout_ms\": 250}");
  return vm ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  return 0;
}

/* A request with credentials: paused, and one callout made. */
static uint32_t request(const proxywasm_emu_callout **call) {
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/"),
                            PROXYWASM_HEADER("authorization", "Bearer abc")};
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, req, 2, true), PROXYWASM_PAUSE);
  *call = proxywasm_emu_callout_get(vm, id, 0);
  assert_non_null(*call);
  return id;
}

static void answer(uint32_t token, const char *status) {
  proxywasm_header h[] = {proxywasm_header_cstr(":status", status)};
  assert_int_equal(proxywasm_emu_callout_reply(vm, token, h, 1, NULL, 0, NULL, 0), PROXYWASM_OK);
}

static void test_allowed(void **state) {
  (void)state;
  const proxywasm_emu_callout *call;
  uint32_t id = request(&call);
  assert_string_equal(call->cluster, "authz");
  assert_int_equal(call->timeout_ms, 250);
  const proxywasm_header *h = call->headers;
  assert_string_equal(proxywasm_emu_header_get(h, call->header_count, ":path", NULL), "/v1/check");
  assert_string_equal(proxywasm_emu_header_get(h, call->header_count, ":authority", NULL), "authz");
  assert_string_equal(proxywasm_emu_header_get(h, call->header_count, "authorization", NULL),
                      "Bearer abc");
  answer(call->token, "200");
  assert_int_equal(proxywasm_emu_get_action(vm, id), PROXYWASM_CONTINUE); /* resumed */
  assert_null(proxywasm_emu_get_local_response(vm, id));
}

/* Each answer and the local response it gives. */
static void expect(const char *status, uint32_t code, const char *body) {
  const proxywasm_emu_callout *call;
  uint32_t id = request(&call);
  if (status)
    answer(call->token, status);
  else
    assert_int_equal(proxywasm_emu_callout_fail(vm, call->token), PROXYWASM_OK);
  const proxywasm_emu_local_response *r = proxywasm_emu_get_local_response(vm, id);
  assert_non_null(r);
  assert_int_equal(r->status_code, code);
  assert_string_equal(r->body, body);
}

static void test_denied_and_unavailable(void **state) {
  (void)state;
  expect("401", 403, "access denied");
  expect("403", 403, "access denied");
  expect("504", 503, "authorization unavailable"); /* Envoy: the callout timed out */
  expect("503", 503, "authorization unavailable"); /* Envoy: no upstream */
  expect(NULL, 503, "authorization unavailable");  /* reset */
}

static void test_no_credentials(void **state) {
  (void)state;
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/")};
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, req, 1, true), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_callout_count(vm, id), 0);
  assert_int_equal(proxywasm_emu_get_local_response(vm, id)->status_code, 401);
}

static void test_bad_configuration(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  emu = proxywasm_emu_new();
  assert_null(proxywasm_emu_start(emu, "{\"timeout_ms\": \"soon\"}"));
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_ERROR, "bad configuration: field \"timeout_ms\": not an integer"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_allowed, setup, teardown),
      cmocka_unit_test_setup_teardown(test_denied_and_unavailable, setup, teardown),
      cmocka_unit_test_setup_teardown(test_no_credentials, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_configuration, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
