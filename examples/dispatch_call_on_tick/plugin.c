/*
 * dispatch_call_on_tick - HTTP callouts from a timer: every 100 ms each
 * plugin sends GET /ok or /fail (at random) to the cluster "web_service"
 * and logs what came back.
 *
 * Port of the Go SDK's examples/dispatch_call_on_tick, with the same log
 * texts. envoy.yaml loads the module twice into one VM ("plugin1" and
 * "plugin2"), so the counter lives in per-plugin state, not in a global.
 */
#include <inttypes.h>

#include <proxywasm.h>

#define TICK_MILLISECONDS 100

typedef struct plugin_state {
  int calls; /* callout answers received by this plugin */
} plugin_state;

/* splitmix64 seeded from the host clock: picks the path without needing a
   WASI import. */
static uint64_t random_state;

static uint64_t random_next(void) {
  uint64_t z = (random_state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

static void log_map(const char *what, proxywasm_status s, const proxywasm_header *h, size_t n) {
  if (s != PROXYWASM_OK && s != PROXYWASM_NOT_FOUND) {
    proxywasm_log_errorf("failed to get the %ss of the dispatched call: %s", what,
                         proxywasm_status_str(s));
    return;
  }
  for (size_t i = 0; i < n; i++)
    proxywasm_log_infof("response %s for the dispatched call: %s: %s", what, h[i].name.data,
                        h[i].value.data);
}

/* Runs with the calling plugin as the current context. */
static void on_call_response(proxywasm_context *caller, uint32_t token,
                             const proxywasm_http_call_response *response, void *user_data) {
  (void)token;
  (void)response; /* a failed call is logged too, with no headers */
  plugin_state *state = user_data;
  state->calls++;
  proxywasm_log_infof("called %d for contextID=%" PRIu32, state->calls,
                      proxywasm_context_id(caller));

  proxywasm_header *h;
  size_t n;
  proxywasm_status s = proxywasm_http_call_get_headers(&h, &n);
  log_map("header", s, h, n);
  s = proxywasm_http_call_get_trailers(&h, &n);
  log_map("trailer", s, h, n);
}

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)configuration_size;
  /* Zeroed, and freed by the SDK with the plugin. */
  plugin_state *state = proxywasm_plugin_alloc(plugin, sizeof *state);
  if (state == NULL)
    return false;
  proxywasm_plugin_set_data(plugin, state);
  if (random_state == 0)
    proxywasm_time_get(&random_state);

  proxywasm_status s =
      proxywasm_tick_period_set(proxywasm_plugin_context(plugin), TICK_MILLISECONDS);
  if (s != PROXYWASM_OK) {
    proxywasm_log_criticalf("failed to set tick period: %s", proxywasm_status_str(s));
    return false;
  }
  proxywasm_log_infof("set tick period milliseconds: %d", TICK_MILLISECONDS);
  return true;
}

static void on_tick(proxywasm_plugin *plugin) {
  proxywasm_header headers[] = {
      PROXYWASM_HEADER(":method", "GET"),
      PROXYWASM_HEADER(":authority", "some_authority"),
      PROXYWASM_HEADER("accept", "*/*"),
      PROXYWASM_HEADER(":path", "/ok"),
  };
  if (random_next() % 2)
    headers[3] = PROXYWASM_HEADER(":path", "/fail");

  proxywasm_http_call_request request = {
      .upstream = PROXYWASM_LIT("web_service"),
      .headers = headers,
      .header_count = sizeof headers / sizeof headers[0],
      .timeout_ms = 5000,
  };
  proxywasm_status s =
      proxywasm_http_call(proxywasm_plugin_context(plugin), &request, on_call_response,
                          proxywasm_plugin_get_data(plugin), NULL);
  if (s != PROXYWASM_OK)
    proxywasm_log_criticalf("dispatch httpcall failed: %s", proxywasm_status_str(s));
}

PROXYWASM_HOOKS(on_plugin_start, on_tick);
