/*
 * proxywasm/metrics.h - counters, gauges and histograms.
 *
 * Envoy stores plugin metrics under the "wasmcustom." prefix, which its stats
 * endpoints strip. Tags can be carried in the name and extracted by the
 * bootstrap's stats_config.stats_tags regexes (see examples/metrics).
 * Metrics are per VM: define them once (on_plugin_start, or lazily) and
 * keep the id.
 */
#ifndef PROXYWASM_METRICS_H
#define PROXYWASM_METRICS_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A metric id as returned by the host; 0 is never valid in Envoy. */
typedef uint32_t proxywasm_metric;

/**
 * Defines a metric (proxy_define_metric). Defining a name again gives a
 * new id for the same metric (Envoy numbers every definition; checked by
 * tests/fidelity), so define once and keep the id.
 * Valid in: any hook.
 * Returns: PROXYWASM_OK and *id; PROXYWASM_BAD_ARGUMENT for a bad type.
 */
proxywasm_status proxywasm_metric_define(proxywasm_metric_type type, const char *name,
                                         proxywasm_metric *id);

/** Shorthands for proxywasm_metric_define(). */
proxywasm_status proxywasm_counter_define(const char *name, proxywasm_metric *id);
proxywasm_status proxywasm_gauge_define(const char *name, proxywasm_metric *id);
proxywasm_status proxywasm_histogram_define(const char *name, proxywasm_metric *id);

/**
 * Adds delta (proxy_increment_metric). Counters take delta > 0 only
 * (Envoy rejects 0 and negatives); gauges take either sign; histograms
 * reject it. Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT as above (also
 * for an unknown id whose type bits say histogram: Envoy reads the type
 * from the id first); PROXYWASM_NOT_FOUND for an unknown id.
 */
proxywasm_status proxywasm_metric_increment(proxywasm_metric id, int64_t delta);

/**
 * Records value (proxy_record_metric): a counter adds it, a gauge is set
 * to it, a histogram records a sample.
 */
proxywasm_status proxywasm_metric_record(proxywasm_metric id, uint64_t value);

/**
 * Current value (proxy_get_metric). Histograms give PROXYWASM_BAD_ARGUMENT.
 * *value is 0 on failure.
 */
proxywasm_status proxywasm_metric_get(proxywasm_metric id, uint64_t *value);

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_METRICS_H */
