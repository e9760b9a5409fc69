/*
 * probe.c - the differential suite's plugin, on the raw Proxy-Wasm ABI
 * v0.2.1 (no SDK, so nothing can mask what the host does).
 *
 * It runs named scenarios and logs a transcript through proxy_log at info,
 * one line per event, "FID|<scenario>|<event>": every callback it gets with
 * its arguments, and every hostcall a scenario makes with its arguments,
 * status and returned bytes. Context ids and tokens are volatile (they
 * depend on how many contexts the host made before), so the probe prints
 * their role instead ("root", "self", "token=same").
 *
 * Scenario selection: an HTTP stream takes its scenario from the request
 * header x-fid; every context of a plugin whose configuration is
 * "tcp:<name>" runs scenario <name> (TCP listeners).
 *
 * The same source builds as a .wasm module for Envoy and natively, linked
 * with the emulator, which defines the same imports as C functions
 * (tests/fidelity/driver.c).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__wasm__)
#define IMPORT(n) __attribute__((import_module("env"), import_name(#n)))
#define EXPORT(n) __attribute__((export_name(#n)))
#else
#define IMPORT(n)
#define EXPORT(n)
#endif

/* ---- the imports (ABI v0.2.1) ---- */
IMPORT(proxy_log) uint32_t proxy_log(uint32_t level, const char *msg, size_t len);
IMPORT(proxy_get_status) uint32_t proxy_get_status(uint32_t *code, const char **msg, size_t *len);
IMPORT(proxy_done) uint32_t proxy_done(void);
IMPORT(proxy_set_effective_context) uint32_t proxy_set_effective_context(uint32_t id);
IMPORT(proxy_get_buffer_bytes)
uint32_t proxy_get_buffer_bytes(uint32_t buf, size_t start, size_t max, const char **data,
                                size_t *len);
IMPORT(proxy_set_buffer_bytes)
uint32_t proxy_set_buffer_bytes(uint32_t buf, size_t start, size_t size, const char *data,
                                size_t len);
IMPORT(proxy_get_buffer_status)
uint32_t proxy_get_buffer_status(uint32_t buf, size_t *len, uint32_t *flags);
IMPORT(proxy_get_header_map_pairs)
uint32_t proxy_get_header_map_pairs(uint32_t map, const char **data, size_t *len);
IMPORT(proxy_get_header_map_size) uint32_t proxy_get_header_map_size(uint32_t map, size_t *size);
IMPORT(proxy_get_header_map_value)
uint32_t proxy_get_header_map_value(uint32_t map, const char *key, size_t key_len,
                                    const char **value, size_t *value_len);
IMPORT(proxy_add_header_map_value)
uint32_t proxy_add_header_map_value(uint32_t map, const char *key, size_t key_len,
                                    const char *value, size_t value_len);
IMPORT(proxy_replace_header_map_value)
uint32_t proxy_replace_header_map_value(uint32_t map, const char *key, size_t key_len,
                                        const char *value, size_t value_len);
IMPORT(proxy_remove_header_map_value)
uint32_t proxy_remove_header_map_value(uint32_t map, const char *key, size_t key_len);
IMPORT(proxy_continue_stream) uint32_t proxy_continue_stream(uint32_t stream);
IMPORT(proxy_close_stream) uint32_t proxy_close_stream(uint32_t stream);
IMPORT(proxy_send_local_response)
uint32_t proxy_send_local_response(uint32_t code, const char *details, size_t details_len,
                                   const char *body, size_t body_len, const char *headers,
                                   size_t headers_len, int32_t grpc_status);
IMPORT(proxy_http_call)
uint32_t proxy_http_call(const char *up, size_t up_len, const char *headers, size_t headers_len,
                         const char *body, size_t body_len, const char *trailers,
                         size_t trailers_len, uint32_t timeout_ms, uint32_t *token);
IMPORT(proxy_grpc_call)
uint32_t proxy_grpc_call(const char *up, size_t up_len, const char *svc, size_t svc_len,
                         const char *method, size_t method_len, const char *md, size_t md_len,
                         const char *msg, size_t msg_len, uint32_t timeout_ms, uint32_t *token);
IMPORT(proxy_grpc_stream)
uint32_t proxy_grpc_stream(const char *up, size_t up_len, const char *svc, size_t svc_len,
                           const char *method, size_t method_len, const char *md, size_t md_len,
                           uint32_t *token);
IMPORT(proxy_grpc_send)
uint32_t proxy_grpc_send(uint32_t token, const char *msg, size_t len, uint32_t end_stream);
IMPORT(proxy_grpc_cancel) uint32_t proxy_grpc_cancel(uint32_t token);
IMPORT(proxy_grpc_close) uint32_t proxy_grpc_close(uint32_t token);
IMPORT(proxy_get_shared_data)
uint32_t proxy_get_shared_data(const char *key, size_t key_len, const char **value,
                               size_t *value_len, uint32_t *cas);
IMPORT(proxy_set_shared_data)
uint32_t proxy_set_shared_data(const char *key, size_t key_len, const char *value, size_t value_len,
                               uint32_t cas);
IMPORT(proxy_register_shared_queue)
uint32_t proxy_register_shared_queue(const char *name, size_t name_len, uint32_t *id);
IMPORT(proxy_resolve_shared_queue)
uint32_t proxy_resolve_shared_queue(const char *vm_id, size_t vm_id_len, const char *name,
                                    size_t name_len, uint32_t *id);
IMPORT(proxy_enqueue_shared_queue)
uint32_t proxy_enqueue_shared_queue(uint32_t id, const char *value, size_t len);
IMPORT(proxy_dequeue_shared_queue)
uint32_t proxy_dequeue_shared_queue(uint32_t id, const char **value, size_t *len);
IMPORT(proxy_define_metric)
uint32_t proxy_define_metric(uint32_t type, const char *name, size_t name_len, uint32_t *id);
IMPORT(proxy_increment_metric) uint32_t proxy_increment_metric(uint32_t id, int64_t offset);
IMPORT(proxy_record_metric) uint32_t proxy_record_metric(uint32_t id, uint64_t value);
IMPORT(proxy_get_metric) uint32_t proxy_get_metric(uint32_t id, uint64_t *value);
IMPORT(proxy_get_log_level) uint32_t proxy_get_log_level(uint32_t *level);
IMPORT(proxy_set_tick_period_milliseconds)
uint32_t proxy_set_tick_period_milliseconds(uint32_t period_ms);
IMPORT(proxy_set_property)
uint32_t proxy_set_property(const char *path, size_t path_len, const char *value, size_t value_len);
IMPORT(proxy_get_property)
uint32_t proxy_get_property(const char *path, size_t path_len, const char **value,
                            size_t *value_len);

