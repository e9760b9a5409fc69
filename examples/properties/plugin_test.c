/*
 * Unit tests of properties through the host emulator (Go's
 * TestProperties_OnHttpRequestHeaders): the auth header name comes from the
 * route metadata property; without the header the plugin answers 401 with
 * gRPC status 16.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>
#include <proxywasm.h>
#include <proxywasm/emulator.h>

#define AUTH_PATH \
  PROXYWASM_EMU_PATH("xds", "route_metadata", "filter_metadata", "envoy.filters.http.wasm", "auth")

typedef struct fixture {
  proxywasm_emu *emu;
  proxywasm_emu_vm *vm;
} fixture;

static int setup(void **state) {
  static fixture f;
  f.emu = proxywasm_emu_new();
  f.vm = f.emu ? proxywasm_emu_start(f.emu, NULL) : NULL;
  if (f.vm == NULL)
    return -1;
  *state = &f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  proxywasm_emu_free(f->emu);
  return 0;
}

static bool finished_logged(proxywasm_emu *emu, uint32_t id) {
  char msg[32];
  snprintf(msg, sizeof msg, "%u finished", id);
  return proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, msg);
}

static void test_route_without_auth(void **state) {
  fixture *f = *state;
  uint32_t id = proxywasm_emu_http_new(f->vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(f->vm, id, NULL, 0, false), PROXYWASM_CONTINUE);
  assert_false(finished_logged(f->emu, id));
  proxywasm_emu_http_complete(f->vm, id);
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, "no auth header for route"));
  assert_true(finished_logged(f->emu, id));
  assert_null(proxywasm_emu_get_local_response(f->vm, id));
}

static void test_authenticated(void **state) {
  fixture *f = *state;
  assert_int_equal(proxywasm_emu_set_property_str(f->emu, AUTH_PATH, "cookie"), PROXYWASM_OK);
  uint32_t id = proxywasm_emu_http_new(f->vm, 0);
  /* Header names are case-insensitive (the host lower-cases them). */
  proxywasm_header h[] = {PROXYWASM_HEADER(":path", "/one"), PROXYWASM_HEADER("Cookie", "value")};
  assert_int_equal(proxywasm_emu_on_request_headers(f->vm, id, h, 2, false), PROXYWASM_CONTINUE);
  proxywasm_emu_http_complete(f->vm, id);
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, "auth header is \"cookie\""));
  assert_true(finished_logged(f->emu, id));
  assert_null(proxywasm_emu_get_local_response(f->vm, id));
}

static void test_unauthenticated(void **state) {
  fixture *f = *state;
  assert_int_equal(proxywasm_emu_set_property_str(f->emu, AUTH_PATH, "authorization"),
                   PROXYWASM_OK);
  uint32_t id = proxywasm_emu_http_new(f->vm, 0);
  proxywasm_header h[] = {PROXYWASM_HEADER(":path", "/two"), PROXYWASM_HEADER("cookie", "value")};
  assert_int_equal(proxywasm_emu_on_request_headers(f->vm, id, h, 2, false), PROXYWASM_PAUSE);
  proxywasm_emu_http_complete(f->vm, id);
  assert_true(
      proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, "auth header is \"authorization\""));
  const proxywasm_emu_local_response *r = proxywasm_emu_get_local_response(f->vm, id);
  assert_non_null(r);
  assert_int_equal(r->status_code, 401);
  assert_int_equal(r->grpc_status, 16);
  assert_int_equal(r->body_len, 0);
  assert_int_equal(r->header_count, 0);
  assert_true(finished_logged(f->emu, id));
}

/* A failing property read other than NOT_FOUND is reported. */
static void test_property_error_is_logged(void **state) {
  fixture *f = *state;
  proxywasm_emu_fail_hostcall(f->emu, "proxy_get_property", 1, PROXYWASM_INTERNAL_FAILURE);
  uint32_t id = proxywasm_emu_http_new(f->vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(f->vm, id, NULL, 0, false), PROXYWASM_PAUSE);
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_CRITICAL,
                                         "failed to read properties: internal failure"));
  assert_non_null(proxywasm_emu_get_local_response(f->vm, id));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_route_without_auth, setup, teardown),
      cmocka_unit_test_setup_teardown(test_authenticated, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unauthenticated, setup, teardown),
      cmocka_unit_test_setup_teardown(test_property_error_is_logged, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
