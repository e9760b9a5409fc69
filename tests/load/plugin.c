/*
 * The load, soak and large-input test plugin (tests/load/run.sh). One module,
 * two roles chosen by the JSON plugin configuration {"role": ..., "pad": ...}:
 *
 *  - "filter" (HTTP filter, vm_id "load", one VM per worker). By path:
 *      /load      CAS-increments the shared-data counter and enqueues one item
 *      /counter   answers with the counter's value
 *      /headers   answers with the number and FNV-1a hash of the x-h-* headers
 *      /bin       copies request header x-load-bin to the response
 *      /config    answers with the configuration's size and the pad's hash
 *      /json      parses the request body with the SDK's JSON reader:
 *                 200 "json: ok" or 400 with the error offset and a log line
 *      /body      XORs every byte of the request body, and of the response
 *                 body, with 0x5a (the upstream reports what it received);
 *                 the response carries x-load-pages, this VM's memory size
 *  - "receiver" (singleton service, vm_id "load_rx"): registers the queue
 *    and counts (and checks) every item that arrives.
 *
 * Every VM adds its linear memory size, in 64 KiB pages, to a gauge whenever
 * it changes, so the gauge is the sum over the VMs of that role. Failures are
 * counted in metrics the test asserts to be 0; nothing is logged per request.
 */
#include <stdlib.h>
#include <string.h>

#include <proxywasm.h>

#define COUNTER_KEY "load_counter"
#define QUEUE_VM "load_rx"
#define QUEUE_NAME "load_items"
static const char item[] = "load-item-0123456789abcdef";
#define MAX_CAS_TRIES 1000

enum route { R_OTHER, R_LOAD, R_COUNTER, R_HEADERS, R_BIN, R_CONFIG, R_JSON, R_BODY };

typedef struct plugin_state {
  bool receiver;
  uint32_t queue_id; /* resolved on first use (filter) or registered (receiver) */
  size_t config_bytes;
  size_t pad_bytes;
  uint64_t pad_fnv;
  proxywasm_metric pages;       /* gauge: sum of memory pages of this role */
  proxywasm_metric cas_retries; /* counter: CAS mismatches (contention seen) */
  proxywasm_metric cas_failed;  /* counter: increments given up (must stay 0) */
  proxywasm_metric items_sent;  /* counter: items enqueued */
  proxywasm_metric send_failed; /* counter: enqueues that failed (must stay 0) */
  proxywasm_metric items_got;   /* counter: items dequeued by the receiver */
  proxywasm_metric items_bad;   /* counter: items with wrong content (must stay 0) */
  proxywasm_metric body_failed; /* counter: body reads/replaces that failed */
} plugin_state;

typedef struct stream_state {
  enum route route;
  char *bin; /* x-load-bin, owned by the stream */
  size_t bin_len;
} stream_state;

/* This VM's share of the pages gauge: the size it last added. */
static uint32_t noted_pages;

static uint32_t memory_pages(void) {
#ifdef __wasm__
  return (uint32_t)__builtin_wasm_memory_size(0);
#else
  return 0;
#endif
}

static void note_pages(const plugin_state *st) {
  uint32_t now = memory_pages();
  if (st != NULL && now != noted_pages &&
      proxywasm_metric_increment(st->pages, (int64_t)now - (int64_t)noted_pages) == PROXYWASM_OK)
    noted_pages = now;
}

static uint64_t fnv1a(uint64_t h, const char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)p[i]) * 0x100000001b3ull;
  return h;
}
#define FNV_BASIS 0xcbf29ce484222325ull

static uint64_t load_le64(proxywasm_bytes b) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < b.len; i++)
    v |= (uint64_t)(unsigned char)b.data[i] << (8 * i);
  return v;
}

static void store_le64(unsigned char out[8], uint64_t v) {
  for (int i = 0; i < 8; i++)
    out[i] = (unsigned char)(v >> (8 * i));
}

