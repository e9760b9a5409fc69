/*
 * test_sdk_checked_header.c - headers checked once and sent many times
 * (proxywasm_header_check, proxywasm_headers_add_checked/_replace_checked):
 * a checked header is sent as checked; the check refuses as the send path
 * does, with its log line and *out zeroed; a struct whose views changed
 * after the check, or one never checked, is checked at send time, so the
 * result never differs from the ordinary add; what the proof does not
 * cover (bytes rewritten in place) reaches the host, where the emulator
 * flags it. Every path's refusal is in test_sdk_header_syntax.c, the
 * opt-out in test_sdk_headers_raw.c (header_paths.h lists these paths).
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

#define REQ PROXYWASM_MAP_HTTP_REQUEST_HEADERS

static unsigned writes(void) {
  return proxywasm_emu_hostcall_count(emu, "add_header_map_value") +
         proxywasm_emu_hostcall_count(emu, "replace_header_map_value");
}
static size_t warns(void) { return proxywasm_emu_log_count(emu, PROXYWASM_LOG_WARN); }

/* ---- checked once, sent many times ---- */

static proxywasm_action sent(proxywasm_http *h) {
  static const char name[] = "x-hello", value[] = "from proxy-wasm-c";
  proxywasm_context *c = proxywasm_http_context(h);
  proxywasm_checked_header ch;
  unsigned logs = proxywasm_emu_hostcall_count(emu, "log");
  CHECK_EQ(proxywasm_header_check(PROXYWASM_LIT(name), PROXYWASM_LIT(value), &ch), PROXYWASM_OK);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "log"), logs);      /* no hostcall when it passes */
  CHECK(ch.header.name.data == name && ch.header.name.len == 7); /* views, not copies */
  CHECK(ch.header.value.data == value && ch.header.value.len == 17);
  for (int i = 0; i < 3; i++)
    CHECK_EQ(proxywasm_headers_add_checked(c, REQ, &ch), PROXYWASM_OK);
  proxywasm_checked_header empty;
  CHECK_EQ(proxywasm_header_check(PROXYWASM_LIT("x-empty"), (proxywasm_bytes){NULL, 0}, &empty),
           PROXYWASM_OK);
  CHECK_EQ(proxywasm_headers_replace_checked(c, REQ, &empty), PROXYWASM_OK);
  CHECK_EQ(proxywasm_headers_replace_checked(c, REQ, &empty), PROXYWASM_OK);
  CHECK_EQ(writes(), 5);
  CHECK_EQ(warns(), 0);
  return PROXYWASM_CONTINUE;
}

static void test_sent(void **state) {
  (void)state;
  uint32_t id = run_script(sent);
  size_t n;
  const proxywasm_header *hs = proxywasm_emu_get_request_headers(vm, id, &n);
  assert_int_equal(proxywasm_emu_header_count(hs, n, "x-hello"), 3);
  assert_string_equal(proxywasm_emu_get_request_header(vm, id, "x-hello"), "from proxy-wasm-c");
  assert_int_equal(proxywasm_emu_header_count(hs, n, "x-empty"), 1); /* replaced, not added */
  assert_string_equal(proxywasm_emu_get_request_header(vm, id, "x-empty"), "");
  assert_int_equal(proxywasm_emu_invalid_header_count(emu), 0);
}

/* ---- the check refuses as the send path does ---- */

static bool zeroed(const proxywasm_checked_header *ch) {
  static const proxywasm_checked_header zero;
  return memcmp(ch, &zero, sizeof zero) == 0;
}

