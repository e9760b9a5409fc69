/*
 * test_emu_host.c - host-wide features through the SDK and the emulator:
 * several plugins per VM, configurations, properties, foreign functions,
 * the clock and ticks, the log level, plugin shutdown with proxy_done,
 * phase rules from a root context, fault injection, and two hosts in one
 * process.
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

/* Raw ABI calls (src/abi.h), to test the host without SDK help. */
uint32_t proxy_get_property(const char *path, size_t path_size, const char **value,
                            size_t *value_size);
uint32_t proxy_set_property(const char *path, size_t path_size, const char *value,
                            size_t value_size);
uint32_t proxy_set_effective_context(uint32_t context_id);
uint32_t proxy_get_header_map_value(uint32_t map, const char *key, size_t key_size,
                                    const char **value, size_t *value_size);

static struct {
  char vm_config[32];
  int vm_starts;
  char plugin_config[4][32];
  char plugin_name[4][32];
  int nplugins;
  int ticks;
  uint64_t tick_times[8];
  proxywasm_status done_st[2];
  int ndone;
  /* root-context phase rules */
  proxywasm_status root_lr_st, root_hdr_st, root_setprop_st, bad_eff_st;
  /* stream */
  char prop_host[32], prop_stream[32], prop_root_id[32], prop_vm_id[32], prop_own[32];
  proxywasm_status prop_missing_st, prop_set_st;
  proxywasm_status ff_st, ff_missing_st, ff_err_st;
  char ff_result[32];
  proxywasm_log_level level;
  char ff_args[32];
  uint32_t ff_id;
  /* faults */
  proxywasm_status hdr_st[3];
  proxywasm_status all_hdr_st;
  size_t all_hdr_count;
  bool only_headers; /* on_request_headers makes only the fault targets' calls */
} seen;

static void copy(char *dst, size_t n, const char *p, size_t len) {
  snprintf(dst, n, "%.*s", (int)len, p ? p : "");
}

static bool on_vm_start(proxywasm_plugin *p, size_t size) {
  (void)p;
  (void)size;
  seen.vm_starts++;
  proxywasm_bytes b;
  if (proxywasm_vm_configuration_get(&b) == PROXYWASM_OK)
    copy(seen.vm_config, sizeof seen.vm_config, b.data, b.len);
  return true;
}

static bool on_plugin_start(proxywasm_plugin *p, size_t size) {
  (void)size;
  int i = seen.nplugins < 4 ? seen.nplugins++ : 3;
  proxywasm_bytes b;
  if (proxywasm_plugin_configuration_get(&b) == PROXYWASM_OK)
    copy(seen.plugin_config[i], 32, b.data, b.len);
  const char *v;
  size_t n;
  if (proxy_get_property("plugin_name", 11, &v, &n) == PROXYWASM_OK)
    copy(seen.plugin_name[i], 32, v, n);
  if (strcmp(seen.plugin_config[i], "tick") == 0)
    proxywasm_tick_period_set(proxywasm_plugin_context(p), 100);
  return true;
}

static bool on_plugin_done(proxywasm_plugin *p) {
  proxywasm_bytes b;
  (void)b;
  const char *v;
  size_t n;
  bool defer = proxy_get_property("plugin_root_id", 14, &v, &n) == PROXYWASM_OK && n == 5 &&
               memcmp(v, "defer", 5) == 0;
  (void)p;
  return !defer;
}

static void on_plugin_delete(proxywasm_plugin *p) {
  proxywasm_log_infof("deleted %u", proxywasm_context_id(proxywasm_plugin_context(p)));
}

static void on_tick(proxywasm_plugin *p) {
  uint64_t now = 0;
  proxywasm_time_get(&now);
  if (seen.ticks < 8)
    seen.tick_times[seen.ticks] = now;
  seen.ticks++;
  /* Stream-only hostcalls from a root context fail as in Envoy. */
  proxywasm_local_response r = {500, NULL, NULL, 0, NULL, 0, -1};
  seen.root_lr_st = proxywasm_http_send_local_response(NULL, &r);
  const char *v;
  size_t n;
  seen.root_hdr_st =
      proxy_get_header_map_value(PROXYWASM_MAP_HTTP_REQUEST_HEADERS, ":path", 5, &v, &n);
  seen.root_setprop_st = proxy_set_property("x", 1, "1", 1);
  seen.bad_eff_st = proxy_set_effective_context(999);
  /* A plugin waiting in on_plugin_done finishes now. */
  if (seen.ndone < 2)
    seen.done_st[seen.ndone++] = proxywasm_plugin_done(p);
}

