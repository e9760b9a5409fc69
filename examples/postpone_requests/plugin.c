/*
 * postpone_requests - holds every request until the next timer tick.
 *
 * on_request_headers remembers the stream's context id and pauses it; the
 * plugin's 1 s tick looks each id up again and resumes the request. Ids
 * rather than handles are kept so that a stream the client abandoned in the
 * meantime is simply not found. Port of the Go SDK's examples/postpone_requests.
 */
#include <string.h>

#include <proxywasm.h>

#define TICK_MILLISECONDS 1000

/* Per-plugin list of paused request ids, in arrival order. */
typedef struct postponed {
  uint32_t *ids;
  size_t len, cap;
} postponed;

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)configuration_size;
  /* Plugin-owned memory: the SDK frees it with the plugin. */
  postponed *p = proxywasm_plugin_alloc(plugin, sizeof *p);
  if (p == NULL)
    return false;
  proxywasm_plugin_set_data(plugin, p);
  proxywasm_status s =
      proxywasm_tick_period_set(proxywasm_plugin_context(plugin), TICK_MILLISECONDS);
  if (s != PROXYWASM_OK)
    proxywasm_log_criticalf("failed to set tick period: %s", proxywasm_status_str(s));
  return true;
}

static bool remember(proxywasm_plugin *plugin, postponed *p, uint32_t id) {
  if (p->len == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 64;
    uint32_t *ids = proxywasm_plugin_alloc(plugin, cap * sizeof *ids);
    if (ids == NULL)
      return false;
    if (p->len)
      memcpy(ids, p->ids, p->len * sizeof *ids);
    proxywasm_context_free(proxywasm_plugin_context(plugin), p->ids);
    p->ids = ids;
    p->cap = cap;
  }
  p->ids[p->len++] = id;
  return true;
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  (void)header_count, (void)end_of_stream;
  uint32_t id = proxywasm_context_id(proxywasm_http_context(http));
  proxywasm_plugin *plugin = proxywasm_http_plugin(http);
  postponed *p = proxywasm_plugin_get_data(plugin);
  /* A request we could not remember would never be resumed: let it pass. */
  if (p == NULL || !remember(plugin, p, id)) {
    proxywasm_log_errorf("cannot postpone request with contextID=%u", id);
    return PROXYWASM_CONTINUE;
  }
  proxywasm_log_infof("postpone request with contextID=%u", id);
  return PROXYWASM_PAUSE;
}

static void on_tick(proxywasm_plugin *plugin) {
  postponed *p = proxywasm_plugin_get_data(plugin);
  if (p == NULL)
    return;
  for (size_t i = 0; i < p->len; i++) {
    uint32_t id = p->ids[i];
    proxywasm_log_infof("resume request with contextID=%u", id);
    proxywasm_http *http = proxywasm_context_as_http(proxywasm_context_find(id));
    if (http == NULL) {
      proxywasm_log_warnf("request with contextID=%u is gone", id);
      continue;
    }
    /* The handle is not the running context: the SDK makes it effective. */
    proxywasm_status s = proxywasm_http_resume_request(http);
    if (s != PROXYWASM_OK)
      proxywasm_log_warnf("failed to resume contextID=%u: %s", id, proxywasm_status_str(s));
  }
  p->len = 0;
}

PROXYWASM_HOOKS(on_plugin_start, on_request_headers, on_tick);