/* Buffer and map types, and peer values, of the ABI. */
enum {
  REQ_BODY = 0,
  RESP_BODY = 1,
  DOWN_DATA = 2,
  UP_DATA = 3,
  CALL_BODY = 4,
  GRPC_BODY = 5,
  PLUGIN_CONFIG = 7
};
enum {
  REQ_HDRS = 0,
  REQ_TRLS = 1,
  RESP_HDRS = 2,
  RESP_TRLS = 3,
  GRPC_INITIAL = 4,
  GRPC_TRAILING = 5,
  CALL_HDRS = 6,
  CALL_TRLS = 7
};

/* The ABI version Envoy looks for. */
EXPORT(proxy_abi_version_0_2_1) void proxy_abi_version_0_2_1(void) {}

/* ---- memory the host fills ---- */
EXPORT(proxy_on_memory_allocate) void *proxy_on_memory_allocate(size_t n) {
  return malloc(n ? n : 1);
}

/* ---- contexts ---- */
#define MAXCTX 64
typedef struct ctx {
  uint32_t id, root;
  char scen[32];
  bool open;
  uint32_t token;  /* the last callout this context made */
  uint32_t gtoken; /* its last gRPC call or stream */
  uint32_t gdone;  /* a call or stream that ended (its token) */
  bool gstream;    /* gtoken is a stream */
  int step;        /* scenario-private progress */
} ctx;
static ctx ctxs[MAXCTX];

static ctx *find(uint32_t id) {
  for (int i = 0; i < MAXCTX; i++)
    if (ctxs[i].open && ctxs[i].id == id)
      return &ctxs[i];
  return NULL;
}

static ctx *add(uint32_t id, uint32_t root) {
  for (int i = 0; i < MAXCTX; i++)
    if (!ctxs[i].open) {
      memset(&ctxs[i], 0, sizeof ctxs[i]);
      ctxs[i].open = true;
      ctxs[i].id = id;
      ctxs[i].root = root;
      return &ctxs[i];
    }
  return NULL;
}

/* The stream scenario park_a waits in, for resume_b; the connections
   tcp_paused and tcp_shut wait in, for tcp_kick and tcp_kill. */
static uint32_t parked, parked_tcp, shut_tcp;

/* This VM served a request: Envoy's main-thread VM serves none, so only the
   worker's VM (run.sh runs one, E2E_CONCURRENCY=1) records the shutdown.
   The root contexts waiting in on_done: at exit, and at the reload. */
static bool served;
static uint32_t shutting, reloading;

/* The scenario being recorded (set by each callback before it logs). */
static const char *cur = "";

static void rec(const char *fmt, ...) {
  char line[2048];
  int n = snprintf(line, sizeof line, "FID|%s|", cur);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
  va_end(ap);
  proxy_log(2, line, strlen(line));
}

/* Printable form of returned bytes: up to 200, escaped; longer ones as
   their length and a checksum, so big bodies still compare. */
static const char *show(const char *p, size_t n) {
  static char out[2][1024];
  static int which;
  char *o = out[which ^= 1];
  if (p == NULL)
    return "(null)";
  if (n > 200) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
      h = (h ^ (uint8_t)p[i]) * 16777619u;
    snprintf(o, 1024, "<%zu bytes fnv %08x>", n, (unsigned)h);
    return o;
  }
  size_t k = 0;
  o[k++] = '"';
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c >= 32 && c < 127 && c != '"' && c != '\\' && c != '|')
      o[k++] = (char)c;
    else
      k += (size_t)snprintf(o + k, 8, "\\x%02x", c);
  }
  o[k++] = '"';
  o[k] = 0;
  return o;
}

/* ---- recorded hostcalls ---- */
static uint32_t h_get(uint32_t map, const char *key) {
  const char *v = NULL;
  size_t n = 0;
  uint32_t s = proxy_get_header_map_value(map, key, strlen(key), &v, &n);
  rec("get_header_map_value(%u,%s) = %u %s", map, key, s, s == 0 ? show(v, n) : "");
  free((void *)v);
  return s;
}

static void h_size(uint32_t map) {
  size_t n = 0;
  uint32_t s = proxy_get_header_map_size(map, &n);
  rec("get_header_map_size(%u) = %u", map, s);
  (void)n; /* its value counts bytes of headers the proxy adds (x-request-id ...) */
}

static void h_add(uint32_t map, const char *k, const char *v) {
  rec("add_header_map_value(%u,%s,%s) = %u", map, k, v,
      proxy_add_header_map_value(map, k, strlen(k), v, strlen(v)));
}

static void h_replace(uint32_t map, const char *k, const char *v) {
  rec("replace_header_map_value(%u,%s,%s) = %u", map, k, v,
      proxy_replace_header_map_value(map, k, strlen(k), v, strlen(v)));
}

static void h_remove(uint32_t map, const char *k) {
  rec("remove_header_map_value(%u,%s) = %u", map, k,
      proxy_remove_header_map_value(map, k, strlen(k)));
}

/* The names in a header map, in order (values may be volatile: date). */
static void h_names(uint32_t map) {
  const char *d = NULL;
  size_t n = 0;
  uint32_t s = proxy_get_header_map_pairs(map, &d, &n);
  char names[512];
  size_t k = 0;
  names[0] = 0;
  if (s == 0 && d && n >= 4) {
    uint32_t cnt;
    memcpy(&cnt, d, 4);
    const char *p = d + 4 + 8 * (size_t)cnt;
    for (uint32_t i = 0; i < cnt && k < sizeof names - 64; i++) {
      uint32_t kl, vl;
      memcpy(&kl, d + 4 + 8 * i, 4);
      memcpy(&vl, d + 8 + 8 * i, 4);
      k += (size_t)snprintf(names + k, sizeof names - k, "%s%.*s", i ? "," : "", (int)kl, p);
      p += kl + 1 + vl + 1;
    }
  }
  rec("get_header_map_pairs(%u) = %u [%s]", map, s, names);
  free((void *)d);
}

