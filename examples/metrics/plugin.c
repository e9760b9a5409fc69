/*
 * metrics - counts requests per value of the my-custom-header request header.
 *
 * Each distinct value gets its own counter whose name carries two tags,
 *   custom_header_value_counts_value=<v>_reporter=wasmcsdk
 * which Envoy's bootstrap stats_config.stats_tags (see envoy.yaml) turns into
 *   custom_header_value_counts{value="<v>",reporter="wasmcsdk"} <n>
 * on /stats/prometheus.
 */
#include <string.h>

#include <proxywasm.h>

#define CUSTOM_HEADER_KEY "my-custom-header"
#define VALUE_TAG_KEY "value"

/* Counter ids by header value, a list owned by the plugin (defining a metric
   is a hostcall; the same name always gives the same id). */
typedef struct counter {
  struct counter *next;
  proxywasm_metric id;
  size_t len;
  char value[];
} counter;

static counter *find_or_define(proxywasm_plugin *plugin, proxywasm_bytes value) {
  counter *counters = proxywasm_plugin_get_data(plugin);
  for (counter *c = counters; c != NULL; c = c->next)
    if (c->len == value.len && memcmp(c->value, value.data, value.len) == 0)
      return c;

  counter *c = proxywasm_plugin_alloc(plugin, sizeof *c + value.len + 1); /* freed with it */
  if (c == NULL)
    return NULL;
  memcpy(c->value, value.data, value.len);
  c->value[value.len] = '\0';
  c->len = value.len;

  /* The tags travel in the name; Envoy's stats_tags regexes extract them. */
  static const char fmt[] = "custom_header_value_counts_" VALUE_TAG_KEY "=%s_reporter=wasmcsdk";
  size_t n = sizeof fmt + value.len;
  char *name = proxywasm_plugin_alloc(plugin, n);
  proxywasm_status s = PROXYWASM_INTERNAL_FAILURE;
  if (name != NULL) {
    proxywasm_snprintf(name, n, fmt, c->value);
    s = proxywasm_counter_define(name, &c->id);
    proxywasm_context_free(proxywasm_plugin_context(plugin), name);
  }
  if (s != PROXYWASM_OK) {
    proxywasm_log_criticalf("failed to define counter for %s: %s", c->value,
                            proxywasm_status_str(s));
    proxywasm_context_free(proxywasm_plugin_context(plugin), c);
    return NULL;
  }
  c->next = counters;
  proxywasm_plugin_set_data(plugin, c);
  return c;
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  (void)header_count;
  (void)end_of_stream;
  proxywasm_bytes value;
  if (proxywasm_http_get_request_header(http, CUSTOM_HEADER_KEY, &value) == PROXYWASM_OK) {
    counter *c = find_or_define(proxywasm_http_plugin(http), value);
    if (c != NULL)
      proxywasm_metric_increment(c->id, 1);
  }
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_request_headers);
