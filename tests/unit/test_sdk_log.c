/*
 * test_sdk_log.c - logging through the SDK and the host emulator, without
 * the level opt-in (the host filters): every level function, formatting,
 * long messages, bad input, failures, and the host's level query.
 * test_sdk_loglevel.c covers PROXYWASM_LOG_USE_HOST_LEVEL().
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

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;
static void (*tick_script)(void);

static void on_tick(proxywasm_plugin *p) {
  (void)p;
  if (tick_script)
    tick_script();
}

PROXYWASM_HOOKS(on_tick);

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

/* A va_list-taking wrapper, as plugins write their own loggers. */
static proxywasm_status my_log(proxywasm_log_level level, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  proxywasm_status s = proxywasm_logv(level, fmt, ap);
  va_end(ap);
  return s;
}

/* ---- every level ---- */

static proxywasm_status st[32];
static int nst;

static void log_everything(void) {
  nst = 0;
  st[nst++] = proxywasm_log_trace("t plain");
  st[nst++] = proxywasm_log_debug("d plain");
  st[nst++] = proxywasm_log_info("i plain");
  st[nst++] = proxywasm_log_warn("w plain");
  st[nst++] = proxywasm_log_error("e plain");
  st[nst++] = proxywasm_log_critical("c plain");
  st[nst++] = proxywasm_log_tracef("t %d", 1);
  st[nst++] = proxywasm_log_debugf("d %s", "two");
  st[nst++] = proxywasm_log_infof("i %05.1f", 3.25);
  st[nst++] = proxywasm_log_warnf("w %x", 255u);
  st[nst++] = proxywasm_log_errorf("e %c%c", 'o', 'k');
  st[nst++] = proxywasm_log_criticalf("c %zu%%", (size_t)100);
  st[nst++] = proxywasm_logf(PROXYWASM_LOG_INFO, "logf %lld", -5LL);
  st[nst++] = my_log(PROXYWASM_LOG_WARN, "logv %s=%u", "n", 7u);
  st[nst++] = proxywasm_log(PROXYWASM_LOG_ERROR, "raw message", 3);
  st[nst++] = proxywasm_log(PROXYWASM_LOG_ERROR, "a\0b", 3); /* bytes, not a C string */
}

static void test_every_level(void **state) {
  (void)state;
  tick(log_everything);
  for (int i = 0; i < nst; i++)
    assert_int_equal(st[i], PROXYWASM_OK);
  static const struct {
    int level;
    const char *msgs[5];
  } want[] = {
      {PROXYWASM_LOG_TRACE, {"t plain", "t 1"}},
      {PROXYWASM_LOG_DEBUG, {"d plain", "d two"}},
      {PROXYWASM_LOG_INFO, {"i plain", "i 003.2", "logf -5"}},
      {PROXYWASM_LOG_WARN, {"w plain", "w ff", "logv n=7"}},
      {PROXYWASM_LOG_ERROR, {"e plain", "e ok", "raw"}},
      {PROXYWASM_LOG_CRITICAL, {"c plain", "c 100%"}},
  };
  for (size_t l = 0; l < sizeof want / sizeof want[0]; l++) {
    size_t n = 0;
    while (n < 5 && want[l].msgs[n])
      n++;
    for (size_t i = 0; i < n; i++)
      assert_string_equal(proxywasm_emu_log_message(emu, want[l].level, i), want[l].msgs[i]);
  }
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_ERROR), 4);
  const proxywasm_emu_log_entry *e;
  size_t n = proxywasm_emu_log_entries(emu, &e);
  assert_int_equal(n, 16);
  assert_int_equal(e[15].len, 3);
  assert_memory_equal(e[15].message, "a\0b", 3);
  /* Logged from the tick: the plugin context. */
  assert_int_equal(e[0].context_id, proxywasm_emu_vm_root(vm));
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "proxy_log"), 16);
}

/* ---- a double argument links the float conversions (format.h) ---- */

static char fmt_f[] = "%.1f"; /* run-time: -Wformat cannot see it */

