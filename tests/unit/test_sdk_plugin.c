/*
 * test_sdk_plugin.c - VM and plugin (root) contexts through the SDK and the
 * host emulator: configurations, several plugins in one VM, the timer and
 * the clock, deferred shutdown (on_plugin_done returning false, then
 * proxywasm_plugin_done), access-log and foreign-function hooks, plugin
 * state and its memory.
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

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN 1
#endif
#ifdef HAVE_ASAN
#include <sanitizer/asan_interface.h>
#endif

/* ---- checks inside hooks ---- */

#include "hook_checks.h"

/* ---- the plugin ---- */

/* Per-plugin state, owned by the plugin context. */
typedef struct plugin_state {
  char config[32];
  int ticks;
  bool finish_later; /* on_plugin_done returns false */
} plugin_state;

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;
static int vm_starts, plugin_starts, dones, deletes, plugin_logs, foreign_calls;
static size_t vm_config_size;
static char vm_config[32];
static size_t vm_config_len;
static plugin_state *kept_state[16];
static void (*tick_script)(proxywasm_plugin *);
static uint64_t tick_times[8];

static bool on_vm_start(proxywasm_plugin *p, size_t size) {
  vm_starts++;
  vm_config_size = size;
  CHECK_EQ(proxywasm_context_get_kind(proxywasm_plugin_context(p)), PROXYWASM_CONTEXT_PLUGIN);
  proxywasm_bytes cfg = {"junk", 4};
  proxywasm_status s = proxywasm_vm_configuration_get(&cfg);
  if (size == 0) {
    CHECK_EQ(s, PROXYWASM_NOT_FOUND);
    CHECK_EMPTY(cfg);
    return true;
  }
  CHECK_EQ(s, PROXYWASM_OK);
  CHECK_EQ(cfg.len, size);
  CHECK(cfg.data[cfg.len] == 0);
  vm_config_len = cfg.len < sizeof vm_config ? cfg.len : sizeof vm_config;
  memcpy(vm_config, cfg.data, vm_config_len);
  return !proxywasm_bytes_eq(cfg, "reject-vm");
}

static bool on_plugin_start(proxywasm_plugin *p, size_t size) {
  plugin_starts++;
  plugin_state *st = proxywasm_plugin_alloc(p, sizeof *st);
  CHECK(st != NULL);
  if (st == NULL)
    return false;
  CHECK_EQ(proxywasm_plugin_set_data(p, st), PROXYWASM_OK);
  uint32_t id = proxywasm_context_id(proxywasm_plugin_context(p));
  if (id < 16)
    kept_state[id] = st;
  proxywasm_bytes cfg = {"junk", 4};
  proxywasm_status s = proxywasm_plugin_configuration_get(&cfg);
  if (size == 0) {
    CHECK_EQ(s, PROXYWASM_NOT_FOUND);
    CHECK_EMPTY(cfg);
  } else {
    CHECK_EQ(s, PROXYWASM_OK);
    CHECK_EQ(cfg.len, size);
    snprintf(st->config, sizeof st->config, "%.*s", (int)cfg.len, cfg.data);
  }
  /* The VM configuration stays readable. */
  proxywasm_bytes vmc;
  CHECK_EQ(proxywasm_vm_configuration_get(&vmc),
           vm_config_size ? PROXYWASM_OK : PROXYWASM_NOT_FOUND);
  st->finish_later = strstr(st->config, "later") != NULL;
  if (strstr(st->config, "tick"))
    CHECK_EQ(proxywasm_tick_period_set(proxywasm_plugin_context(p), 100), PROXYWASM_OK);
  return strcmp(st->config, "reject") != 0;
}

static bool on_plugin_done(proxywasm_plugin *p) {
  dones++;
  plugin_state *st = proxywasm_plugin_get_data(p);
  CHECK(st != NULL);
  return st == NULL || !st->finish_later;
}