static proxywasm_status reverse(void *user, const char *args, size_t len, char **result,
                                size_t *result_len) {
  (void)user;
  char *out = malloc(len ? len : 1);
  if (out == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  for (size_t i = 0; i < len; i++)
    out[i] = args[len - 1 - i];
  *result = out;
  *result_len = len;
  return PROXYWASM_OK;
}

static proxywasm_status refuse(void *user, const char *args, size_t len, char **result,
                               size_t *result_len) {
  (void)user, (void)args, (void)len, (void)result, (void)result_len;
  return PROXYWASM_SERIALIZATION_FAILURE;
}

static proxywasm_action on_request_headers(proxywasm_http *h, size_t num, bool eos) {
  (void)num;
  (void)eos;
  const char *v;
  size_t n;
  if (seen.only_headers)
    goto faults;
  if (proxy_get_property("xds\0node\0id", 11, &v, &n) == PROXYWASM_OK)
    copy(seen.prop_host, 32, v, n);
  /* The C++ SDK's trailing NUL is accepted too. */
  if (proxy_get_property("source\0address\0", 15, &v, &n) == PROXYWASM_OK)
    copy(seen.prop_stream, 32, v, n);
  if (proxy_get_property("plugin_root_id", 14, &v, &n) == PROXYWASM_OK)
    copy(seen.prop_root_id, 32, v, n);
  if (proxy_get_property("plugin_vm_id", 12, &v, &n) == PROXYWASM_OK)
    copy(seen.prop_vm_id, 32, v, n);
  seen.prop_missing_st = proxy_get_property("nope", 4, &v, &n);
  seen.prop_set_st = proxy_set_property("my_state", 8, "on", 2);
  if (proxy_get_property("my_state", 8, &v, &n) == PROXYWASM_OK)
    copy(seen.prop_own, 32, v, n);
  proxywasm_bytes out;
  seen.ff_st = proxywasm_foreign_call("reverse", "abc", 3, &out);
  if (seen.ff_st == PROXYWASM_OK)
    copy(seen.ff_result, 32, out.data, out.len);
  seen.ff_missing_st = proxywasm_foreign_call("missing", "", 0, &out);
  seen.ff_err_st = proxywasm_foreign_call("refuse", "x", 1, &out);
  proxywasm_log_level_get(&seen.level);
  proxywasm_log_info("info message");
  proxywasm_log_warn("warn message");
faults:;
  /* Fault injection targets. */
  proxywasm_bytes b;
  for (int i = 0; i < 3; i++)
    seen.hdr_st[i] = proxywasm_http_get_request_header(h, ":path", &b);
  proxywasm_header *all;
  seen.all_hdr_st = proxywasm_http_get_request_headers(h, &all, &seen.all_hdr_count);
  return PROXYWASM_CONTINUE;
}

static void on_foreign_function(proxywasm_plugin *p, uint32_t id, size_t size) {
  (void)p;
  seen.ff_id = id;
  proxywasm_bytes b;
  if (proxywasm_foreign_get_arguments(&b) == PROXYWASM_OK)
    copy(seen.ff_args, 32, b.data, b.len);
  (void)size;
}

PROXYWASM_HOOKS(on_vm_start, on_plugin_start, on_plugin_done, on_plugin_delete, on_tick,
                on_request_headers, on_foreign_function);

/* Frees what a failed test left loaded, so the next test can start. */
static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(proxywasm_emu_static_host());
  return 0;
}

static int reset_seen(void **state) {
  (void)state;
  memset(&seen, 0, sizeof seen);
  return 0;
}

static void run_request(proxywasm_emu_vm *vm, uint32_t root) {
  uint32_t id = proxywasm_emu_http_new(vm, root);
  proxywasm_header hs[] = {PROXYWASM_HEADER(":path", "/p")};
  proxywasm_emu_on_request_headers(vm, id, hs, 1, true);
}

