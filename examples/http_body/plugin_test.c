/* Unit tests of http_body in the host emulator (Go: TestSetBodyContext_*,
   TestEchoBodyContext_OnHttpRequestBody). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <proxywasm.h>
#include <proxywasm/emulator.h>

#define ORIGINAL "[original body]"

typedef struct fixture {
  proxywasm_emu *emu;
  proxywasm_emu_vm *vm;
} fixture;

static fixture fx;

static int start(void **state, const char *configuration) {
  fx.emu = proxywasm_emu_new();
  assert_non_null(fx.emu);
  fx.vm = proxywasm_emu_start(fx.emu, configuration);
  assert_non_null(fx.vm);
  *state = &fx;
  return 0;
}
static int setup_set_body(void **state) { return start(state, "body-set"); }
static int setup_echo(void **state) { return start(state, "echo"); }
static int setup_echo_json(void **state) { return start(state, "{\"echo\": true}"); }
static int setup_no_config(void **state) { return start(state, NULL); }

static int teardown(void **state) {
  proxywasm_emu_free(((fixture *)*state)->emu);
  return 0;
}

static void assert_body(const char *got, size_t len, const char *want) {
  assert_non_null(got);
  assert_int_equal(len, strlen(want));
  assert_memory_equal(got, want, len);
}

/* A set-body stream with these request headers, which must continue. */
static uint32_t stream(fixture *f, const char *replace_at, const char *op) {
  proxywasm_header h[3];
  size_t n = 0;
  if (replace_at)
    h[n++] =
        (proxywasm_header){PROXYWASM_LIT("buffer-replace-at"), proxywasm_bytes_cstr(replace_at)};
  h[n++] = PROXYWASM_HEADER("content-length", "15");
  if (op)
    h[n++] = (proxywasm_header){PROXYWASM_LIT("buffer-operation"), proxywasm_bytes_cstr(op)};
  uint32_t id = proxywasm_emu_http_new(f->vm, 0);
  assert_int_not_equal(id, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(f->vm, id, h, n, false), PROXYWASM_CONTINUE);
  return id;
}

static void test_remove_content_length(void **state) {
  fixture *f = *state;
  uint32_t id = stream(f, NULL, "replace");
  size_t n;
  const proxywasm_header *h = proxywasm_emu_get_request_headers(f->vm, id, &n);
  assert_int_equal(n, 1);
  assert_string_equal(h[0].name.data, "buffer-operation");
  assert_string_equal(h[0].value.data, "replace");
}

static void test_400_without_content_length(void **state) {
  fixture *f = *state;
  uint32_t id = proxywasm_emu_http_new(f->vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(f->vm, id, NULL, 0, false), PROXYWASM_PAUSE);
  const proxywasm_emu_local_response *r = proxywasm_emu_get_local_response(f->vm, id);
  assert_non_null(r);
  assert_int_equal(r->status_code, 400);
  assert_body(r->body, r->body_len, "content must be provided");
}

static void test_request_pauses_until_end_of_stream(void **state) {
  fixture *f = *state;
  uint32_t id = proxywasm_emu_http_new(f->vm, 0);
  assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, "aaaa", 4, false), PROXYWASM_PAUSE);
}

/* One request in "request" mode; want is the body sent upstream. */
static void check_request(fixture *f, const char *op, const char *want) {
  uint32_t id = stream(f, NULL, op);
  size_t before = proxywasm_emu_log_count(f->emu, PROXYWASM_LOG_INFO);
  assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, ORIGINAL, strlen(ORIGINAL), true),
                   PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_log_count(f->emu, PROXYWASM_LOG_INFO), before + 1);
  assert_true(
      proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, "original request body: " ORIGINAL));
  size_t len;
  const char *body = proxywasm_emu_get_request_body(f->vm, id, &len);
  assert_body(body, len, want);
  body = proxywasm_emu_get_request_body_sent(f->vm, id, &len);
  assert_body(body, len, want);
}

/* No configuration (an Istio WasmPlugin without pluginConfig): set-body mode, quietly. */
static void test_no_config_is_set_body(void **state) {
  fixture *f = *state;
  check_request(f, "prepend", "[this is prepended body]" ORIGINAL);
  assert_int_equal(proxywasm_emu_log_count(f->emu, PROXYWASM_LOG_CRITICAL), 0);
}

static void test_request_append(void **state) {
  check_request(*state, "append", ORIGINAL "[this is appended body]");
}
static void test_request_prepend(void **state) {
  check_request(*state, "prepend", "[this is prepended body]" ORIGINAL);
}
static void test_request_replace(void **state) {
  check_request(*state, "replace", "[this is replaced body]");
}
static void test_request_invalid_op_replaces(void **state) {
  check_request(*state, "invalid", "[this is replaced body]");
}
static void test_request_missing_op_replaces(void **state) {
  check_request(*state, NULL, "[this is replaced body]");
}