static void log_doubles(void) {
  nst = 0;
  st[nst++] = proxywasm_log_tracef("t %.1f", 0.5);
  st[nst++] = proxywasm_log_debugf("d %.1f", 1.5);
  st[nst++] = proxywasm_log_infof("i %.1f", 2.5);
  st[nst++] = proxywasm_log_warnf("w %.1f", 3.5);
  st[nst++] = proxywasm_log_errorf("e %.1f", 4.5);
  st[nst++] = proxywasm_log_criticalf("c %.1f", 5.5);
  st[nst++] = proxywasm_logf(PROXYWASM_LOG_INFO, "logf %g", 0.25);
  st[nst++] = proxywasm_logf(PROXYWASM_LOG_INFO, fmt_f, 1); /* no double: as written */
  st[nst++] = proxywasm_log_infof(fmt_f, 2);
}

static void test_doubles_by_argument_type(void **state) {
  (void)state;
  tick(log_doubles);
  for (int i = 0; i < nst; i++)
    assert_int_equal(st[i], PROXYWASM_OK);
  static const char *want[] = {"t 0.5", "d 1.5", "i 2.5", "w 3.5", "e 4.5", "c 5.5"};
  for (int l = PROXYWASM_LOG_TRACE; l <= PROXYWASM_LOG_CRITICAL; l++)
    assert_string_equal(proxywasm_emu_log_message(emu, l, 0), want[l]);
  assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_INFO, 1), "logf 0.25");
  assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_INFO, 2), "%f");
  assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_INFO, 3), "%f");
}

/* ---- without the opt-in the host filters ---- */

static bool enabled_debug, enabled_critical;
static proxywasm_log_level host_level;
static proxywasm_status level_st, level_fail_st;
static proxywasm_log_level level_after_fail;

static void log_below_level(void) {
  enabled_debug = proxywasm_log_enabled(PROXYWASM_LOG_DEBUG);
  enabled_critical = proxywasm_log_enabled(PROXYWASM_LOG_CRITICAL);
  st[0] = proxywasm_log_debug("dropped by the host");
  st[1] = proxywasm_log_debugf("dropped %d", 2);
  st[2] = proxywasm_log_warn("kept");
  level_st = proxywasm_log_level_get(&host_level);
  proxywasm_emu_fail_hostcall(emu, "get_log_level", 1, PROXYWASM_INTERNAL_FAILURE);
  level_after_fail = PROXYWASM_LOG_OFF;
  level_fail_st = proxywasm_log_level_get(&level_after_fail);
  st[3] = proxywasm_log_level_get(NULL);
}

static void test_host_filters_without_opt_in(void **state) {
  (void)state;
  proxywasm_emu_set_log_level(emu, PROXYWASM_LOG_WARN);
  tick(log_below_level);
  /* The module asked nothing: every call crossed into the host. */
  assert_true(enabled_debug);
  assert_true(enabled_critical);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "log"), 3);
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_EMU_ANY_LEVEL), 1);
  assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_WARN, 0), "kept");
  assert_int_equal(st[0], PROXYWASM_OK);
  assert_int_equal(st[1], PROXYWASM_OK);
  /* The level query, when asked. */
  assert_int_equal(level_st, PROXYWASM_OK);
  assert_int_equal(host_level, PROXYWASM_LOG_WARN);
  assert_int_equal(level_fail_st, PROXYWASM_INTERNAL_FAILURE);
  assert_int_equal(level_after_fail, PROXYWASM_LOG_TRACE);
  assert_int_equal(st[3], PROXYWASM_OK);
  proxywasm_emu_set_log_level(emu, PROXYWASM_LOG_OFF);
  assert_int_equal(proxywasm_log_level_get(&host_level), PROXYWASM_OK);
  assert_int_equal(host_level, PROXYWASM_LOG_OFF);
}

/* ---- bad input, failures ---- */

static void log_bad_input(void) {
  nst = 0;
  st[nst++] = proxywasm_log(PROXYWASM_LOG_OFF, "x", 1);
  st[nst++] = proxywasm_log((proxywasm_log_level)99, "x", 1);
  st[nst++] = proxywasm_logf(PROXYWASM_LOG_OFF, "x");
  st[nst++] = proxywasm_logf((proxywasm_log_level)-1, "x");
  st[nst++] = my_log(PROXYWASM_LOG_INFO, NULL);
  st[nst++] = proxywasm_log_info(NULL);                   /* an empty message */
  st[nst++] = proxywasm_log(PROXYWASM_LOG_INFO, NULL, 5); /* ditto */
  proxywasm_emu_fail_hostcall(emu, "log", 1, PROXYWASM_INTERNAL_FAILURE);
  st[nst++] = proxywasm_log_error("lost");
  proxywasm_emu_fail_hostcall(emu, "log", 1, PROXYWASM_BAD_ARGUMENT);
  st[nst++] = proxywasm_log_errorf("lost %d", 2);
}

