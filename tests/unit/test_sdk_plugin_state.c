/*
 * test_sdk_plugin_state.c - plugin-level state without stream tracking: a
 * module that lists plugin hooks and keeps plugin data, but never reaches a
 * plugin from a stream nor asks for memory freed with the plugin
 * (proxywasm_plugin_alloc), must not export proxy_on_context_create or
 * proxy_on_delete (Envoy would call both for every request). Its plugin
 * records are created on the plugin's first event and keep their state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "proxywasm.h"
#include "proxywasm/emulator.h"

typedef struct config {
  char text[32];
  int ticks;
} config;

static int requests;
static config configs[2]; /* one per plugin of the test */
static size_t nconfigs;

static bool on_plugin_start(proxywasm_plugin *plugin, size_t size) {
  (void)size;
  config *cfg = nconfigs < 2 ? &configs[nconfigs++] : NULL;
  proxywasm_bytes raw;
  if (cfg == NULL || proxywasm_plugin_configuration_get(&raw) != PROXYWASM_OK ||
      raw.len >= sizeof cfg->text)
    return false;
  memcpy(cfg->text, raw.data, raw.len);
  proxywasm_plugin_set_data(plugin, cfg);
  return true;
}

static void on_tick(proxywasm_plugin *plugin) {
  config *cfg = proxywasm_plugin_get_data(plugin);
  if (cfg != NULL) {
    cfg->ticks++;
    proxywasm_log_infof("tick %d of %s", cfg->ticks, cfg->text);
  }
}

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)h, (void)n, (void)eos;
  requests++;
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_plugin_start, on_tick, on_request_headers);

static void test_plugin_state_without_stream_tracking(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_vm_new(emu, NULL);
  assert_non_null(vm);
  proxywasm_emu_plugin_options a = {.name = "a", .configuration = "alpha"};
  proxywasm_emu_plugin_options b = {.name = "b", .configuration = "beta"};
  bool started = false;
  uint32_t ra = proxywasm_emu_plugin_add(vm, &a, &started);
  assert_true(started);
  uint32_t rb = proxywasm_emu_plugin_add(vm, &b, &started);
  assert_true(started);

  /* Each plugin keeps its own state across hooks. */
  proxywasm_emu_on_tick(vm, ra);
  proxywasm_emu_on_tick(vm, rb);
  proxywasm_emu_on_tick(vm, ra);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "tick 1 of alpha"));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "tick 1 of beta"));
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "tick 2 of alpha"));

  /* Requests cost one call into the module: no stream lifecycle exports. */
  proxywasm_emu_vm_trace_clear(vm);
  for (int i = 0; i < 3; i++) {
    uint32_t id = proxywasm_emu_http_new(vm, ra);
    proxywasm_emu_on_request_headers(vm, id, NULL, 0, true);
    proxywasm_emu_http_complete(vm, id);
  }
  assert_int_equal(requests, 3);
  const char *trace = proxywasm_emu_vm_trace(vm);
  assert_null(strstr(trace, "proxy_on_context_create"));
  assert_null(strstr(trace, "proxy_on_delete"));
  assert_non_null(strstr(trace, "proxy_on_request_headers"));
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_plugin_state_without_stream_tracking),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
