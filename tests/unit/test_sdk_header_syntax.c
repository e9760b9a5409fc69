/*
 * test_sdk_header_syntax.c - the SDK refuses header names and values
 * outside RFC 9110 field syntax before they reach the host (issue 9: Envoy
 * sends them raw): every byte class in names and values, pseudo-headers,
 * surrounding whitespace, every path that sends headers, and the log line.
 * A refusal is PROXYWASM_BAD_ARGUMENT, one warning, and no hostcall.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proxywasm.h"
#include "proxywasm/emulator.h"

#include "hook_checks.h"
#include "header_paths.h"

/* Runs fn in the request-header hook of a new stream and asserts its checks. */
static uint32_t run(proxywasm_action (*fn)(proxywasm_http *)) {
  uint32_t id = run_script(fn);
  /* Nothing invalid ever reached the host. */
  assert_int_equal(proxywasm_emu_invalid_header_count(emu), 0);
  return id;
}

/* The header as a one-entry whole-map write: a status, and whether the
   hostcall was made (exactly when the status is OK). */
static proxywasm_status set_one(proxywasm_http *h, proxywasm_bytes name, proxywasm_bytes value) {
  unsigned before = proxywasm_emu_hostcall_count(emu, "set_header_map_pairs");
  size_t warns = proxywasm_emu_log_count(emu, PROXYWASM_LOG_WARN);
  proxywasm_header one = {name, value};
  proxywasm_status s = proxywasm_http_set_request_headers(h, &one, 1);
  unsigned made = proxywasm_emu_hostcall_count(emu, "set_header_map_pairs") - before;
  CHECK_EQ(made, s == PROXYWASM_OK);
  CHECK_EQ(proxywasm_emu_log_count(emu, PROXYWASM_LOG_WARN) - warns, s != PROXYWASM_OK);
  return s;
}

/* ---- every byte, in the middle of a name and of a value ---- */

/* Written from RFC 9110 5.6.2, independently of the SDK's bitmap. */
static bool is_tchar(unsigned c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c != 0 && strchr("!#$%&'*+-.^_`|~", (int)c) != NULL);
}

static proxywasm_action every_byte(proxywasm_http *h) {
  for (unsigned c = 0; c < 256; c++) {
    char name[4] = {'x', (char)c, 'y', 0}, value[3] = {'a', (char)c, 'b'};
    bool value_ok = c == '\t' || (c >= 0x20 && c != 0x7F); /* VCHAR, SP, HTAB, obs-text */
    CHECK_EQ(set_one(h, (proxywasm_bytes){name, 3}, PROXYWASM_LIT("v")),
             is_tchar(c) ? PROXYWASM_OK : PROXYWASM_BAD_ARGUMENT);
    CHECK_EQ(set_one(h, PROXYWASM_LIT("x-v"), (proxywasm_bytes){value, 3}),
             value_ok ? PROXYWASM_OK : PROXYWASM_BAD_ARGUMENT);
    /* The single-value writers agree (a name there ends at its first NUL). */
    CHECK_EQ(proxywasm_http_add_request_header(h, "x-v", value, 3),
             value_ok ? PROXYWASM_OK : PROXYWASM_BAD_ARGUMENT);
    CHECK_EQ(proxywasm_http_replace_request_header(h, "x-v", value, 3),
             value_ok ? PROXYWASM_OK : PROXYWASM_BAD_ARGUMENT);
    if (c != 0)
      CHECK_EQ(proxywasm_http_replace_request_header(h, name, "v", 1),
               is_tchar(c) ? PROXYWASM_OK : PROXYWASM_BAD_ARGUMENT);
  }
  return PROXYWASM_CONTINUE;
}

static void test_every_byte(void **state) {
  (void)state;
  run(every_byte);
  /* Of 256 bytes, 77 are tchars; all but the 33 control bytes, and HTAB, fit a value. */
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "set_header_map_pairs"), 77 + 224);
}

