/*
 * test_sdk_shared.c - shared data (with compare-and-swap), shared queues
 * (with on_queue_ready) and metrics through the SDK and the host emulator,
 * including NULL arguments, emptied outputs on failure, and a queue
 * registered for another plugin.
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

/* ---- checks inside hooks ---- */

#include "hook_checks.h"

/* ---- the plugin ---- */

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;
static const proxywasm_bytes junk = {"junk", 4};
static void (*tick_script)(proxywasm_plugin *);

static uint32_t queue_of[8]; /* queue registered by each plugin (by root id) */
static struct {
  int calls;
  uint32_t plugin_id, queue_id;
  char items[64];
} ready;

static bool on_plugin_start(proxywasm_plugin *p, size_t size) {
  proxywasm_bytes cfg;
  if (size == 0 || proxywasm_plugin_configuration_get(&cfg) != PROXYWASM_OK)
    return true;
  /* The configuration names a queue to own. */
  char name[32];
  snprintf(name, sizeof name, "%.*s", (int)cfg.len, cfg.data);
  uint32_t id = proxywasm_context_id(proxywasm_plugin_context(p));
  CHECK_EQ(proxywasm_queue_register(proxywasm_plugin_context(p), name, &queue_of[id % 8]),
           PROXYWASM_OK);
  CHECK(queue_of[id % 8] != 0);
  return true;
}

static void on_queue_ready(proxywasm_plugin *p, uint32_t queue_id) {
  ready.calls++;
  ready.plugin_id = proxywasm_context_id(proxywasm_plugin_context(p));
  ready.queue_id = queue_id;
  proxywasm_bytes item = junk;
  proxywasm_status s;
  while ((s = proxywasm_queue_dequeue(queue_id, &item)) == PROXYWASM_OK) {
    CHECK(item.data != NULL && item.data[item.len] == 0);
    size_t n = strlen(ready.items);
    snprintf(ready.items + n, sizeof ready.items - n, "[%.*s]", (int)item.len, item.data);
  }
  CHECK_EQ(s, PROXYWASM_EMPTY);
  CHECK_EMPTY(item);
}

static void on_tick(proxywasm_plugin *p) {
  if (tick_script)
    tick_script(p);
}

PROXYWASM_HOOKS(on_plugin_start, on_queue_ready, on_tick);

/* ---- fixtures ---- */

static int setup(void **state) {
  (void)state;
  check_line = checks_run = 0;
  memset(&ready, 0, sizeof ready);
  memset(queue_of, 0, sizeof queue_of);
  tick_script = NULL;
  emu = proxywasm_emu_new();
  if (emu == NULL)
    return -1;
  vm = proxywasm_emu_start(emu, "q1");
  return vm ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  emu = NULL;
  return 0;
}

static void tick(void (*fn)(proxywasm_plugin *)) {
  tick_script = fn;
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
  tick_script = NULL;
}

/* ---- shared data ---- */

