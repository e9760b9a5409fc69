/*
 * test_traps.c - wasm mode only: Envoy's restricted callbacks and traps.
 * While the module starts (_initialize) Envoy allows only logging, WASI
 * arguments, environment, clock and random; inside the allocator only
 * logging and the clock (proxy-wasm-cpp-host, WasmBase::startVm and
 * allocMemory). Any other import traps with "restricted_callback". A trap
 * while starting fails the VM; a trap in a hook ends the test program with
 * Envoy's message (V8's wording, docs/envoy.md), so those run in a child
 * process and the parent checks how it died and what it printed.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "proxywasm/emulator.h"

#define SECOND 1000000000ull

static int setup(void **state) {
  *state = proxywasm_emu_new();
  return *state ? 0 : -1;
}

static int teardown(void **state) {
  proxywasm_emu_free(*state);
  return 0;
}

/* One request with this path and a body of body_len bytes. */
static void request(proxywasm_emu_vm *vm, const char *path, size_t body_len) {
  static char body[32768];
  memset(body, 'b', sizeof body);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header hs[] = {{PROXYWASM_LIT(":path"), {path, strlen(path)}}};
  (void)proxywasm_emu_on_request_headers(vm, id, hs, 1, body_len == 0);
  if (body_len)
    (void)proxywasm_emu_on_request_body(vm, id, body, body_len, true);
  proxywasm_emu_http_complete(vm, id);
}

static void test_initialize_allowed(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_set_time(emu, 5 * SECOND);
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "traps: _initialize"));
}

static void test_initialize_restricted(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_set_time(emu, 1 * SECOND); /* the constructor reads shared data */
  assert_null(proxywasm_emu_vm_new(emu, NULL));
  assert_string_equal(proxywasm_emu_error(emu),
                      "Function: _initialize failed: Uncaught Error: restricted_callback");
  /* What it did before the refused call happened. */
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "traps: _initialize"));
}

/* wasi-libc's stdout asks fd_fdstat_get before its first write, which
   Envoy does not allow while the module starts. */
static void test_initialize_printf(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_set_time(emu, 2 * SECOND);
  assert_null(proxywasm_emu_vm_new(emu, NULL));
  assert_string_equal(proxywasm_emu_error(emu),
                      "Function: _initialize failed: Uncaught Error: restricted_callback");
}

static void test_malloc_logs(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  request(vm, "/malloc-logs", 32768);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "traps: malloc"));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "traps: body of 32768 bytes"));
}

/* In a child process: a fresh host and VM, then one request that must end
   the process. Exits 0 if it did not; 3 if the VM did not start. */
static void child(const char *path, size_t body_len) {
  struct rlimit none = {0, 0};
  (void)setrlimit(RLIMIT_CORE, &none); /* an expected abort leaves no core */
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = emu ? proxywasm_emu_start(emu, NULL) : NULL;
  if (vm == NULL)
    _exit(3);
  request(vm, path, body_len);
  _exit(0);
}

/* Runs child(path) and checks that it aborted printing message. */
static void expect_trap(const char *path, size_t body_len, const char *message) {
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], 2);
    child(path, body_len);
  }
  close(fds[1]);
  char out[8192];
  size_t len = 0;
  ssize_t n;
  while (len < sizeof out - 1 && (n = read(fds[0], out + len, sizeof out - 1 - len)) > 0)
    len += (size_t)n;
  out[len] = 0;
  close(fds[0]);
  int st = 0;
  assert_int_equal(waitpid(pid, &st, 0), pid);
  if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGABRT || strstr(out, message) == NULL)
    print_error("%s: status %d, stderr:\n%s\n", path, st, out);
  assert_true(WIFSIGNALED(st));
  assert_int_equal(WTERMSIG(st), SIGABRT);
  assert_non_null(strstr(out, message));
}

static void test_trap_unreachable(void **state) {
  (void)state;
  expect_trap("/unreachable", 0,
              "Function: proxy_on_request_headers failed: Uncaught RuntimeError: unreachable");
}

static void test_trap_out_of_bounds(void **state) {
  (void)state;
  expect_trap("/out-of-bounds", 0,
              "Function: proxy_on_request_headers failed: Uncaught RuntimeError: memory access "
              "out of bounds");
}

static void test_trap_stack(void **state) {
  (void)state;
  expect_trap("/stack", 0,
              "Function: proxy_on_request_headers failed: Uncaught RangeError: Maximum call "
              "stack size exceeded");
}

static void test_malloc_restricted(void **state) {
  (void)state;
  expect_trap("/malloc-calls-host", 32768,
              "Function: malloc failed: Uncaught Error: restricted_callback");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_initialize_allowed, setup, teardown),
      cmocka_unit_test_setup_teardown(test_initialize_restricted, setup, teardown),
      cmocka_unit_test_setup_teardown(test_initialize_printf, setup, teardown),
      cmocka_unit_test_setup_teardown(test_malloc_logs, setup, teardown),
      cmocka_unit_test(test_trap_unreachable),
      cmocka_unit_test(test_trap_out_of_bounds),
      cmocka_unit_test(test_trap_stack),
      cmocka_unit_test(test_malloc_restricted),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