static void on_plugin_delete(proxywasm_plugin *p) {
  deletes++;
  plugin_state *st = proxywasm_plugin_get_data(p);
  uint32_t id = proxywasm_context_id(proxywasm_plugin_context(p));
  CHECK(id < 16 && st == kept_state[id]);
}

static void on_plugin_log(proxywasm_plugin *p) {
  plugin_logs++;
  plugin_state *st = proxywasm_plugin_get_data(p);
  if (st)
    proxywasm_log_infof("access log of plugin %s", st->config);
}

static void on_tick(proxywasm_plugin *p) {
  plugin_state *st = proxywasm_plugin_get_data(p);
  CHECK(st != NULL);
  if (st && st->ticks < 8) {
    CHECK_EQ(proxywasm_time_get(&tick_times[st->ticks]), PROXYWASM_OK);
    st->ticks++;
  }
  if (tick_script)
    tick_script(p);
}

static void on_foreign_function(proxywasm_plugin *p, uint32_t function_id, size_t size) {
  (void)p;
  foreign_calls++;
  CHECK_EQ(function_id, 42);
  proxywasm_bytes args = {"junk", 4};
  proxywasm_status s = proxywasm_foreign_get_arguments(&args);
  if (size == 0) {
    CHECK_EQ(s, PROXYWASM_NOT_FOUND);
    CHECK_EMPTY(args);
    return;
  }
  CHECK_EQ(s, PROXYWASM_OK);
  CHECK(args.len == size && size == 3 && memcmp(args.data, "a\0b", 3) == 0);
}

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  plugin_state *st = proxywasm_plugin_get_data(proxywasm_http_plugin(h));
  if (st)
    proxywasm_log_infof("stream of plugin %s", st->config);
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_response_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  /* Envoy keeps streams running after their plugin is gone. */
  proxywasm_log_infof("plugin %s", proxywasm_http_plugin(h) ? "alive" : "gone");
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_vm_start, on_plugin_start, on_plugin_done, on_plugin_delete, on_plugin_log,
                on_tick, on_foreign_function, on_request_headers, on_response_headers);

/* ---- fixtures ---- */

static int setup(void **state) {
  (void)state;
  check_line = checks_run = 0;
  vm_starts = plugin_starts = dones = deletes = plugin_logs = foreign_calls = 0;
  vm_config_size = vm_config_len = 0;
  memset(kept_state, 0, sizeof kept_state);
  memset(tick_times, 0, sizeof tick_times);
  tick_script = NULL;
  vm = NULL;
  emu = proxywasm_emu_new();
  return emu ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  emu = NULL;
  return 0;
}

/* ---- configurations ---- */

static void test_configurations(void **state) {
  (void)state;
  /* A binary VM configuration (with a NUL) and two plugins. */
  proxywasm_emu_vm_options vo = {.vm_id = "vm1", .configuration = "v\0m", .configuration_len = 3};
  vm = proxywasm_emu_vm_new(emu, &vo);
  assert_non_null(vm);
  bool started = false;
  proxywasm_emu_plugin_options a = {.name = "a", .configuration = "alpha"};
  uint32_t ra = proxywasm_emu_plugin_add(vm, &a, &started);
  assert_true(started);
  proxywasm_emu_plugin_options b = {.name = "b", .configuration = "beta"};
  uint32_t rb = proxywasm_emu_plugin_add(vm, &b, &started);
  assert_true(started);
  assert_int_equal(vm_starts, 2); /* once per plugin, as Envoy (tests/e2e/vm_start) */
  assert_int_equal(plugin_starts, 2);
  assert_int_equal(vm_config_size, 3);
  assert_int_equal(vm_config_len, 3);
  assert_memory_equal(vm_config, "v\0m", 3);
  assert_string_equal(kept_state[ra]->config, "alpha");
  assert_string_equal(kept_state[rb]->config, "beta");
  /* Streams know their plugin. */
  uint32_t sa = proxywasm_emu_http_new(vm, ra), sb = proxywasm_emu_http_new(vm, rb);
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/")};
  proxywasm_emu_on_request_headers(vm, sa, req, 1, true);
  proxywasm_emu_on_request_headers(vm, sb, req, 1, true);
  assert_true(proxywasm_emu_context_log_contains(vm, sa, PROXYWASM_LOG_INFO, "plugin alpha"));
  assert_true(proxywasm_emu_context_log_contains(vm, sb, PROXYWASM_LOG_INFO, "plugin beta"));
  /* A plugin with no configuration. */
  uint32_t rc = proxywasm_emu_plugin_add(vm, NULL, &started);
  assert_true(started);
  assert_string_equal(kept_state[rc]->config, "");
  /* Rejected configurations. */
  proxywasm_emu_plugin_options r = {.configuration = "reject"};
  proxywasm_emu_plugin_add(vm, &r, &started);
  assert_false(started);
  assert_checks();
}

