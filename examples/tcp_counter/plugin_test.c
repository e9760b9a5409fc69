/*
 * Unit tests of tcp_counter through the host emulator: bytes per
 * connection (logged at the end), totals in two counters across
 * connections, and a connection whose state could not be allocated.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <proxywasm.h>
#include <proxywasm/emulator.h>

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;

static int setup(void **state) {
  (void)state;
  emu = proxywasm_emu_new();
  vm = emu ? proxywasm_emu_start(emu, NULL) : NULL;
  return vm ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  return 0;
}

static uint64_t counter(const char *name) {
  uint64_t v = 0;
  assert_int_equal(proxywasm_emu_get_counter(emu, name, &v), PROXYWASM_OK);
  return v;
}

static void test_counts_both_directions(void **state) {
  (void)state;
  uint32_t a = proxywasm_emu_tcp_new(vm, 0, NULL), b = proxywasm_emu_tcp_new(vm, 0, NULL);
  proxywasm_emu_on_downstream_data(vm, a, "GET / HTTP/1.1\r\n", 16, false);
  proxywasm_emu_on_downstream_data(vm, b, "x", 1, false);
  proxywasm_emu_on_downstream_data(vm, a, "\r\n", 2, false);
  proxywasm_emu_on_upstream_data(vm, a, "HTTP/1.1 200 OK\r\n\r\n", 19, true);
  proxywasm_emu_tcp_complete(vm, a);
  char want[96];
  snprintf(want, sizeof want, "connection %u: 18 bytes received, 19 bytes sent", a);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, want));
  proxywasm_emu_tcp_complete(vm, b);
  snprintf(want, sizeof want, "connection %u: 1 bytes received, 0 bytes sent", b);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, want));
  assert_int_equal(counter("tcp_counter.bytes_received"), 19);
  assert_int_equal(counter("tcp_counter.bytes_sent"), 19);
  assert_int_equal(proxywasm_emu_vm_context_blocks(vm), 0); /* freed with each connection */
}

/* Out of memory for a connection's state: totals still count, no log line. */
static void test_without_state(void **state) {
  (void)state;
  if (!proxywasm_emu_fail_context_allocations(emu, 0, 1))
    skip(); /* wasm mode: the SDK's memory is inside the module */
  uint32_t a = proxywasm_emu_tcp_new(vm, 0, NULL);
  proxywasm_emu_on_downstream_data(vm, a, "abc", 3, false);
  proxywasm_emu_tcp_complete(vm, a);
  assert_int_equal(counter("tcp_counter.bytes_received"), 3);
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_INFO), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_counts_both_directions, setup, teardown),
      cmocka_unit_test_setup_teardown(test_without_state, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