static bool define_metrics(plugin_state *st) {
  const char *pages = st->receiver ? "load_pages_receiver" : "load_pages_filter";
  return proxywasm_gauge_define(pages, &st->pages) == PROXYWASM_OK &&
         proxywasm_counter_define("load_cas_retries", &st->cas_retries) == PROXYWASM_OK &&
         proxywasm_counter_define("load_cas_failed", &st->cas_failed) == PROXYWASM_OK &&
         proxywasm_counter_define("load_items_sent", &st->items_sent) == PROXYWASM_OK &&
         proxywasm_counter_define("load_send_failed", &st->send_failed) == PROXYWASM_OK &&
         proxywasm_counter_define("load_items_received", &st->items_got) == PROXYWASM_OK &&
         proxywasm_counter_define("load_items_bad", &st->items_bad) == PROXYWASM_OK &&
         proxywasm_counter_define("load_body_failed", &st->body_failed) == PROXYWASM_OK;
}

static bool read_config(plugin_state *st, proxywasm_bytes config) {
  proxywasm_json root, v;
  size_t at = 0;
  proxywasm_status s = proxywasm_json_parse_ex(config, &root, &at);
  if (s != PROXYWASM_OK) {
    proxywasm_log_errorf("load: configuration (%zu bytes) is not valid JSON at byte %zu: %s",
                         config.len, at, proxywasm_status_str(s));
    return false;
  }
  proxywasm_json_member(&root, "role", &v);
  if (proxywasm_json_string_eq(&v, "receiver"))
    st->receiver = true;
  else if (!proxywasm_json_string_eq(&v, "filter")) {
    proxywasm_log_error("load: configuration needs \"role\": \"filter\" or \"receiver\"");
    return false;
  }
  st->config_bytes = config.len;
  st->pad_fnv = FNV_BASIS;
  if (proxywasm_json_member(&root, "pad", &v) == PROXYWASM_OK) {
    /* The pad is a plain string: its text without the quotes is its value. */
    if (v.type != PROXYWASM_JSON_STRING || memchr(v.text + 1, '\\', v.len - 2) != NULL) {
      proxywasm_log_error("load: \"pad\" must be a string without escapes");
      return false;
    }
    st->pad_bytes = v.len - 2;
    st->pad_fnv = fnv1a(FNV_BASIS, v.text + 1, v.len - 2);
  }
  return true;
}

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)configuration_size;
  plugin_state *st = proxywasm_plugin_alloc(plugin, sizeof *st);
  if (st == NULL)
    return false;

  proxywasm_bytes config;
  proxywasm_status s = proxywasm_plugin_configuration_get(&config);
  if (s != PROXYWASM_OK) {
    proxywasm_log_errorf("load: no configuration: %s", proxywasm_status_str(s));
    return false;
  }
  if (!read_config(st, config) || !define_metrics(st)) {
    proxywasm_log_error("load: plugin start failed");
    return false;
  }
  if (st->receiver) {
    s = proxywasm_queue_register(proxywasm_plugin_context(plugin), QUEUE_NAME, &st->queue_id);
    if (s != PROXYWASM_OK) {
      proxywasm_log_errorf("load: cannot register the queue: %s", proxywasm_status_str(s));
      return false;
    }
  } else {
    /* Create the counter before any request: a CAS write to a missing key
       always succeeds, so two first increments could both write 1. Only
       when missing, so a late VM never resets a running count. */
    proxywasm_bytes v;
    uint32_t cas;
    if (proxywasm_shared_data_get(COUNTER_KEY, &v, &cas) == PROXYWASM_NOT_FOUND) {
      unsigned char zero[8] = {0};
      proxywasm_shared_data_set(COUNTER_KEY, zero, sizeof zero, 0);
    }
  }
  proxywasm_plugin_set_data(plugin, st);
  proxywasm_log_infof("load: %s started, configuration %zu bytes, pad %zu bytes",
                      st->receiver ? "receiver" : "filter", st->config_bytes, st->pad_bytes);
  note_pages(st);
  return true;
}

