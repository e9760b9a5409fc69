/*
 * test_sdk_loglevel.c - the log-level opt-in, PROXYWASM_LOG_USE_HOST_LEVEL():
 * a message below the host's level makes no proxy_log call and is not even
 * formatted; the level is asked once per hook invocation; when the query
 * fails, everything is logged.
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

PROXYWASM_LOG_USE_HOST_LEVEL();

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;
static void (*tick_script)(void);

static void on_tick(proxywasm_plugin *p) {
  (void)p;
  if (tick_script)
    tick_script();
}

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)h, (void)n, (void)eos;
  proxywasm_log_debug("request debug");
  proxywasm_log_warn("request warn");
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_tick, on_request_headers);

static int setup(void **state) {
  (void)state;
  tick_script = NULL;
  emu = proxywasm_emu_new();
  if (emu == NULL)
    return -1;
  vm = proxywasm_emu_start(emu, NULL);
  return vm ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  emu = NULL;
  return 0;
}

static void tick(void (*fn)(void)) {
  tick_script = fn;
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
  tick_script = NULL;
}

static proxywasm_status st[16];
static bool en[7];

static void log_around_level(void) {
  for (int l = 0; l <= PROXYWASM_LOG_OFF; l++)
    en[l] = proxywasm_log_enabled((proxywasm_log_level)l);
  st[0] = proxywasm_log_trace("trace");
  st[1] = proxywasm_log_debugf("debug %d", 1);
  st[2] = proxywasm_log(PROXYWASM_LOG_INFO, "info", 4);
  st[3] = proxywasm_log_warn("warn");
  st[4] = proxywasm_log_errorf("error %d", 2);
  st[5] = proxywasm_logf(PROXYWASM_LOG_CRITICAL, "critical");
  st[6] = proxywasm_log(PROXYWASM_LOG_OFF, "x", 1); /* still a bad level */
}

static void test_below_level_makes_no_hostcall(void **state) {
  (void)state;
  proxywasm_emu_set_log_level(emu, PROXYWASM_LOG_WARN);
  tick(log_around_level);
  for (int i = 0; i < 6; i++)
    assert_int_equal(st[i], PROXYWASM_OK);
  assert_int_equal(st[6], PROXYWASM_BAD_ARGUMENT);
  assert_false(en[PROXYWASM_LOG_TRACE]);
  assert_false(en[PROXYWASM_LOG_DEBUG]);
  assert_false(en[PROXYWASM_LOG_INFO]);
  assert_true(en[PROXYWASM_LOG_WARN]);
  assert_true(en[PROXYWASM_LOG_CRITICAL]);
  /* Three messages below the level: no proxy_log for them at all. */
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "log"), 3);
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_EMU_ANY_LEVEL), 3);
  assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_ERROR, 0), "error 2");
  /* One level query for the whole hook invocation. */
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "get_log_level"), 1);
  /* Each hook invocation asks again, and sees a changed level. */
  proxywasm_emu_set_log_level(emu, PROXYWASM_LOG_TRACE);
  tick(log_around_level);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "get_log_level"), 2);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "log"), 9);
  assert_true(en[PROXYWASM_LOG_TRACE]);
  /* Stream hooks too. */
  proxywasm_emu_set_log_level(emu, PROXYWASM_LOG_INFO);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/")};
  proxywasm_emu_on_request_headers(vm, id, req, 1, true);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "get_log_level"), 3);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "log"), 10);
  assert_true(proxywasm_emu_context_log_contains(vm, id, PROXYWASM_LOG_WARN, "request warn"));
}

/* Formatting is skipped: proven with the arena. A long message needs an
   arena block to be formatted; with the next SDK allocation made to fail,
   a formatted message would come out truncated to 255 bytes. */
static char long_arg[1001];

static void log_long_below_then_above(void) {
  proxywasm_emu_fail_sdk_allocations(emu, 0, 1);
  /* "[%s]": a format that needs the formatter ("%s" alone is logged as is) */
  st[0] = proxywasm_log_debugf("[%s]", long_arg); /* below: must not format */
  st[1] = proxywasm_log_warnf("[%s]", long_arg);  /* above: gets the only block */
}

