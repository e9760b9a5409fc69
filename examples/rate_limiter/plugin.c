/*
 * rate_limiter - a token bucket per client, shared by every worker thread.
 *
 * A client is the value of a request header (x-client-id by default). Its
 * bucket is one shared-data word, "rate_limiter:<client>": the tokens left
 * (low 32 bits) and the tick period it was last refilled in (high 32
 * bits), changed with compare-and-swap by proxywasm_shared_u64_update so
 * that concurrent workers never lose a token. The tick moves the period on
 * (from the host clock, so every worker agrees); the next request of a
 * client refills refill_per_tick tokens per period elapsed, up to the
 * capacity. A request without a token gets 429 with a JSON body and
 * retry-after, and counts in rate_limiter_rejected_client=<client>, which
 * Envoy's stats_tags turns into rate_limiter_rejected{client="<client>"}.
 *
 * Configuration (JSON, every field optional):
 *   {"capacity": 10, "refill_per_tick": 1, "tick_ms": 1000, "client_header": "x-client-id"}
 */
#include <proxywasm.h>

typedef struct config {
  uint32_t capacity, refill, tick_ms;
  proxywasm_bytes header;
  uint64_t period; /* the current tick period: time / tick_ms */
} config;

static void advance(config *c) {
  uint64_t ns = 0;
  (void)proxywasm_time_get(&ns);
  c->period = ns / 1000000 / c->tick_ms;
}

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  proxywasm_bytes doc = {0};
  if (configuration_size)
    (void)proxywasm_plugin_configuration_get(&doc);
  proxywasm_json_reader r;
  proxywasm_json_reader_init(&r, doc);
  int64_t capacity = proxywasm_json_reader_get_int(&r, "capacity", 10);
  int64_t refill = proxywasm_json_reader_get_int(&r, "refill_per_tick", 1);
  int64_t tick_ms = proxywasm_json_reader_get_int(&r, "tick_ms", 1000);
  proxywasm_bytes header = proxywasm_json_reader_get_string(&r, "client_header", "x-client-id");
  const char *error = proxywasm_json_reader_error(&r);
  if (!error && (capacity < 1 || refill < 1 || tick_ms < 1 || capacity > UINT32_MAX ||
                 refill > UINT32_MAX || tick_ms > UINT32_MAX))
    error = "capacity, refill_per_tick and tick_ms must be positive 32-bit numbers";
  if (error) {
    proxywasm_log_errorf("rate_limiter: bad configuration: %s", error);
    return false;
  }
  config *c = proxywasm_plugin_alloc(plugin, sizeof *c);
  if (c == NULL || proxywasm_context_copy(proxywasm_plugin_context(plugin), header, &c->header))
    return false;
  c->capacity = (uint32_t)capacity, c->refill = (uint32_t)refill, c->tick_ms = (uint32_t)tick_ms;
  advance(c);
  proxywasm_plugin_set_data(plugin, c);
  return proxywasm_tick_period_set(proxywasm_plugin_context(plugin), c->tick_ms) == PROXYWASM_OK;
}

static void on_tick(proxywasm_plugin *plugin) { advance(proxywasm_plugin_get_data(plugin)); }

/* One attempt at taking a token from a bucket word; runs again on a CAS
   conflict, so it only computes. */
typedef struct take {
  const config *c;
  bool granted;
} take;

static bool take_token(uint64_t *word, void *arg) {
  take *t = arg;
  uint64_t period = t->c->period & 0xffffffff, last = *word >> 32, tokens = *word & 0xffffffff;
  if (*word == 0) /* a new client: a full bucket */
    tokens = t->c->capacity;
  else if (period > last)
    tokens += (period - last) * t->c->refill;
  if (tokens > t->c->capacity)
    tokens = t->c->capacity;
  t->granted = tokens > 0;
  if (!t->granted)
    return false;
  *word = period << 32 | (tokens - 1);
  return true;
}

static void reject(proxywasm_http *http, const config *c, proxywasm_bytes client) {
  uint64_t ns = 0;
  (void)proxywasm_time_get(&ns);
  uint64_t next_ms = (c->period + 1) * c->tick_ms, now_ms = ns / 1000000;
  uint64_t retry_s = next_ms > now_ms ? (next_ms - now_ms + 999) / 1000 : 1;
  char retry[24], body[96];
  proxywasm_snprintf(retry, sizeof retry, "%llu", (unsigned long long)retry_s);
  proxywasm_snprintf(body, sizeof body, "{\"error\": \"too many requests\", \"retry_after\": %s}",
                     retry);
  const proxywasm_header headers[] = {PROXYWASM_HEADER("content-type", "application/json"),
                                      proxywasm_header_cstr("retry-after", retry)};
  proxywasm_http_send_response(http, 429, headers, 2, PROXYWASM_STR(body));

  const char *name = proxywasm_shared_data_key("rate_limiter_rejected_client=", client);
  proxywasm_metric rejected;
  if (name && proxywasm_counter_define(name, &rejected) == PROXYWASM_OK)
    proxywasm_metric_increment(rejected, 1);
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  (void)header_count, (void)end_of_stream;
  const config *c = proxywasm_plugin_get_data(proxywasm_http_plugin(http));
  proxywasm_bytes client;
  if (proxywasm_http_get_request_header(http, c->header.data, &client) != PROXYWASM_OK)
    client = PROXYWASM_LIT("anonymous");
  take t = {c, false};
  uint32_t retries = 0;
  proxywasm_status s = proxywasm_shared_u64_update(
      proxywasm_shared_data_key("rate_limiter:", client), take_token, &t, NULL, &retries);
  if (retries)
    proxywasm_log_debugf("rate_limiter: %u CAS retries", (unsigned)retries);
  if (s != PROXYWASM_OK) { /* fail open: the store is unusable or too contended */
    proxywasm_log_warnf("rate_limiter: bucket not updated: %s", proxywasm_status_str(s));
    return PROXYWASM_CONTINUE;
  }
  if (t.granted)
    return PROXYWASM_CONTINUE;
  reject(http, c, client);
  return PROXYWASM_PAUSE;
}

PROXYWASM_HOOKS(on_plugin_start, on_tick, on_request_headers);
