/*
 * test_field_literal.c - the three forms of RFC 9110 field syntax agree:
 * the precise rule (src/util/field.h: fault and offset, for the log line), its
 * fast answers (proxywasm__field_name_ok, proxywasm__field_value_ok: a
 * 64-bit mask per byte, eight value bytes per word), and the expression
 * the compiler folds for literals (PROXYWASM__LIT_FIELD_OK in
 * proxywasm/headers.h), evaluated here at run time. Every byte at every
 * position of names and values of 0 to 40 bytes, so every word and tail
 * position of the word scan and both ends of the 32-byte literal limit.
 * Then literals through the public writers: valid ones pass, invalid ones
 * are refused exactly as run-time strings are.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "proxywasm.h"
#include "proxywasm/emulator.h"

#include "hook_checks.h"
#include "../../src/util/field.h"

#define MAXLEN 40

/* Checks one name and one value in every form. */
static void agree(const unsigned char *p, size_t n, unsigned *lit_ok) {
  size_t at = 0;
  bool name = proxywasm__field_name(p, n, &at) == PROXYWASM__FIELD_OK;
  bool value = proxywasm__field_value(p, n, &at) == PROXYWASM__FIELD_OK;
  if (proxywasm__field_name_ok(p, n) != name || proxywasm__field_value_ok(p, n) != value)
    fail_msg("fast check differs: len %zu, bytes %02x..%02x", n, n ? p[0] : 0, n ? p[n - 1] : 0);
  /* The literal form says "valid" only for what is valid, and says it for
     everything valid up to 32 bytes. */
  bool lit_name = PROXYWASM__LIT_NAME_OK(p, n), lit_value = PROXYWASM__LIT_VALUE_OK(p, n);
  if (lit_name != (name && n <= 32) || lit_value != (value && n <= 32))
    fail_msg("literal form differs: len %zu", n);
  *lit_ok += lit_name;
}

static void test_every_byte_everywhere(void **state) {
  (void)state;
  unsigned char buf[MAXLEN + 1];
  unsigned lit_ok = 0, runs = 0;
  for (size_t n = 0; n <= MAXLEN; n++) {
    for (size_t pos = 0; pos < (n ? n : 1); pos++) {
      for (unsigned c = 0; c < 256; c++) {
        memset(buf, 'a', sizeof buf);
        if (n)
          buf[pos] = (unsigned char)c;
        agree(buf, n, &lit_ok);
        /* A second odd byte: an HTAB inside makes the word scan fall back. */
        if (n > 2 && pos + 1 < n) {
          buf[pos + 1 < n - 1 ? pos + 1 : 1] = '\t';
          agree(buf, n, &lit_ok);
        }
        runs++;
      }
    }
  }
  /* Not vacuous: the literal form accepted names (77 tchars per position). */
  assert_true(runs > 100000);
  assert_true(lit_ok > 77 * 32);
}

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  /* Literals: valid ones may skip the run-time check, invalid ones may not. */
  CHECK_EQ(proxywasm_http_add_request_header(h, "x-lit", "v", 1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_replace_request_header(h, ":authority", "a.example", 9), PROXYWASM_OK);
  CHECK_EQ(proxywasm_http_add_request_header(h, "x lit", "v", 1), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_add_request_header(h, "x-lit", "v\r\nx-injected: 1", 16),
           PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_replace_request_header(h, "x-lit", " v", 2), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_add_request_header(h, ":", "v", 1), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_http_add_request_header(h, "x-lit", NULL, 1), PROXYWASM_BAD_ARGUMENT);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_request_headers);

static void test_literals(void **state) {
  (void)state;
  emu = proxywasm_emu_new();
  assert_non_null(emu);
  vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/")};
  proxywasm_emu_on_request_headers(vm, id, req, 1, false);
  assert_checks();
  assert_int_equal(checks_run, 7);
  assert_string_equal(proxywasm_emu_get_request_header(vm, id, "x-lit"), "v");
  assert_string_equal(proxywasm_emu_get_request_header(vm, id, ":authority"), "a.example");
  /* Four syntax refusals, each with its line; nothing invalid reached the host. */
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_WARN), 4);
  assert_int_equal(proxywasm_emu_invalid_header_count(emu), 0);
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_byte_everywhere),
      cmocka_unit_test(test_literals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