/* ---- receiver ---- */

static void on_queue_ready(proxywasm_plugin *plugin, uint32_t queue_id) {
  plugin_state *st = proxywasm_plugin_get_data(plugin);
  if (st == NULL)
    return;
  for (;;) {
    proxywasm_bytes got;
    proxywasm_status s = proxywasm_queue_dequeue(queue_id, &got);
    if (s == PROXYWASM_EMPTY)
      break;
    if (s != PROXYWASM_OK) {
      proxywasm_log_errorf("load: dequeue failed: %s", proxywasm_status_str(s));
      break;
    }
    if (got.len == sizeof item - 1 && memcmp(got.data, item, got.len) == 0)
      proxywasm_metric_increment(st->items_got, 1);
    else
      proxywasm_metric_increment(st->items_bad, 1);
  }
  note_pages(st);
}

/* ---- filter: /load ---- */

static void count_request(plugin_state *st) {
  for (int tries = 0; tries < MAX_CAS_TRIES; tries++) {
    proxywasm_bytes v;
    uint32_t cas;
    if (proxywasm_shared_data_get(COUNTER_KEY, &v, &cas) != PROXYWASM_OK || v.len != 8)
      break;
    unsigned char next[8];
    store_le64(next, load_le64(v) + 1);
    proxywasm_status s = proxywasm_shared_data_set(COUNTER_KEY, next, sizeof next, cas);
    if (s == PROXYWASM_OK)
      return;
    if (s != PROXYWASM_CAS_MISMATCH)
      break;
    proxywasm_metric_increment(st->cas_retries, 1);
  }
  proxywasm_metric_increment(st->cas_failed, 1);
}

static void send_item(plugin_state *st) {
  if (st->queue_id == 0 &&
      proxywasm_queue_resolve(QUEUE_VM, QUEUE_NAME, &st->queue_id) != PROXYWASM_OK) {
    st->queue_id = 0;
    proxywasm_metric_increment(st->send_failed, 1);
    return;
  }
  if (proxywasm_queue_enqueue(st->queue_id, item, sizeof item - 1) == PROXYWASM_OK)
    proxywasm_metric_increment(st->items_sent, 1);
  else
    proxywasm_metric_increment(st->send_failed, 1);
}

/* ---- filter: answers from the plugin ---- */

static void reply(proxywasm_http *http, const proxywasm_header *hs, size_t n, const char *body,
                  size_t len) {
  proxywasm_status s = proxywasm_http_send_response(http, 200, hs, n, body, len);
  if (s != PROXYWASM_OK)
    proxywasm_log_errorf("load: local response failed: %s", proxywasm_status_str(s));
}

static proxywasm_header num_header(const char *name, char *buf, size_t cap, const char *fmt,
                                   unsigned long long v) {
  int n = proxywasm_snprintf(buf, cap, fmt, v);
  proxywasm_header h = {proxywasm_bytes_cstr(name), {buf, n > 0 ? (size_t)n : 0}};
  return h;
}

static void reply_counter(proxywasm_http *http) {
  proxywasm_bytes v;
  uint32_t cas;
  char body[32];
  int n;
  if (proxywasm_shared_data_get(COUNTER_KEY, &v, &cas) == PROXYWASM_OK && v.len == 8)
    n = proxywasm_snprintf(body, sizeof body, "%llu", (unsigned long long)load_le64(v));
  else
    n = proxywasm_snprintf(body, sizeof body, "missing");
  reply(http, NULL, 0, body, (size_t)n);
}