static void test_plugins_and_configuration(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm_options vo = {.vm_id = "vm1", .configuration = "vmcfg"};
  proxywasm_emu_vm *vm = proxywasm_emu_vm_new(emu, &vo);
  assert_non_null(vm);
  assert_string_equal(proxywasm_emu_vm_id(vm), "vm1");
  proxywasm_emu_plugin_options a = {.name = "first", .root_id = "ra", .configuration = "A"};
  proxywasm_emu_plugin_options b = {
      .name = "second", .root_id = "rb", .configuration = "B", .configuration_len = 1};
  bool ok = false;
  uint32_t ra = proxywasm_emu_plugin_add(vm, &a, &ok);
  assert_true(ok);
  uint32_t rb = proxywasm_emu_plugin_add(vm, &b, &ok);
  assert_true(ok);
  assert_int_equal(ra, 1);
  assert_int_equal(rb, 2);
  assert_int_equal(seen.vm_starts,
                   2); /* on_vm_start for every plugin, as Envoy (tests/e2e/vm_start) */
  assert_string_equal(seen.vm_config, "vmcfg");
  assert_string_equal(seen.plugin_config[0], "A");
  assert_string_equal(seen.plugin_config[1], "B");
  assert_string_equal(seen.plugin_name[0], "first");
  assert_string_equal(seen.plugin_name[1], "second");
  /* Streams see their own plugin's properties and host-wide ones. */
  proxywasm_emu_set_property_str(emu, PROXYWASM_EMU_PATH("xds", "node", "id"), "node-1");
  uint32_t id = proxywasm_emu_http_new(vm, rb);
  proxywasm_emu_context_set_property(vm, id, PROXYWASM_EMU_PATH("source", "address"), "10.0.0.1:5",
                                     10);
  proxywasm_header hs[] = {PROXYWASM_HEADER(":path", "/p")};
  proxywasm_emu_on_request_headers(vm, id, hs, 1, true);
  assert_string_equal(seen.prop_host, "node-1");
  assert_string_equal(seen.prop_stream, "10.0.0.1:5");
  assert_string_equal(seen.prop_root_id, "rb");
  assert_string_equal(seen.prop_vm_id, "vm1");
  assert_int_equal(seen.prop_missing_st, PROXYWASM_NOT_FOUND);
  assert_int_equal(seen.prop_set_st, PROXYWASM_OK);
  assert_string_equal(seen.prop_own, "on");
  const char *v;
  size_t n;
  assert_int_equal(
      proxywasm_emu_context_get_property(vm, id, PROXYWASM_EMU_PATH("my_state"), &v, &n),
      PROXYWASM_OK);
  assert_string_equal(v, "on");
  assert_int_equal(
      proxywasm_emu_context_get_property(vm, id, PROXYWASM_EMU_PATH("plugin_name"), &v, &n),
      PROXYWASM_OK);
  assert_string_equal(v, "second");
  proxywasm_emu_free(emu);
}

static void test_foreign_functions_and_log_level(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  assert_int_equal(proxywasm_emu_register_foreign_function(emu, "reverse", reverse, NULL),
                   PROXYWASM_OK);
  proxywasm_emu_register_foreign_function(emu, "refuse", refuse, NULL);
  proxywasm_emu_set_log_level(emu, PROXYWASM_LOG_WARN);
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  run_request(vm, 0);
  assert_int_equal(seen.ff_st, PROXYWASM_OK);
  assert_string_equal(seen.ff_result, "cba");
  assert_int_equal(seen.ff_missing_st, PROXYWASM_NOT_FOUND);
  assert_int_equal(seen.ff_err_st, PROXYWASM_SERIALIZATION_FAILURE);
  assert_int_equal(seen.level, PROXYWASM_LOG_WARN);
  /* Below the host level: dropped, as Envoy's logger does. */
  assert_false(proxywasm_emu_log_contains(emu, PROXYWASM_EMU_ANY_LEVEL, "info message"));
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_WARN), 1);
  assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_WARN, 0), "warn message");
  assert_null(proxywasm_emu_log_message(emu, PROXYWASM_LOG_WARN, 1));
  const proxywasm_emu_log_entry *e;
  assert_int_equal(proxywasm_emu_log_entries(emu, &e), 1);
  assert_int_equal(e[0].context_id, 2);
  assert_ptr_equal(e[0].vm, vm);
  proxywasm_emu_log_clear(emu);
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_EMU_ANY_LEVEL), 0);
  /* The on_foreign_function hook with its arguments buffer. */
  proxywasm_emu_on_foreign_function(vm, proxywasm_emu_vm_root(vm), 7, "args!", 5);
  assert_int_equal(seen.ff_id, 7);
  assert_string_equal(seen.ff_args, "args!");
  /* A hostcall from the test body acts on the static VM's VM context. */
  proxywasm_log_critical("from the test");
  size_t n = proxywasm_emu_log_entries(emu, &e);
  assert_string_equal(e[n - 1].message, "from the test");
  assert_int_equal(e[n - 1].context_id, 0);
  assert_ptr_equal(e[n - 1].vm, vm);
  /* Context 0 in the per-context queries means any context of the VM. */
  assert_int_equal(proxywasm_emu_context_log_count(vm, 0, PROXYWASM_LOG_CRITICAL), 1);
  proxywasm_emu_free(emu);
}

