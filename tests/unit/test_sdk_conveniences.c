/*
 * test_sdk_conveniences.c - shared-data keys from bytes, shared 64-bit
 * counters (compare-and-swap under contention, bounded), context-owned
 * copies and the JSON configuration reader, through the host emulator.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "proxywasm.h"
#include "proxywasm/emulator.h"

#include "hook_checks.h"

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;
static void (*tick_script)(proxywasm_plugin *);

static void on_tick(proxywasm_plugin *p) {
  if (tick_script)
    tick_script(p);
}

PROXYWASM_HOOKS(on_tick);

static int setup(void **state) {
  (void)state;
  check_line = checks_run = 0;
  emu = proxywasm_emu_new();
  vm = emu ? proxywasm_emu_start(emu, NULL) : NULL;
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
  assert_checks();
}

/* ---- shared data ---- */

static void keys(proxywasm_plugin *p) {
  (void)p;
  const char *k = proxywasm_shared_data_key("rl:", (proxywasm_bytes){"10.0.0.1:55", 8});
  CHECK(k != NULL && strcmp(k, "rl:10.0.0.1") == 0);
  k = proxywasm_shared_data_key("only", (proxywasm_bytes){NULL, 0});
  CHECK(k != NULL && strcmp(k, "only") == 0);
  CHECK(proxywasm_shared_data_key(NULL, PROXYWASM_LIT("x")) == NULL);
  CHECK(proxywasm_shared_data_key("p", (proxywasm_bytes){NULL, 1}) == NULL);
}

static void test_keys(void **state) {
  (void)state;
  tick(keys);
}

