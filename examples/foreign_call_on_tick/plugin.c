/*
 * foreign_call_on_tick - calls a host-specific ("foreign") function from a
 * timer: every millisecond, Envoy's zlib "compress" on "hello world!", and
 * logs the result in hex.
 *
 * Port of the Go SDK's examples/foreign_call_on_tick, with the same log texts.
 */
#include <inttypes.h>

#include <proxywasm.h>

#define TICK_MILLISECONDS 1
#define HEX_MAX 64 /* result bytes shown; longer results end with "..." */

typedef struct plugin_state {
  uint32_t calls;
} plugin_state;

/* Writes the hex of b (at most HEX_MAX bytes of it) into out. */
static void hex_encode(proxywasm_bytes b, char out[2 * HEX_MAX + 4]) {
  static const char digits[] = "0123456789abcdef";
  size_t n = b.len < HEX_MAX ? b.len : HEX_MAX;
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[(unsigned char)b.data[i] >> 4];
    out[2 * i + 1] = digits[(unsigned char)b.data[i] & 15];
  }
  out[2 * n] = '\0';
  if (b.len > n)
    proxywasm_snprintf(out + 2 * n, 4, "...");
}

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)configuration_size;
  /* Zeroed, and freed by the SDK with the plugin. */
  plugin_state *state = proxywasm_plugin_alloc(plugin, sizeof *state);
  if (state == NULL)
    return false;
  proxywasm_plugin_set_data(plugin, state);

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
  plugin_state *state = proxywasm_plugin_get_data(plugin);
  state->calls++;

  static const char input[] = "hello world!";
  proxywasm_bytes result; /* empty on failure */
  proxywasm_status s = proxywasm_foreign_call("compress", PROXYWASM_STR(input), &result);
  if (s != PROXYWASM_OK)
    proxywasm_log_criticalf("foreign function (compress) failed: %s", proxywasm_status_str(s));

  char hex[2 * HEX_MAX + 4];
  hex_encode(result, hex);
  proxywasm_log_infof("foreign function (compress) called: %" PRIu32 ", result: %s", state->calls,
                      hex);
}

PROXYWASM_HOOKS(on_plugin_start, on_tick);
