/* callout_timeout in the emulator: the same three cases as e2e.sh in
   Envoy, with Envoy's answers (proxywasm_emu_callout_timeout and
   _unreachable give what tests/fidelity measured in Envoy). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <proxywasm.h>
#include <proxywasm/emulator.h>

static const proxywasm_header request[] = {
    PROXYWASM_HEADER_INIT(":method", "GET"),
    PROXYWASM_HEADER_INIT(":path", "/"),
    PROXYWASM_HEADER_INIT(":authority", "127.0.0.1"),
};

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(proxywasm_emu_static_host());
  return 0;
}

/* Starts the plugin for cluster, sends a request and returns the token of
   the auth callout it paused on. */
static uint32_t paused(proxywasm_emu_vm **vm, uint32_t *id, const char *cluster) {
  proxywasm_emu *emu = proxywasm_emu_new();
  assert_int_equal(proxywasm_emu_add_cluster(emu, cluster), PROXYWASM_OK);
  *vm = proxywasm_emu_start(emu, cluster);
  assert_non_null(*vm);
  *id = proxywasm_emu_http_new(*vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(*vm, *id, request, 3, true), PROXYWASM_PAUSE);
  const proxywasm_emu_callout *c = proxywasm_emu_callout_get(*vm, *id, 0);
  assert_non_null(c);
  assert_string_equal(c->cluster, cluster);
  assert_int_equal(c->timeout_ms, 300);
  return c->token;
}

static void assert_refused(proxywasm_emu_vm *vm, uint32_t id, uint32_t code, const char *body) {
  const proxywasm_emu_local_response *lr = proxywasm_emu_get_local_response(vm, id);
  assert_non_null(lr);
  assert_int_equal(lr->status_code, code);
  assert_string_equal(lr->body, body);
  assert_int_equal(proxywasm_emu_get_resume_count(vm, id, PROXYWASM_STREAM_HTTP_REQUEST), 0);
}

static void test_auth_ok_passes(void **state) {
  (void)state;
  proxywasm_emu_vm *vm;
  uint32_t id, tok = paused(&vm, &id, "auth_ok");
  proxywasm_header ok[] = {PROXYWASM_HEADER_INIT(":status", "200")};
  assert_int_equal(proxywasm_emu_callout_reply(vm, tok, ok, 1, "ok", 2, NULL, 0), PROXYWASM_OK);
  assert_null(proxywasm_emu_get_local_response(vm, id));
  assert_int_equal(proxywasm_emu_get_resume_count(vm, id, PROXYWASM_STREAM_HTTP_REQUEST), 1);
  assert_true(proxywasm_emu_log_contains(proxywasm_emu_vm_host(vm), PROXYWASM_LOG_INFO,
                                         "auth answered 200"));
}

/* The auth service is slower than timeout_ms: Envoy answers 504 itself. */
static void test_timeout_fails_closed(void **state) {
  (void)state;
  proxywasm_emu_vm *vm;
  uint32_t id, tok = paused(&vm, &id, "auth_slow");
  assert_int_equal(proxywasm_emu_callout_timeout(vm, tok), PROXYWASM_OK);
  assert_refused(vm, id, 503, "auth unavailable");
  assert_true(proxywasm_emu_log_contains(proxywasm_emu_vm_host(vm), PROXYWASM_LOG_INFO,
                                         "auth answered 504"));
  assert_false(proxywasm_emu_log_contains(proxywasm_emu_vm_host(vm), PROXYWASM_EMU_ANY_LEVEL,
                                          "auth call failed"));
}

static void test_unreachable_fails_closed(void **state) {
  (void)state;
  proxywasm_emu_vm *vm;
  uint32_t id, tok = paused(&vm, &id, "auth_dead");
  assert_int_equal(proxywasm_emu_callout_unreachable(vm, tok), PROXYWASM_OK);
  assert_refused(vm, id, 503, "auth unavailable");
  assert_true(proxywasm_emu_log_contains(proxywasm_emu_vm_host(vm), PROXYWASM_LOG_INFO,
                                         "auth answered 503"));
}

/* A reset after the answer started is Envoy's only failed call. */
static void test_reset_fails_closed(void **state) {
  (void)state;
  proxywasm_emu_vm *vm;
  uint32_t id, tok = paused(&vm, &id, "auth_ok");
  assert_int_equal(proxywasm_emu_callout_fail(vm, tok), PROXYWASM_OK);
  assert_refused(vm, id, 503, "auth unavailable");
  assert_true(proxywasm_emu_log_contains(proxywasm_emu_vm_host(vm), PROXYWASM_LOG_WARN,
                                         "auth call failed"));
}

static void test_other_answer_is_denied(void **state) {
  (void)state;
  proxywasm_emu_vm *vm;
  uint32_t id, tok = paused(&vm, &id, "auth_ok");
  proxywasm_header no[] = {PROXYWASM_HEADER_INIT(":status", "401")};
  assert_int_equal(proxywasm_emu_callout_reply(vm, tok, no, 1, NULL, 0, NULL, 0), PROXYWASM_OK);
  assert_refused(vm, id, 403, "denied");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_teardown(test_auth_ok_passes, teardown),
      cmocka_unit_test_teardown(test_timeout_fails_closed, teardown),
      cmocka_unit_test_teardown(test_unreachable_fails_closed, teardown),
      cmocka_unit_test_teardown(test_reset_fails_closed, teardown),
      cmocka_unit_test_teardown(test_other_answer_is_denied, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