static proxywasm_action refused(proxywasm_http *h) {
  static const proxywasm_bytes bad_names[] = {PROXYWASM_LIT_INIT("x in"), PROXYWASM_LIT_INIT(""),
                                              PROXYWASM_LIT_INIT("x:y")};
  static const proxywasm_bytes bad_values[] = {
      PROXYWASM_LIT_INIT(INJECT), PROXYWASM_LIT_INIT(" v"), PROXYWASM_LIT_INIT("v\t"), {"a\0b", 3}};
  proxywasm_checked_header ch;
  for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
    check_label = bad_names[i].data;
    memset(&ch, 0xAB, sizeof ch);
    size_t before = warns();
    CHECK_EQ(proxywasm_header_check(bad_names[i], PROXYWASM_LIT("v"), &ch), PROXYWASM_BAD_ARGUMENT);
    CHECK(zeroed(&ch));
    CHECK_EQ(warns(), before + 1);
  }
  for (size_t i = 0; i < sizeof bad_values / sizeof bad_values[0]; i++) {
    check_label = bad_values[i].data;
    memset(&ch, 0xAB, sizeof ch);
    size_t before = warns();
    CHECK_EQ(proxywasm_header_check(PROXYWASM_LIT("x-bad"), bad_values[i], &ch),
             PROXYWASM_BAD_ARGUMENT);
    CHECK(zeroed(&ch));
    CHECK_EQ(warns(), before + 1);
  }
  /* Bad pointers are not syntax: refused without a line, as by the add. */
  check_label = "NULL";
  size_t before = warns();
  memset(&ch, 0xAB, sizeof ch);
  CHECK_EQ(proxywasm_header_check((proxywasm_bytes){NULL, 0}, PROXYWASM_LIT("v"), &ch),
           PROXYWASM_BAD_ARGUMENT);
  CHECK(zeroed(&ch));
  memset(&ch, 0xAB, sizeof ch);
  CHECK_EQ(proxywasm_header_check(PROXYWASM_LIT("x"), (proxywasm_bytes){NULL, 1}, &ch),
           PROXYWASM_BAD_ARGUMENT);
  CHECK(zeroed(&ch));
  CHECK_EQ(proxywasm_header_check(PROXYWASM_LIT("x"), PROXYWASM_LIT("v"), NULL),
           PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_headers_add_checked(proxywasm_http_context(h), REQ, NULL),
           PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_headers_replace_checked(proxywasm_http_context(h), REQ, NULL),
           PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(warns(), before);
  CHECK_EQ(writes(), 0);
  check_label = NULL;
  return PROXYWASM_CONTINUE;
}

static void test_refused(void **state) {
  (void)state;
  run_script(refused);
  /* The send path's line, naming the header, never printing the value. */
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_WARN,
      "proxywasm: refused header \"x-bad\": value has CR, LF or NUL (byte 1 of 16 is 0x0d)"));
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_WARN,
      "refused header \"x-bad\": value starts or ends with whitespace (byte 0 of 2 is 0x20)"));
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_WARN, "refused header \"x\\x20in\": name is not a token (byte 1 of 4"));
  assert_true(
      proxywasm_emu_log_contains(emu, PROXYWASM_LOG_WARN, "refused header \"\": name is empty"));
  assert_false(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_WARN, "x-injected"));
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_WARN), 7);
}

/* ---- views changed after the check: checked again at send ---- */

static proxywasm_action views_changed(proxywasm_http *h) {
  proxywasm_context *c = proxywasm_http_context(h);
  proxywasm_checked_header ch;
  CHECK_EQ(proxywasm_header_check(PROXYWASM_LIT("x-ok"), PROXYWASM_LIT("fine"), &ch), PROXYWASM_OK);
  proxywasm_checked_header moved = ch;
  moved.header.value = PROXYWASM_LIT(INJECT);
  CHECK_EQ(proxywasm_headers_add_checked(c, REQ, &moved), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_headers_replace_checked(c, REQ, &moved), PROXYWASM_BAD_ARGUMENT);
  moved = ch;
  moved.header.name = PROXYWASM_LIT("x in");
  CHECK_EQ(proxywasm_headers_add_checked(c, REQ, &moved), PROXYWASM_BAD_ARGUMENT);
  /* The same bytes, a view one byte longer: the proof is of the checked
     view, so the check runs again and sees the trailing space. */
  static const char spaced[] = "fine ";
  proxywasm_checked_header sp;
  CHECK_EQ(proxywasm_header_check(PROXYWASM_LIT("x-sp"), (proxywasm_bytes){spaced, 4}, &sp),
           PROXYWASM_OK);
  sp.header.value.len = 5; /* now ends with a space */
  CHECK_EQ(proxywasm_headers_add_checked(c, REQ, &sp), PROXYWASM_BAD_ARGUMENT);
  /* The name's views swapped with the value's: "@a" is no name. The
     views overlap so that the pointers differ by 1 and the lengths by 3,
     which a proof of both differences would not tell apart. */
  static const char both[] = "@abcde";
  proxywasm_checked_header sw;
  CHECK_EQ(proxywasm_header_check((proxywasm_bytes){both + 1, 5}, (proxywasm_bytes){both, 2}, &sw),
           PROXYWASM_OK);
  proxywasm_bytes name = sw.header.name;
  sw.header.name = sw.header.value;
  sw.header.value = name;
  CHECK_EQ(proxywasm_headers_add_checked(c, REQ, &sw), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(writes(), 0);
  CHECK_EQ(warns(), 5);
  /* Changed to other valid views: sent, through the check. */
  moved = ch;
  moved.header.value = PROXYWASM_LIT("other");
  CHECK_EQ(proxywasm_headers_add_checked(c, REQ, &moved), PROXYWASM_OK);
  CHECK_EQ(writes(), 1);
  return PROXYWASM_CONTINUE;
}

static void test_views_changed(void **state) {
  (void)state;
  uint32_t id = run_script(views_changed);
  assert_string_equal(proxywasm_emu_get_request_header(vm, id, "x-ok"), "other");
  assert_null(proxywasm_emu_get_request_header(vm, id, "x-sp"));
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_WARN,
      "refused header \"x-ok\": value has CR, LF or NUL (byte 1 of 16 is 0x0d)"));
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_WARN,
      "refused header \"x-sp\": value starts or ends with whitespace (byte 4 of 5 is 0x20)"));
  assert_int_equal(proxywasm_emu_invalid_header_count(emu), 0);
}

