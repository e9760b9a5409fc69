/*
 * metrics.c - counters, gauges, histograms.
 */
#include "../internal.h"

proxywasm_status proxywasm_metric_define(proxywasm_metric_type type, const char *name,
                                         proxywasm_metric *id) {
  if (id)
    *id = 0;
  if (name == NULL || id == NULL || (unsigned)type > PROXYWASM_METRIC_HISTOGRAM)
    return PROXYWASM_BAD_ARGUMENT;
  uint32_t m = 0;
  proxywasm_status s = proxywasm__st(proxy_define_metric((uint32_t)type, name, strlen(name), &m));
  if (s == PROXYWASM_OK)
    *id = m;
  return s;
}

proxywasm_status proxywasm_counter_define(const char *name, proxywasm_metric *id) {
  return proxywasm_metric_define(PROXYWASM_METRIC_COUNTER, name, id);
}
proxywasm_status proxywasm_gauge_define(const char *name, proxywasm_metric *id) {
  return proxywasm_metric_define(PROXYWASM_METRIC_GAUGE, name, id);
}
proxywasm_status proxywasm_histogram_define(const char *name, proxywasm_metric *id) {
  return proxywasm_metric_define(PROXYWASM_METRIC_HISTOGRAM, name, id);
}

proxywasm_status proxywasm_metric_increment(proxywasm_metric id, int64_t delta) {
  return proxywasm__st(proxy_increment_metric(id, delta));
}

proxywasm_status proxywasm_metric_record(proxywasm_metric id, uint64_t value) {
  return proxywasm__st(proxy_record_metric(id, value));
}

proxywasm_status proxywasm_metric_get(proxywasm_metric id, uint64_t *value) {
  uint64_t v = 0;
  proxywasm_status s = proxywasm__st(proxy_get_metric(id, &v));
  if (value)
    *value = s == PROXYWASM_OK ? v : 0;
  return s;
}
