/* Unit tests of http_body_chunk in the host emulator (Go: Test_OnHttpRequestBody). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <proxywasm.h>
#include <proxywasm/emulator.h>

typedef struct fixture {
  proxywasm_emu *emu;
  proxywasm_emu_vm *vm;
} fixture;

static int setup(void **state) {
  static fixture f;
  f.emu = proxywasm_emu_new();
  assert_non_null(f.emu);
  f.vm = proxywasm_emu_start(f.emu, "body-set");
  assert_non_null(f.vm);
  *state = &f;
  return 0;
}

static int teardown(void **state) {
  proxywasm_emu_free(((fixture *)*state)->emu);
  return 0;
}

/* A stream whose headers announce len body bytes. */
static uint32_t stream(fixture *f, size_t len) {
  char value[32];
  snprintf(value, sizeof value, "%zu", len);
  const proxywasm_header h[] = {{PROXYWASM_LIT("content-length"), proxywasm_bytes_cstr(value)}};
  uint32_t id = proxywasm_emu_http_new(f->vm, 0);
  assert_int_not_equal(id, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(f->vm, id, h, 1, false), PROXYWASM_CONTINUE);
  return id;
}

static void assert_403(fixture *f, uint32_t id, const char *body) {
  const proxywasm_emu_local_response *r = proxywasm_emu_get_local_response(f->vm, id);
  assert_non_null(r);
  assert_int_equal(r->status_code, 403);
  assert_int_equal(r->body_len, strlen(body));
  assert_memory_equal(r->body, body, r->body_len);
  assert_int_equal(r->header_count, 1);
  assert_string_equal(r->headers[0].name.data, "powered-by");
  assert_string_equal(r->headers[0].value.data, "proxy-wasm-go-sdk");
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, body));
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, "local 403 response sent"));
}

static void test_pause_until_end_of_stream(void **state) {
  fixture *f = *state;
  uint32_t id = proxywasm_emu_http_new(f->vm, 0);
  assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, "aaaa", 4, false), PROXYWASM_PAUSE);
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO,
                                         "OnHttpRequestBody called. BodySize: 4, "
                                         "totalRequestBodyReadSize: 0, endOfStream: false"));
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, "read chunk size: 4"));
}

static void test_pattern_found(void **state) {
  fixture *f = *state;
  static const char body[] = "This is a payload with the pattern word.";
  uint32_t id = stream(f, strlen(body));
  assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, body, strlen(body), true),
                   PROXYWASM_PAUSE);
  assert_403(f, id, "pattern found in chunk: 1");
  size_t len;
  proxywasm_emu_get_request_body_sent(f->vm, id, &len);
  assert_int_equal(len, 0); /* nothing went upstream */
}

static void test_pattern_found_in_fourth_chunk(void **state) {
  fixture *f = *state;
  static const char *const chunks[] = {"chunk1...", "chunk2...", "chunk3...",
                                       "chunk4 with pattern ..."};
  size_t total = 0;
  for (size_t i = 0; i < 4; i++)
    total += strlen(chunks[i]);
  uint32_t id = stream(f, total);
  for (size_t i = 0; i < 4; i++)
    assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, chunks[i], strlen(chunks[i]), false),
                     PROXYWASM_PAUSE);
  assert_403(f, id, "pattern found in chunk: 4");
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO,
                                         "OnHttpRequestBody called. BodySize: 50, "
                                         "totalRequestBodyReadSize: 27, endOfStream: false"));
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, "read chunk size: 23"));
  assert_false(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_ERROR, "read data does not match"));
}

/* The Go example misses a pattern split across chunks; this one does not. */
static void test_pattern_across_chunks(void **state) {
  fixture *f = *state;
  uint32_t id = stream(f, 24);
  assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, "chunk1 pat", 10, false),
                   PROXYWASM_PAUSE);
  assert_null(proxywasm_emu_get_local_response(f->vm, id));
  assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, "tern chunk2..", 13, false),
                   PROXYWASM_PAUSE);
  assert_403(f, id, "pattern found in chunk: 2");
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, "read chunk size: 13"));
  assert_int_equal(proxywasm_emu_log_count(f->emu, PROXYWASM_LOG_ERROR), 0);
}

static void test_pattern_not_found(void **state) {
  fixture *f = *state;
  static const char body[] = "This is a generic payload.";
  uint32_t id = stream(f, strlen(body));
  assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, body, strlen(body), false),
                   PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, NULL, 0, true), PROXYWASM_CONTINUE);
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, "pattern not found"));
  assert_null(proxywasm_emu_get_local_response(f->vm, id));
  size_t len;
  const char *sent = proxywasm_emu_get_request_body_sent(f->vm, id, &len);
  assert_int_equal(len, strlen(body));
  assert_memory_equal(sent, body, len);
  assert_int_equal(proxywasm_emu_log_count(f->emu, PROXYWASM_LOG_ERROR), 0);
}

/* "patter" alone, at the end of the body, is no match. */
static void test_partial_pattern_is_no_match(void **state) {
  fixture *f = *state;
  uint32_t id = stream(f, 6);
  assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, "pat", 3, false), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, "ter", 3, false), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_on_request_body(f->vm, id, NULL, 0, true), PROXYWASM_CONTINUE);
  assert_null(proxywasm_emu_get_local_response(f->vm, id));
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, "pattern not found"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_pause_until_end_of_stream, setup, teardown),
      cmocka_unit_test_setup_teardown(test_pattern_found, setup, teardown),
      cmocka_unit_test_setup_teardown(test_pattern_found_in_fourth_chunk, setup, teardown),
      cmocka_unit_test_setup_teardown(test_pattern_across_chunks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_pattern_not_found, setup, teardown),
      cmocka_unit_test_setup_teardown(test_partial_pattern_is_no_match, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
