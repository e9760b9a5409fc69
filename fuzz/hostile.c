/*
 * hostile.c - the hostcall wrappers against a host that breaks the ABI.
 *
 * The emulator's hostile mode (proxywasm_emu_set_hostile) answers each
 * hostcall from the fuzz input: any status (out of range too, OK without
 * outputs), NULL pointers with lengths, short and long buffers, malformed
 * maps. Inside a request-headers hook every wrapper below runs once.
 * Invariants: no crash or sanitizer report, a known status returned, and
 * on failure the outputs are empty (NULL and 0); on success every returned
 * byte is readable (ASan checks the reads).
 */
#include <string.h>

#include <proxywasm.h>
#include <proxywasm/emulator.h>

#include "fuzz.h"

static volatile unsigned sink;

static const char *what; /* the wrapper being checked, for the report */

static void known(proxywasm_status s) {
  /* Statuses a wrapper may return are the ABI's; a wild host value must
     not leak out unchecked. */
  if ((unsigned)s > PROXYWASM_UNIMPLEMENTED)
    fprintf(stderr, "%s returned %u\n", what, (unsigned)s);
  FUZZ_CHECK((unsigned)s <= PROXYWASM_UNIMPLEMENTED);
}

static void bytes_ok(proxywasm_status s, proxywasm_bytes b) {
  known(s);
  if (s != PROXYWASM_OK) {
    if (b.data != NULL || b.len != 0)
      fprintf(stderr, "%s: status %d with output (%p, %zu)\n", what, s, (void *)b.data, b.len);
    FUZZ_CHECK(b.data == NULL && b.len == 0);
    return;
  }
  FUZZ_CHECK(b.data != NULL || b.len == 0);
  for (size_t i = 0; i < b.len; i++)
    sink += (unsigned char)b.data[i];
}

static void pairs_ok(proxywasm_status s, const proxywasm_header *h, size_t n) {
  known(s);
  if (s != PROXYWASM_OK) {
    if (h != NULL || n != 0)
      fprintf(stderr, "%s: status %d with output (%p, %zu)\n", what, s, (void *)h, n);
    FUZZ_CHECK(h == NULL && n == 0);
    return;
  }
  FUZZ_CHECK(h != NULL || n == 0);
  for (size_t i = 0; i < n; i++) {
    bytes_ok(s, h[i].name);
    bytes_ok(s, h[i].value);
  }
}

#define BYTES(call)                   \
  do {                                \
    proxywasm_bytes b_ = {"junk", 4}; \
    what = #call;                     \
    proxywasm_status s_ = call;       \
    bytes_ok(s_, b_);                 \
  } while (0)
#define PAIRS(call)                                   \
  do {                                                \
    proxywasm_header *h_ = (proxywasm_header *)&sink; \
    size_t n_ = 7;                                    \
    what = #call;                                     \
    proxywasm_status s_ = call;                       \
    pairs_ok(s_, h_, n_);                             \
  } while (0)
#define STATUS(call) (what = #call, known(call))