/* A body in several chunks is handled once, whole (Go SDK issue #414). */
static void test_request_in_chunks(void **state) {
  fixture *f = *state;
  uint32_t id = stream(f, NULL, "append");
  assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, "[original", 9, false),
                   PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, " body]", 6, true), PROXYWASM_CONTINUE);
  size_t len;
  const char *body = proxywasm_emu_get_request_body_sent(f->vm, id, &len);
  assert_body(body, len, ORIGINAL "[this is appended body]");
  assert_int_equal(proxywasm_emu_log_count(f->emu, PROXYWASM_LOG_ERROR), 0);
}

/* A 10 MB body is logged whole, not cut to some internal limit. */
static void test_large_body_logged_whole(void **state) {
  fixture *f = *state;
  size_t n = 10u << 20;
  char *big = malloc(n);
  assert_non_null(big);
  for (size_t i = 0; i < n; i++)
    big[i] = (char)('a' + i % 26);
  uint32_t id = stream(f, NULL, "append");
  assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, big, n, true), PROXYWASM_CONTINUE);
  const proxywasm_emu_log_entry *e;
  size_t count = proxywasm_emu_log_entries(f->emu, &e), found = 0;
  static const char prefix[] = "original request body: ";
  for (size_t i = 0; i < count; i++) {
    if (e[i].len < sizeof prefix - 1 || memcmp(e[i].message, prefix, sizeof prefix - 1) != 0)
      continue;
    assert_int_equal(e[i].len, sizeof prefix - 1 + n);
    assert_memory_equal(e[i].message + sizeof prefix - 1, big, n);
    found++;
  }
  assert_int_equal(found, 1);
  free(big);
}

/* One request in "response" mode. */
static void check_response(fixture *f, const char *op, const char *want) {
  uint32_t id = stream(f, "response", op);
  /* The request body passes untouched. */
  assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, ORIGINAL, strlen(ORIGINAL), true),
                   PROXYWASM_CONTINUE);
  size_t len;
  const char *body = proxywasm_emu_get_request_body_sent(f->vm, id, &len);
  assert_body(body, len, ORIGINAL);

  const proxywasm_header h[] = {PROXYWASM_HEADER(":status", "200"),
                                PROXYWASM_HEADER("content-length", "15")};
  assert_int_equal(proxywasm_emu_on_response_headers(f->vm, id, h, 2, false), PROXYWASM_CONTINUE);
  assert_null(proxywasm_emu_get_response_header(f->vm, id, "content-length"));
  assert_int_equal(proxywasm_emu_on_response_body(f->vm, id, "[original", 9, false),
                   PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_on_response_body(f->vm, id, " body]", 6, true),
                   PROXYWASM_CONTINUE);
  assert_true(
      proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, "original response body: " ORIGINAL));
  body = proxywasm_emu_get_response_body(f->vm, id, &len);
  assert_body(body, len, want);
  body = proxywasm_emu_get_response_body_sent(f->vm, id, &len);
  assert_body(body, len, want);
}

static void test_response_append(void **state) {
  check_response(*state, "append", ORIGINAL "[this is appended body]");
}
static void test_response_prepend(void **state) {
  check_response(*state, "prepend", "[this is prepended body]" ORIGINAL);
}
static void test_response_replace(void **state) {
  check_response(*state, "replace", "[this is replaced body]");
}
static void test_response_invalid_op_replaces(void **state) {
  check_response(*state, "invalid", "[this is replaced body]");
}

/* In request mode the response is left alone. */
static void test_request_mode_keeps_response(void **state) {
  fixture *f = *state;
  uint32_t id = stream(f, "request", "append");
  const proxywasm_header h[] = {PROXYWASM_HEADER(":status", "200"),
                                PROXYWASM_HEADER("content-length", "15")};
  assert_int_equal(proxywasm_emu_on_response_headers(f->vm, id, h, 2, false), PROXYWASM_CONTINUE);
  assert_string_equal(proxywasm_emu_get_response_header(f->vm, id, "content-length"), "15");
  assert_int_equal(proxywasm_emu_on_response_body(f->vm, id, ORIGINAL, 15, true),
                   PROXYWASM_CONTINUE);
  size_t len;
  const char *body = proxywasm_emu_get_response_body_sent(f->vm, id, &len);
  assert_body(body, len, ORIGINAL);
}

static void test_echo_pauses_until_end_of_stream(void **state) {
  fixture *f = *state;
  uint32_t id = proxywasm_emu_http_new(f->vm, 0);
  assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, "aaaa", 4, false), PROXYWASM_PAUSE);
  assert_null(proxywasm_emu_get_local_response(f->vm, id));
}

