/*
 * hook_checks.h - checks made inside plugin hooks in the SDK's tests.
 *
 * A failed cmocka assertion longjmps, which must not cross the emulator and
 * the SDK's hook frames. So hooks record checks with CHECK/CHECK_EQ/...,
 * keeping the first failure, and the test asserts them with
 * assert_checks() after the driver call has returned. Tests that walk a
 * table set check_label to name the row being checked.
 */
#ifndef PROXYWASM_TEST_HOOK_CHECKS_H
#define PROXYWASM_TEST_HOOK_CHECKS_H

#include <string.h>

static int check_line, checks_run;
static const char *check_what;
static const char *check_label, *check_failed_label;
static long long check_got, check_want;

static inline void check_(bool ok, int line, const char *what, long long got, long long want) {
  checks_run++;
  if (!ok && check_line == 0) {
    check_line = line;
    check_what = what;
    check_got = got;
    check_want = want;
    check_failed_label = check_label;
  }
}

static inline void check_eq_(long long got, long long want, int line, const char *what) {
  check_(got == want, line, what, got, want);
}

/* Each operand is evaluated once. */
#define CHECK(c) check_((c), __LINE__, #c, 0, 0)
#define CHECK_EQ(a, b) check_eq_((long long)(a), (long long)(b), __LINE__, #a " == " #b)
#define CHECK_BYTES(v, lit)                                                                     \
  check_((v).len == sizeof(lit) - 1 && (v).data && memcmp((v).data, lit, sizeof(lit) - 1) == 0, \
         __LINE__, #v " is " #lit, (long long)(v).len, (long long)(sizeof(lit) - 1))
#define CHECK_EMPTY(v) CHECK((v).data == NULL && (v).len == 0)

/* Fails the running cmocka test if a hook check failed or none ran. */
static inline void assert_checks(void) {
  if (check_line)
    fail_msg("hook check at line %d failed%s%s: %s (got %lld, want %lld)", check_line,
             check_failed_label ? " for " : "", check_failed_label ? check_failed_label : "",
             check_what, check_got, check_want);
  assert_true(checks_run > 0);
}

#endif /* PROXYWASM_TEST_HOOK_CHECKS_H */