static void reply_headers(proxywasm_http *http) {
  proxywasm_header *hs;
  size_t n, count = 0;
  uint64_t h = FNV_BASIS;
  proxywasm_status s = proxywasm_http_get_request_headers(http, &hs, &n);
  if (s != PROXYWASM_OK) {
    proxywasm_log_errorf("load: cannot read request headers: %s", proxywasm_status_str(s));
    n = 0;
  }
  for (size_t i = 0; i < n; i++) {
    if (hs[i].name.len < 4 || memcmp(hs[i].name.data, "x-h-", 4) != 0)
      continue;
    count++;
    h = fnv1a(h, hs[i].name.data, hs[i].name.len + 1); /* with the NUL */
    h = fnv1a(h, hs[i].value.data, hs[i].value.len + 1);
  }
  char b1[24], b2[24], b3[24];
  proxywasm_header out[] = {num_header("x-load-count", b1, sizeof b1, "%llu", count),
                            num_header("x-load-total", b2, sizeof b2, "%llu", n),
                            num_header("x-load-fnv", b3, sizeof b3, "%016llx", h)};
  reply(http, out, 3, "headers\n", 8);
}

static void reply_config(proxywasm_http *http, const plugin_state *st) {
  char b1[24], b2[24], b3[24];
  proxywasm_header out[] = {
      num_header("x-load-config-bytes", b1, sizeof b1, "%llu", st->config_bytes),
      num_header("x-load-pad-bytes", b2, sizeof b2, "%llu", st->pad_bytes),
      num_header("x-load-pad-fnv", b3, sizeof b3, "%016llx", st->pad_fnv)};
  reply(http, out, 3, "config\n", 7);
}

static enum route route_of(proxywasm_bytes path) {
  static const struct {
    const char *prefix;
    enum route route;
  } table[] = {{"/load", R_LOAD}, {"/counter", R_COUNTER}, {"/headers", R_HEADERS},
               {"/bin", R_BIN},   {"/config", R_CONFIG},   {"/json", R_JSON},
               {"/body", R_BODY}};
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    size_t n = strlen(table[i].prefix);
    if (path.len >= n && memcmp(path.data, table[i].prefix, n) == 0)
      return table[i].route;
  }
  return R_OTHER;
}

static void on_http_create(proxywasm_http *http) {
  proxywasm_http_set_data(http, proxywasm_http_alloc(http, sizeof(stream_state)));
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  (void)header_count, (void)end_of_stream;
  plugin_state *st = proxywasm_plugin_get_data(proxywasm_http_plugin(http));
  stream_state *ss = proxywasm_http_get_data(http);
  proxywasm_bytes path;
  if (st == NULL || ss == NULL ||
      proxywasm_http_get_request_header(http, ":path", &path) != PROXYWASM_OK)
    return PROXYWASM_CONTINUE;
  ss->route = route_of(path);
  switch (ss->route) {
  case R_LOAD:
    count_request(st);
    send_item(st);
    break;
  case R_COUNTER:
    reply_counter(http);
    return PROXYWASM_PAUSE;
  case R_HEADERS:
    reply_headers(http);
    return PROXYWASM_PAUSE;
  case R_CONFIG:
    reply_config(http, st);
    return PROXYWASM_PAUSE;
  case R_BIN: {
    proxywasm_bytes v;
    if (proxywasm_http_get_request_header(http, "x-load-bin", &v) == PROXYWASM_OK &&
        (ss->bin = proxywasm_http_alloc(http, v.len + 1)) != NULL) {
      memcpy(ss->bin, v.data, v.len);
      ss->bin_len = v.len;
    }
    break;
  }
  default:
    break;
  }
  note_pages(st);
  return PROXYWASM_CONTINUE;
}

/* Replaces a whole body by itself XOR 0x5a; false if any step failed. */
static bool xor_body(proxywasm_http *http, proxywasm_buffer which, size_t size) {
  proxywasm_context *ctx = proxywasm_http_context(http);
  proxywasm_bytes in;
  if (proxywasm_buffer_get(ctx, which, 0, size, &in) != PROXYWASM_OK || in.len != size)
    return false;
  char *out = malloc(in.len ? in.len : 1);
  if (out == NULL)
    return false;
  for (size_t i = 0; i < in.len; i++)
    out[i] = (char)(in.data[i] ^ 0x5a);
  proxywasm_status s = proxywasm_buffer_replace(ctx, which, out, in.len);
  free(out);
  return s == PROXYWASM_OK;
}