static void h_buf(uint32_t buf) {
  size_t n = 0;
  uint32_t flags = 0;
  uint32_t s = proxy_get_buffer_status(buf, &n, &flags);
  rec("get_buffer_status(%u) = %u size=%zu", buf, s, n);
  const char *d = NULL;
  size_t dn = 0;
  s = proxy_get_buffer_bytes(buf, 0, 1u << 30, &d, &dn);
  rec("get_buffer_bytes(%u,0,max) = %u %s", buf, s, s == 0 ? show(d, dn) : "");
  free((void *)d);
}

static void h_status(void) {
  uint32_t code = 0;
  const char *m = NULL;
  size_t n = 0;
  uint32_t s = proxy_get_status(&code, &m, &n);
  rec("get_status() = %u code=%u %s", s, code, show(m, n));
  free((void *)m);
}

static void h_prop(const char *const *segs, size_t nsegs, const char *shown) {
  char path[256];
  size_t k = 0;
  for (size_t i = 0; i < nsegs; i++) {
    size_t l = strlen(segs[i]);
    memcpy(path + k, segs[i], l + 1); /* each segment ends with a NUL */
    k += l + 1;
  }
  const char *v = NULL;
  size_t n = 0;
  uint32_t s = proxy_get_property(path, k, &v, &n);
  rec("get_property(%s) = %u %s", shown, s, s == 0 ? show(v, n) : "");
  free((void *)v);
}

/* Serialises pairs into the ABI's map format (count, sizes, NUL-ended strings). */
static size_t ser(char *out, const char *const *kv, uint32_t n) {
  size_t k = 4 + 8 * (size_t)n;
  memcpy(out, &n, 4);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t kl = (uint32_t)strlen(kv[2 * i]), vl = (uint32_t)strlen(kv[2 * i + 1]);
    memcpy(out + 4 + 8 * i, &kl, 4);
    memcpy(out + 8 + 8 * i, &vl, 4);
    memcpy(out + k, kv[2 * i], kl + 1);
    k += kl + 1;
    memcpy(out + k, kv[2 * i + 1], vl + 1);
    k += vl + 1;
  }
  return k;
}

static uint32_t h_call_t(ctx *c, const char *cluster, const char *path, uint32_t timeout_ms,
                         const char *body, bool empty_headers, bool trailers) {
  const char *kv[] = {":method", body ? "POST" : "GET", ":path", path, ":authority", "fid"};
  const char *tv[] = {"x-trailer", "t"};
  char hdrs[256], trls[64];
  size_t hl = empty_headers ? ser(hdrs, kv, 0) : ser(hdrs, kv, 3);
  size_t tl = trailers ? ser(trls, tv, 1) : 0;
  uint32_t tok = 0;
  uint32_t s = proxy_http_call(cluster, strlen(cluster), hdrs, hl, body, body ? strlen(body) : 0,
                               trailers ? trls : NULL, tl, timeout_ms, &tok);
  rec("http_call(%s,%s,%s%s%s%u ms) = %u", cluster, path, empty_headers ? "no headers," : "",
      body ? "body," : "", trailers ? "trailers," : "", timeout_ms, s);
  if (s == 0)
    c->token = tok;
  return s;
}

static uint32_t h_call(ctx *c, const char *cluster, const char *path, uint32_t timeout_ms,
                       const char *body, bool empty_headers) {
  return h_call_t(c, cluster, path, timeout_ms, body, empty_headers, false);
}

/* Scenario rw_all: the same reads and writes of every header map and body
   from every HTTP hook, in and outside its phase (e.g. request trailers
   written after the request ended, request headers read from the response
   body hook). tag names the hook. */
static void rw_all(const char *tag) {
  char v[32];
  snprintf(v, sizeof v, "%s", tag);
  h_get(REQ_HDRS, ":path");
  h_add(REQ_HDRS, "x-rw", v);
  h_get(REQ_HDRS, "x-rw");
  h_get(REQ_TRLS, "x-rw");
  h_add(REQ_TRLS, "x-rw", v);
  h_get(REQ_TRLS, "x-rw");
  h_size(REQ_TRLS);
  h_names(REQ_TRLS);
  h_get(RESP_HDRS, ":status");
  h_add(RESP_HDRS, "x-rw", v);
  h_get(RESP_HDRS, "x-rw");
  h_get(RESP_TRLS, "x-rw");
  h_add(RESP_TRLS, "x-rw", v);
  h_size(RESP_TRLS);
  h_names(RESP_TRLS);
  h_buf(REQ_BODY);
  rec("set_buffer_bytes(req body,0,0,%s) = %u", v,
      proxy_set_buffer_bytes(REQ_BODY, 0, 0, v, strlen(v)));
  h_buf(RESP_BODY);
  rec("set_buffer_bytes(resp body,0,0,%s) = %u", v,
      proxy_set_buffer_bytes(RESP_BODY, 0, 0, v, strlen(v)));
}

/* ---- scenarios run in on_request_headers ---- */
static void props(void) {
  h_prop((const char *const[]){"plugin_name"}, 1, "plugin_name");
  h_prop((const char *const[]){"plugin_root_id"}, 1, "plugin_root_id");
  h_prop((const char *const[]){"xds", "node", "id"}, 3, "xds.node.id");
  h_prop((const char *const[]){"node", "id"}, 2, "node.id");
  h_prop((const char *const[]){"request", "path"}, 2, "request.path");
  h_prop((const char *const[]){"request", "method"}, 2, "request.method");
  h_prop((const char *const[]){"no", "such", "path"}, 3, "no.such.path");
  h_prop((const char *const[]){"xds", "no_such"}, 2, "xds.no_such");
  h_status();
  uint32_t level = 99;
  uint32_t st = proxy_get_log_level(&level);
  rec("get_log_level() = %u %u", st, level);
  rec("set_property(fid_key,v) = %u", proxy_set_property("fid_key", 7, "v", 1));
  h_prop((const char *const[]){"fid_key"}, 1, "fid_key");
}

