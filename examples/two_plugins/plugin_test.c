/*
 * Unit tests of two_plugins through the host emulator: one VM with two
 * plugins (root_ids "tagger" and "guard"), each stream running the hooks of
 * its own plugin; an unknown root_id does nothing and says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <proxywasm.h>
#include <proxywasm/emulator.h>

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;

static uint32_t plugin(const char *root_id, const char *config) {
  proxywasm_emu_plugin_options o = {.root_id = root_id, .configuration = config};
  bool started = false;
  uint32_t root = proxywasm_emu_plugin_add(vm, &o, &started);
  assert_true(started);
  return root;
}

static int setup(void **state) {
  (void)state;
  emu = proxywasm_emu_new();
  vm = proxywasm_emu_vm_new(emu, NULL);
  return vm ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  return 0;
}

/* A request to path through the plugin root; returns the stream id. */
static uint32_t request(uint32_t root, const char *path) {
  uint32_t id = proxywasm_emu_http_new(vm, root);
  proxywasm_header req[] = {PROXYWASM_HEADER(":method", "GET"),
                            proxywasm_header_cstr(":path", path)};
  proxywasm_emu_on_request_headers(vm, id, req, 2, true);
  if (proxywasm_emu_get_local_response(vm, id) == NULL) {
    proxywasm_header resp[] = {PROXYWASM_HEADER(":status", "200")};
    proxywasm_emu_on_response_headers(vm, id, resp, 1, true);
  }
  return id;
}

static void test_each_plugin_runs_its_hooks(void **state) {
  (void)state;
  uint32_t tagger = plugin("tagger", "blue"), guard = plugin("guard", NULL);
  /* tagger tags, even /admin: it has no request hook. */
  uint32_t id = request(tagger, "/admin");
  assert_null(proxywasm_emu_get_local_response(vm, id));
  assert_string_equal(proxywasm_emu_get_response_header(vm, id, "x-tag"), "blue");
  /* guard answers /admin itself and does not tag. */
  id = request(guard, "/admin/users");
  const proxywasm_emu_local_response *r = proxywasm_emu_get_local_response(vm, id);
  assert_non_null(r);
  assert_int_equal(r->status_code, 403);
  assert_string_equal(r->body, "forbidden by guard\n");
  id = request(guard, "/");
  assert_null(proxywasm_emu_get_local_response(vm, id));
  assert_null(proxywasm_emu_get_response_header(vm, id, "x-tag"));
  /* Each tagger plugin has its own configuration. */
  uint32_t green = plugin("tagger", "green");
  assert_string_equal(proxywasm_emu_get_response_header(vm, request(green, "/"), "x-tag"), "green");
  assert_string_equal(proxywasm_emu_get_response_header(vm, request(tagger, "/"), "x-tag"), "blue");
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_ERROR), 0);
}

static void test_unknown_root_id(void **state) {
  (void)state;
  uint32_t other = plugin("other", NULL);
  uint32_t id = request(other, "/admin");
  assert_null(proxywasm_emu_get_local_response(vm, id));
  assert_null(proxywasm_emu_get_response_header(vm, id, "x-tag"));
  request(other, "/");
  /* Said once, for the plugin. */
  assert_int_equal(proxywasm_emu_log_count(emu, PROXYWASM_LOG_ERROR), 1);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_ERROR,
                                         "no PROXYWASM_PLUGIN has root_id \"other\""));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_each_plugin_runs_its_hooks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unknown_root_id, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
