/*
 * Unit tests of shared_data through the host emulator: the counter (Go's
 * TestData), its encoding, the compare-and-swap retry, two VMs sharing one
 * counter, and a read error that must not loop.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <proxywasm.h>
#include <proxywasm/emulator.h>

#define KEY "shared_data_key"

static uint64_t stored(proxywasm_emu *emu, const char *vm_id) {
  const char *v = NULL;
  size_t len = 0;
  assert_int_equal(proxywasm_emu_shared_data_get(emu, vm_id, KEY, &v, &len, NULL), PROXYWASM_OK);
  assert_int_equal(len, 8);
  uint64_t n = 0;
  for (int i = 0; i < 8; i++)
    n |= (uint64_t)(unsigned char)v[i] << (8 * i);
  return n;
}

static proxywasm_action request(proxywasm_emu_vm *vm) {
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_action a = proxywasm_emu_on_request_headers(vm, id, NULL, 0, false);
  proxywasm_emu_http_complete(vm, id);
  return a;
}

/* Go: StartVM, one request -> "shared value: 1", two more -> "shared value: 3". */
static void test_counts_requests(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  /* on_vm_start stored an empty value: no requests yet. */
  size_t len = 1;
  assert_int_equal(proxywasm_emu_shared_data_get(emu, NULL, KEY, NULL, &len, NULL), PROXYWASM_OK);
  assert_int_equal(len, 0);

  assert_int_equal(request(vm), PROXYWASM_CONTINUE);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "shared value: 1"));
  assert_int_equal(request(vm), PROXYWASM_CONTINUE);
  assert_int_equal(request(vm), PROXYWASM_CONTINUE);
  assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_INFO, 2), "shared value: 3");
  /* Stored as a little-endian uint64. */
  assert_int_equal(stored(emu, NULL), 3);
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_WARN), 0);
  proxywasm_emu_free(emu);
}

/* Another writer between our read and write: the write fails with
   CAS_MISMATCH and the plugin reads again instead of losing an update. */
static void test_retries_on_cas_mismatch(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  assert_int_equal(request(vm), PROXYWASM_CONTINUE);
  unsigned gets = proxywasm_emu_hostcall_count(emu, "proxy_get_shared_data");
  unsigned sets = proxywasm_emu_hostcall_count(emu, "proxy_set_shared_data");

  assert_int_equal(
      proxywasm_emu_fail_hostcall(emu, "proxy_set_shared_data", 2, PROXYWASM_CAS_MISMATCH),
      PROXYWASM_OK);
  assert_int_equal(request(vm), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "proxy_get_shared_data") - gets, 3);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "proxy_set_shared_data") - sets, 3);
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_WARN), 2);
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_WARN, "error setting shared data on OnHttpRequestHeaders: cas mismatch"));
  assert_string_equal(proxywasm_emu_log_message(emu, PROXYWASM_LOG_INFO, 1), "shared value: 2");
  assert_int_equal(stored(emu, NULL), 2);
  proxywasm_emu_free(emu);
}

/* A simulated second worker increments the counter right after each of the
   plugin's reads, for the first three reads: the plugin's compare-and-swap
   writes then fail and it must read again. No update may be lost: the final
   value counts both the plugin's requests and the other worker's writes. */
static void other_worker_increments(proxywasm_emu *emu, const char *vm_id, const char *key,
                                    void *user) {
  unsigned *left = user;
  if (*left == 0 || strcmp(key, KEY) != 0)
    return;
  (*left)--;
  uint64_t n = stored(emu, vm_id) + 1;
  unsigned char buf[8];
  for (int i = 0; i < 8; i++)
    buf[i] = (unsigned char)(n >> (8 * i));
  assert_int_equal(proxywasm_emu_shared_data_set(emu, vm_id, KEY, buf, 8), PROXYWASM_OK);
}

static void test_no_lost_update_with_a_concurrent_writer(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  assert_int_equal(request(vm), PROXYWASM_CONTINUE); /* counter = 1 */
  unsigned left = 3;
  proxywasm_emu_set_shared_read_hook(emu, other_worker_increments, &left);
  assert_int_equal(request(vm), PROXYWASM_CONTINUE);
  assert_int_equal(request(vm), PROXYWASM_CONTINUE);
  assert_int_equal(left, 0);
  /* 3 requests by the plugin + 3 increments by the other worker. */
  assert_int_equal(stored(emu, NULL), 6);
  proxywasm_emu_set_shared_read_hook(emu, NULL, NULL);
  proxywasm_emu_free(emu);
}

/* Two VMs with one vm_id (two Envoy workers) count into the same value. */
static void test_two_vms_share_the_counter(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm_options vo = {.vm_id = "workers", .plugin_path = "shared_data/plugin"};
  proxywasm_emu_vm *a = proxywasm_emu_vm_new(emu, &vo);
  proxywasm_emu_vm *b = proxywasm_emu_vm_new(emu, &vo);
  assert_non_null(a);
  assert_non_null(b);
  bool started = false;
  assert_int_not_equal(proxywasm_emu_plugin_add(a, NULL, &started), 0);
  assert_true(started);
  assert_int_not_equal(proxywasm_emu_plugin_add(b, NULL, &started), 0);
  assert_true(started);
  for (int i = 0; i < 5; i++) {
    assert_int_equal(request(a), PROXYWASM_CONTINUE);
    assert_int_equal(request(b), PROXYWASM_CONTINUE);
  }
  assert_int_equal(stored(emu, "workers"), 10);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "shared value: 10"));
  /* Another vm_id has its own store. */
  assert_int_equal(proxywasm_emu_shared_data_get(emu, NULL, KEY, NULL, NULL, NULL),
                   PROXYWASM_NOT_FOUND);
  proxywasm_emu_free(emu);
}

/* A read that fails for another reason is logged once; no retry loop. */
static void test_read_error_does_not_loop(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  proxywasm_emu_fail_hostcall(emu, "proxy_get_shared_data", 1, PROXYWASM_NOT_FOUND);
  assert_int_equal(request(vm), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "proxy_get_shared_data"), 1);
  assert_true(proxywasm_emu_log_contains(
      emu, PROXYWASM_LOG_WARN, "error getting shared data on OnHttpRequestHeaders: not found"));
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_INFO), 0);
  /* The next request counts normally. */
  assert_int_equal(request(vm), PROXYWASM_CONTINUE);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "shared value: 1"));
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_counts_requests),
      cmocka_unit_test(test_retries_on_cas_mismatch),
      cmocka_unit_test(test_no_lost_update_with_a_concurrent_writer),
      cmocka_unit_test(test_two_vms_share_the_counter),
      cmocka_unit_test(test_read_error_does_not_loop),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