static void shared(void) {
  const char *v = NULL;
  size_t n = 0;
  uint32_t cas = 0;
  uint32_t s = proxy_get_shared_data("fid-missing", 11, &v, &n, &cas);
  rec("get_shared_data(fid-missing) = %u", s);
  h_status();
  s = proxy_set_shared_data("fid-k", 5, "v1", 2, 0);
  rec("set_shared_data(fid-k,v1,cas 0) = %u", s);
  s = proxy_get_shared_data("fid-k", 5, &v, &n, &cas);
  rec("get_shared_data(fid-k) = %u %s cas!=0:%d", s, show(v, n), cas != 0);
  free((void *)v);
  s = proxy_set_shared_data("fid-k", 5, "v2", 2, cas + 1000);
  rec("set_shared_data(fid-k,v2,wrong cas) = %u", s);
  h_status();
  s = proxy_set_shared_data("fid-k", 5, "v3", 2, cas);
  rec("set_shared_data(fid-k,v3,right cas) = %u", s);
  v = NULL;
  s = proxy_get_shared_data("fid-k", 5, &v, &n, &cas);
  rec("get_shared_data(fid-k) = %u %s", s, show(v, n));
  free((void *)v);
}

static void queues(void) {
  uint32_t id = 0;
  uint32_t s = proxy_resolve_shared_queue("", 0, "fid-noq", 7, &id);
  rec("resolve_shared_queue(,fid-noq) = %u", s);
  h_status();
  s = proxy_resolve_shared_queue("no-such-vm", 10, "fid-noq", 7, &id);
  rec("resolve_shared_queue(no-such-vm,fid-noq) = %u", s);
  s = proxy_enqueue_shared_queue(123456, "x", 1);
  rec("enqueue_shared_queue(unknown id) = %u", s);
  const char *v = NULL;
  size_t n = 0;
  s = proxy_dequeue_shared_queue(123456, &v, &n);
  rec("dequeue_shared_queue(unknown id) = %u", s);
  uint32_t q = 0;
  s = proxy_register_shared_queue("fid-q", 5, &q);
  rec("register_shared_queue(fid-q) = %u", s);
  s = proxy_dequeue_shared_queue(q, &v, &n);
  rec("dequeue_shared_queue(fid-q empty) = %u", s);
  h_status();
}

static void metrics(void) {
  uint32_t a = 0, b = 0, g = 0, h = 0;
  rec("define_metric(counter,fid_c) = %u", proxy_define_metric(0, "fid_c", 5, &a));
  uint32_t st = proxy_define_metric(0, "fid_c", 5, &b); /* before a == b is read */
  rec("define_metric(counter,fid_c again) = %u same=%d", st, a == b);
  rec("define_metric(gauge,fid_g) = %u", proxy_define_metric(1, "fid_g", 5, &g));
  rec("define_metric(histogram,fid_h) = %u", proxy_define_metric(2, "fid_h", 5, &h));
  rec("define_metric(type 7,fid_x) = %u", proxy_define_metric(7, "fid_x", 5, &b));
  rec("increment_metric(counter,+2) = %u", proxy_increment_metric(a, 2));
  rec("increment_metric(counter,-1) = %u", proxy_increment_metric(a, -1));
  rec("record_metric(counter,5) = %u", proxy_record_metric(a, 5));
  rec("record_metric(gauge,7) = %u", proxy_record_metric(g, 7));
  rec("increment_metric(gauge,-3) = %u", proxy_increment_metric(g, -3));
  rec("record_metric(histogram,9) = %u", proxy_record_metric(h, 9));
  rec("increment_metric(histogram,1) = %u", proxy_increment_metric(h, 1));
  uint64_t v = 0;
  st = proxy_get_metric(g, &v);
  rec("get_metric(gauge) = %u %llu", st, (unsigned long long)v);
  uint32_t s = proxy_get_metric(h, &v);
  rec("get_metric(histogram) = %u", s);
  /* The low two bits of an id are its type in Envoy. */
  rec("increment_metric(unknown counter id) = %u", proxy_increment_metric(987652, 1));
  rec("increment_metric(unknown gauge id) = %u", proxy_increment_metric(987653, 1));
  rec("increment_metric(unknown histogram id) = %u", proxy_increment_metric(987654, 1));
  rec("record_metric(unknown counter id) = %u", proxy_record_metric(987652, 1));
  rec("record_metric(unknown histogram id) = %u", proxy_record_metric(987654, 1));
  rec("get_metric(unknown counter id) = %u", proxy_get_metric(987652, &v));
  rec("get_metric(unknown histogram id) = %u", proxy_get_metric(987654, &v));
  h_status();
}

/* ---- HTTP hooks ---- */
static bool is(const ctx *c, const char *name) { return strcmp(c->scen, name) == 0; }

/* ---- gRPC (cluster fid_grpc: a gRPC server made of Envoy listeners) ---- */
static const char grpc_svc[] = "fid.Svc";

static uint32_t g_call(ctx *c, const char *cluster, const char *method, uint32_t timeout_ms) {
  const char *kv[] = {"x-fid-md", "1"};
  char md[64];
  size_t ml = ser(md, kv, 1);
  uint32_t tok = 0;
  uint32_t s = proxy_grpc_call(cluster, strlen(cluster), grpc_svc, strlen(grpc_svc), method,
                               strlen(method), md, ml, "ping", 4, timeout_ms, &tok);
  rec("grpc_call(%s,%s,%u ms) = %u", cluster, method, timeout_ms, s);
  if (s == 0) {
    c->gtoken = tok;
    c->gstream = false;
  }
  return s;
}

static uint32_t g_stream(ctx *c, const char *cluster, const char *method) {
  uint32_t tok = 0;
  uint32_t s = proxy_grpc_stream(cluster, strlen(cluster), grpc_svc, strlen(grpc_svc), method,
                                 strlen(method), NULL, 0, &tok);
  rec("grpc_stream(%s,%s) = %u", cluster, method, s);
  if (s == 0) {
    c->gtoken = tok;
    c->gstream = true;
  }
  return s;
}

static void g_send(uint32_t tok, const char *what, const char *m, uint32_t eos) {
  rec("grpc_send(%s,%s,eos=%u) = %u", what, m, eos, proxy_grpc_send(tok, m, strlen(m), eos));
}