/* ---- never checked: zeroed, or filled by hand ---- */

static proxywasm_action unchecked(proxywasm_http *h) {
  proxywasm_context *c = proxywasm_http_context(h);
  proxywasm_checked_header zero;
  memset(&zero, 0, sizeof zero);
  CHECK_EQ(proxywasm_headers_add_checked(c, REQ, &zero), PROXYWASM_BAD_ARGUMENT); /* NULL name */
  CHECK_EQ(proxywasm_headers_replace_checked(c, REQ, &zero), PROXYWASM_BAD_ARGUMENT);
  proxywasm_checked_header by_hand = {PROXYWASM_HEADER_INIT("x-hand", "ok"), 0};
  CHECK_EQ(proxywasm_headers_add_checked(c, REQ, &by_hand), PROXYWASM_OK);
  by_hand.header.value = PROXYWASM_LIT(INJECT);
  by_hand.proof = 0x12345678u;
  CHECK_EQ(proxywasm_headers_replace_checked(c, REQ, &by_hand), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(writes(), 1);
  CHECK_EQ(warns(), 1);
  return PROXYWASM_CONTINUE;
}

static void test_unchecked(void **state) {
  (void)state;
  uint32_t id = run_script(unchecked);
  assert_string_equal(proxywasm_emu_get_request_header(vm, id, "x-hand"), "ok");
  assert_int_equal(proxywasm_emu_invalid_header_count(emu), 0);
}

/* ---- the contract: the bytes must not change after the check ---- */

static char mutable_value[8] = "safe";

static proxywasm_action rewritten(proxywasm_http *h) {
  proxywasm_checked_header ch;
  CHECK_EQ(proxywasm_header_check(PROXYWASM_LIT("x-rw"), (proxywasm_bytes){mutable_value, 4}, &ch),
           PROXYWASM_OK);
  memcpy(mutable_value, "a\r\nb", 4); /* same views, other bytes: breaks the contract */
  CHECK_EQ(proxywasm_headers_add_checked(proxywasm_http_context(h), REQ, &ch), PROXYWASM_OK);
  /* The ordinary path still checks the same bytes. */
  CHECK_EQ(send_on(h, ADD, "x-rw", "a\r\nb"), PROXYWASM_BAD_ARGUMENT);
  return PROXYWASM_CONTINUE;
}

static void test_rewritten_bytes_are_not_covered(void **state) {
  (void)state;
  run_script(rewritten);
  /* The check was skipped (that is the saving), so the raw bytes reached
     the host; the emulator flags them, as Envoy would send them raw. */
  assert_int_equal(proxywasm_emu_invalid_header_count(emu), 1);
  assert_non_null(strstr(proxywasm_emu_error(emu), "proxy_add_header_map_value: header \"x-rw\""));
}

/* ---- outside any hook ---- */

static void test_outside_hook(void **state) {
  (void)state;
  unsigned logs = proxywasm_emu_hostcall_count(emu, "log");
  proxywasm_checked_header ch;
  assert_int_equal(
      proxywasm_header_check(PROXYWASM_LIT("x-config"), PROXYWASM_LIT("at start"), &ch),
      PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "log"), logs);
  assert_int_equal(proxywasm_header_check(PROXYWASM_LIT("x-config"), PROXYWASM_LIT(INJECT), &ch),
                   PROXYWASM_BAD_ARGUMENT);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_WARN, "refused header \"x-config\""));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_sent, setup, teardown),
      cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_views_changed, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unchecked, setup, teardown),
      cmocka_unit_test_setup_teardown(test_rewritten_bytes_are_not_covered, setup, teardown),
      cmocka_unit_test_setup_teardown(test_outside_hook, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
