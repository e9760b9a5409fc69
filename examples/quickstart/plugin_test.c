/* Unit tests of the quickstart plugin through the host emulator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <proxywasm.h>
#include <proxywasm/emulator.h>

static void adds_configured_header_and_logs_path(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm =
      proxywasm_emu_start(emu, "{\"header\": \"x-hello\", \"value\": \"wörld\"}");
  assert_non_null(vm);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO,
                                         "quickstart: adding \"x-hello: wörld\" to responses"));

  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/some/path"),
                            PROXYWASM_HEADER(":method", "GET")};
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, req, 2, true), PROXYWASM_CONTINUE);
  assert_true(
      proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "quickstart: request path /some/path"));

  proxywasm_header resp[] = {PROXYWASM_HEADER(":status", "200")};
  assert_int_equal(proxywasm_emu_on_response_headers(vm, id, resp, 1, false), PROXYWASM_CONTINUE);
  assert_string_equal(proxywasm_emu_get_response_header(vm, id, "x-hello"), "wörld");
  proxywasm_emu_http_complete(vm, id);
  proxywasm_emu_free(emu);
}

static void rejects_bad_configurations(void **state) {
  (void)state;
  static const char *const bad[] = {
      "",                                         /* none */
      "not json",                                 /* not JSON */
      "{\"header\": \"x-a\"}",                    /* no value */
      "{\"header\": \"\", \"value\": \"v\"}",     /* empty name */
      "{\"header\": 7, \"value\": \"v\"}",        /* wrong type */
      "{\"header\": \"x-a\", \"value\": \"v\",}", /* trailing comma */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    proxywasm_emu *emu = proxywasm_emu_new();
    assert_null(proxywasm_emu_start(emu, bad[i]));
    assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_ERROR,
                                           "quickstart: the configuration must be"));
    proxywasm_emu_free(emu);
  }
}

static void missing_path_is_not_an_error(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, "{\"header\": \"x-a\", \"value\": \"b\"}");
  assert_non_null(vm);
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, NULL, 0, true), PROXYWASM_CONTINUE);
  assert_false(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "request path"));
  proxywasm_emu_http_complete(vm, id);
  proxywasm_emu_free(emu);
}

/* One VM, plugins added the way Envoy adds filters that share a vm_config. */
static uint32_t add(proxywasm_emu_vm *vm, const char *name, const char *config, bool *ok) {
  proxywasm_emu_plugin_options o = {.name = name, .configuration = config};
  return proxywasm_emu_plugin_add(vm, &o, ok);
}

/* The response headers a stream of plugin root gets. */
static uint32_t respond(proxywasm_emu_vm *vm, uint32_t root) {
  uint32_t id = proxywasm_emu_http_new(vm, root);
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/")};
  proxywasm_header resp[] = {PROXYWASM_HEADER(":status", "200")};
  assert_int_equal(proxywasm_emu_on_request_headers(vm, id, req, 1, true), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_on_response_headers(vm, id, resp, 1, true), PROXYWASM_CONTINUE);
  return id;
}

/* Built with PROXYWASM_UNTRACKED_STREAMS: the host is never asked to
   announce streams, and a stream still finds its plugin's configuration. */
static void streams_cost_no_extra_calls(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, "{\"header\": \"x-a\", \"value\": \"1\"}");
  assert_non_null(vm);
  proxywasm_emu_vm_trace_clear(vm);
  unsigned props = proxywasm_emu_hostcall_count(emu, "proxy_get_property");
  uint32_t id = respond(vm, 0);
  assert_string_equal(proxywasm_emu_get_response_header(vm, id, "x-a"), "1");
  proxywasm_emu_http_complete(vm, id);
  assert_null(strstr(proxywasm_emu_vm_trace(vm), "proxy_on_context_create"));
  assert_null(strstr(proxywasm_emu_vm_trace(vm), "proxy_on_delete"));
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "proxy_get_property"), props);
  proxywasm_emu_free(emu);
}

/* Filters with different names sharing one VM: each stream gets its own
   plugin's header, found by asking the stream's plugin_name. */
static void plugins_of_different_names_share_a_vm(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_vm_new(emu, NULL);
  bool ok = false;
  uint32_t a = add(vm, "a", "{\"header\": \"x-a\", \"value\": \"1\"}", &ok);
  assert_true(ok);
  uint32_t b = add(vm, "b", "{\"header\": \"x-b\", \"value\": \"2\"}", &ok);
  assert_true(ok);
  for (int round = 0; round < 2; round++) {
    uint32_t sa = respond(vm, a), sb = respond(vm, b);
    assert_string_equal(proxywasm_emu_get_response_header(vm, sa, "x-a"), "1");
    assert_null(proxywasm_emu_get_response_header(vm, sa, "x-b"));
    assert_string_equal(proxywasm_emu_get_response_header(vm, sb, "x-b"), "2");
    assert_null(proxywasm_emu_get_response_header(vm, sb, "x-a"));
    proxywasm_emu_http_complete(vm, sa);
    proxywasm_emu_http_complete(vm, sb);
  }
  proxywasm_emu_free(emu);
}

/* A plugin started again under the same name (Envoy replacing its
   configuration while the old one drains): every stream of that name gets
   the newest; a refused configuration replaces nothing. */
static void same_name_newest_accepted_wins(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_vm_new(emu, NULL);
  bool ok = false;
  uint32_t old = add(vm, "q", "{\"header\": \"x-v\", \"value\": \"old\"}", &ok);
  assert_true(ok);
  uint32_t bad = add(vm, "q", "{\"header\": \"\", \"value\": \"bad\"}", &ok);
  assert_false(ok);
  (void)bad;
  uint32_t s = respond(vm, old);
  assert_string_equal(proxywasm_emu_get_response_header(vm, s, "x-v"), "old");
  proxywasm_emu_http_complete(vm, s);
  uint32_t now = add(vm, "q", "{\"header\": \"x-v\", \"value\": \"new\"}", &ok);
  assert_true(ok);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO,
                                         "plugin \"q\" (root_id \"\") started again in this VM"));
  uint32_t s1 = respond(vm, old), s2 = respond(vm, now);
  assert_string_equal(proxywasm_emu_get_response_header(vm, s1, "x-v"), "new");
  assert_string_equal(proxywasm_emu_get_response_header(vm, s2, "x-v"), "new");
  proxywasm_emu_http_complete(vm, s1);
  proxywasm_emu_http_complete(vm, s2);
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(adds_configured_header_and_logs_path),
      cmocka_unit_test(rejects_bad_configurations),
      cmocka_unit_test(missing_path_is_not_an_error),
      cmocka_unit_test(streams_cost_no_extra_calls),
      cmocka_unit_test(plugins_of_different_names_share_a_vm),
      cmocka_unit_test(same_name_newest_accepted_wins),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