static void test_vm_rejects_configuration(void **state) {
  (void)state;
  proxywasm_emu_vm_options vo = {.configuration = "reject-vm"};
  vm = proxywasm_emu_vm_new(emu, &vo);
  assert_non_null(vm);
  bool started = true;
  proxywasm_emu_plugin_add(vm, NULL, &started);
  assert_false(started);
  assert_int_equal(vm_starts, 1);
  proxywasm_emu_vm_free(vm);
  /* Without a VM configuration the getter says NOT_FOUND. */
  vm = proxywasm_emu_start(emu, "x");
  assert_non_null(vm);
  assert_int_equal(vm_config_size, 0);
  assert_checks();
}

static void tick_config_gone(proxywasm_plugin *p) {
  (void)p;
  proxywasm_bytes cfg = {"junk", 4};
  /* Envoy keeps the plugin configuration only while the plugin starts. */
  CHECK_EQ(proxywasm_plugin_configuration_get(&cfg), PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(cfg);
  proxywasm_emu_fail_hostcall(emu, "get_buffer_bytes", 1, PROXYWASM_INTERNAL_FAILURE);
  cfg.data = "junk";
  CHECK_EQ(proxywasm_vm_configuration_get(&cfg), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EMPTY(cfg);
}

static void test_configuration_only_at_start(void **state) {
  (void)state;
  proxywasm_emu_vm_options vo = {.configuration = "vmcfg"};
  vm = proxywasm_emu_vm_new(emu, &vo);
  bool started;
  uint32_t root =
      proxywasm_emu_plugin_add(vm, &(proxywasm_emu_plugin_options){.configuration = "c"}, &started);
  assert_true(started);
  tick_script = tick_config_gone;
  proxywasm_emu_on_tick(vm, root);
  assert_checks();
}

/* ---- the timer and the clock ---- */

static void tick_stop(proxywasm_plugin *p) {
  plugin_state *st = proxywasm_plugin_get_data(p);
  if (st && st->ticks == 3)
    CHECK_EQ(proxywasm_tick_period_set(NULL, 0), PROXYWASM_OK); /* NULL: the running plugin */
}

static void test_ticks_and_clock(void **state) {
  (void)state;
  vm = proxywasm_emu_start(emu, "tick");
  assert_non_null(vm);
  uint32_t root = proxywasm_emu_vm_root(vm);
  assert_int_equal(proxywasm_emu_get_tick_period(vm, root), 100);
  tick_script = tick_stop;
  uint64_t t0 = proxywasm_emu_get_time(emu);
  assert_int_equal(proxywasm_emu_advance(emu, 1000), 3);
  assert_int_equal(proxywasm_emu_get_tick_period(vm, root), 0);
  assert_int_equal(kept_state[root]->ticks, 3);
  /* Each tick read the clock at its due time. */
  for (int i = 0; i < 3; i++)
    assert_true(tick_times[i] == t0 + (uint64_t)(i + 1) * 100000000u);
  /* The clock from the test body (the static VM's VM context) too. */
  uint64_t now = 0;
  assert_int_equal(proxywasm_time_get(&now), PROXYWASM_OK);
  assert_true(now == proxywasm_emu_get_time(emu));
  proxywasm_emu_set_time(emu, 123456789);
  assert_int_equal(proxywasm_time_get(&now), PROXYWASM_OK);
  assert_true(now == 123456789);
  assert_int_equal(proxywasm_time_get(NULL), PROXYWASM_OK);
  proxywasm_emu_fail_hostcall(emu, "get_current_time_nanoseconds", 1, PROXYWASM_INTERNAL_FAILURE);
  assert_int_equal(proxywasm_time_get(&now), PROXYWASM_INTERNAL_FAILURE);
  assert_true(now == 0);
  proxywasm_emu_fail_hostcall(emu, "set_tick_period_milliseconds", 1, PROXYWASM_BAD_ARGUMENT);
  assert_int_equal(proxywasm_tick_period_set(NULL, 5), PROXYWASM_BAD_ARGUMENT);
  assert_checks();
}

/* ---- deferred shutdown ---- */

static uint32_t finishing_root;

static void tick_finish_other(proxywasm_plugin *p) {
  (void)p;
  proxywasm_context *other = proxywasm_context_find(finishing_root);
  CHECK(other != NULL);
  CHECK(other != proxywasm_plugin_context(p));
  if (other)
    CHECK_EQ(proxywasm_plugin_done((proxywasm_plugin *)other), PROXYWASM_OK);
  /* Nothing pending for the ticking plugin itself. */
  CHECK_EQ(proxywasm_plugin_done(p), PROXYWASM_NOT_FOUND);
}

static void tick_finish_other_fails(proxywasm_plugin *p) {
  (void)p;
  proxywasm_context *other = proxywasm_context_find(finishing_root);
  CHECK(proxywasm_context_as_plugin(other) != NULL);
  proxywasm_emu_fail_hostcall(emu, "set_effective_context", 1, PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_plugin_done(proxywasm_context_as_plugin(other)), PROXYWASM_BAD_ARGUMENT);
}

static void test_plugin_done_later(void **state) {
  (void)state;
  vm = proxywasm_emu_vm_new(emu, NULL);
  bool started;
  uint32_t ticker =
      proxywasm_emu_plugin_add(vm, &(proxywasm_emu_plugin_options){.configuration = "t"}, &started);
  finishing_root = proxywasm_emu_plugin_add(
      vm, &(proxywasm_emu_plugin_options){.configuration = "later"}, &started);
  plugin_state *st = kept_state[finishing_root];
  assert_non_null(st);
  assert_false(proxywasm_emu_plugin_done(vm, finishing_root));
  assert_int_equal(dones, 1);
  assert_int_equal(deletes, 0);
  assert_int_equal(proxywasm_emu_context_state_of(vm, finishing_root),
                   PROXYWASM_EMU_CONTEXT_DONE_PENDING);
  /* If the host refuses the switch, nothing is done. */
  tick_script = tick_finish_other_fails;
  proxywasm_emu_on_tick(vm, ticker);
  assert_int_equal(proxywasm_emu_context_state_of(vm, finishing_root),
                   PROXYWASM_EMU_CONTEXT_DONE_PENDING);
  assert_int_equal(proxywasm_emu_hostcall_count(emu, "done"), 0);
  /* Another plugin's tick completes it: the SDK switches to it for proxy_done. */
  tick_script = tick_finish_other;
  proxywasm_emu_on_tick(vm, ticker);
  assert_int_equal(proxywasm_emu_context_state_of(vm, finishing_root),
                   PROXYWASM_EMU_CONTEXT_DELETED);
  assert_int_equal(deletes, 1);
#ifdef HAVE_ASAN
  assert_true(__asan_address_is_poisoned(st)); /* its memory went with it */
#endif
  /* A plugin that finishes at once is deleted at once. */
  assert_true(proxywasm_emu_plugin_done(vm, ticker));
  assert_int_equal(deletes, 2);
  assert_int_equal(proxywasm_emu_context_state_of(vm, ticker), PROXYWASM_EMU_CONTEXT_DELETED);
  assert_checks();
}

static void tick_finish_self(proxywasm_plugin *p) {
  proxywasm_emu_fail_hostcall(emu, "done", 1, PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_plugin_done(p), PROXYWASM_INTERNAL_FAILURE);
  CHECK_EQ(proxywasm_plugin_done(p), PROXYWASM_OK);
  /* The hook keeps running; the host deletes the plugin after it. */
  CHECK(proxywasm_plugin_get_data(p) != NULL);
}

static void test_plugin_done_from_own_tick(void **state) {
  (void)state;
  vm = proxywasm_emu_start(emu, "later");
  uint32_t root = proxywasm_emu_vm_root(vm);
  assert_false(proxywasm_emu_plugin_done(vm, root));
  tick_script = tick_finish_self;
  proxywasm_emu_on_tick(vm, root);
  assert_int_equal(proxywasm_emu_context_state_of(vm, root), PROXYWASM_EMU_CONTEXT_DELETED);
  assert_int_equal(deletes, 1);
  assert_checks();
}

/* ---- streams outlive their plugin ---- */

static void test_stream_outlives_plugin(void **state) {
  (void)state;
  vm = proxywasm_emu_start(emu, "owner");
  uint32_t root = proxywasm_emu_vm_root(vm);
  uint32_t id = proxywasm_emu_http_new(vm, root);
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/")};
  proxywasm_emu_on_request_headers(vm, id, req, 1, false);
  proxywasm_emu_on_response_headers(vm, id, req, 1, false);
  assert_true(proxywasm_emu_context_log_contains(vm, id, PROXYWASM_LOG_INFO, "plugin alive"));
  assert_true(proxywasm_emu_plugin_done(vm, root));
  assert_int_equal(deletes, 1);
  /* The stream's link to the deleted plugin is cleared, never left dangling. */
  proxywasm_emu_on_response_headers(vm, id, req, 1, true);
  assert_true(proxywasm_emu_context_log_contains(vm, id, PROXYWASM_LOG_INFO, "plugin gone"));
  /* Streams ending run on_done too: it is the plugin's hook, ignored for them. */
  proxywasm_emu_http_complete(vm, id);
  assert_int_equal(dones, 1);
  assert_int_equal(proxywasm_emu_context_state_of(vm, id), PROXYWASM_EMU_CONTEXT_DELETED);
}

/* ---- access logs, foreign functions ---- */

static void test_plugin_log(void **state) {
  (void)state;
  vm = proxywasm_emu_start(emu, "logger");
  proxywasm_emu_on_plugin_log(vm, proxywasm_emu_vm_root(vm));
  proxywasm_emu_on_plugin_log(vm, proxywasm_emu_vm_root(vm));
  assert_int_equal(plugin_logs, 2);
  assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "access log of plugin logger"));
}

