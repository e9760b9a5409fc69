/*
 * test_starts.c - Envoy's start-up (proxywasm_emu_set_envoy_starts): with
 * --concurrency 2 Envoy runs _initialize 5 times and on_vm_start and
 * on_plugin_start 4 times (base VM; canary; main thread and 2 workers,
 * docs/envoy.md), each instance with fresh globals. The plugin counts its
 * starts in shared data and in a global; the test makes the main thread's
 * and the workers' VMs. Natively there is one copy of the plugin's
 * globals, so the switch is refused there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proxywasm/emulator.h"

#define THREADS 3 /* the main thread and 2 workers */

static int setup(void **state) {
  *state = proxywasm_emu_new();
  return *state ? 0 : -1;
}

static int teardown(void **state) {
  proxywasm_emu_free(*state);
  return 0;
}

static unsigned shared_starts(proxywasm_emu *emu) {
  const char *v = NULL;
  assert_int_equal(proxywasm_emu_shared_data_get(emu, "starts", "starts", &v, NULL, NULL),
                   PROXYWASM_OK);
  return (unsigned)strtoul(v, NULL, 10);
}

static size_t initializations(proxywasm_emu *emu) {
  size_t n = 0;
  for (size_t i = 0; i < proxywasm_emu_log_count(emu, PROXYWASM_LOG_INFO); i++)
    n += strcmp(proxywasm_emu_log_message(emu, PROXYWASM_LOG_INFO, i), "starts: _initialize") == 0;
  return n;
}

/* Starts one VM per thread, then sends each a request: every instance
   counted one start of its own and sees the shared count. */
static void start_threads(proxywasm_emu *emu, const char *shared) {
  proxywasm_emu_vm_options vo = {.vm_id = "starts", .plugin_path = "wasm2c/starts"};
  proxywasm_emu_vm *vms[THREADS];
  for (int i = 0; i < THREADS; i++) {
    vms[i] = proxywasm_emu_vm_new(emu, &vo);
    assert_non_null(vms[i]);
    bool started = false;
    assert_int_not_equal(proxywasm_emu_plugin_add(vms[i], NULL, &started), 0);
    assert_true(started);
  }
  for (int i = 0; i < THREADS; i++) {
    uint32_t id = proxywasm_emu_http_new(vms[i], 0);
    proxywasm_header hs[] = {{PROXYWASM_LIT(":path"), PROXYWASM_LIT("/")}};
    assert_int_equal(proxywasm_emu_on_request_headers(vms[i], id, hs, 1, true), PROXYWASM_CONTINUE);
    assert_string_equal(proxywasm_emu_get_request_header(vms[i], id, "x-instance-starts"), "1");
    assert_string_equal(proxywasm_emu_get_request_header(vms[i], id, "x-starts"), shared);
    proxywasm_emu_http_complete(vms[i], id);
  }
}

static void test_envoy_starts(void **state) {
  proxywasm_emu *emu = *state;
  if (!proxywasm_emu_set_envoy_starts(emu, true)) {
    /* Native mode: refused, and the error says why. */
    assert_non_null(strstr(proxywasm_emu_error(emu), "needs the wasm mode"));
    return;
  }
  start_threads(emu, "4"); /* N+2 starts for N = 2 workers */
  assert_int_equal(shared_starts(emu), 4);
  assert_int_equal(initializations(emu), 5); /* and the base VM's _initialize */
}

/* Off (the default): one start per VM the test makes, in both modes. */
static void test_default_starts(void **state) {
  proxywasm_emu *emu = *state;
  if (!proxywasm_emu_set_envoy_starts(emu, false))
    fail();
  if (!proxywasm_emu_set_envoy_starts(emu, true))
    return; /* native mode: one VM per process only (test_envoy_starts) */
  assert_true(proxywasm_emu_set_envoy_starts(emu, false));
  start_threads(emu, "3");
  assert_int_equal(initializations(emu), 3);
}

/* The canary's refusal is Envoy's: the plugin never starts in a thread. */
static void test_canary_refuses(void **state) {
  proxywasm_emu *emu = *state;
  if (!proxywasm_emu_set_envoy_starts(emu, true))
    return; /* native mode (test_envoy_starts) */
  proxywasm_emu_vm_options vo = {.vm_id = "starts", .plugin_path = "wasm2c/starts"};
  proxywasm_emu_vm *vm = proxywasm_emu_vm_new(emu, &vo);
  assert_non_null(vm);
  proxywasm_emu_plugin_options po = {.configuration = "reject"};
  assert_int_equal(proxywasm_emu_plugin_add(vm, &po, NULL), 0);
  assert_non_null(strstr(proxywasm_emu_error(emu), "canary"));
  assert_int_equal(shared_starts(emu), 1); /* the canary's on_vm_start only */
  assert_int_equal(proxywasm_emu_vm_root(vm), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_envoy_starts, setup, teardown),
      cmocka_unit_test_setup_teardown(test_default_starts, setup, teardown),
      cmocka_unit_test_setup_teardown(test_canary_refuses, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