/* Cancel and close of calls and streams nobody answers in time (fid.Svc/Slow
   answers after 2 s): no callback may follow. */
static void g_cancel(ctx *c) {
  uint32_t t;
  g_call(c, "fid_grpc", "Slow", 5000);
  t = c->gtoken;
  rec("grpc_cancel(call) = %u", proxy_grpc_cancel(t));
  rec("grpc_cancel(call again) = %u", proxy_grpc_cancel(t));
  rec("grpc_close(cancelled call) = %u", proxy_grpc_close(t));
  g_call(c, "fid_grpc", "Slow", 5000);
  t = c->gtoken;
  rec("grpc_close(call) = %u", proxy_grpc_close(t));
  rec("grpc_close(call again) = %u", proxy_grpc_close(t));
  g_send(t, "closed call", "m", 0);
  g_stream(c, "fid_grpc", "Slow");
  t = c->gtoken;
  g_send(t, "stream", "m1", 0);
  rec("grpc_cancel(stream) = %u", proxy_grpc_cancel(t));
  g_send(t, "cancelled stream", "m2", 0);
  rec("grpc_cancel(stream again) = %u", proxy_grpc_cancel(t));
  rec("grpc_close(cancelled stream) = %u", proxy_grpc_close(t));
  rec("grpc_cancel(unknown token) = %u", proxy_grpc_cancel(777777));
  rec("grpc_close(unknown token) = %u", proxy_grpc_close(777778));
  c->gtoken = 0;
}

/* Starts scenario g_*; true if the request waits for the outcome. */
static bool g_start(ctx *c) {
  if (is(c, "g_ok"))
    return g_call(c, "fid_grpc", "Ok", 5000) == 0;
  if (is(c, "g_err"))
    return g_call(c, "fid_grpc", "Deny", 5000) == 0;
  if (is(c, "g_timeout"))
    return g_call(c, "fid_grpc", "Slow", 300) == 0;
  if (is(c, "g_unknown")) {
    g_call(c, "fid_no_such_cluster", "Ok", 5000);
    h_status();
    g_stream(c, "fid_no_such_cluster", "Ok");
    h_status();
    return false;
  }
  if (is(c, "g_stream")) { /* open, send twice, half-close: the server answers */
    if (g_stream(c, "fid_grpc", "Watch") != 0)
      return false;
    g_send(c->gtoken, "stream", "m1", 0);
    g_send(c->gtoken, "stream", "m2", 0);
    rec("grpc_close(stream) = %u", proxy_grpc_close(c->gtoken));
    return true;
  }
  if (is(c, "g_stream_deny")) { /* the server closes first */
    if (g_stream(c, "fid_grpc", "Deny") != 0)
      return false;
    g_send(c->gtoken, "stream", "m1", 0);
    g_send(c->gtoken + 1, "call token", "m", 0); /* odd tokens are calls */
    return true;
  }
  if (is(c, "g_cancel"))
    g_cancel(c);
  return false;
}

/* The stream whose gRPC call or stream this is (NULL: none). */
static ctx *g_owner(uint32_t token) {
  for (int i = 0; i < MAXCTX; i++)
    if (ctxs[i].open && ctxs[i].gtoken == token && token != 0 && ctxs[i].scen[0])
      return &ctxs[i];
  return NULL;
}

/* What a gRPC callback records: the hook, where it runs, what it can read. */
static ctx *g_enter(const char *hook, uint32_t id, uint32_t token, uint32_t arg) {
  static char none[] = "g_unclaimed";
  ctx *c = g_owner(token);
  ctx *self = find(id);
  cur = c ? c->scen : none;
  rec("cb %s ctx=%s %s=%u", hook,
      self == NULL      ? "?"
      : self->root == 0 ? "root"
                        : "stream",
      strcmp(hook, "on_grpc_close") == 0 ? "status" : "n", arg);
  h_status();
  h_names(GRPC_INITIAL);
  h_names(GRPC_TRAILING);
  h_get(GRPC_TRAILING, "grpc-status");
  h_buf(GRPC_BODY);
  return c;
}

/* What the plugin may still do with a call or stream that ended. */
static void g_after(uint32_t token, const char *what) {
  char w[48];
  if (token & 1) {
    snprintf(w, sizeof w, "%s call", what);
  } else {
    snprintf(w, sizeof w, "%s stream", what);
    g_send(token, w, "m", 0);
  }
  /* Both orders: g_err and g_stream_deny cancel first. */
  if (strcmp(cur, "g_err") == 0 || strcmp(cur, "g_stream_deny") == 0) {
    rec("grpc_cancel(%s) = %u", w, proxy_grpc_cancel(token));
    rec("grpc_close(%s) = %u", w, proxy_grpc_close(token));
  } else {
    rec("grpc_close(%s) = %u", w, proxy_grpc_close(token));
    rec("grpc_cancel(%s) = %u", w, proxy_grpc_cancel(token));
  }
}

/* The outcome of a call (or the end of a stream): resume the caller. */
static void g_finish(ctx *c) {
  g_after(c->gtoken, "ended");
  c->gdone = c->gtoken;
  rec("set_effective_context(caller) = %u", proxy_set_effective_context(c->id));
  rec("continue_stream(request) = %u", proxy_continue_stream(0));
  c->gtoken = 0;
}

EXPORT(proxy_on_grpc_receive_initial_metadata)
void proxy_on_grpc_receive_initial_metadata(uint32_t id, uint32_t token, uint32_t n) {
  g_enter("on_grpc_receive_initial_metadata", id, token, n);
  h_get(GRPC_INITIAL, "content-type");
}

EXPORT(proxy_on_grpc_receive)
void proxy_on_grpc_receive(uint32_t id, uint32_t token, uint32_t n) {
  ctx *c = g_enter("on_grpc_receive", id, token, n);
  if (c && !c->gstream)
    g_finish(c); /* a unary call ends with its message */
}

EXPORT(proxy_on_grpc_receive_trailing_metadata)
void proxy_on_grpc_receive_trailing_metadata(uint32_t id, uint32_t token, uint32_t n) {
  g_enter("on_grpc_receive_trailing_metadata", id, token, n);
}