static proxywasm_status twice(void *user, const char *args, size_t len, char **result,
                              size_t *result_len) {
  (*(int *)user)++;
  if (len == 0)
    return PROXYWASM_OK; /* no result */
  if (len > 100)
    return PROXYWASM_BAD_ARGUMENT;
  *result = malloc(2 * len);
  if (*result == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  memcpy(*result, args, len);
  memcpy(*result + len, args, len);
  *result_len = 2 * len;
  return PROXYWASM_OK;
}

static void tick_foreign(proxywasm_plugin *p) {
  (void)p;
  proxywasm_bytes r = {"junk", 4};
  CHECK_EQ(proxywasm_foreign_call("twice", "a\0", 2, &r), PROXYWASM_OK);
  CHECK(r.len == 4 && memcmp(r.data, "a\0a\0", 4) == 0 && r.data[4] == 0);
  r.data = "junk";
  CHECK_EQ(proxywasm_foreign_call("twice", NULL, 0, &r), PROXYWASM_OK);
  CHECK_EMPTY(r);
  r.data = "junk";
  static char big[101];
  CHECK_EQ(proxywasm_foreign_call("twice", big, sizeof big, &r), PROXYWASM_BAD_ARGUMENT);
  CHECK_EMPTY(r);
  r.data = "junk";
  CHECK_EQ(proxywasm_foreign_call("nope", "x", 1, &r), PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(r);
  CHECK_EQ(proxywasm_foreign_call(NULL, "x", 1, &r), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_foreign_call("twice", NULL, 1, &r), PROXYWASM_BAD_ARGUMENT);
  CHECK_EQ(proxywasm_foreign_call("twice", "x", 1, NULL), PROXYWASM_OK);
  proxywasm_emu_fail_module_allocations(emu, 0, 1);
  r.data = "junk";
  CHECK_EQ(proxywasm_foreign_call("twice", "x", 1, &r), PROXYWASM_INVALID_MEMORY_ACCESS);
  CHECK_EMPTY(r);
  /* Not inside on_foreign_function: there are no arguments. */
  r.data = "junk";
  CHECK_EQ(proxywasm_foreign_get_arguments(&r), PROXYWASM_NOT_FOUND);
  CHECK_EMPTY(r);
}

static void test_foreign_functions(void **state) {
  (void)state;
  int calls = 0;
  assert_int_equal(proxywasm_emu_register_foreign_function(emu, "twice", twice, &calls),
                   PROXYWASM_OK);
  vm = proxywasm_emu_start(emu, NULL);
  tick_script = tick_foreign;
  proxywasm_emu_on_tick(vm, proxywasm_emu_vm_root(vm));
  assert_int_equal(calls, 5); /* the NULL-argument calls never reached the host */
  /* The host calls into the plugin. */
  proxywasm_emu_on_foreign_function(vm, proxywasm_emu_vm_root(vm), 42, "a\0b", 3);
  proxywasm_emu_on_foreign_function(vm, proxywasm_emu_vm_root(vm), 42, NULL, 0);
  assert_int_equal(foreign_calls, 2);
  assert_checks();
}

/* ---- plugin state from the test body, and its memory ---- */

static void test_plugin_memory_freed_with_host(void **state) {
  (void)state;
  vm = proxywasm_emu_start(emu, "kept");
  uint32_t root = proxywasm_emu_vm_root(vm);
  plugin_state *st = kept_state[root];
  assert_non_null(st);
  assert_string_equal(st->config, "kept");
  assert_null(proxywasm_plugin_context(NULL));
  assert_null(proxywasm_plugin_get_data(NULL));
  assert_null(proxywasm_plugin_alloc(NULL, 8));
  assert_int_equal(proxywasm_plugin_set_data(NULL, st), PROXYWASM_BAD_ARGUMENT);
  proxywasm_emu_free(emu);
  emu = NULL;
  assert_int_equal(deletes, 1); /* the host deletes live plugins when it goes */
#ifdef HAVE_ASAN
  assert_true(__asan_address_is_poisoned(st));
#endif
  assert_checks();
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_configurations, setup, teardown),
      cmocka_unit_test_setup_teardown(test_vm_rejects_configuration, setup, teardown),
      cmocka_unit_test_setup_teardown(test_configuration_only_at_start, setup, teardown),
      cmocka_unit_test_setup_teardown(test_ticks_and_clock, setup, teardown),
      cmocka_unit_test_setup_teardown(test_plugin_done_later, setup, teardown),
      cmocka_unit_test_setup_teardown(test_plugin_done_from_own_tick, setup, teardown),
      cmocka_unit_test_setup_teardown(test_stream_outlives_plugin, setup, teardown),
      cmocka_unit_test_setup_teardown(test_plugin_log, setup, teardown),
      cmocka_unit_test_setup_teardown(test_foreign_functions, setup, teardown),
      cmocka_unit_test_setup_teardown(test_plugin_memory_freed_with_host, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