static void counts(proxywasm_plugin *p) {
  (void)p;
  uint64_t v = 9;
  uint32_t retries = 9;
  CHECK_EQ(proxywasm_shared_u64_get("c", &v), PROXYWASM_OK); /* absent reads 0 */
  CHECK_EQ(v, 0);
  CHECK_EQ(proxywasm_shared_u64_add("c", 5, &v, &retries), PROXYWASM_OK);
  CHECK_EQ(v, 5);
  CHECK_EQ(retries, 0);
  CHECK_EQ(proxywasm_shared_u64_add("c", (uint64_t)-2, &v, NULL), PROXYWASM_OK);
  CHECK_EQ(v, 3);
  CHECK_EQ(proxywasm_shared_u64_get("c", &v), PROXYWASM_OK);
  CHECK_EQ(v, 3);
  /* Not a counter: refused, never overwritten. */
  CHECK_EQ(proxywasm_shared_data_set("text", "abc", 3, 0), PROXYWASM_OK);
  CHECK_EQ(proxywasm_shared_u64_add("text", 1, &v, NULL), PROXYWASM_PARSE_FAILURE);
  CHECK_EQ(v, 0);
  CHECK_EQ(proxywasm_shared_u64_get("text", &v), PROXYWASM_PARSE_FAILURE);
  CHECK_EQ(proxywasm_shared_u64_add(NULL, 1, &v, NULL), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_shared_u64_update("c", NULL, NULL, &v, NULL), PROXYWASM_BAD_ARGUMENT);
  /* A host failure is passed on. */
  proxywasm_emu_fail_hostcall(emu, "set_shared_data", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_shared_u64_add("c", 1, &v, &retries), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(retries, 0);
}

static void test_counter(void **state) {
  (void)state;
  tick(counts);
  const char *v;
  size_t len;
  assert_int_equal(proxywasm_emu_shared_data_get(emu, NULL, "c", &v, &len, NULL), PROXYWASM_OK);
  assert_int_equal(len, 8);
  assert_memory_equal(v, "\3\0\0\0\0\0\0\0", 8); /* little-endian */
}

/* Another worker adds 100 between the plugin's reads and writes. */
static int interfere_left;
static void other_worker(proxywasm_emu *e, const char *vm_id, const char *key, void *u) {
  (void)u;
  if (interfere_left == 0 || strcmp(key, "c") != 0)
    return;
  interfere_left--;
  const char *v;
  size_t len;
  uint64_t n = 0;
  if (proxywasm_emu_shared_data_get(e, vm_id, key, &v, &len, NULL) == PROXYWASM_OK && len == 8)
    memcpy(&n, v, 8); /* the test host is little-endian like wasm */
  n += 100;
  proxywasm_emu_shared_data_set(e, vm_id, key, &n, 8);
}

static void contended(proxywasm_plugin *p) {
  (void)p;
  uint64_t v = 0;
  uint32_t retries = 0;
  interfere_left = 3;
  CHECK_EQ(proxywasm_shared_u64_add("c", 1, &v, &retries), PROXYWASM_OK);
  CHECK_EQ(retries, 3);
  CHECK_EQ(v, 301); /* nothing lost */
  interfere_left = 1000;
  CHECK_EQ(proxywasm_shared_u64_add("c", 1, &v, &retries), PROXYWASM_CAS_MISMATCH);
  CHECK_EQ(retries, PROXYWASM_SHARED_U64_ATTEMPTS);
  CHECK_EQ(v, 0);
  interfere_left = 0;
}

static void test_counter_contention(void **state) {
  (void)state;
  proxywasm_emu_shared_data_set(emu, NULL, "c", "\0\0\0\0\0\0\0\0", 8);
  proxywasm_emu_set_shared_read_hook(emu, other_worker, NULL);
  tick(contended);
  uint64_t n = 0;
  const char *v;
  size_t len;
  assert_int_equal(proxywasm_emu_shared_data_get(emu, NULL, "c", &v, &len, NULL), PROXYWASM_OK);
  memcpy(&n, v, 8);
  assert_int_equal(n, 301 + 100 * PROXYWASM_SHARED_U64_ATTEMPTS);
}

/* An update that declines leaves the store alone and reports the value. */
static bool take_below_2(uint64_t *v, void *arg) {
  (void)arg;
  if (*v >= 2)
    return false;
  ++*v;
  return true;
}

static void updates(proxywasm_plugin *p) {
  (void)p;
  uint64_t v;
  for (int i = 0; i < 2; i++)
    CHECK_EQ(proxywasm_shared_u64_update("u", take_below_2, NULL, &v, NULL), PROXYWASM_OK);
  unsigned sets = proxywasm_emu_hostcall_count(emu, "set_shared_data");
  CHECK_EQ(proxywasm_shared_u64_update("u", take_below_2, NULL, &v, NULL), PROXYWASM_OK);
  CHECK_EQ(v, 2);
  CHECK_EQ(proxywasm_emu_hostcall_count(emu, "set_shared_data"), sets);
}

static void test_update(void **state) {
  (void)state;
  tick(updates);
}

/* ---- context copies ---- */

static proxywasm_bytes kept;

static void copy(proxywasm_plugin *p) {
  proxywasm_context *c = proxywasm_plugin_context(p);
  char host[] = "a\0b";
  CHECK_EQ(proxywasm_context_copy(c, (proxywasm_bytes){host, 3}, &kept), PROXYWASM_OK);
  CHECK(kept.data != host && kept.len == 3 && memcmp(kept.data, "a\0b", 4) == 0);
  host[0] = 'z'; /* a copy */
  proxywasm_bytes e = {"junk", 4};
  CHECK_EQ(proxywasm_context_copy(c, (proxywasm_bytes){NULL, 0}, &e), PROXYWASM_OK);
  CHECK(e.data != NULL && e.len == 0 && e.data[0] == 0);
  e = (proxywasm_bytes){"junk", 4};
  CHECK_EQ(proxywasm_context_copy(NULL, PROXYWASM_LIT("x"), &e), PROXYWASM_BAD_ARGUMENT);
  CHECK(e.data == NULL && e.len == 0);
  CHECK_EQ(proxywasm_context_copy(c, (proxywasm_bytes){NULL, 2}, &e), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_context_copy(c, PROXYWASM_LIT("x"), NULL), PROXYWASM_BAD_ARGUMENT);
  proxywasm_emu_fail_context_allocations(emu, 0, 1);
  e = (proxywasm_bytes){"junk", 4};
  CHECK_EQ(proxywasm_context_copy(c, PROXYWASM_LIT("x"), &e), PROXYWASM_INTERNAL_FAILURE);
  CHECK(e.data == NULL && e.len == 0);
}

static void still_there(proxywasm_plugin *p) {
  (void)p;
  CHECK(kept.len == 3 && memcmp(kept.data, "a\0b", 4) == 0);
}

static void test_context_copy(void **state) {
  (void)state;
  tick(copy);
  tick(still_there); /* outlives the hook that made it */
  assert_int_equal(proxywasm_emu_vm_context_blocks(vm), 2);
}

/* ---- configuration reader ---- */

static void reads(proxywasm_plugin *p) {
  (void)p;
  proxywasm_json_reader r;
  CHECK_EQ(
      proxywasm_json_reader_init(&r, PROXYWASM_LIT("{\"rate\": {\"capacity\": 5, \"burst\": 1.5}, "
                                                   "\"on\": true, \"name\": \"a\\u0062\"}")),
      PROXYWASM_OK);
  CHECK_EQ(proxywasm_json_reader_get_int(&r, "rate.capacity", 1), 5);
  CHECK_EQ(proxywasm_json_reader_get_int(&r, "rate.absent", 7), 7);
  CHECK(proxywasm_json_reader_get_double(&r, "rate.burst", 0) == 1.5);
  CHECK(proxywasm_json_reader_get_bool(&r, "on", false));
  proxywasm_bytes s = proxywasm_json_reader_get_string(&r, "name", "x");
  CHECK_BYTES(s, "ab");
  s = proxywasm_json_reader_get_string(&r, "nope", "dflt");
  CHECK_BYTES(s, "dflt");
  CHECK(proxywasm_json_reader_error(&r) == NULL);
  /* The first bad field is named, and sticks. */
  CHECK_EQ(proxywasm_json_reader_get_int(&r, "rate.burst", 3), 3);
  CHECK(strcmp(proxywasm_json_reader_error(&r), "field \"rate.burst\": not an integer") == 0);
  CHECK_EQ(proxywasm_json_reader_get_int(&r, "rate.capacity", 4), 4);
  CHECK_EQ(r.status, PROXYWASM_BAD_ARGUMENT);
  CHECK(strcmp(proxywasm_json_reader_error(&r), "field \"rate.burst\": not an integer") == 0);

  proxywasm_json_reader_init(&r, PROXYWASM_LIT("{\"on\": 1, \"n\": \"s\", \"d\": []}"));
  proxywasm_json_reader_get_bool(&r, "on", false);
  CHECK(strcmp(proxywasm_json_reader_error(&r), "field \"on\": not true or false") == 0);
  proxywasm_json_reader_init(&r, PROXYWASM_LIT("{\"n\": \"s\"}"));
  proxywasm_json_reader_get_double(&r, "n", 0);
  CHECK(strcmp(proxywasm_json_reader_error(&r), "field \"n\": not a number") == 0);
  proxywasm_json_reader_init(&r, PROXYWASM_LIT("{\"n\": 5}"));
  proxywasm_json_reader_get_string(&r, "n", NULL);
  CHECK(strcmp(proxywasm_json_reader_error(&r), "field \"n\": not a string") == 0);
  proxywasm_json_reader_init(&r, PROXYWASM_LIT("{\"n\": 5}"));
  proxywasm_json_reader_get_int(&r, "n.x", 0);
  CHECK(strstr(proxywasm_json_reader_error(&r), "field \"n.x\": ") != NULL);
  proxywasm_json_reader_init(&r, PROXYWASM_LIT("{\"n\": 1e30}"));
  proxywasm_json_reader_get_int(&r, "n", 0);
  CHECK(strcmp(proxywasm_json_reader_error(&r), "field \"n\": out of range") == 0);
  /* Documents. */
  CHECK_EQ(proxywasm_json_reader_init(&r, (proxywasm_bytes){NULL, 0}), PROXYWASM_OK);
  CHECK_EQ(proxywasm_json_reader_get_int(&r, "x", 2), 2); /* no configuration: defaults */
  CHECK_EQ(proxywasm_json_reader_init(&r, PROXYWASM_LIT("{\"a\": }")), PROXYWASM_PARSE_FAILURE);
  CHECK(strcmp(proxywasm_json_reader_error(&r), "not valid JSON (at byte 6)") == 0);
  CHECK_EQ(proxywasm_json_reader_init(&r, PROXYWASM_LIT("[1]")), PROXYWASM_BAD_ARGUMENT);
  CHECK(strcmp(proxywasm_json_reader_error(&r), "not a JSON object") == 0);
  CHECK_EQ(proxywasm_json_reader_get_int(&r, "x", 2), 2);
  CHECK_EQ(proxywasm_json_reader_init(NULL, PROXYWASM_LIT("{}")), PROXYWASM_BAD_ARGUMENT);
  CHECK(proxywasm_json_reader_error(NULL) != NULL);
}

static void test_json_reader(void **state) {
  (void)state;
  tick(reads);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
      cmocka_unit_test_setup_teardown(test_counter, setup, teardown),
      cmocka_unit_test_setup_teardown(test_counter_contention, setup, teardown),
      cmocka_unit_test_setup_teardown(test_update, setup, teardown),
      cmocka_unit_test_setup_teardown(test_context_copy, setup, teardown),
      cmocka_unit_test_setup_teardown(test_json_reader, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
