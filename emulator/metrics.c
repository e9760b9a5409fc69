/*
 * metrics.c - metrics, shared by name across the host like Envoy's stats
 * store. An id's low 2 bits are its type, as in Envoy.
 */
#include <stdlib.h>

#include "abi.h"
#include "internal.h"

static emu_metric *by_id(proxywasm_emu *emu, uint32_t id) {
  uint32_t index = id >> 2;
  if (index == 0 || index > emu->nmetric_ids)
    return NULL;
  emu_metric *m = &emu->metrics[emu->metric_ids[index - 1]];
  return m->type == (id & 3u) ? m : NULL;
}

static const emu_metric *by_name(const proxywasm_emu *emu, uint32_t type, const char *name,
                                 size_t len) {
  for (size_t i = 0; emu && name && i < emu->nmetrics; i++) {
    const emu_metric *m = &emu->metrics[i];
    if (m->type == type && strlen(m->name) == len && memcmp(m->name, name, len) == 0)
      return m;
  }
  return NULL;
}

uint32_t proxy_define_metric(uint32_t type, const char *name, size_t name_size, uint32_t *id) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_define_metric, &st);
  if (f == NULL)
    return st;
  if (type > PROXYWASM_METRIC_HISTOGRAM)
    return PROXYWASM_BAD_ARGUMENT;
  if ((name == NULL && name_size) || id == NULL)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  proxywasm_emu *emu = f->vm->host;
  name = name ? name : "";
  if (emu->nmetric_ids == emu->capmetric_ids) {
    size_t cap = emu->capmetric_ids ? emu->capmetric_ids * 2 : 8;
    size_t *n = realloc(emu->metric_ids, cap * sizeof *n);
    if (n == NULL)
      return PROXYWASM_INTERNAL_FAILURE;
    emu->metric_ids = n;
    emu->capmetric_ids = cap;
  }
  const emu_metric *m = by_name(emu, type, name, name_size);
  if (m == NULL) {
    if (emu->nmetrics == emu->capmetrics) {
      size_t cap = emu->capmetrics ? emu->capmetrics * 2 : 8;
      emu_metric *n = realloc(emu->metrics, cap * sizeof *n);
      if (n == NULL)
        return PROXYWASM_INTERNAL_FAILURE;
      emu->metrics = n;
      emu->capmetrics = cap;
    }
    emu_metric *e = &emu->metrics[emu->nmetrics];
    memset(e, 0, sizeof *e);
    e->type = type;
    e->name = proxywasm__emu_memdup(name, name_size);
    if (e->name == NULL)
      return PROXYWASM_INTERNAL_FAILURE;
    emu->nmetrics++;
    m = e;
  }
  /* A new id each time, even for a known name (Envoy's nextMetricId); both
     ids name the same metric. */
  emu->metric_ids[emu->nmetric_ids++] = (size_t)(m - emu->metrics);
  *id = (uint32_t)emu->nmetric_ids << 2 | type;
  return PROXYWASM_OK;
}

static int add_sample(emu_metric *m, uint64_t v) {
  if (m->nsamples == m->capsamples) {
    size_t cap = m->capsamples ? m->capsamples * 2 : 8;
    uint64_t *n = realloc(m->samples, cap * sizeof *n);
    if (n == NULL)
      return -1;
    m->samples = n;
    m->capsamples = cap;
  }
  m->samples[m->nsamples++] = v;
  m->value = v;
  return 0;
}