EXPORT(proxy_on_grpc_close)
void proxy_on_grpc_close(uint32_t id, uint32_t token, uint32_t status) {
  ctx *c = g_enter("on_grpc_close", id, token, status);
  if (c)
    g_finish(c);
}

/* The context of a callback if it runs a scenario (then recorded as such). */
static ctx *enter(uint32_t id) {
  ctx *c = find(id);
  if (c == NULL || !c->scen[0])
    return NULL;
  cur = c->scen;
  return c;
}

EXPORT(proxy_on_context_create) void proxy_on_context_create(uint32_t id, uint32_t parent) {
  ctx *c = add(id, parent);
  if (c == NULL || parent == 0)
    return;
  /* TCP plugins name the scenario in their configuration. */
  ctx *r = find(parent);
  if (r && strncmp(r->scen, "tcp:", 4) == 0) {
    snprintf(c->scen, sizeof c->scen, "%s", r->scen + 4);
    cur = c->scen;
    rec("cb on_context_create parent=root");
  }
}

EXPORT(proxy_on_vm_start) uint32_t proxy_on_vm_start(uint32_t id, uint32_t n) {
  (void)id;
  (void)n;
  return 1;
}

EXPORT(proxy_on_configure) uint32_t proxy_on_configure(uint32_t id, uint32_t n) {
  ctx *c = find(id);
  const char *d = NULL;
  size_t dn = 0;
  if (c && n > 0 && proxy_get_buffer_bytes(PLUGIN_CONFIG, 0, n, &d, &dn) == 0 && d) {
    snprintf(c->scen, sizeof c->scen, "%.*s", (int)dn, d);
    free((void *)d);
  }
  return 1;
}

EXPORT(proxy_on_request_headers)
uint32_t proxy_on_request_headers(uint32_t id, uint32_t n, uint32_t eos) {
  ctx *c = find(id);
  if (c == NULL)
    return 0;
  const char *v = NULL;
  size_t vn = 0;
  if (proxy_get_header_map_value(REQ_HDRS, "x-fid", 5, &v, &vn) != 0 || v == NULL)
    return 0;
  snprintf(c->scen, sizeof c->scen, "%.*s", (int)vn, v);
  free((void *)v);
  cur = c->scen;
  served = true;
  (void)n; /* counts the headers the proxy adds too (x-request-id ...) */
  rec("cb on_request_headers eos=%u", eos);
  if (is(c, "hdr_rw") || is(c, "h2")) {
    h_get(REQ_HDRS, ":path");
    h_get(REQ_HDRS, ":method");
    h_get(REQ_HDRS, ":scheme");
    h_get(REQ_HDRS, "x-missing");
    h_status();
    h_add(REQ_HDRS, "x-added", "a");
    h_add(REQ_HDRS, "x-added", "b");
    h_get(REQ_HDRS, "x-added");
    h_replace(REQ_HDRS, "X-Replaced", "r");
    h_get(REQ_HDRS, "x-replaced");
    h_remove(REQ_HDRS, "x-added");
    h_remove(REQ_HDRS, "x-never");
    h_get(REQ_HDRS, "x-added");
    h_size(REQ_HDRS);
    h_get(RESP_HDRS, ":status");
    h_get(REQ_TRLS, "x");
    h_buf(REQ_BODY);
    h_buf(RESP_BODY);
    h_buf(CALL_BODY);
    h_buf(PLUGIN_CONFIG);
    return 0;
  }
  if (is(c, "body")) {
    h_buf(REQ_BODY);
    return 0;
  }
  if (is(c, "rw_all")) {
    rw_all("reqh");
    return 0;
  }
  if (is(c, "local_reqh")) {
    const char *kv[] = {"x-fid-local", "yes"};
    char h[64];
    size_t hl = ser(h, kv, 1);
    rec("send_local_response(403) = %u",
        proxy_send_local_response(403, "fid denied", 10, "denied", 6, h, hl, -1));
    return 1;
  }
  if (is(c, "local_resph") || is(c, "local_respb") || is(c, "local_reqb"))
    return 0;
  if (is(c, "props")) {
    props();
    return 0;
  }
  if (is(c, "shared")) {
    shared();
    return 0;
  }
  if (is(c, "queues")) {
    queues();
    return 0;
  }
  if (is(c, "metrics")) {
    metrics();
    return 0;
  }
  /* Callouts: the stream waits for the answer, except co_after_end. */
  if (is(c, "co_ok"))
    return h_call(c, "fid_echo", "/echo", 5000, NULL, false) == 0 ? 1 : 0;
  if (is(c, "co_big"))
    return h_call(c, "fid_echo", "/big", 5000, NULL, false) == 0 ? 1 : 0;
  if (is(c, "co_timeout"))
    return h_call(c, "fid_slow", "/slow", 300, NULL, false) == 0 ? 1 : 0;
  if (is(c, "park_a")) { /* waits for stream resume_b to resume it */
    parked = c->id;
    return 1;
  }
  if (is(c, "resume_b")) {
    rec("set_effective_context(park_a) = %u", proxy_set_effective_context(parked));
    h_get(REQ_HDRS, ":path");
    rec("continue_stream(request) = %u", proxy_continue_stream(0));
    rec("set_effective_context(self) = %u", proxy_set_effective_context(c->id));
    h_get(REQ_HDRS, ":path");
    rec("set_effective_context(deleted id) = %u", proxy_set_effective_context(999999));
    return 0;
  }
  if (is(c, "tcp_kick") || is(c, "tcp_kill")) { /* a paused connection, from a stream */
    bool kick = is(c, "tcp_kick");
    rec("set_effective_context(%s) = %u", kick ? "tcp_paused" : "tcp_shut",
        proxy_set_effective_context(kick ? parked_tcp : shut_tcp));
    h_buf(DOWN_DATA);
    if (kick)
      rec("continue_stream(downstream) = %u", proxy_continue_stream(2));
    else
      rec("close_stream(downstream) = %u", proxy_close_stream(2));
    rec("continue_stream(upstream) = %u", proxy_continue_stream(3));
    rec("set_effective_context(self) = %u", proxy_set_effective_context(c->id));
    return 0;
  }
  if (is(c, "tick")) {
    rec("set_tick_period_milliseconds(50) = %u", proxy_set_tick_period_milliseconds(50));
    return 0;
  }
  if (is(c, "co_trailers"))
    return h_call_t(c, "fid_echo", "/echo", 5000, "call-body", false, true) == 0 ? 1 : 0;
  if (is(c, "queue_ready")) {
    uint32_t q = 0;
    rec("register_shared_queue(fid-ready) = %u", proxy_register_shared_queue("fid-ready", 9, &q));
    uint32_t q2 = 0;
    uint32_t st = proxy_resolve_shared_queue("fid_vm", 6, "fid-ready", 9, &q2);
    rec("resolve_shared_queue(fid_vm,fid-ready) = %u same=%d", st, q == q2);
    rec("enqueue_shared_queue(fid-ready,item) = %u", proxy_enqueue_shared_queue(q, "item", 4));
    return 0;
  }
  if (is(c, "co_reset"))
    return h_call(c, "fid_slow", "/reset", 5000, NULL, false) == 0 ? 1 : 0;
  if (is(c, "co_refused"))
    return h_call(c, "fid_dead", "/dead", 5000, NULL, false) == 0 ? 1 : 0;
  if (is(c, "co_unknown")) {
    h_call(c, "fid_no_such_cluster", "/x", 5000, NULL, false);
    h_status();
    return 0;
  }
  if (is(c, "co_empty")) {
    h_call(c, "fid_echo", "/echo", 5000, NULL, true);
    return 0;
  }
  if (strncmp(c->scen, "g_", 2) == 0)
    return g_start(c) ? 1 : 0;
  if (is(c, "co_after_end")) {
    h_call(c, "fid_slow", "/slow", 300, NULL, false);
    return 0;
  }
  return 0;
}