/* ---- names ---- */

static proxywasm_action names(proxywasm_http *h) {
  static const char *const good[] = {":path",   ":status", ":authority",           ":method",
                                     "X-Upper", "a",       "!#$%&'*+-.^_`|~09azAZ"};
  static const char *const bad[] = {":",   "::a", "a:",  "a b",   "a\tb",   "x-ü",
                                    "(a)", "a/b", "a=b", "\"a\"", "a\r\nb", "a\177"};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    check_label = good[i];
    CHECK_EQ(proxywasm_http_add_request_header(h, good[i], "v", 1), PROXYWASM_OK);
  }
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    check_label = bad[i];
    CHECK_EQ(proxywasm_http_add_request_header(h, bad[i], "v", 1), PROXYWASM_BAD_ARGUMENT);
  }
  check_label = "empty";
  CHECK_EQ(proxywasm_http_add_request_header(h, "", "v", 1), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(set_one(h, (proxywasm_bytes){NULL, 0}, PROXYWASM_LIT("v")), PROXYWASM_BAD_ARGUMENT);
  /* A NULL name with a length is a bad pointer, not a syntax error: no line. */
  proxywasm_header null_name = {{NULL, 1}, PROXYWASM_LIT_INIT("v")};
  CHECK_EQ(proxywasm_http_set_request_headers(h, &null_name, 1), PROXYWASM_BAD_ARGUMENT);
  check_label = NULL;
  return PROXYWASM_CONTINUE;
}

static void test_names(void **state) {
  (void)state;
  uint32_t id = run(names);
  /* Upper case passes; the host lowercases it. */
  assert_string_equal(proxywasm_emu_get_request_header(vm, id, "x-upper"), "v");
  assert_true(
      proxywasm_emu_log_contains(emu, PROXYWASM_LOG_WARN, "refused header \":\": name is empty"));
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_WARN,
      "refused header \"a\\x20b\": name is not a token (byte 1 of 3 is 0x20)"));
}

/* ---- values ---- */

static proxywasm_action values(proxywasm_http *h) {
  static const proxywasm_bytes good[] = {
      PROXYWASM_LIT_INIT(""), PROXYWASM_LIT_INIT("a b"), PROXYWASM_LIT_INIT("a\tb"),
      PROXYWASM_LIT_INIT("caf\xc3\xa9"), PROXYWASM_LIT_INIT("\x80\xff")};
  static const proxywasm_bytes bad[] = {
      PROXYWASM_LIT_INIT(" a"),   PROXYWASM_LIT_INIT("a "),    PROXYWASM_LIT_INIT("\ta"),
      PROXYWASM_LIT_INIT("a\t"),  PROXYWASM_LIT_INIT(" "),     PROXYWASM_LIT_INIT(INJECT),
      PROXYWASM_LIT_INIT("a\n"),  PROXYWASM_LIT_INIT("\ra"),   {"a\0b", 3},
      PROXYWASM_LIT_INIT("\x01"), PROXYWASM_LIT_INIT("a\x7f"), PROXYWASM_LIT_INIT("\x1b[31m")};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    check_label = good[i].data;
    CHECK_EQ(proxywasm_http_add_request_header(h, "x-good", good[i].data, good[i].len),
             PROXYWASM_OK);
  }
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    check_label = bad[i].data;
    CHECK_EQ(proxywasm_http_add_request_header(h, "x-bad", bad[i].data, bad[i].len),
             PROXYWASM_BAD_ARGUMENT);
  }
  check_label = NULL;
  return PROXYWASM_CONTINUE;
}