static void shared_data_api(proxywasm_plugin *p) {
  (void)p;
  proxywasm_bytes v = junk;
  uint32_t cas = 9;
  CHECK_EQ(proxywasm_shared_data_get("k", &v, &cas), PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(v);
  CHECK_EQ(cas, 0);
  CHECK_EQ(proxywasm_shared_data_set("k", "v1", 2, 0), PROXYWASM_OK);
  CHECK_EQ(proxywasm_shared_data_get("k", &v, &cas), PROXYWASM_OK);
  CHECK_BYTES(v, "v1");
  CHECK(cas != 0);
  uint32_t first = cas;
  CHECK_EQ(proxywasm_shared_data_set("k", "v2", 2, first), PROXYWASM_OK);
  /* The first token is stale now. */
  CHECK_EQ(proxywasm_shared_data_set("k", "v3", 2, first), PROXYWASM_CAS_MISMATCH);
  CHECK_EQ(proxywasm_shared_data_get("k", &v, &cas), PROXYWASM_OK);
  CHECK_BYTES(v, "v2");
  CHECK(cas != first);
  /* Binary and empty values; outputs are optional. */
  CHECK_EQ(proxywasm_shared_data_set("bin", "a\0b", 3, 0), PROXYWASM_OK);
  CHECK_EQ(proxywasm_shared_data_get("bin", &v, NULL), PROXYWASM_OK);
  CHECK(v.len == 3 && memcmp(v.data, "a\0b", 3) == 0);
  CHECK_EQ(proxywasm_shared_data_set("empty", NULL, 0, 0), PROXYWASM_OK);
  v = junk;
  CHECK_EQ(proxywasm_shared_data_get("empty", &v, &cas), PROXYWASM_OK);
  CHECK(v.data != NULL && v.len == 0);
  CHECK_EQ(proxywasm_shared_data_get("k", NULL, NULL), PROXYWASM_OK);
  /* NULL arguments never reach the host. */
  unsigned gets = proxywasm_emu_hostcall_count(emu, "get_shared_data");
  unsigned sets = proxywasm_emu_hostcall_count(emu, "set_shared_data");
  cas = 9;
  v = junk;
  CHECK_EQ(proxywasm_shared_data_get(NULL, &v, &cas), PROXYWASM_BAD_ARGUMENT);
  CHECK_EMPTY(v);
  CHECK_EQ(cas, 0);
  CHECK_EQ(proxywasm_shared_data_set(NULL, "x", 1, 0), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_shared_data_set("k", NULL, 1, 0), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "get_shared_data"), gets);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "set_shared_data"), sets);
  /* Failures. */
  proxywasm_emu_fail_hostcall(emu, "get_shared_data", 1, PROXYWASM_INTERNAL_FAILURE);
  v = junk;
  cas = 9;
  CHECK_EQ(proxywasm_shared_data_get("k", &v, &cas), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EMPTY(v);
  CHECK_EQ(cas, 0);
  proxywasm_emu_fail_module_allocations(emu, 0, 1);
  v = junk;
  cas = 9;
  CHECK_EQ(proxywasm_shared_data_get("k", &v, &cas), PROXYWASM_INVALID_MEMORY_ACCESS);
  CHECK_EMPTY(v);
  CHECK_EQ(cas, 0);
  proxywasm_emu_fail_hostcall(emu, "set_shared_data", 1, PROXYWASM_CAS_MISMATCH);
  CHECK_EQ(proxywasm_shared_data_set("k", "v9", 2, 0), PROXYWASM_CAS_MISMATCH);
  /* What the test wrote is seen by the plugin. */
  CHECK_EQ(proxywasm_shared_data_get("from-test", &v, NULL), PROXYWASM_OK);
  CHECK_BYTES(v, "hello");
}

static void test_shared_data(void **state) {
  (void)state;
  proxywasm_emu_shared_data_set(emu, NULL, "from-test", "hello", 5);
  tick(shared_data_api);
  assert_checks();
  const char *v;
  size_t len;
  uint32_t cas;
  assert_int_equal(proxywasm_emu_shared_data_get(emu, "", "k", &v, &len, &cas), PROXYWASM_OK);
  assert_string_equal(v, "v2");
  /* Other vm_ids have their own store. */
  assert_int_equal(proxywasm_emu_shared_data_get(emu, "other", "k", &v, &len, &cas),
                   PROXYWASM_NOT_FOUND);
  /* The test body reaches the same store through the static VM. */
  proxywasm_bytes b;
  assert_int_equal(proxywasm_shared_data_get("bin", &b, &cas), PROXYWASM_OK);
  assert_int_equal(b.len, 3);
  assert_int_equal(proxywasm_shared_data_set("k", "late", 4, cas), PROXYWASM_CAS_MISMATCH);
}

/* ---- queues ---- */

static uint32_t resolved;

