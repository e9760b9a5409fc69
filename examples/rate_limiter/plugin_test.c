/*
 * Unit tests of rate_limiter through the host emulator: a bucket per
 * client, the 429 answer (JSON body, retry-after) and its tagged counter,
 * refills on ticks capped at the capacity, a token taken by another worker
 * between read and write (compare-and-swap), and bad configurations named.
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
  emu = proxywasm_emu_new(); /* the clock starts on a whole second */
  vm = proxywasm_emu_start(emu, "{\"capacity\": 3, \"refill_per_tick\": 1, \"tick_ms\": 1000}");
  return vm ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  return 0;
}

/* One request from client (NULL: no header); returns its stream id. */
static uint32_t request(const char *client) {
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header h[] = {PROXYWASM_HEADER(":path", "/"),
                          proxywasm_header_cstr("x-client-id", client)};
  proxywasm_emu_on_request_headers(vm, id, h, client ? 2 : 1, true);
  return id;
}

static bool allowed(const char *client) {
  return proxywasm_emu_get_local_response(vm, request(client)) == NULL;
}

static uint64_t rejected(const char *client) {
  char name[64];
  uint64_t n = 0;
  snprintf(name, sizeof name, "rate_limiter_rejected_client=%s", client);
  return proxywasm_emu_get_counter(emu, name, &n) == PROXYWASM_OK ? n : 0;
}

static void test_bucket_per_client(void **state) {
  (void)state;
  for (int i = 0; i < 3; i++)
    assert_true(allowed("alice"));
  proxywasm_emu_advance(emu, 400); /* no tick yet */
  uint32_t id = request("alice");
  const proxywasm_emu_local_response *r = proxywasm_emu_get_local_response(vm, id);
  assert_non_null(r);
  assert_int_equal(r->status_code, 429);
  assert_string_equal(r->body, "{\"error\": \"too many requests\", \"retry_after\": 1}");
  assert_string_equal(proxywasm_emu_header_get(r->headers, r->header_count, "retry-after", NULL),
                      "1");
  assert_string_equal(proxywasm_emu_header_get(r->headers, r->header_count, "content-type", NULL),
                      "application/json");
  assert_int_equal(rejected("alice"), 1);
  /* Others have their own buckets; no header is one "anonymous" client. */
  assert_true(allowed("bob"));
  for (int i = 0; i < 3; i++)
    assert_true(allowed(NULL));
  assert_false(allowed(NULL));
  assert_int_equal(rejected("anonymous"), 1);
  assert_int_equal(rejected("bob"), 0);
}

static void test_refill_on_tick(void **state) {
  (void)state;
  for (int i = 0; i < 3; i++)
    assert_true(allowed("alice"));
  assert_false(allowed("alice"));
  assert_int_equal(proxywasm_emu_advance(emu, 1000), 1); /* one tick: one token */
  assert_true(allowed("alice"));
  assert_false(allowed("alice"));
  proxywasm_emu_advance(emu, 10000); /* ten ticks: capped at 3 */
  for (int i = 0; i < 3; i++)
    assert_true(allowed("alice"));
  assert_false(allowed("alice"));
  assert_int_equal(rejected("alice"), 3);
}

/* Another worker takes alice's last tokens between the plugin's read and
   its write: the write fails, the plugin reads again and rejects. */
static void other_worker(proxywasm_emu *e, const char *vm_id, const char *key, void *u) {
  int *left = u;
  const char *v;
  size_t len;
  uint64_t word;
  if (*left == 0 || strcmp(key, "rate_limiter:alice") != 0)
    return;
  --*left;
  assert_int_equal(proxywasm_emu_shared_data_get(e, vm_id, key, &v, &len, NULL), PROXYWASM_OK);
  memcpy(&word, v, 8);
  word &= ~(uint64_t)0xffffffff; /* no tokens left */
  proxywasm_emu_shared_data_set(e, vm_id, key, &word, 8);
}

static void test_concurrent_worker(void **state) {
  (void)state;
  int left = 1;
  assert_true(allowed("alice")); /* the bucket exists: 2 tokens */
  proxywasm_emu_set_shared_read_hook(emu, other_worker, &left);
  assert_false(allowed("alice"));
  assert_int_equal(left, 0);
  assert_int_equal(rejected("alice"), 1);
}

static void bad_config(const char *config, const char *message) {
  proxywasm_emu_free(emu);
  emu = proxywasm_emu_new();
  assert_null(proxywasm_emu_start(emu, config));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_ERROR, message));
}

static void test_bad_configuration(void **state) {
  (void)state;
  bad_config("{\"capacity\": \"ten\"}", "bad configuration: field \"capacity\": not an integer");
  bad_config("{\"tick_ms\": 0}", "bad configuration: capacity, refill_per_tick and tick_ms");
  bad_config("{\"client_header\": 1}", "field \"client_header\": not a string");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_bucket_per_client, setup, teardown),
      cmocka_unit_test_setup_teardown(test_refill_on_tick, setup, teardown),
      cmocka_unit_test_setup_teardown(test_concurrent_worker, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_configuration, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
