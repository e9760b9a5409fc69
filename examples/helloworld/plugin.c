/*
 * helloworld - the smallest plugin with state: logs once when the plugin
 * starts, then every second from a timer.
 *
 * Port of the Go SDK's examples/helloworld; the log texts are kept as they
 * are ("from Go!" included) so the same greps work.
 */
#include <inttypes.h>

#include <proxywasm.h>

#define TICK_MILLISECONDS 1000

/* A small PRNG (splitmix64) seeded from the host clock: enough for a demo
   and needs no WASI import (hosts implement only part of WASI). */
static uint64_t random_state;

static uint64_t random_next(void) {
  uint64_t z = (random_state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)configuration_size;
  proxywasm_time_get(&random_state);

  proxywasm_log_info("OnPluginStart from Go!");
  proxywasm_status s =
      proxywasm_tick_period_set(proxywasm_plugin_context(plugin), TICK_MILLISECONDS);
  if (s != PROXYWASM_OK)
    proxywasm_log_criticalf("failed to set tick period: %s", proxywasm_status_str(s));
  return true;
}

static void on_tick(proxywasm_plugin *plugin) {
  (void)plugin;
  uint64_t now;
  proxywasm_time_get(&now);
  proxywasm_log_infof("It's %" PRIu64 ": random value: %" PRIu64, now, random_next());
  proxywasm_log_info("OnTick called");
}

PROXYWASM_HOOKS(on_plugin_start, on_tick);