static void test_values(void **state) {
  (void)state;
  uint32_t id = run(values);
  size_t n;
  const proxywasm_header *hs = proxywasm_emu_get_request_headers(vm, id, &n);
  assert_int_equal(proxywasm_emu_header_count(hs, n, "x-good"), 5);
  assert_int_equal(proxywasm_emu_header_count(hs, n, "x-bad"), 0);
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_WARN), 12);
  /* Whitespace is refused, not trimmed; CR/LF/NUL win over it. */
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_WARN,
      "refused header \"x-bad\": value starts or ends with whitespace (byte 1 of 2 is 0x20)"));
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_WARN,
      "refused header \"x-bad\": value has CR, LF or NUL (byte 1 of 16 is 0x0d)"));
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_WARN,
      "refused header \"x-bad\": value has a control byte (byte 0 of 5 is 0x1b)"));
  /* The value itself is never logged. */
  assert_false(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_WARN, "x-injected"));
}

/* ---- every path that sends headers ---- */

static proxywasm_action every_path(proxywasm_http *h) {
  for (int p = 0; p < NPATHS; p++) {
    check_label = path_names[p];
    unsigned before = proxywasm_emu_hostcall_count(emu, path_hostcalls[p]);
    size_t warns = proxywasm_emu_log_count(emu, PROXYWASM_LOG_WARN);
    CHECK_EQ(send_on(h, p, "x-inject", INJECT), PROXYWASM_BAD_ARGUMENT);
    CHECK_EQ(proxywasm_emu_log_count(emu, PROXYWASM_LOG_WARN), warns + 1);
    if (p < GRPC_SERVICE) /* service and method have no header name to break */
      CHECK_EQ(send_on(h, p, "x in", "v"), PROXYWASM_BAD_ARGUMENT);
    CHECK_EQ(proxywasm_emu_hostcall_count(emu, path_hostcalls[p]), before);
    /* A valid header goes through on the same path. */
    CHECK_EQ(send_on(h, p, "x-ok", "pkg.v"), PROXYWASM_OK);
    CHECK_EQ(proxywasm_emu_hostcall_count(emu, path_hostcalls[p]), before + 1);
  }
  check_label = NULL;
  return PROXYWASM_PAUSE;
}

static void test_every_path(void **state) {
  (void)state;
  uint32_t id = run(every_path);
  /* Only the valid local response was sent, and it carries the valid header. */
  const proxywasm_emu_local_response *lr = proxywasm_emu_get_local_response(vm, id);
  assert_non_null(lr);
  assert_int_equal(lr->header_count, 1);
  assert_string_equal(lr->headers[0].name.data, "x-ok");
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_WARN,
      "refused header \":path\": value has CR, LF or NUL (byte 1 of 16 is 0x0d)"));
}

/* ---- the log line ---- */

static proxywasm_action log_line(proxywasm_http *h) {
  CHECK_EQ(proxywasm_http_add_request_header(h, "a\"b\\c\x01\r\n", "v", 1), PROXYWASM_BAD_ARGUMENT);
  char long_name[101];
  memset(long_name, 'n', 100);
  long_name[99] = ' ';
  long_name[100] = 0;
  CHECK_EQ(proxywasm_http_add_request_header(h, long_name, "v", 1), PROXYWASM_BAD_ARGUMENT);
  return PROXYWASM_CONTINUE;
}

static void test_log_line(void **state) {
  (void)state;
  run(log_line);
  /* The name is quoted and escaped, so it can forge neither quotes nor lines. */
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_WARN,
      "proxywasm: refused header \"a\\x22b\\x5cc\\x01\\x0d\\x0a\": name is not a token "
      "(byte 1 of 8 is 0x22)"));
  /* A long name is cut, and the line says so. */
  char want[160];
  snprintf(want, sizeof want,
           "refused header \"%.64s\" (first 64 of 100 bytes): name is not a "
           "token (byte 99 of 100 is 0x20)",
           "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
           "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn");
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_WARN, want));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_every_byte, setup, teardown),
      cmocka_unit_test_setup_teardown(test_names, setup, teardown),
      cmocka_unit_test_setup_teardown(test_values, setup, teardown),
      cmocka_unit_test_setup_teardown(test_every_path, setup, teardown),
      cmocka_unit_test_setup_teardown(test_log_line, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