static void queue_api(proxywasm_plugin *p) {
  uint32_t root = proxywasm_context_id(proxywasm_plugin_context(p));
  uint32_t q = queue_of[root % 8], id = 7;
  CHECK(q != 0);
  /* Registering again keeps the queue. */
  CHECK_EQ(proxywasm_queue_register(proxywasm_plugin_context(p), "q1", &id), PROXYWASM_OK);
  CHECK_EQ(id, q);
  CHECK_EQ(proxywasm_queue_resolve("", "q1", &id), PROXYWASM_OK);
  CHECK_EQ(id, q);
  CHECK_EQ(proxywasm_queue_resolve(NULL, "q1", &resolved), PROXYWASM_OK);
  id = 7;
  CHECK_EQ(proxywasm_queue_resolve("", "nope", &id), PROXYWASM_NOT_FOUND);
  CHECK_EQ(id, 0);
  id = 7;
  CHECK_EQ(proxywasm_queue_resolve("other-vm", "q1", &id), PROXYWASM_NOT_FOUND);
  CHECK_EQ(id, 0);
  id = 7;
  CHECK_EQ(proxywasm_queue_register(NULL, NULL, &id), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(id, 0);
  CHECK_EQ(proxywasm_queue_register(NULL, "q1", NULL), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_queue_resolve("", NULL, &id), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_queue_resolve("", "q1", NULL), PROXYWASM_BAD_ARGUMENT);
  /* Items, including an empty one; delivered after this hook. */
  CHECK_EQ(proxywasm_queue_enqueue(q, "one", 3), PROXYWASM_OK);
  CHECK_EQ(proxywasm_queue_enqueue(q, NULL, 0), PROXYWASM_OK);
  CHECK_EQ(proxywasm_queue_enqueue(q, "t\0o", 3), PROXYWASM_OK);
  CHECK_EQ(proxywasm_queue_enqueue(q, NULL, 2), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_queue_enqueue(q + 1000, "x", 1), PROXYWASM_NOT_FOUND);
  CHECK_EQ(ready.calls, 0);
  proxywasm_bytes item = junk;
  CHECK_EQ(proxywasm_queue_dequeue(q + 1000, &item), PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(item);
  /* Failures empty the item. */
  proxywasm_emu_fail_hostcall(emu, "dequeue_shared_queue", 1, PROXYWASM_INTERNAL_FAILURE);
  item = junk;
  CHECK_EQ(proxywasm_queue_dequeue(q, &item), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EMPTY(item);
  proxywasm_emu_fail_hostcall(emu, "register_shared_queue", 1, PROXYWASM_INTERNAL_FAILURE);
  id = 7;
  CHECK_EQ(proxywasm_queue_register(NULL, "q2", &id), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(id, 0);
  proxywasm_emu_fail_hostcall(emu, "resolve_shared_queue", 1, PROXYWASM_INTERNAL_FAILURE);
  id = 7;
  CHECK_EQ(proxywasm_queue_resolve("", "q1", &id), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(id, 0);
  proxywasm_emu_fail_hostcall(emu, "enqueue_shared_queue", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_queue_enqueue(q, "lost", 4), PROXYWASM_INTERNAL_FAILURE);
}

static void test_queues(void **state) {
  (void)state;
  uint32_t root = proxywasm_emu_vm_root(vm);
  tick(queue_api);
  uint32_t q = queue_of[root % 8];
  assert_int_equal(resolved, q);
  assert_int_equal(proxywasm_emu_queue_id(emu, "", "q1"), q);
  /* on_queue_ready ran after the tick, once per item as Envoy posts it;
     the first call drained the queue. */
  assert_int_equal(ready.calls, 3);
  assert_int_equal(ready.plugin_id, root);
  assert_int_equal(ready.queue_id, q);
  assert_string_equal(ready.items, "[one][][t]"); /* "t\0o" prints as far as its NUL */
  assert_int_equal(proxywasm_emu_queue_size(emu, q), 0);
  /* Items the test enqueues (another VM) are delivered too. */
  assert_int_equal(proxywasm_emu_queue_enqueue(emu, q, "ext", 3), PROXYWASM_OK);
  assert_int_equal(ready.calls, 4);
  assert_string_equal(ready.items, "[one][][t][ext]");
  assert_checks();
}

static void dequeue_fails_on_copy(proxywasm_plugin *p) {
  uint32_t q = queue_of[proxywasm_context_id(proxywasm_plugin_context(p)) % 8];
  proxywasm_emu_fail_module_allocations(emu, 0, 1);
  proxywasm_bytes item = junk;
  CHECK_EQ(proxywasm_queue_dequeue(q, &item), PROXYWASM_INVALID_MEMORY_ACCESS);
  CHECK_EMPTY(item);
  CHECK_EQ(proxywasm_queue_dequeue(q, NULL), PROXYWASM_OK); /* the item may be dropped */
}

static void test_dequeue_failure(void **state) {
  (void)state;
  proxywasm_emu_set_auto_deliver(emu, false);
  uint32_t q = queue_of[proxywasm_emu_vm_root(vm) % 8];
  proxywasm_emu_queue_enqueue(emu, q, "a", 1);
  proxywasm_emu_queue_enqueue(emu, q, "b", 1);
  tick(dequeue_fails_on_copy);
  assert_int_equal(ready.calls, 0);
  assert_checks();
  assert_true(proxywasm_emu_deliver(emu) >= 1);
  assert_true(ready.calls >= 1);
}

/* A plugin registers a queue for another plugin: the SDK switches to it. */
static uint32_t other_root;

static void register_for_other(proxywasm_plugin *p) {
  (void)p;
  proxywasm_context *other = proxywasm_context_find(other_root);
  CHECK(other != NULL);
  uint32_t id = 5;
  /* If the host refuses the switch, nothing is registered. */
  proxywasm_emu_fail_hostcall(emu, "set_effective_context", 1, PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_queue_register(other, "for-other", &id), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(id, 0);
  CHECK_EQ(proxywasm_emu_queue_id(emu, "", "for-other"), 0);
  CHECK_EQ(proxywasm_queue_register(other, "for-other", &id), PROXYWASM_OK);
  CHECK(id != 0);
  CHECK_EQ(proxywasm_queue_enqueue(id, "hi", 2), PROXYWASM_OK);
}

static void test_queue_for_another_plugin(void **state) {
  (void)state;
  bool started;
  proxywasm_emu_plugin_options o = {.name = "other"};
  other_root = proxywasm_emu_plugin_add(vm, &o, &started);
  assert_true(started);
  tick(register_for_other);
  assert_int_equal(ready.calls, 1);
  assert_int_equal(ready.plugin_id, other_root);
  assert_string_equal(ready.items, "[hi]");
  assert_checks();
}

/* ---- metrics ---- */

static proxywasm_metric counter, gauge, histogram;

static void metrics_api(proxywasm_plugin *p) {
  (void)p;
  CHECK_EQ(proxywasm_counter_define("requests_total", &counter), PROXYWASM_OK);
  CHECK_EQ(proxywasm_gauge_define("in_flight", &gauge), PROXYWASM_OK);
  CHECK_EQ(proxywasm_histogram_define("latency_ms", &histogram), PROXYWASM_OK);
  CHECK(counter != 0 && gauge != 0 && histogram != 0);
  proxywasm_metric again = 0;
  CHECK_EQ(proxywasm_metric_define(PROXYWASM_METRIC_COUNTER, "requests_total", &again),
           PROXYWASM_OK);
  /* As in Envoy (tests/fidelity, metrics): a new id for the same metric. */
  CHECK(again != 0 && again != counter);
  again = 5;
  CHECK_EQ(proxywasm_metric_define((proxywasm_metric_type)3, "x", &again), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(again, 0);
  CHECK_EQ(proxywasm_metric_define(PROXYWASM_METRIC_GAUGE, NULL, &again), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_counter_define("x", NULL), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "define_metric"), 4);
  /* Both ids of a name count into the same metric. */
  proxywasm_metric t1 = 0, t2 = 0;
  uint64_t tv = 0;
  CHECK_EQ(proxywasm_counter_define("twice_total", &t1), PROXYWASM_OK);
  CHECK_EQ(proxywasm_counter_define("twice_total", &t2), PROXYWASM_OK);
  CHECK_EQ(proxywasm_metric_increment(t2, 2), PROXYWASM_OK);
  CHECK_EQ(proxywasm_metric_get(t1, &tv), PROXYWASM_OK);
  CHECK_EQ(tv, 2);

  uint64_t v = 9;
  CHECK_EQ(proxywasm_metric_increment(counter, 3), PROXYWASM_OK);
  CHECK_EQ(proxywasm_metric_increment(counter, 0), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_metric_increment(counter, -1), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_metric_record(counter, 2), PROXYWASM_OK); /* Envoy adds */
  CHECK_EQ(proxywasm_metric_get(counter, &v), PROXYWASM_OK);
  CHECK_EQ(v, 5);
  CHECK_EQ(proxywasm_metric_increment(gauge, 10), PROXYWASM_OK);
  CHECK_EQ(proxywasm_metric_increment(gauge, -4), PROXYWASM_OK);
  CHECK_EQ(proxywasm_metric_get(gauge, &v), PROXYWASM_OK);
  CHECK_EQ(v, 6);
  CHECK_EQ(proxywasm_metric_record(gauge, 42), PROXYWASM_OK);
  CHECK_EQ(proxywasm_metric_get(gauge, NULL), PROXYWASM_OK);
  CHECK_EQ(proxywasm_metric_record(histogram, 12), PROXYWASM_OK);
  CHECK_EQ(proxywasm_metric_record(histogram, 30), PROXYWASM_OK);
  CHECK_EQ(proxywasm_metric_increment(histogram, 1), PROXYWASM_BAD_ARGUMENT);
  v = 9;
  CHECK_EQ(proxywasm_metric_get(histogram, &v), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(v, 0);
  v = 9;
  CHECK_EQ(proxywasm_metric_get(counter + 400, &v), PROXYWASM_NOT_FOUND);
  CHECK_EQ(v, 0);
  CHECK_EQ(proxywasm_metric_increment(counter + 400, 1), PROXYWASM_NOT_FOUND);
  CHECK_EQ(proxywasm_metric_record(counter + 400, 1), PROXYWASM_NOT_FOUND);
  /* Failures empty the outputs. */
  proxywasm_emu_fail_hostcall(emu, "define_metric", 1, PROXYWASM_INTERNAL_FAILURE);
  again = 5;
  CHECK_EQ(proxywasm_gauge_define("g2", &again), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(again, 0);
  proxywasm_emu_fail_hostcall(emu, "get_metric", 1, PROXYWASM_INTERNAL_FAILURE);
  v = 9;
  CHECK_EQ(proxywasm_metric_get(counter, &v), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(v, 0);
  proxywasm_emu_fail_hostcall(emu, "increment_metric", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_metric_increment(counter, 1), PROXYWASM_INTERNAL_FAILURE);
  proxywasm_emu_fail_hostcall(emu, "record_metric", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_metric_record(counter, 1), PROXYWASM_INTERNAL_FAILURE);
}

static void test_metrics(void **state) {
  (void)state;
  tick(metrics_api);
  assert_checks();
  uint64_t c;
  int64_t g;
  uint64_t last;
  size_t n;
  assert_int_equal(proxywasm_emu_get_counter(emu, "requests_total", &c), PROXYWASM_OK);
  assert_int_equal(c, 5);
  assert_int_equal(proxywasm_emu_get_gauge(emu, "in_flight", &g), PROXYWASM_OK);
  assert_int_equal(g, 42);
  assert_int_equal(proxywasm_emu_get_histogram(emu, "latency_ms", &last, &n), PROXYWASM_OK);
  assert_int_equal(last, 30);
  assert_int_equal(n, 2);
  assert_int_equal(proxywasm_emu_get_counter(emu, "g2", &c), PROXYWASM_NOT_FOUND);
  /* From the test body, through the static VM. */
  uint64_t v;
  assert_int_equal(proxywasm_metric_get(counter, &v), PROXYWASM_OK);
  assert_int_equal(v, 5);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_shared_data, setup, teardown),
      cmocka_unit_test_setup_teardown(test_queues, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dequeue_failure, setup, teardown),
      cmocka_unit_test_setup_teardown(test_queue_for_another_plugin, setup, teardown),
      cmocka_unit_test_setup_teardown(test_metrics, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
