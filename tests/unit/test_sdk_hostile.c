/*
 * test_sdk_hostile.c - wrappers against host answers no real host should
 * give (regressions found by fuzz/hostile.c, and the emulator's hostile
 * mode itself).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "proxywasm.h"
#include "proxywasm/emulator.h"

static proxywasm_emu *emu;
static void (*script)(void);

static void on_tick(proxywasm_plugin *p) {
  (void)p;
  script();
}

static proxywasm_status st[4];
static proxywasm_bytes out[4];

/* A header read per request; the second request's host answers OK without
   writing the view (hostile bytes 1, 0: a status of its own, OK). */
static const unsigned char ok_unwritten[] = {1, 0};
static int requests;

static proxywasm_action on_request_headers(proxywasm_http *http, size_t n, bool end) {
  (void)n, (void)end;
  int i = requests++;
  if (i == 1)
    proxywasm_emu_set_hostile(emu, ok_unwritten, sizeof ok_unwritten);
  st[i] = proxywasm_http_get_request_header(http, ":path", &out[i]);
  proxywasm_emu_set_hostile(emu, NULL, 0);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_tick, on_request_headers);

static void run(const char *config, void (*fn)(void)) {
  emu = proxywasm_emu_new();
  assert_non_null(emu);
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, config);
  assert_non_null(vm);
  script = fn;
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
}

/* NOT_FOUND for an empty configuration (here: the host answers a pointer
   with length 0, hostile bytes 0 then 3), and the output empty too. */
static const unsigned char pointer_no_length[] = {0, 3};

static void read_empty_config(void) {
  proxywasm_emu_set_hostile(emu, pointer_no_length, sizeof pointer_no_length);
  out[0] = (proxywasm_bytes){"x", 1};
  st[0] = proxywasm_vm_configuration_get(&out[0]);
  proxywasm_emu_set_hostile(emu, NULL, 0);
}

static void test_empty_config_clears_output(void **state) {
  (void)state;
  run("{}", read_empty_config);
  assert_int_equal(st[0], PROXYWASM_NOT_FOUND);
  assert_null(out[0].data);
  assert_int_equal(out[0].len, 0);
  proxywasm_emu_free(emu);
}

/* A status word outside the ABI reaches the plugin as INTERNAL_FAILURE. */
static void read_header_bad_status(void) {
  proxywasm_emu_fail_hostcall(emu, "get_buffer_bytes", 1, (proxywasm_status)0xdead);
  st[0] = proxywasm_plugin_configuration_get(&out[0]);
  proxywasm_emu_fail_hostcall(emu, "get_current_time_nanoseconds", 1, (proxywasm_status)13);
  uint64_t ns = 1;
  st[1] = proxywasm_time_get(&ns);
  st[2] = ns == 0 ? PROXYWASM_OK : PROXYWASM_BAD_ARGUMENT;
}

static void test_out_of_range_status(void **state) {
  (void)state;
  run("{}", read_header_bad_status);
  assert_int_equal(st[0], PROXYWASM_INTERNAL_FAILURE);
  assert_null(out[0].data);
  assert_int_equal(st[1], PROXYWASM_INTERNAL_FAILURE);
  assert_int_equal(st[2], PROXYWASM_OK);
  proxywasm_emu_free(emu);
}

/* Hostile mode: honest prologue (byte 0), then a NULL pointer with a
   length (2, then 4 length bytes) for the value's bytes. */
static const unsigned char null_with_length[] = {0, 2, 0, 0, 0, 9};

static void read_shared_hostile(void) {
  uint32_t cas;
  st[3] = proxywasm_shared_data_set("k", "value", 5, 0);
  proxywasm_emu_set_hostile(emu, null_with_length, sizeof null_with_length);
  st[0] = proxywasm_shared_data_get("k", &out[0], &cas);
  proxywasm_emu_set_hostile(emu, NULL, 0);
  st[1] = proxywasm_shared_data_get("k", &out[1], &cas); /* honest again */
}

static void test_hostile_null_with_length(void **state) {
  (void)state;
  run("{}", read_shared_hostile);
  assert_int_equal(st[3], PROXYWASM_OK);
  /* Whatever the status, no NULL view with a length escapes. */
  assert_int_equal(out[0].len, 0);
  if (st[0] != PROXYWASM_OK)
    assert_null(out[0].data);
  assert_int_equal(st[1], PROXYWASM_OK);
  assert_int_equal(out[1].len, 5);
  assert_memory_equal(out[1].data, "value", 5);
  proxywasm_emu_free(emu);
}

/* The view is empty, never the earlier request's (whose memory the SDK
   freed when that hook returned). */
static void test_ok_without_view(void **state) {
  (void)state;
  emu = proxywasm_emu_new();
  assert_non_null(emu);
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, "{}");
  assert_non_null(vm);
  static const proxywasm_header req[] = {{PROXYWASM_LIT_INIT(":path"), PROXYWASM_LIT_INIT("/a")}};
  for (int i = 0; i < 2; i++) {
    uint32_t id = proxywasm_emu_http_new(vm, 0);
    assert_int_not_equal(id, 0);
    proxywasm_emu_on_request_headers(vm, id, req, 1, true);
    proxywasm_emu_http_complete(vm, id);
  }
  assert_int_equal(requests, 2);
  assert_int_equal(st[0], PROXYWASM_OK);
  assert_int_equal(st[1], PROXYWASM_OK);
  assert_non_null(out[1].data);
  assert_int_equal(out[1].len, 0);
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_empty_config_clears_output),
      cmocka_unit_test(test_out_of_range_status),
      cmocka_unit_test(test_hostile_null_with_length),
      cmocka_unit_test(test_ok_without_view),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