EXPORT(proxy_on_request_body)
uint32_t proxy_on_request_body(uint32_t id, uint32_t n, uint32_t eos) {
  ctx *c = enter(id);
  if (c == NULL)
    return 0;
  rec("cb on_request_body size=%u eos=%u", n, eos);
  if (is(c, "local_reqb") && c->step++ == 0) {
    rec("send_local_response(413) = %u",
        proxy_send_local_response(413, "fid big", 7, "too big", 7, NULL, 0, -1));
    return 1;
  }
  if (is(c, "rw_all"))
    rw_all(eos ? "reqb_end" : "reqb");
  if (is(c, "body")) {
    h_buf(REQ_BODY);
    h_get(REQ_HDRS, ":path");
    if (!eos) {
      rec("(pause to buffer)");
      return 1;
    }
    rec("set_buffer_bytes(req body,0,0,\"<\") = %u",
        proxy_set_buffer_bytes(REQ_BODY, 0, 0, "<", 1));
    h_buf(REQ_BODY);
  }
  return 0;
}

EXPORT(proxy_on_request_trailers) uint32_t proxy_on_request_trailers(uint32_t id, uint32_t n) {
  ctx *c = enter(id);
  if (c == NULL)
    return 0;
  rec("cb on_request_trailers n=%u", n);
  return 0;
}

EXPORT(proxy_on_response_headers)
uint32_t proxy_on_response_headers(uint32_t id, uint32_t n, uint32_t eos) {
  ctx *c = enter(id);
  if (c == NULL)
    return 0;
  (void)n;
  rec("cb on_response_headers eos=%u", eos);
  h_get(RESP_HDRS, ":status");
  if (is(c, "hdr_rw") || is(c, "h2") || is(c, "body")) {
    h_get(REQ_HDRS, ":path");
    h_get(RESP_HDRS, "content-length");
    h_add(RESP_HDRS, "x-resp-added", "1");
    h_get(RESP_HDRS, "x-resp-added");
  }
  if (is(c, "local_reqh"))
    h_get(RESP_HDRS, "x-fid-local");
  if (is(c, "rw_all")) {
    h_remove(RESP_HDRS, "content-length"); /* the body grows */
    rw_all("resph");
  }
  if (c->gdone) /* after the callback that ended it */
    g_after(c->gdone, "earlier");
  if (is(c, "local_resph") && c->step++ == 0) {
    rec("send_local_response(401) = %u",
        proxy_send_local_response(401, "fid resp", 8, "no", 2, NULL, 0, -1));
    return 1;
  }
  return 0;
}

EXPORT(proxy_on_response_body)
uint32_t proxy_on_response_body(uint32_t id, uint32_t n, uint32_t eos) {
  ctx *c = enter(id);
  if (c == NULL)
    return 0;
  rec("cb on_response_body size=%u eos=%u", n, eos);
  h_buf(RESP_BODY);
  if (is(c, "hdr_rw") || is(c, "body")) {
    h_get(RESP_HDRS, ":status");
    h_get(REQ_HDRS, ":path");
  }
  if (is(c, "rw_all"))
    rw_all(eos ? "respb_end" : "respb");
  if (is(c, "resp_buf")) { /* the whole response body, then rewritten */
    if (!eos) {
      rec("(pause to buffer)");
      return 1;
    }
    rec("set_buffer_bytes(resp body,0,%u,\"[all]\") = %u", n,
        proxy_set_buffer_bytes(RESP_BODY, 0, n, "[all]", 5));
    h_buf(RESP_BODY);
  }
  if (is(c, "local_respb") && c->step++ == 0) {
    rec("send_local_response(402) = %u",
        proxy_send_local_response(402, "fid body", 8, "pay", 3, NULL, 0, -1));
    return 1;
  }
  return 0;
}

EXPORT(proxy_on_response_trailers) uint32_t proxy_on_response_trailers(uint32_t id, uint32_t n) {
  ctx *c = enter(id);
  if (c == NULL)
    return 0;
  rec("cb on_response_trailers n=%u", n);
  return 0;
}