static void test_bad_input_and_failures(void **state) {
  (void)state;
  tick(log_bad_input);
  proxywasm_status want[] = {
      PROXYWASM_BAD_ARGUMENT, PROXYWASM_BAD_ARGUMENT,     PROXYWASM_BAD_ARGUMENT,
      PROXYWASM_BAD_ARGUMENT, PROXYWASM_BAD_ARGUMENT,     PROXYWASM_OK,
      PROXYWASM_OK,           PROXYWASM_INTERNAL_FAILURE, PROXYWASM_BAD_ARGUMENT};
  assert_int_equal(nst, sizeof want / sizeof want[0]);
  for (int i = 0; i < nst; i++)
    assert_int_equal(st[i], want[i]);
  /* Bad levels and formats never reached the host. */
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "log"), 4);
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_EMU_ANY_LEVEL), 2);
  assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_INFO, 0), "");
  assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_INFO, 1), "");
}

/* ---- long messages ---- */

static char long_arg[3001];

static void log_long(void) {
  st[0] = proxywasm_log_infof("[%s]", long_arg);
  /* The arena cannot hold the formatted text: its start and a cut marker. */
  proxywasm_emu_fail_sdk_allocations(emu, 0, 1);
  st[1] = proxywasm_log_warnf("[%s]", long_arg);
  st[2] = proxywasm_log_info(long_arg);
}

static void test_long_messages(void **state) {
  (void)state;
  memset(long_arg, 'x', 3000);
  long_arg[3000] = 0;
  tick(log_long);
  assert_int_equal(st[0], PROXYWASM_OK);
  assert_int_equal(st[1], PROXYWASM_OK);
  assert_int_equal(st[2], PROXYWASM_OK);
  const char *m = proxywasm_emu_log_message(emu, PROXYWASM_LOG_INFO, 0);
  assert_int_equal(strlen(m), 3002);
  assert_true(m[0] == '[' && m[3001] == ']');
  m = proxywasm_emu_log_message(emu, PROXYWASM_LOG_WARN, 0);
  assert_int_equal(strlen(m), 230 + 19);
  assert_true(m[0] == '[' && m[229] == 'x');
  assert_string_equal(m + 230, "...[cut 2772 bytes]");
  assert_int_equal(strlen(proxywasm_emu_log_message(emu, PROXYWASM_LOG_INFO, 1)), 3000);
}

/* ---- literal formats logged without the formatter ---- */

/* "<text>", "<text>%s" and "<text>%.*s" are concatenated directly (log.c);
   each must equal what the formatter prints. */
static const char *volatile nothing; /* NULL, unseen by -Wformat */

static void log_direct(void) {
  nst = 0;
  st[nst++] = proxywasm_log_infof("plain text");
  st[nst++] = proxywasm_log_infof("100%% sure");
  st[nst++] = proxywasm_log_infof("path %.*s", 3, "/abcdef");
  st[nst++] = proxywasm_log_infof("path %.*s", 5, "/a\0bc"); /* stops at the NUL */
  st[nst++] = proxywasm_log_infof("empty %.*s", 0, nothing);
  st[nst++] = proxywasm_log_infof("null %.*s", 4, nothing);
  st[nst++] = proxywasm_log_infof("whole %.*s", -1, "abc");
  st[nst++] = proxywasm_log_infof("name %s", "value");
  st[nst++] = proxywasm_log_infof("name %s", nothing);
  st[nst++] = proxywasm_logf(PROXYWASM_LOG_WARN, "long %s", long_arg);
  proxywasm_emu_fail_sdk_allocations(emu, 0, 1);
  st[nst++] = proxywasm_log_errorf("cut %.*s", 3000, long_arg);
}