static void test_clock_and_ticks(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_set_time(emu, 1000000000ull);
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, "tick");
  uint32_t root = proxywasm_emu_vm_root(vm);
  assert_int_equal(proxywasm_emu_get_tick_period(vm, root), 100);
  assert_int_equal(proxywasm_emu_advance(emu, 99), 0);
  assert_int_equal(proxywasm_emu_advance(emu, 251), 3);
  assert_int_equal(seen.ticks, 3);
  assert_int_equal(seen.tick_times[0], 1100000000ull);
  assert_int_equal(seen.tick_times[1], 1200000000ull);
  assert_int_equal(seen.tick_times[2], 1300000000ull);
  assert_int_equal(proxywasm_emu_get_time(emu), 1350000000ull);
  /* Root-context phase rules seen from on_tick. */
  /* Envoy answers OK and sends nothing; the emulator says why. */
  assert_int_equal(seen.root_lr_st, PROXYWASM_OK);
  assert_non_null(strstr(proxywasm_emu_error(emu), "ignored"));
  assert_int_equal(seen.root_hdr_st, PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(seen.root_setprop_st, PROXYWASM_NOT_FOUND);
  assert_int_equal(seen.bad_eff_st, PROXYWASM_BAD_ARGUMENT);
  /* No plugin was waiting in on_plugin_done. */
  assert_int_equal(seen.done_st[0], PROXYWASM_NOT_FOUND);
  proxywasm_emu_free(emu);
}

static void test_plugin_done(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_vm_new(emu, NULL);
  proxywasm_emu_plugin_options now = {.root_id = "now"}, later = {.root_id = "defer"};
  uint32_t r1 = proxywasm_emu_plugin_add(vm, &now, NULL);
  uint32_t r2 = proxywasm_emu_plugin_add(vm, &later, NULL);
  assert_true(proxywasm_emu_plugin_done(vm, r1));
  assert_int_equal(proxywasm_emu_context_state_of(vm, r1), PROXYWASM_EMU_CONTEXT_DELETED);
  assert_false(proxywasm_emu_plugin_done(vm, r2));
  assert_int_equal(proxywasm_emu_context_state_of(vm, r2), PROXYWASM_EMU_CONTEXT_DONE_PENDING);
  assert_false(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "deleted 2"));
  /* proxy_done from the plugin; on_delete follows after the call. */
  proxywasm_emu_on_tick(vm, r2);
  assert_int_equal(seen.done_st[0], PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_context_state_of(vm, r2), PROXYWASM_EMU_CONTEXT_DELETED);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "deleted 2"));
  assert_int_equal(proxywasm_emu_context_state_of(vm, 9), PROXYWASM_EMU_CONTEXT_UNKNOWN);
  proxywasm_emu_free(emu);
}