EXPORT(proxy_on_http_call_response)
void proxy_on_http_call_response(uint32_t id, uint32_t token, uint32_t nh, uint32_t blen,
                                 uint32_t nt) {
  /* Which context made this call? */
  ctx *c = NULL;
  for (int i = 0; i < MAXCTX; i++)
    if (ctxs[i].open && ctxs[i].token == token && ctxs[i].token != 0 && ctxs[i].scen[0])
      c = &ctxs[i];
  static char gone[32];
  if (c == NULL) {
    snprintf(gone, sizeof gone, "co_after_end");
    cur = gone;
  } else {
    cur = c->scen;
  }
  ctx *self = find(id);
  rec("cb on_http_call_response ctx=%s caller=%s headers=%u body=%u trailers=%u",
      self == NULL      ? "?"
      : self->root == 0 ? "root"
                        : "stream",
      c ? "live" : "gone", nh, blen, nt);
  h_status();
  h_names(CALL_HDRS);
  h_get(CALL_HDRS, ":status");
  h_get(CALL_HDRS, "content-type");
  h_get(CALL_HDRS, "x-fid-up");
  h_buf(CALL_BODY);
  h_get(REQ_HDRS, ":path");
  if (c && c->root != 0) {
    rec("set_effective_context(caller) = %u", proxy_set_effective_context(c->id));
    h_get(REQ_HDRS, ":path");
    rec("continue_stream(request) = %u", proxy_continue_stream(0));
    c->token = 0;
  }
}

/* A tick period set from a stream belongs to its plugin; the first tick
   stops the timer. */
EXPORT(proxy_on_tick) void proxy_on_tick(uint32_t id) {
  ctx *self = find(id);
  if (id == shutting || id == reloading) {
    cur = id == reloading ? "reload" : "shutdown";
    rec("cb on_tick ctx=root");
    rec("done() = %u", proxy_done());
    rec("set_tick_period_milliseconds(0) = %u", proxy_set_tick_period_milliseconds(0));
    return;
  }
  cur = "tick";
  rec("cb on_tick ctx=%s", self && self->root == 0 ? "root" : "other");
  rec("set_tick_period_milliseconds(0) = %u", proxy_set_tick_period_milliseconds(0));
}

/* Queue events go to the plugin that registered the queue. */
EXPORT(proxy_on_queue_ready) void proxy_on_queue_ready(uint32_t id, uint32_t queue) {
  (void)queue;
  cur = "queue_ready";
  ctx *self = find(id);
  rec("cb on_queue_ready ctx=%s", self && self->root == 0 ? "root" : "other");
  const char *v = NULL;
  size_t n = 0;
  uint32_t s = proxy_dequeue_shared_queue(queue, &v, &n);
  rec("dequeue_shared_queue() = %u %s", s, s == 0 ? show(v, n) : "");
  free((void *)v);
  s = proxy_dequeue_shared_queue(queue, &v, &n);
  rec("dequeue_shared_queue() = %u", s);
}

/* ---- TCP ---- */
EXPORT(proxy_on_new_connection) uint32_t proxy_on_new_connection(uint32_t id) {
  ctx *c = enter(id);
  if (c == NULL)
    return 0;
  rec("cb on_new_connection");
  return 0;
}

EXPORT(proxy_on_downstream_data)
uint32_t proxy_on_downstream_data(uint32_t id, uint32_t n, uint32_t eos) {
  ctx *c = enter(id);
  if (c == NULL)
    return 0;
  rec("cb on_downstream_data size=%u eos=%u", n, eos);
  h_buf(DOWN_DATA);
  h_buf(UP_DATA);
  if ((is(c, "tcp_paused") || is(c, "tcp_shut")) && c->step++ == 0) {
    *(is(c, "tcp_paused") ? &parked_tcp : &shut_tcp) = c->id;
    rec("(pause until another context resumes or closes it)");
    return 1;
  }
  return 0;
}

EXPORT(proxy_on_upstream_data)
uint32_t proxy_on_upstream_data(uint32_t id, uint32_t n, uint32_t eos) {
  ctx *c = enter(id);
  if (c == NULL)
    return 0;
  rec("cb on_upstream_data size=%u eos=%u", n, eos);
  h_buf(UP_DATA);
  return 0;
}

EXPORT(proxy_on_downstream_connection_close)
void proxy_on_downstream_connection_close(uint32_t id, uint32_t peer) {
  ctx *c = enter(id);
  if (c == NULL)
    return;
  rec("cb on_downstream_close peer=%u", peer);
}

EXPORT(proxy_on_upstream_connection_close)
void proxy_on_upstream_connection_close(uint32_t id, uint32_t peer) {
  ctx *c = enter(id);
  if (c == NULL)
    return;
  rec("cb on_upstream_close peer=%u", peer);
}

/* ---- end of a context ---- */
EXPORT(proxy_on_log) void proxy_on_log(uint32_t id) {
  ctx *c = find(id);
  if (c == NULL || !c->scen[0] || c->root == 0)
    return;
  cur = c->scen;
  rec("cb on_log");
  if (is(c, "hdr_rw") || is(c, "local_reqh")) {
    h_get(REQ_HDRS, ":path");
    h_get(RESP_HDRS, ":status");
    h_add(RESP_HDRS, "x-late", "1");
    h_get(RESP_TRLS, "x");
    h_buf(RESP_BODY);
  }
  if (is(c, "rw_all"))
    rw_all("log");
}

EXPORT(proxy_on_done) uint32_t proxy_on_done(uint32_t id) {
  ctx *c = find(id);
  /* Plugin shutdown: "reload" when its listener is removed, "shutdown"
     when Envoy exits. Not done yet: a tick is to finish it. */
  bool reload = c && c->root == 0 && strcmp(c->scen, "reload") == 0;
  if (c && c->root == 0 && (reload || strcmp(c->scen, "http") == 0) && served) {
    cur = reload ? "reload" : "shutdown";
    rec("cb on_done root");
    rec("set_tick_period_milliseconds(10) = %u", proxy_set_tick_period_milliseconds(10));
    *(reload ? &reloading : &shutting) = c->id;
    return 0;
  }
  if (c == NULL || !c->scen[0] || c->root == 0)
    return 1;
  cur = c->scen;
  rec("cb on_done");
  return 1;
}

EXPORT(proxy_on_delete) void proxy_on_delete(uint32_t id) {
  ctx *c = find(id);
  if (c == NULL)
    return;
  if (c->scen[0] && c->root != 0) {
    cur = c->scen;
    rec("cb on_delete");
  }
  if (id == shutting || id == reloading) {
    cur = id == reloading ? "reload" : "shutdown";
    rec("cb on_delete root");
  }
  c->open = false;
}