static void test_direct_concatenation(void **state) {
  (void)state;
  memset(long_arg, 'y', 3000);
  long_arg[3000] = 0;
  tick(log_direct);
  const char *want[] = {"plain text", "100% sure", "path /ab",   "path /a",    "empty ",
                        "null (nul",  "whole abc", "name value", "name (null)"};
  size_t n = sizeof want / sizeof want[0];
  assert_int_equal(nst, n + 2);
  for (int i = 0; i < nst; i++)
    assert_int_equal(st[i], PROXYWASM_OK);
  const proxywasm_emu_log_entry *e;
  assert_int_equal(proxywasm_emu_log_entries(emu, &e), n + 2);
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(e[i].len, strlen(want[i]));
    assert_memory_equal(e[i].message, want[i], e[i].len);
  }
  const char *m = proxywasm_emu_log_message(emu, PROXYWASM_LOG_WARN, 0);
  assert_int_equal(strlen(m), 3005);
  assert_memory_equal(m, "long yyy", 8);
  m = proxywasm_emu_log_message(emu, PROXYWASM_LOG_ERROR, 0);
  assert_int_equal(strlen(m), 230 + 19);
  assert_memory_equal(m, "cut yyy", 7);
  assert_int_equal(m[229], 'y');
  assert_string_equal(m + 230, "...[cut 2774 bytes]");
}

/* ---- a 10 MB line, as from a large body ---- */

static char *huge;
static const size_t huge_len = 10u << 20;

/* Through the formatter, and concatenated without it (log.c). */
static void log_huge(void) {
  st[0] = proxywasm_log_infof("body: %.*s.", (int)huge_len, huge);
  st[1] = proxywasm_log_infof("body: %.*s", (int)huge_len, huge);
}

static void test_ten_megabyte_line(void **state) {
  (void)state;
  huge = malloc(huge_len);
  assert_non_null(huge);
  for (size_t i = 0; i < huge_len; i++)
    huge[i] = (char)('a' + i % 26);
  tick(log_huge);
  assert_int_equal(st[0], PROXYWASM_OK);
  const proxywasm_emu_log_entry *e;
  assert_int_equal(st[1], PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_log_entries(emu, &e), 2);
  for (int i = 0; i < 2; i++) {
    assert_int_equal(e[i].len, huge_len + 7 - (size_t)i); /* whole: nothing cut */
    assert_memory_equal(e[i].message, "body: ", 6);
    assert_memory_equal(e[i].message + 6, huge, huge_len);
  }
  assert_int_equal(e[0].message[6 + huge_len], '.');
  free(huge);
}

/* ---- from the test body ---- */

static void test_log_outside_hooks(void **state) {
  (void)state;
  /* Hostcalls from the test body act on the static VM's VM context. */
  assert_int_equal(proxywasm_log_infof("from the test %d", 1), PROXYWASM_OK);
  const proxywasm_emu_log_entry *e;
  assert_int_equal(proxywasm_emu_log_entries(emu, &e), 1);
  assert_int_equal(e[0].context_id, 0);
  assert_ptr_equal(e[0].vm, vm);
  assert_string_equal(e[0].message, "from the test 1");
  /* Without a static VM there is no host to log to. */
  proxywasm_emu_vm_free(vm);
  vm = NULL;
  assert_int_equal(proxywasm_log_info("nobody"), PROXYWASM_INTERNAL_FAILURE);
  proxywasm_log_level l = PROXYWASM_LOG_OFF;
  assert_int_equal(proxywasm_log_level_get(&l), PROXYWASM_INTERNAL_FAILURE);
  assert_int_equal(l, PROXYWASM_LOG_TRACE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_every_level, setup, teardown),
      cmocka_unit_test_setup_teardown(test_doubles_by_argument_type, setup, teardown),
      cmocka_unit_test_setup_teardown(test_host_filters_without_opt_in, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_input_and_failures, setup, teardown),
      cmocka_unit_test_setup_teardown(test_long_messages, setup, teardown),
      cmocka_unit_test_setup_teardown(test_direct_concatenation, setup, teardown),
      cmocka_unit_test_setup_teardown(test_ten_megabyte_line, setup, teardown),
      cmocka_unit_test_setup_teardown(test_log_outside_hooks, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