static void test_echo_request(void **state) {
  fixture *f = *state;
  uint32_t id = proxywasm_emu_http_new(f->vm, 0);
  /* No content-length needed in echo mode. */
  const proxywasm_header h[] = {PROXYWASM_HEADER(":method", "PUT")};
  assert_int_equal(proxywasm_emu_on_request_headers(f->vm, id, h, 1, false), PROXYWASM_CONTINUE);
  static const char *const frames[] = {"frame1...", "frame2...", "frame3..."};
  for (size_t i = 0; i < 3; i++)
    assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, frames[i], 9, false),
                     PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, NULL, 0, true), PROXYWASM_PAUSE);
  const proxywasm_emu_local_response *r = proxywasm_emu_get_local_response(f->vm, id);
  assert_non_null(r);
  assert_int_equal(r->status_code, 200);
  assert_body(r->body, r->body_len, "frame1...frame2...frame3...");
  assert_int_equal(proxywasm_emu_log_count(f->emu, PROXYWASM_LOG_ERROR), 0);
}

/* envoy.yaml's layout: a set-body plugin and an echo plugin in one VM. */
static void test_two_plugins_in_one_vm(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  assert_non_null(emu);
  proxywasm_emu_vm *vm = proxywasm_emu_vm_new(emu, NULL);
  assert_non_null(vm);
  proxywasm_emu_plugin_options set_opts = {.configuration = "body-set"};
  proxywasm_emu_plugin_options echo_opts = {.configuration = "echo"};
  bool started = false;
  uint32_t set_root = proxywasm_emu_plugin_add(vm, &set_opts, &started);
  assert_true(started);
  uint32_t echo_root = proxywasm_emu_plugin_add(vm, &echo_opts, &started);
  assert_true(started);

  const proxywasm_header h[] = {PROXYWASM_HEADER("content-length", "15"),
                                PROXYWASM_HEADER("buffer-operation", "prepend")};
  uint32_t set_id = proxywasm_emu_http_new(vm, set_root);
  uint32_t echo_id = proxywasm_emu_http_new(vm, echo_root);
  assert_int_equal(proxywasm_emu_on_request_headers(vm, set_id, h, 2, false), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_on_request_headers(vm, echo_id, h, 2, false), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_on_request_body(vm, set_id, ORIGINAL, 15, true),
                   PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_on_request_body(vm, echo_id, ORIGINAL, 15, true), PROXYWASM_PAUSE);

  size_t len;
  const char *body = proxywasm_emu_get_request_body_sent(vm, set_id, &len);
  assert_body(body, len, "[this is prepended body]" ORIGINAL);
  assert_null(proxywasm_emu_get_local_response(vm, set_id));
  const proxywasm_emu_local_response *r = proxywasm_emu_get_local_response(vm, echo_id);
  assert_non_null(r);
  assert_body(r->body, r->body_len, ORIGINAL);
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_remove_content_length, setup_set_body, teardown),
      cmocka_unit_test_setup_teardown(test_400_without_content_length, setup_set_body, teardown),
      cmocka_unit_test_setup_teardown(test_request_pauses_until_end_of_stream, setup_set_body,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_request_append, setup_set_body, teardown),
      cmocka_unit_test_setup_teardown(test_large_body_logged_whole, setup_set_body, teardown),
      cmocka_unit_test_setup_teardown(test_no_config_is_set_body, setup_no_config, teardown),
      cmocka_unit_test_setup_teardown(test_request_prepend, setup_set_body, teardown),
      cmocka_unit_test_setup_teardown(test_request_replace, setup_set_body, teardown),
      cmocka_unit_test_setup_teardown(test_request_invalid_op_replaces, setup_set_body, teardown),
      cmocka_unit_test_setup_teardown(test_request_missing_op_replaces, setup_set_body, teardown),
      cmocka_unit_test_setup_teardown(test_request_in_chunks, setup_set_body, teardown),
      cmocka_unit_test_setup_teardown(test_response_append, setup_set_body, teardown),
      cmocka_unit_test_setup_teardown(test_response_prepend, setup_set_body, teardown),
      cmocka_unit_test_setup_teardown(test_response_replace, setup_set_body, teardown),
      cmocka_unit_test_setup_teardown(test_response_invalid_op_replaces, setup_set_body, teardown),
      cmocka_unit_test_setup_teardown(test_request_mode_keeps_response, setup_set_body, teardown),
      cmocka_unit_test_setup_teardown(test_echo_pauses_until_end_of_stream, setup_echo, teardown),
      cmocka_unit_test_setup_teardown(test_echo_request, setup_echo, teardown),
      cmocka_unit_test_setup_teardown(test_echo_request, setup_echo_json, teardown),
      cmocka_unit_test(test_two_plugins_in_one_vm),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
