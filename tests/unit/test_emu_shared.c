/*
 * test_emu_shared.c - shared data (CAS, vm_id scope), shared queues
 * (registration, delivery after the driver call, retargeting) and metrics,
 * through the SDK and the emulator.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "proxywasm.h"
#include "proxywasm/emulator.h"

static struct {
  /* shared data */
  proxywasm_status get_missing, set_new, set_stale, set_current, set_zero, get_other_vm;
  uint32_t cas1, cas2;
  /* queues */
  uint32_t queue;
  proxywasm_status resolve_st, resolve_missing_st, enqueue_bad_st, dequeue_bad_st;
  int ready_calls;
  uint32_t ready_root;
  bool ready_during_hook;
  char items[4][16];
  int nitems;
  proxywasm_status empty_st;
  /* metrics */
  proxywasm_metric counter, gauge, hist, counter_again;
  proxywasm_status inc_zero, inc_neg, hist_inc, hist_get, unknown_get, bad_type;
  uint64_t counter_value;
} seen;

static bool on_plugin_start(proxywasm_plugin *p, size_t n) {
  (void)n;
  proxywasm_queue_register(proxywasm_plugin_context(p), "jobs", &seen.queue);
  proxywasm_counter_define("requests", &seen.counter);
  proxywasm_gauge_define("inflight", &seen.gauge);
  proxywasm_histogram_define("latency", &seen.hist);
  proxywasm_counter_define("requests", &seen.counter_again);
  return true;
}

static void on_queue_ready(proxywasm_plugin *p, uint32_t queue_id) {
  seen.ready_calls++;
  seen.ready_root = proxywasm_context_id(proxywasm_plugin_context(p));
  proxywasm_bytes item;
  while (proxywasm_queue_dequeue(queue_id, &item) == PROXYWASM_OK && seen.nitems < 4)
    snprintf(seen.items[seen.nitems++], 16, "%.*s", (int)item.len, item.data);
  seen.empty_st = proxywasm_queue_dequeue(queue_id, &item);
}

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)h, (void)n, (void)eos;
  /* Shared data. */
  proxywasm_bytes v;
  uint32_t cas = 0;
  seen.get_missing = proxywasm_shared_data_get("k", &v, &cas);
  seen.set_new = proxywasm_shared_data_set("k", "v1", 2, 777); /* new keys always accepted */
  proxywasm_shared_data_get("k", &v, &seen.cas1);
  seen.set_current = proxywasm_shared_data_set("k", "v2", 2, seen.cas1);
  seen.set_stale = proxywasm_shared_data_set("k", "v3", 2, seen.cas1);
  proxywasm_shared_data_get("k", &v, &seen.cas2);
  seen.set_zero = proxywasm_shared_data_set("k", "v4", 2, 0);
  seen.get_other_vm = proxywasm_shared_data_get("only-in-other-vm", &v, &cas);
  /* Queues. */
  uint32_t id = 0;
  seen.resolve_st = proxywasm_queue_resolve("", "jobs", &id);
  seen.resolve_missing_st = proxywasm_queue_resolve("", "nope", &id);
  proxywasm_queue_enqueue(seen.queue, "a", 1);
  proxywasm_queue_enqueue(seen.queue, "b", 1);
  seen.ready_during_hook = seen.ready_calls > 0; /* must stay false */
  seen.enqueue_bad_st = proxywasm_queue_enqueue(999, "x", 1);
  seen.dequeue_bad_st = proxywasm_queue_dequeue(999, &v);
  /* Metrics. */
  proxywasm_metric_increment(seen.counter, 2);
  proxywasm_metric_record(seen.counter, 3); /* Envoy: record on a counter adds */
  seen.inc_zero = proxywasm_metric_increment(seen.counter, 0);
  seen.inc_neg = proxywasm_metric_increment(seen.counter, -1);
  proxywasm_metric_increment(seen.gauge, 5);
  proxywasm_metric_increment(seen.gauge, -7);
  proxywasm_metric_record(seen.hist, 10);
  proxywasm_metric_record(seen.hist, 30);
  seen.hist_inc = proxywasm_metric_increment(seen.hist, 1);
  uint64_t x;
  seen.hist_get = proxywasm_metric_get(seen.hist, &x);
  seen.unknown_get = proxywasm_metric_get(400, &x);
  seen.bad_type = proxywasm_metric_get(seen.counter | 3u, &x);
  proxywasm_metric_get(seen.counter, &seen.counter_value);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_plugin_start, on_queue_ready, on_request_headers);

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

static proxywasm_emu_vm *run_request(proxywasm_emu *emu) {
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header hs[] = {PROXYWASM_HEADER(":path", "/")};
  proxywasm_emu_on_request_headers(vm, id, hs, 1, true);
  return vm;
}