static void test_below_level_is_not_formatted(void **state) {
  (void)state;
  memset(long_arg, 'y', 1000);
  long_arg[1000] = 0;
  proxywasm_emu_set_log_level(emu, PROXYWASM_LOG_INFO);
  tick(log_long_below_then_above);
  assert_int_equal(st[0], PROXYWASM_OK);
  assert_int_equal(st[1], PROXYWASM_OK);
  /* The fault was still armed for the warning: it was cut, and says so... */
  const char *m = proxywasm_emu_log_message(emu, PROXYWASM_LOG_WARN, 0);
  assert_non_null(m);
  assert_int_equal(strlen(m), 230 + 18);
  assert_string_equal(m + 230, "...[cut 772 bytes]");
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_EMU_ANY_LEVEL), 1);
  /* ...while the same message at the host's level is whole. */
  proxywasm_emu_set_log_level(emu, PROXYWASM_LOG_DEBUG);
  tick(log_long_below_then_above);
  assert_int_equal(strlen(proxywasm_emu_log_message(emu, PROXYWASM_LOG_DEBUG, 0)), 230 + 18);
  assert_int_equal(strlen(proxywasm_emu_log_message(emu, PROXYWASM_LOG_WARN, 1)), 1002);
}

/* The leveled f-functions are macros that check the level first: a line
   below it does not evaluate its arguments; one at it does, once. The
   parenthesized name is the function itself, which checks the level too. */
static int evaluated;
static int next_arg(void) { return ++evaluated; }

static void log_with_side_effects(void) {
  st[0] = proxywasm_log_debugf("debug %d", next_arg());
  st[1] = proxywasm_log_warnf("warn %d", next_arg());
  st[2] = (proxywasm_log_debugf)("direct %d", next_arg());
  proxywasm_status (*fn)(const char *, ...) = proxywasm_log_errorf;
  st[3] = fn("pointer %d", next_arg());
}

static void test_below_level_args_not_evaluated(void **state) {
  (void)state;
  proxywasm_emu_set_log_level(emu, PROXYWASM_LOG_INFO);
  evaluated = 0;
  tick(log_with_side_effects);
  for (int i = 0; i < 4; i++)
    assert_int_equal(st[i], PROXYWASM_OK);
  /* The macro's debug line: no evaluation; the direct call: evaluated, dropped. */
  assert_int_equal(evaluated, 3);
  assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_WARN, 0), "warn 1");
  assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_ERROR, 0), "pointer 3");
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_EMU_ANY_LEVEL), 2);
}

static void log_query_fails(void) {
  proxywasm_emu_fail_hostcall(emu, "get_log_level", 1, PROXYWASM_UNIMPLEMENTED);
  st[0] = proxywasm_log_trace("logged when unsure");
  en[0] = proxywasm_log_enabled(PROXYWASM_LOG_TRACE);
}

static void test_failed_query_logs_everything(void **state) {
  (void)state;
  proxywasm_emu_set_log_level(emu, PROXYWASM_LOG_TRACE);
  tick(log_query_fails);
  assert_int_equal(st[0], PROXYWASM_OK);
  assert_true(en[0]);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_TRACE, "logged when unsure"));
  /* Host level off: nothing passes, and nothing crosses. */
  proxywasm_emu_set_log_level(emu, PROXYWASM_LOG_OFF);
  unsigned logs = proxywasm_emu_hostcall_count(emu, "log");
  tick(log_around_level);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "log"), logs);
  assert_false(en[PROXYWASM_LOG_CRITICAL]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_below_level_makes_no_hostcall, setup, teardown),
      cmocka_unit_test_setup_teardown(test_below_level_is_not_formatted, setup, teardown),
      cmocka_unit_test_setup_teardown(test_below_level_args_not_evaluated, setup, teardown),
      cmocka_unit_test_setup_teardown(test_failed_query_logs_everything, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
