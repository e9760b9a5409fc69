/* Unit tests of network in the host emulator (Go: TestNetwork_*). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

static bool info_logged(proxywasm_emu *emu, const char *text) {
  return proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, text);
}

static void put_u32(char **p, uint32_t v) {
  for (int i = 0; i < 4; i++)
    *(*p)++ = (char)(v >> (8 * i));
}

/* Encodes string pairs the way Envoy encodes a map-valued property. */
static size_t encode_map(char *buf, const char *const (*kv)[2], uint32_t n) {
  char *p = buf;
  put_u32(&p, n);
  for (uint32_t i = 0; i < n; i++) {
    put_u32(&p, (uint32_t)strlen(kv[i][0]));
    put_u32(&p, (uint32_t)strlen(kv[i][1]));
  }
  for (uint32_t i = 0; i < n; i++)
    for (int j = 0; j < 2; j++) {
      size_t len = strlen(kv[i][j]) + 1; /* with its NUL */
      memcpy(p, kv[i][j], len);
      p += len;
    }
  return (size_t)(p - buf);
}

static proxywasm_emu_vm *start(proxywasm_emu *emu) {
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  return vm;
}

static uint32_t open_connection(proxywasm_emu_vm *vm) {
  proxywasm_action action = PROXYWASM_EMU_BAD_ACTION;
  uint32_t id = proxywasm_emu_tcp_new(vm, 0, &action);
  assert_int_not_equal(id, 0);
  assert_int_equal(action, PROXYWASM_CONTINUE);
  return id;
}

static void test_on_new_connection(void **state) {
  proxywasm_emu *emu = *state;
  open_connection(start(emu));
  assert_true(info_logged(emu, "new connection!"));
}

static void test_on_downstream_close(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = start(emu);
  uint32_t id = open_connection(vm);
  proxywasm_emu_on_downstream_close(vm, id, PROXYWASM_PEER_LOCAL);
  assert_true(info_logged(emu, "downstream connection close!"));
}

static void test_on_downstream_data(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = start(emu);
  uint32_t id = open_connection(vm);
  const char *msg = "this is downstream data";
  assert_int_equal(proxywasm_emu_on_downstream_data(vm, id, msg, strlen(msg), false),
                   PROXYWASM_CONTINUE);
  assert_true(info_logged(emu, ">>>>>> downstream data received >>>>>>\nthis is downstream data"));
  /* The data is passed on unchanged. */
  size_t len;
  const char *sent = proxywasm_emu_get_downstream_data_sent(vm, id, &len);
  assert_int_equal(len, strlen(msg));
  assert_memory_equal(sent, msg, len);
}

/* Without the properties (no upstream known) the data is still logged, with
   warnings for what is missing. */
static void test_on_upstream_data(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = start(emu);
  uint32_t id = open_connection(vm);
  const char *msg = "this is upstream data";
  assert_int_equal(proxywasm_emu_on_upstream_data(vm, id, msg, strlen(msg), false),
                   PROXYWASM_CONTINUE);
  assert_true(info_logged(emu, "<<<<<< upstream data received <<<<<<\nthis is upstream data"));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_WARN,
                                         "failed to get upstream remote address: not found"));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_WARN,
                                         "failed to get upstream location metadata: not found"));
}

/* With Envoy's properties: the upstream address and the cluster's location
   metadata (a map) are logged. */
static void test_upstream_properties(void **state) {
  static const char *const location[][2] = {
      {"cloud_provider", "aws"}, {"region", "ap-northeast-1"}, {"az", "ap-northeast-1a"}};
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = start(emu);
  uint32_t id = open_connection(vm);
  assert_int_equal(proxywasm_emu_context_set_property(
                       vm, id, PROXYWASM_EMU_PATH("upstream", "address"), "127.0.0.1:8099", 14),
                   PROXYWASM_OK);
  char map[256];
  size_t map_len = encode_map(map, location, 3);
  assert_int_equal(proxywasm_emu_set_property(
                       emu,
                       PROXYWASM_EMU_PATH("xds", "cluster_metadata", "filter_metadata", "location"),
                       map, map_len),
                   PROXYWASM_OK);

  const char *msg = "HTTP/1.1 200 OK\r\n\r\n";
  assert_int_equal(proxywasm_emu_on_upstream_data(vm, id, msg, strlen(msg), false),
                   PROXYWASM_CONTINUE);
  assert_true(info_logged(emu, "remote address: 127.0.0.1:8099"));
  assert_true(info_logged(emu, "upstream cluster metadata location[cloud_provider]=aws"));
  assert_true(info_logged(emu, "upstream cluster metadata location[region]=ap-northeast-1"));
  assert_true(info_logged(emu, "upstream cluster metadata location[az]=ap-northeast-1a"));
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_WARN), 0);
}

/* Empty data events are passed on without logging. */
static void test_empty_data(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = start(emu);
  uint32_t id = open_connection(vm);
  assert_int_equal(proxywasm_emu_on_downstream_data(vm, id, NULL, 0, true), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_on_upstream_data(vm, id, NULL, 0, true), PROXYWASM_CONTINUE);
  /* Only "new connection!" was logged. */
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_EMU_ANY_LEVEL), 1);
}

/* Go: the counter counts completed connections. */
static void test_counter(void **state) {
  proxywasm_emu *emu = *state;
  proxywasm_emu_vm *vm = start(emu);
  uint32_t id = open_connection(vm);
  proxywasm_emu_tcp_complete(vm, id);
  assert_true(info_logged(emu, "connection complete!"));
  uint64_t v = 0;
  assert_int_equal(proxywasm_emu_get_counter(emu, "proxy_wasm_go.connection_counter", &v),
                   PROXYWASM_OK);
  assert_int_equal(v, 1);

  proxywasm_emu_tcp_complete(vm, open_connection(vm));
  assert_int_equal(proxywasm_emu_get_counter(emu, "proxy_wasm_go.connection_counter", &v),
                   PROXYWASM_OK);
  assert_int_equal(v, 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_on_new_connection, setup, teardown),
      cmocka_unit_test_setup_teardown(test_on_downstream_close, setup, teardown),
      cmocka_unit_test_setup_teardown(test_on_downstream_data, setup, teardown),
      cmocka_unit_test_setup_teardown(test_on_upstream_data, setup, teardown),
      cmocka_unit_test_setup_teardown(test_upstream_properties, setup, teardown),
      cmocka_unit_test_setup_teardown(test_empty_data, setup, teardown),
      cmocka_unit_test_setup_teardown(test_counter, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