static void check_json(proxywasm_http *http, size_t size) {
  proxywasm_bytes body;
  proxywasm_json root;
  size_t at = 0;
  proxywasm_status s = proxywasm_http_get_request_body(http, 0, size, &body);
  if (s == PROXYWASM_OK)
    s = proxywasm_json_parse_ex(body, &root, &at);
  if (s == PROXYWASM_OK) {
    reply(http, NULL, 0, "json: ok\n", 9);
    return;
  }
  proxywasm_log_warnf("load: json body of %zu bytes rejected at byte %zu: %s", size, at,
                      proxywasm_status_str(s));
  char msg[96];
  int n =
      proxywasm_snprintf(msg, sizeof msg, "json: %s at byte %zu\n", proxywasm_status_str(s), at);
  s = proxywasm_http_send_response(http, 400, NULL, 0, msg, (size_t)n);
  if (s != PROXYWASM_OK)
    proxywasm_log_errorf("load: local response failed: %s", proxywasm_status_str(s));
}

static proxywasm_action on_request_body(proxywasm_http *http, size_t size, bool end_of_stream) {
  plugin_state *st = proxywasm_plugin_get_data(proxywasm_http_plugin(http));
  stream_state *ss = proxywasm_http_get_data(http);
  if (st == NULL || ss == NULL || (ss->route != R_JSON && ss->route != R_BODY))
    return PROXYWASM_CONTINUE;
  if (!end_of_stream)
    return PROXYWASM_PAUSE; /* Envoy buffers the whole body */
  if (ss->route == R_JSON) {
    check_json(http, size);
    note_pages(st);
    return PROXYWASM_PAUSE;
  }
  if (!xor_body(http, PROXYWASM_BUFFER_HTTP_REQUEST_BODY, size))
    proxywasm_metric_increment(st->body_failed, 1);
  note_pages(st);
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_response_headers(proxywasm_http *http, size_t header_count,
                                            bool end_of_stream) {
  (void)header_count, (void)end_of_stream;
  stream_state *ss = proxywasm_http_get_data(http);
  if (ss != NULL && ss->route == R_BODY) {
    /* This VM's size once the request body is done: on one connection (one
       VM) it must stop changing after the first bodies. */
    char buf[24];
    proxywasm_header h = num_header("x-load-pages", buf, sizeof buf, "%llu", memory_pages());
    proxywasm_http_add_response_header(http, "x-load-pages", h.value.data, h.value.len);
  }
  if (ss != NULL && ss->route == R_BIN && ss->bin != NULL) {
    proxywasm_status s =
        proxywasm_http_add_response_header(http, "x-load-bin", ss->bin, ss->bin_len);
    if (s != PROXYWASM_OK)
      proxywasm_log_errorf("load: cannot add x-load-bin: %s", proxywasm_status_str(s));
  }
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_response_body(proxywasm_http *http, size_t size, bool end_of_stream) {
  plugin_state *st = proxywasm_plugin_get_data(proxywasm_http_plugin(http));
  stream_state *ss = proxywasm_http_get_data(http);
  if (st == NULL || ss == NULL || ss->route != R_BODY)
    return PROXYWASM_CONTINUE;
  if (!end_of_stream)
    return PROXYWASM_PAUSE;
  if (!xor_body(http, PROXYWASM_BUFFER_HTTP_RESPONSE_BODY, size))
    proxywasm_metric_increment(st->body_failed, 1);
  note_pages(st);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_plugin_start, on_queue_ready, on_http_create, on_request_headers,
                on_request_body, on_response_headers, on_response_body);