static void test_shared_data(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_shared_data_set(emu, "other", "only-in-other-vm", "x", 1);
  run_request(emu);
  assert_int_equal(seen.get_missing, PROXYWASM_NOT_FOUND);
  assert_int_equal(seen.set_new, PROXYWASM_OK);
  assert_int_not_equal(seen.cas1, 0);
  assert_int_equal(seen.set_current, PROXYWASM_OK);
  assert_int_equal(seen.set_stale, PROXYWASM_CAS_MISMATCH);
  assert_int_not_equal(seen.cas2, seen.cas1); /* every write changes the CAS */
  assert_int_equal(seen.set_zero, PROXYWASM_OK);
  assert_int_equal(seen.get_other_vm, PROXYWASM_NOT_FOUND); /* scoped by vm_id */
  const char *v;
  size_t len;
  uint32_t cas;
  assert_int_equal(proxywasm_emu_shared_data_get(emu, "", "k", &v, &len, &cas), PROXYWASM_OK);
  assert_string_equal(v, "v4");
  assert_int_not_equal(cas, seen.cas2);
  assert_int_equal(proxywasm_emu_shared_data_get(emu, "other", "k", &v, &len, &cas),
                   PROXYWASM_NOT_FOUND);
  proxywasm_emu_free(emu);
}

static void test_queues(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = run_request(emu);
  assert_int_equal(seen.resolve_st, PROXYWASM_OK);
  assert_int_equal(seen.resolve_missing_st, PROXYWASM_NOT_FOUND);
  assert_int_equal(seen.enqueue_bad_st, PROXYWASM_NOT_FOUND);
  assert_int_equal(seen.dequeue_bad_st, PROXYWASM_NOT_FOUND);
  /* Delivered after the hook returned, before the driver returned. */
  assert_false(seen.ready_during_hook);
  assert_int_equal(seen.ready_calls, 2); /* one per enqueue, as Envoy posts */
  assert_int_equal(seen.ready_root, 1);
  assert_int_equal(seen.nitems, 2);
  assert_string_equal(seen.items[0], "a");
  assert_string_equal(seen.items[1], "b");
  assert_int_equal(seen.empty_st, PROXYWASM_EMPTY);
  assert_int_equal(proxywasm_emu_queue_id(emu, "", "jobs"), seen.queue);
  assert_int_equal(proxywasm_emu_queue_size(emu, seen.queue), 0);

  /* Manual delivery: items wait, visible to the test. */
  proxywasm_emu_set_auto_deliver(emu, false);
  assert_int_equal(proxywasm_emu_queue_enqueue(emu, seen.queue, "c", 1), PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_queue_size(emu, seen.queue), 1);
  size_t len;
  assert_string_equal(proxywasm_emu_queue_peek(emu, seen.queue, 0, &len), "c");
  assert_int_equal(proxywasm_emu_pending_events(emu), 1);
  assert_int_equal(proxywasm_emu_deliver(emu), 1);
  assert_int_equal(proxywasm_emu_queue_size(emu, seen.queue), 0);
  assert_string_equal(seen.items[2], "c");

  /* A second plugin registering the same name takes the queue over. */
  proxywasm_emu_set_auto_deliver(emu, true);
  uint32_t second = proxywasm_emu_plugin_add(vm, NULL, NULL);
  assert_int_equal(second, 3);
  assert_int_equal(proxywasm_emu_queue_id(emu, "", "jobs"), seen.queue);
  proxywasm_emu_queue_enqueue(emu, seen.queue, "d", 1);
  assert_int_equal(seen.ready_root, second);
  assert_int_equal(proxywasm_emu_queue_enqueue(emu, 999, "x", 1), PROXYWASM_NOT_FOUND);
  proxywasm_emu_free(emu);
}

static void test_metrics(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  run_request(emu);
  /* Envoy gives each definition a new id (tests/fidelity, metrics). */
  assert_int_not_equal(seen.counter, seen.counter_again);
  assert_int_not_equal(seen.counter, seen.gauge);
  assert_int_equal(seen.inc_zero, PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(seen.inc_neg, PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(seen.hist_inc, PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(seen.hist_get, PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(seen.unknown_get, PROXYWASM_NOT_FOUND);
  assert_int_equal(seen.bad_type, PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(seen.counter_value, 5);
  uint64_t c;
  int64_t g;
  assert_int_equal(proxywasm_emu_get_counter(emu, "requests", &c), PROXYWASM_OK);
  assert_int_equal(c, 5);
  assert_int_equal(proxywasm_emu_get_gauge(emu, "inflight", &g), PROXYWASM_OK);
  assert_int_equal(g, -2);
  uint64_t last;
  size_t count;
  assert_int_equal(proxywasm_emu_get_histogram(emu, "latency", &last, &count), PROXYWASM_OK);
  assert_int_equal(last, 30);
  assert_int_equal(count, 2);
  uint64_t first;
  assert_true(proxywasm_emu_get_histogram_value(emu, "latency", 0, &first));
  assert_int_equal(first, 10);
  assert_false(proxywasm_emu_get_histogram_value(emu, "latency", 2, &first));
  assert_int_equal(proxywasm_emu_get_counter(emu, "inflight", &c), PROXYWASM_NOT_FOUND);
  assert_int_equal(proxywasm_emu_get_gauge(emu, "nope", &g), PROXYWASM_NOT_FOUND);
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_shared_data, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_queues, reset_seen, teardown),
      cmocka_unit_test_setup_teardown(test_metrics, reset_seen, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