uint32_t proxy_increment_metric(uint32_t id, int64_t offset) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_increment_metric, &st);
  if (f == NULL)
    return st;
  /* Envoy reads the type from the id first: a histogram id (known or not)
     cannot be incremented. */
  if ((id & 3u) >= PROXYWASM_METRIC_HISTOGRAM)
    return PROXYWASM_BAD_ARGUMENT;
  emu_metric *m = by_id(f->vm->host, id);
  if (m == NULL)
    return PROXYWASM_NOT_FOUND;
  switch (m->type) {
  case PROXYWASM_METRIC_COUNTER:
    if (offset <= 0)
      return PROXYWASM_BAD_ARGUMENT; /* counters only go up */
    m->value += (uint64_t)offset;
    return PROXYWASM_OK;
  case PROXYWASM_METRIC_GAUGE:
    m->value += (uint64_t)offset; /* two's complement: negative subtracts */
    return PROXYWASM_OK;
  default:
    return PROXYWASM_BAD_ARGUMENT;
  }
}

uint32_t proxy_record_metric(uint32_t id, uint64_t value) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_record_metric, &st);
  if (f == NULL)
    return st;
  if ((id & 3u) > PROXYWASM_METRIC_HISTOGRAM)
    return PROXYWASM_BAD_ARGUMENT;
  emu_metric *m = by_id(f->vm->host, id);
  if (m == NULL)
    return PROXYWASM_NOT_FOUND;
  switch (m->type) {
  case PROXYWASM_METRIC_COUNTER:
    m->value += value; /* Envoy: record on a counter adds */
    return PROXYWASM_OK;
  case PROXYWASM_METRIC_GAUGE:
    m->value = value;
    return PROXYWASM_OK;
  default:
    return add_sample(m, value) == 0 ? PROXYWASM_OK : PROXYWASM_INTERNAL_FAILURE;
  }
}

uint32_t proxy_get_metric(uint32_t id, uint64_t *value) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_get_metric, &st);
  if (f == NULL)
    return st;
  if ((id & 3u) >= PROXYWASM_METRIC_HISTOGRAM) /* as for increment */
    return PROXYWASM_BAD_ARGUMENT;
  emu_metric *m = by_id(f->vm->host, id);
  if (m == NULL)
    return PROXYWASM_NOT_FOUND;
  if (value == NULL)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  *value = m->value;
  return PROXYWASM_OK;
}

proxywasm_status proxywasm_emu_get_counter(const proxywasm_emu *emu, const char *name,
                                           uint64_t *value) {
  const emu_metric *m = by_name(emu, PROXYWASM_METRIC_COUNTER, name, name ? strlen(name) : 0);
  if (m == NULL)
    return PROXYWASM_NOT_FOUND;
  if (value)
    *value = m->value;
  return PROXYWASM_OK;
}

proxywasm_status proxywasm_emu_get_gauge(const proxywasm_emu *emu, const char *name,
                                         int64_t *value) {
  const emu_metric *m = by_name(emu, PROXYWASM_METRIC_GAUGE, name, name ? strlen(name) : 0);
  if (m == NULL)
    return PROXYWASM_NOT_FOUND;
  if (value)
    *value = (int64_t)m->value;
  return PROXYWASM_OK;
}

proxywasm_status proxywasm_emu_get_histogram(const proxywasm_emu *emu, const char *name,
                                             uint64_t *last, size_t *count) {
  const emu_metric *m = by_name(emu, PROXYWASM_METRIC_HISTOGRAM, name, name ? strlen(name) : 0);
  if (m == NULL)
    return PROXYWASM_NOT_FOUND;
  if (last)
    *last = m->value;
  if (count)
    *count = m->nsamples;
  return PROXYWASM_OK;
}

bool proxywasm_emu_get_histogram_value(const proxywasm_emu *emu, const char *name, size_t index,
                                       uint64_t *value) {
  const emu_metric *m = by_name(emu, PROXYWASM_METRIC_HISTOGRAM, name, name ? strlen(name) : 0);
  if (m == NULL || index >= m->nsamples)
    return false;
  if (value)
    *value = m->samples[index];
  return true;
}

void proxywasm__emu_metrics_free(proxywasm_emu *emu) {
  for (size_t i = 0; i < emu->nmetrics; i++) {
    free(emu->metrics[i].name);
    free(emu->metrics[i].samples);
  }
  free(emu->metrics);
  free(emu->metric_ids);
}
