/*
 * http_routing - sends about half of the requests to a canary cluster.
 *
 * A dice roll decides per request; on an even value the plugin appends
 * "-canary" to :authority. Changing a request header makes Envoy clear the
 * route cache, so the router re-matches and picks the "*-canary" virtual host
 * (see envoy.yaml).
 *
 * For tests, a non-empty plugin configuration fixes the dice: its first byte
 * is used as the value.
 */
#include <inttypes.h>
#include <string.h>
#include <sys/random.h>

#include <proxywasm.h>

/* Per-plugin state: the dice override (0 = roll). */
typedef struct config {
  uint32_t dice_override;
} config;

static uint32_t dice(void) {
  uint32_t v = 0;
  (void)getentropy(&v, sizeof v); /* WASI random_get */
  return v;
}

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)configuration_size;
  proxywasm_bytes data;
  proxywasm_status s = proxywasm_plugin_configuration_get(&data);
  if (s != PROXYWASM_OK && s != PROXYWASM_NOT_FOUND) {
    proxywasm_log_criticalf("error reading plugin configuration: %s", proxywasm_status_str(s));
    return false;
  }
  config *cfg = proxywasm_plugin_get_data(plugin);
  if (cfg == NULL) {
    cfg = proxywasm_plugin_alloc(plugin, sizeof *cfg); /* freed with the plugin */
    if (cfg == NULL)
      return false;
    proxywasm_plugin_set_data(plugin, cfg);
  }
  cfg->dice_override = data.len > 0 ? (uint8_t)data.data[0] : 0;
  return true;
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  (void)header_count;
  (void)end_of_stream;
  const config *cfg = proxywasm_plugin_get_data(proxywasm_http_plugin(http));
  uint32_t value = cfg != NULL && cfg->dice_override != 0 ? cfg->dice_override : dice();
  proxywasm_log_infof("value: %" PRIu32, value);
  if (value % 2 != 0)
    return PROXYWASM_CONTINUE;

  proxywasm_bytes authority;
  if (proxywasm_http_get_request_header(http, ":authority", &authority) != PROXYWASM_OK) {
    proxywasm_log_critical("failed to get request header: ':authority'");
    return PROXYWASM_PAUSE;
  }
  /* The "-canary" suffix matches the canary virtual host. */
  static const char suffix[] = "-canary";
  size_t len = authority.len + sizeof suffix - 1;
  char *canary = proxywasm_http_alloc(http, len);
  proxywasm_status s = PROXYWASM_INTERNAL_FAILURE;
  if (canary != NULL) {
    memcpy(canary, authority.data, authority.len);
    memcpy(canary + authority.len, suffix, sizeof suffix - 1);
    s = proxywasm_http_replace_request_header(http, ":authority", canary, len);
    proxywasm_context_free(proxywasm_http_context(http), canary);
  }
  if (s != PROXYWASM_OK) {
    proxywasm_log_critical("failed to set request header: test");
    return PROXYWASM_PAUSE;
  }
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_plugin_start, on_request_headers);
