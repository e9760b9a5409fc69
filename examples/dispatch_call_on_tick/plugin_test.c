/* Unit tests of dispatch_call_on_tick in the host emulator
   (Go: TestPluginContext_OnTick, TestPluginContext_OnVMStart). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <proxywasm.h>
#include <proxywasm/emulator.h>

static int setup(void **state) {
  proxywasm_emu *emu = proxywasm_emu_new();
  assert_non_null(emu);
  *state = emu;
  return 0;
}

static int teardown(void **state) {
  proxywasm_emu_free(*state);
  return 0;
}

static const char *header(const proxywasm_emu_callout *c, const char *name) {
  for (size_t i = 0; i < c->header_count; i++)
    if (strcmp(c->headers[i].name.data, name) == 0)
      return c->headers[i].value.data;
  return NULL;
}

static void test_on_plugin_start(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  assert_int_equal(proxywasm_emu_get_tick_period(vm, proxywasm_emu_vm_root(vm)), 100);
  assert_true(
      proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "set tick period milliseconds: 100"));
}

/* Each tick makes one callout; each answer is counted and logged. */
static void test_on_tick(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  uint32_t root = proxywasm_emu_vm_root(vm);

  for (size_t i = 1; i < 10; i++) {
    proxywasm_emu_on_tick(vm, root);
    assert_int_equal(proxywasm_emu_callout_count(vm, root), i);
    const proxywasm_emu_callout *c = proxywasm_emu_callout_get(vm, root, i - 1);
    assert_non_null(c);
    assert_string_equal(c->cluster, "web_service");
    assert_int_equal(c->timeout_ms, 5000);
    assert_string_equal(header(c, ":method"), "GET");
    assert_string_equal(header(c, ":authority"), "some_authority");
    assert_string_equal(header(c, "accept"), "*/*");
    const char *path = header(c, ":path");
    assert_non_null(path);
    assert_true(strcmp(path, "/ok") == 0 || strcmp(path, "/fail") == 0);

    /* Like Go's test: an answer with no headers, body or trailers. */
    assert_int_equal(proxywasm_emu_callout_reply(vm, c->token, NULL, 0, NULL, 0, NULL, 0),
                     PROXYWASM_OK);
    char want[64];
    snprintf(want, sizeof want, "called %zu for contextID=%u", i, (unsigned)root);
    assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, want));
  }
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_CRITICAL), 0);
}

/* The answer's headers and trailers are logged; a failed call is counted too. */
static void test_response_is_logged(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  uint32_t root = proxywasm_emu_vm_root(vm);

  proxywasm_emu_on_tick(vm, root);
  const proxywasm_emu_callout *c = proxywasm_emu_callout_get(vm, root, 0);
  assert_non_null(c);
  const proxywasm_header headers[] = {PROXYWASM_HEADER(":status", "503"),
                                      PROXYWASM_HEADER("server", "envoy")};
  const proxywasm_header trailers[] = {PROXYWASM_HEADER("grpc-status", "0")};
  assert_int_equal(proxywasm_emu_callout_reply(vm, c->token, headers, 2, "x", 1, trailers, 1),
                   PROXYWASM_OK);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO,
                                         "response header for the dispatched call: :status: 503"));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO,
                                         "response header for the dispatched call: server: envoy"));
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_INFO, "response trailer for the dispatched call: grpc-status: 0"));

  proxywasm_emu_on_tick(vm, root);
  c = proxywasm_emu_callout_get(vm, root, 1);
  assert_non_null(c);
  assert_int_equal(proxywasm_emu_callout_fail(vm, c->token), PROXYWASM_OK);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "called 2 for contextID="));
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_ERROR), 0);
}

/* Both paths get picked. */
static void test_paths_are_random(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  uint32_t root = proxywasm_emu_vm_root(vm);
  size_t ok = 0, fail = 0;
  for (size_t i = 0; i < 64; i++) {
    proxywasm_emu_on_tick(vm, root);
    const char *path = header(proxywasm_emu_callout_get(vm, root, i), ":path");
    assert_non_null(path);
    if (strcmp(path, "/ok") == 0)
      ok++;
    else
      fail++;
  }
  assert_true(ok > 0 && fail > 0);
}

/* As in envoy.yaml: two plugins in one VM keep separate counters. */
static void test_two_plugins_count_separately(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = proxywasm_emu_vm_new(emu, NULL);
  assert_non_null(vm);
  proxywasm_emu_plugin_options p1 = {.configuration = "plugin1"};
  proxywasm_emu_plugin_options p2 = {.configuration = "plugin2"};
  bool started = false;
  uint32_t root1 = proxywasm_emu_plugin_add(vm, &p1, &started);
  assert_true(started);
  uint32_t root2 = proxywasm_emu_plugin_add(vm, &p2, &started);
  assert_true(started);
  assert_int_not_equal(root1, root2);

  for (int round = 0; round < 3; round++) {
    proxywasm_emu_on_tick(vm, root1);
    proxywasm_emu_on_tick(vm, root2);
  }
  proxywasm_emu_on_tick(vm, root1);
  assert_int_equal(proxywasm_emu_callout_count(vm, root1), 4);
  assert_int_equal(proxywasm_emu_callout_count(vm, root2), 3);
  for (size_t i = 0; i < 4; i++)
    proxywasm_emu_callout_reply(vm, proxywasm_emu_callout_get(vm, root1, i)->token, NULL, 0, NULL,
                                0, NULL, 0);
  for (size_t i = 0; i < 3; i++)
    proxywasm_emu_callout_reply(vm, proxywasm_emu_callout_get(vm, root2, i)->token, NULL, 0, NULL,
                                0, NULL, 0);

  char want[64];
  snprintf(want, sizeof want, "called 4 for contextID=%u", (unsigned)root1);
  assert_true(proxywasm_emu_context_log_contains(vm, root1, PROXYWASM_LOG_INFO, want));
  snprintf(want, sizeof want, "called 3 for contextID=%u", (unsigned)root2);
  assert_true(proxywasm_emu_context_log_contains(vm, root2, PROXYWASM_LOG_INFO, want));
  snprintf(want, sizeof want, "called 4 for contextID=%u", (unsigned)root2);
  assert_false(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, want));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_on_plugin_start, setup, teardown),
      cmocka_unit_test_setup_teardown(test_on_tick, setup, teardown),
      cmocka_unit_test_setup_teardown(test_response_is_logged, setup, teardown),
      cmocka_unit_test_setup_teardown(test_paths_are_random, setup, teardown),
      cmocka_unit_test_setup_teardown(test_two_plugins_count_separately, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