static void test_fault_injection(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  seen.only_headers = true;
  assert_int_equal(proxywasm_emu_fail_hostcall(emu, "no_such_call", 1, PROXYWASM_OK),
                   PROXYWASM_NOT_FOUND);
  /* The next 2 calls of one hostcall fail with a chosen status. */
  assert_int_equal(
      proxywasm_emu_fail_hostcall(emu, "proxy_get_header_map_value", 2, PROXYWASM_INTERNAL_FAILURE),
      PROXYWASM_OK);
  unsigned before = proxywasm_emu_hostcall_count(emu, "get_header_map_value");
  run_request(vm, 0);
  assert_int_equal(seen.hdr_st[0], PROXYWASM_INTERNAL_FAILURE);
  assert_int_equal(seen.hdr_st[1], PROXYWASM_INTERNAL_FAILURE);
  assert_int_equal(seen.hdr_st[2], PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "get_header_map_value"), before + 3);

  /* Host->module copies fail: the host reports INVALID_MEMORY_ACCESS. */
  proxywasm_emu_fail_module_allocations(emu, 1, 1);
  run_request(vm, 0);
  assert_int_equal(seen.hdr_st[0], PROXYWASM_OK);
  assert_int_equal(seen.hdr_st[1], PROXYWASM_INVALID_MEMORY_ACCESS);
  assert_int_equal(seen.hdr_st[2], PROXYWASM_OK);

  /* The SDK's own arena fails: first through the module allocator... */
  proxywasm_emu_fail_sdk_allocations(emu, 0, 1);
  run_request(vm, 0);
  assert_int_equal(seen.hdr_st[0], PROXYWASM_INVALID_MEMORY_ACCESS);
  assert_int_equal(seen.hdr_st[1], PROXYWASM_OK);
  /* ...then in the SDK's header decoding, after the host copy succeeded. */
  proxywasm_emu_fail_sdk_allocations(emu, 0, 0);
  run_request(vm, 0);
  assert_int_equal(seen.all_hdr_st, PROXYWASM_OK);
  assert_int_equal(seen.all_hdr_count, 1);
  proxywasm_emu_set_log_level(emu, PROXYWASM_LOG_OFF);
  /* Count the arena allocations of one request, then fail the last one. */
  unsigned allocs = 0;
  for (unsigned skip = 0; skip < 64; skip++) {
    proxywasm_emu_fail_sdk_allocations(emu, skip, 1);
    run_request(vm, 0);
    if (seen.all_hdr_st != PROXYWASM_OK) {
      allocs = skip;
      break;
    }
  }
  proxywasm_emu_fail_sdk_allocations(emu, 0, 0);
  assert_int_not_equal(allocs, 0);
  assert_int_not_equal(seen.all_hdr_st, PROXYWASM_OK);
  assert_int_equal(seen.all_hdr_count, 0); /* outputs empty on failure */
  proxywasm_emu_free(emu);
}

static void test_two_hosts(void **state) {
  (void)state;
  proxywasm_emu *a = proxywasm_emu_new();
  proxywasm_emu *b = proxywasm_emu_new();
  proxywasm_emu_set_time(b, 42);
  proxywasm_emu_vm *va = proxywasm_emu_start(a, NULL);
  assert_non_null(va);
  run_request(va, 0);
  proxywasm_emu_shared_data_set(a, "", "k", "a", 1);
  /* b is untouched by a's VM. */
  assert_int_equal(proxywasm_emu_log_count(b, PROXYWASM_EMU_ANY_LEVEL), 0);
  assert_true(proxywasm_emu_log_count(a, PROXYWASM_EMU_ANY_LEVEL) > 0);
  assert_int_equal(proxywasm_emu_shared_data_get(b, "", "k", NULL, NULL, NULL),
                   PROXYWASM_NOT_FOUND);
  assert_int_equal(proxywasm_emu_get_time(b), 42);
  /* The linked plugin moves to b once a's VM is gone. */
  assert_null(proxywasm_emu_start(b, NULL));
  proxywasm_emu_free(a);
  proxywasm_emu_vm *vb = proxywasm_emu_start(b, NULL);
  assert_non_null(vb);
  assert_int_equal(proxywasm_emu_vm_root(vb), 1); /* ids restart per VM */
  run_request(vb, 0);
  assert_true(proxywasm_emu_log_contains(b, PROXYWASM_LOG_WARN, "warn message"));
  proxywasm_emu_free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_plugins_and_configuration, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_foreign_functions_and_log_level, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_clock_and_ticks, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_plugin_done, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_fault_injection, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_two_hosts, reset_seen, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
