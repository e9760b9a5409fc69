/*
 * test_emu_multivm.c - several VMs in one emulated host, loaded from plugin
 * shared objects (emulator/testdata, built by mk/emulator.mk): queues
 * resolved across vm_ids, delivery to the registering VM, shared data
 * scoped by vm_id, separate globals per VM, and two hosts side by side.
 * This binary links no plugin of its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "proxywasm/emulator.h"

#define RECEIVER "../emulator/testdata/queue_receiver"
#define SENDER "../emulator/testdata/queue_sender"

static proxywasm_emu_vm *load(proxywasm_emu *emu, const char *path, const char *vm_id,
                              const char *config) {
  proxywasm_emu_vm_options vo = {.vm_id = vm_id, .plugin_path = path};
  proxywasm_emu_vm *vm = proxywasm_emu_vm_new(emu, &vo);
  if (vm == NULL) {
    print_error("load %s: %s\n", path, proxywasm_emu_error(emu));
    return NULL;
  }
  proxywasm_emu_plugin_options po = {.configuration = config};
  bool ok = false;
  proxywasm_emu_plugin_add(vm, &po, &ok);
  return ok ? vm : NULL;
}

static void request(proxywasm_emu_vm *vm, const char *path) {
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header hs[] = {{PROXYWASM_LIT(":path"), {path, strlen(path)}}};
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, hs, 1, true), PROXYWASM_CONTINUE);
  proxywasm_emu_http_complete(vm, id);
}

static void test_queue_across_vms(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *rx = load(emu, RECEIVER, "rx", NULL);
  proxywasm_emu_vm *tx = load(emu, SENDER, "tx", "rx");
  assert_non_null(rx);
  assert_non_null(tx);
  uint32_t q = proxywasm_emu_queue_id(emu, "rx", "jobs");
  assert_int_not_equal(q, 0);
  assert_int_equal(proxywasm_emu_queue_id(emu, "tx", "jobs"), 0);
  request(tx, "/a");
  /* on_queue_ready ran in the receiving VM, for its plugin. */
  assert_true(proxywasm_emu_context_log_contains(rx, proxywasm_emu_vm_root(rx), PROXYWASM_LOG_INFO,
                                                 "received /a (count=1)"));
  assert_int_equal(proxywasm_emu_queue_size(emu, q), 0);
  const char *v;
  size_t len;
  assert_int_equal(proxywasm_emu_shared_data_get(emu, "rx", "last", &v, &len, NULL), PROXYWASM_OK);
  assert_string_equal(v, "/a");
  /* The sender's VM sees no "last": shared data is scoped by vm_id. */
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_DEBUG, "no last in my vm"));
  proxywasm_emu_free(emu);
}

static void test_each_vm_has_its_own_globals(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *rx1 = load(emu, RECEIVER, "rx1", NULL);
  proxywasm_emu_vm *rx2 = load(emu, RECEIVER, "rx2", NULL);
  proxywasm_emu_vm *tx1 = load(emu, SENDER, "tx", "rx1");
  proxywasm_emu_vm *tx2 = load(emu, SENDER, "tx", "rx2");
  assert_non_null(rx1);
  assert_non_null(rx2);
  assert_non_null(tx1);
  assert_non_null(tx2);
  request(tx1, "/one");
  request(tx1, "/two");
  request(tx2, "/three");
  uint32_t r1 = proxywasm_emu_vm_root(rx1), r2 = proxywasm_emu_vm_root(rx2);
  assert_true(proxywasm_emu_context_log_contains(rx1, r1, PROXYWASM_LOG_INFO, "/two (count=2)"));
  assert_true(proxywasm_emu_context_log_contains(rx2, r2, PROXYWASM_LOG_INFO, "/three (count=1)"));
  assert_int_equal(proxywasm_emu_context_log_count(rx2, r2, PROXYWASM_LOG_INFO), 1);
  proxywasm_emu_free(emu);
}

static void test_unknown_queue_and_gone_receiver(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *tx = load(emu, SENDER, "tx", "rx");
  assert_non_null(tx);
  request(tx, "/lost");
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_WARN, "resolve rx: "));
  proxywasm_emu_vm *rx = load(emu, RECEIVER, "rx", NULL);
  assert_non_null(rx);
  uint32_t q = proxywasm_emu_queue_id(emu, "rx", "jobs");
  proxywasm_emu_vm_free(rx);
  /* The queue outlives its VM; nobody is told about new items. */
  request(tx, "/kept");
  assert_int_equal(proxywasm_emu_queue_size(emu, q), 1);
  size_t len;
  assert_string_equal(proxywasm_emu_queue_peek(emu, q, 0, &len), "/kept");
  assert_false(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "received"));
  proxywasm_emu_free(emu);
}

static void test_two_hosts_side_by_side(void **state) {
  (void)state;
  proxywasm_emu *a = proxywasm_emu_new();
  proxywasm_emu *b = proxywasm_emu_new();
  proxywasm_emu_vm *rxa = load(a, RECEIVER, "rx", NULL);
  proxywasm_emu_vm *txa = load(a, SENDER, "tx", "rx");
  proxywasm_emu_vm *rxb = load(b, RECEIVER, "rx", NULL);
  proxywasm_emu_vm *txb = load(b, SENDER, "tx", "rx");
  assert_non_null(rxa);
  assert_non_null(txa);
  assert_non_null(rxb);
  assert_non_null(txb);
  request(txa, "/in-a");
  assert_true(proxywasm_emu_log_contains(a, PROXYWASM_LOG_INFO, "received /in-a"));
  assert_false(proxywasm_emu_log_contains(b, PROXYWASM_LOG_INFO, "received"));
  request(txb, "/in-b");
  assert_true(proxywasm_emu_log_contains(b, PROXYWASM_LOG_INFO, "received /in-b (count=1)"));
  const char *v;
  assert_int_equal(proxywasm_emu_shared_data_get(a, "rx", "last", &v, NULL, NULL), PROXYWASM_OK);
  assert_string_equal(v, "/in-a");
  proxywasm_emu_free(b);
  proxywasm_emu_free(a);
}

static void test_missing_plugin(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm_options vo = {.plugin_path = "no/such/plugin"};
  assert_null(proxywasm_emu_vm_new(emu, &vo));
  assert_non_null(strstr(proxywasm_emu_error(emu), "not found"));
  /* No plugin is linked into this binary: no static VM either. */
  assert_null(proxywasm_emu_vm_new(emu, NULL));
  assert_non_null(strstr(proxywasm_emu_error(emu), "proxy_on_memory_allocate"));
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_queue_across_vms),
      cmocka_unit_test(test_each_vm_has_its_own_globals),
      cmocka_unit_test(test_unknown_queue_and_gone_receiver),
      cmocka_unit_test(test_two_hosts_side_by_side),
      cmocka_unit_test(test_missing_plugin),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
