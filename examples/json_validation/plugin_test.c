/* Unit tests of json_validation in the host emulator (Go: TestOnHTTPRequest*). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <proxywasm.h>
#include <proxywasm/emulator.h>

#define MY_KEY_CONFIG "{\"requiredKeys\": [\"my_key\"]}"

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

static void assert_local_403(proxywasm_emu_vm *vm, uint32_t id, const char *body) {
  const proxywasm_emu_local_response *r = proxywasm_emu_get_local_response(vm, id);
  assert_non_null(r);
  assert_int_equal(r->status_code, 403);
  assert_string_equal(r->body, body);
  assert_int_equal(r->body_len, strlen(body));
  assert_int_equal(r->header_count, 0);
  assert_int_equal(r->grpc_status, -1);
}

static void test_request_headers(void **state) {
  static const struct {
    const char *content_type; /* NULL: no header */
    proxywasm_action action;
  } cases[] = {
      {"text/html", PROXYWASM_PAUSE},
      {"application/json", PROXYWASM_CONTINUE},
      {"application/json; charset=utf-8", PROXYWASM_PAUSE}, /* exact match, as in Go */
      {NULL, PROXYWASM_PAUSE},
  };
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint32_t id = proxywasm_emu_http_new(vm, 0);
    proxywasm_header hs[] = {PROXYWASM_HEADER(":path", "/"), PROXYWASM_HEADER("content-type", "")};
    if (cases[i].content_type != NULL)
      hs[1].value = proxywasm_bytes_cstr(cases[i].content_type);
    size_t n = cases[i].content_type != NULL ? 2 : 1;
    assert_int_equal(proxywasm_emu_on_request_headers(vm, id, hs, n, false), cases[i].action);
    if (cases[i].action == PROXYWASM_PAUSE)
      assert_local_403(vm, id, "content-type must be provided");
    else
      assert_null(proxywasm_emu_get_local_response(vm, id));
  }
}

/* Go's three body cases with {"requiredKeys": ["my_key"]}. */
static void test_request_body(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, MY_KEY_CONFIG);
  assert_non_null(vm);

  uint32_t id = proxywasm_emu_http_new(vm, 0);
  const char *body = "invalid_payload";
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, body, strlen(body), true),
                   PROXYWASM_PAUSE);
  assert_local_403(vm, id, "invalid payload");
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_ERROR,
                                         "body is not a valid json: \"invalid_payload\""));

  id = proxywasm_emu_http_new(vm, 0);
  body = "{\"unknown_key\":\"unknown_value\"}";
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, body, strlen(body), true),
                   PROXYWASM_PAUSE);
  assert_local_403(vm, id, "invalid payload");
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_ERROR,
      "required key (my_key) is missing: {\"unknown_key\":\"unknown_value\"}"));

  id = proxywasm_emu_http_new(vm, 0);
  body = "{\"my_key\":\"my_value\"}";
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, body, strlen(body), true),
                   PROXYWASM_CONTINUE);
  assert_null(proxywasm_emu_get_local_response(vm, id));
}

/* A body in chunks: each partial call pauses (Envoy buffers, body_size is
   the total so far), and the whole body is validated once at the end. */
static void test_request_body_in_chunks(void **state) {
  static const char *const chunks[] = {"{\"other\": [1, 2, 3], ", "\"padding\": \"xxxxxxxx\", ",
                                       "\"my_key\": \"my_value\"}"};
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, MY_KEY_CONFIG);
  assert_non_null(vm);

  uint32_t id = proxywasm_emu_http_new(vm, 0);
  for (size_t i = 0; i < 3; i++)
    assert_int_equal(proxywasm_emu_on_request_body(vm, id, chunks[i], strlen(chunks[i]), false),
                     PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, NULL, 0, true), PROXYWASM_CONTINUE);
  assert_null(proxywasm_emu_get_local_response(vm, id));
  size_t len;
  const char *sent = proxywasm_emu_get_request_body_sent(vm, id, &len);
  assert_int_equal(len, strlen(chunks[0]) + strlen(chunks[1]) + strlen(chunks[2]));
  assert_memory_equal(sent, chunks[0], strlen(chunks[0]));

  /* The same, with the key missing from the last chunk. */
  id = proxywasm_emu_http_new(vm, 0);
  for (size_t i = 0; i < 2; i++)
    assert_int_equal(proxywasm_emu_on_request_body(vm, id, chunks[i], strlen(chunks[i]), false),
                     PROXYWASM_PAUSE);
  const char *last = "\"other_key\": 1}";
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, last, strlen(last), true),
                   PROXYWASM_PAUSE);
  assert_local_403(vm, id, "invalid payload");
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_ERROR), 1);
}

/* Keys are paths: "user.id" looks inside "user"; every key is required. */
static void test_nested_and_multiple_keys(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, "{\"requiredKeys\": [\"user.id\", \"token\"]}");
  assert_non_null(vm);

  uint32_t id = proxywasm_emu_http_new(vm, 0);
  const char *body = "{\"user\": {\"id\": 7}, \"token\": \"t\"}";
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, body, strlen(body), true),
                   PROXYWASM_CONTINUE);

  id = proxywasm_emu_http_new(vm, 0);
  body = "{\"user\": {\"name\": \"a\"}, \"token\": \"t\"}";
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, body, strlen(body), true),
                   PROXYWASM_PAUSE);
  assert_true(
      proxywasm_emu_log_contains(emu, PROXYWASM_LOG_ERROR, "required key (user.id) is missing"));
}

/* Without configuration any JSON body passes, but not invalid JSON. */
static void test_no_configuration(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, "[]", 2, true), PROXYWASM_CONTINUE);
  id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_request_body(vm, id, "{", 1, true), PROXYWASM_PAUSE);
  assert_local_403(vm, id, "invalid payload");
}

static void test_invalid_configuration(void **state) {
  static const char *const bad[] = {
      "{\"requiredKeys\": [\"id\"",
      "{\"requiredKeys\": \"id\"}",
      "{\"requiredKeys\": [\"id\", 1]}",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    proxywasm_emu *emu = proxywasm_emu_new();
    assert_non_null(emu);
    assert_null(proxywasm_emu_start(emu, bad[i]));
    assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_CRITICAL,
                                           "error parsing plugin configuration: "));
    proxywasm_emu_free(emu);
  }
  (void)state;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_request_headers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_request_body, setup, teardown),
      cmocka_unit_test_setup_teardown(test_request_body_in_chunks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_nested_and_multiple_keys, setup, teardown),
      cmocka_unit_test_setup_teardown(test_no_configuration, setup, teardown),
      cmocka_unit_test(test_invalid_configuration),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