static void every_wrapper(proxywasm_http *http) {
  proxywasm_context *ctx = proxywasm_http_context(http);
  proxywasm_map req = PROXYWASM_MAP_HTTP_REQUEST_HEADERS;
  size_t sz;
  uint32_t u32, flags;
  uint64_t u64;
  int64_t i64;
  bool b;
  double d;
  proxywasm_log_level level;
  proxywasm_metric metric;
  static const proxywasm_header one[] = {{PROXYWASM_LIT_INIT("x-a"), PROXYWASM_LIT_INIT("1")}};

  /* Bytes out. */
  BYTES(proxywasm_headers_get(ctx, req, ":path", &b_));
  BYTES(proxywasm_buffer_get(ctx, PROXYWASM_BUFFER_HTTP_REQUEST_BODY, 0, 16, &b_));
  BYTES(proxywasm_buffer_get(ctx, PROXYWASM_BUFFER_PLUGIN_CONFIGURATION, 0, 1u << 20, &b_));
  BYTES(proxywasm_plugin_configuration_get(&b_));
  BYTES(proxywasm_vm_configuration_get(&b_));
  BYTES(proxywasm_shared_data_get("k", &b_, &u32));
  BYTES(proxywasm_queue_dequeue(1, &b_));
  BYTES(proxywasm_property_get(PROXYWASM_ATTR_REQUEST_PATH, &b_));
  BYTES(proxywasm_property_get(PROXYWASM_PATH("xds", "node", "metadata", "k"), &b_));
  BYTES(proxywasm_http_call_get_body(0, 16, &b_));
  BYTES(proxywasm_http_call_get_header("x", &b_));
  BYTES(proxywasm_http_call_get_trailer("x", &b_));
  BYTES(proxywasm_grpc_get_message(0, 16, &b_));
  BYTES(proxywasm_status_get(&u32, &b_));
  BYTES(proxywasm_foreign_call("f", "a", 1, &b_));
  BYTES(proxywasm_foreign_get_arguments(&b_));

  /* Maps out. */
  PAIRS(proxywasm_headers_get_all(ctx, req, &h_, &n_));
  PAIRS(proxywasm_headers_get_all(ctx, PROXYWASM_MAP_HTTP_RESPONSE_TRAILERS, &h_, &n_));
  PAIRS(proxywasm_property_get_map(PROXYWASM_ATTR_REQUEST_HEADERS, &h_, &n_));
  PAIRS(proxywasm_property_get_map(
      PROXYWASM_PATH("xds", "route_metadata", "filter_metadata", "envoy.lb"), &h_, &n_));
  {
    proxywasm_bytes *items = (proxywasm_bytes *)&sink;
    size_t n = 7;
    what = "proxywasm_property_get_list";
    proxywasm_status s = proxywasm_property_get_list(PROXYWASM_PATH("l"), &items, &n);
    known(s);
    FUZZ_CHECK(s == PROXYWASM_OK ? items != NULL || n == 0 : items == NULL && n == 0);
    for (size_t i = 0; s == PROXYWASM_OK && i < n; i++)
      bytes_ok(s, items[i]);
  }
  PAIRS(proxywasm_http_call_get_headers(&h_, &n_));
  PAIRS(proxywasm_http_call_get_trailers(&h_, &n_));
  PAIRS(proxywasm_grpc_get_initial_metadata(&h_, &n_));
  PAIRS(proxywasm_grpc_get_trailing_metadata(&h_, &n_));

  /* Numbers out, and calls that only return a status. */
  STATUS(proxywasm_headers_size(ctx, req, &sz));
  STATUS(proxywasm_buffer_status(ctx, PROXYWASM_BUFFER_HTTP_REQUEST_BODY, &sz, &flags));
  STATUS(proxywasm_time_get(&u64));
  STATUS(proxywasm_log_level_get(&level));
  STATUS(proxywasm_property_get_int(PROXYWASM_ATTR_RESPONSE_CODE, &i64));
  STATUS(proxywasm_property_get_uint(PROXYWASM_ATTR_CONNECTION_ID, &u64));
  STATUS(proxywasm_property_get_timestamp(PROXYWASM_ATTR_REQUEST_TIME, &i64));
  STATUS(proxywasm_property_get_duration(PROXYWASM_ATTR_REQUEST_DURATION, &i64));
  STATUS(proxywasm_property_get_bool(PROXYWASM_ATTR_CONNECTION_MTLS, &b));
  STATUS(proxywasm_property_get_double(PROXYWASM_PATH("xds", "node", "metadata", "n"), &d));
  STATUS(proxywasm_counter_define("c", &metric));
  STATUS(proxywasm_metric_increment(metric, 1));
  STATUS(proxywasm_metric_get(metric, &u64));
  STATUS(proxywasm_queue_resolve("vm", "q", &u32));
  STATUS(proxywasm_queue_register(ctx, "q", &u32));
  STATUS(proxywasm_queue_enqueue(1, "x", 1));
  STATUS(proxywasm_shared_data_set("k", "v", 1, 0));
  STATUS(proxywasm_headers_add(ctx, req, "x-b", "2", 1));
  STATUS(proxywasm_headers_replace(ctx, req, "x-b", "3", 1));
  STATUS(proxywasm_headers_remove(ctx, req, "x-b"));
  STATUS(proxywasm_headers_set_all(ctx, req, one, 1));
  STATUS(proxywasm_buffer_append(ctx, PROXYWASM_BUFFER_HTTP_REQUEST_BODY, "a", 1));
  STATUS(proxywasm_property_set(PROXYWASM_PATH("k"), "v", 1));
  STATUS(proxywasm_log_infof("hostile %d", 1));
  proxywasm_http_call_request call = {
      .upstream = PROXYWASM_LIT_INIT("c"), .headers = one, .header_count = 1};
  STATUS(proxywasm_http_call(ctx, &call, NULL, NULL, &u32));
  STATUS(proxywasm_tick_period_set(ctx, 5));
  STATUS(proxywasm_http_resume_request(http));
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t n, bool end) {
  (void)n, (void)end;
  every_wrapper(http);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_request_headers);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static proxywasm_emu *emu;
  static proxywasm_emu_vm *vm;
  if (emu == NULL) {
    emu = proxywasm_emu_new();
    vm = emu ? proxywasm_emu_start(emu, "{}") : NULL;
    FUZZ_CHECK(vm != NULL);
  }
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  FUZZ_CHECK(id != 0);
  static const proxywasm_header req[] = {{PROXYWASM_LIT_INIT(":path"), PROXYWASM_LIT_INIT("/")}};
  proxywasm_emu_set_hostile(emu, data, size);
  (void)proxywasm_emu_on_request_headers(vm, id, req, 1, true);
  proxywasm_emu_set_hostile(emu, NULL, 0);
  proxywasm_emu_http_complete(vm, id);
  proxywasm_emu_log_clear(emu);
  return 0;
}
