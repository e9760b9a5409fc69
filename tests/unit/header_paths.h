/*
 * header_paths.h - every SDK path that sends headers, for the header-syntax
 * tests (test_sdk_header_syntax.c refuses on each, test_sdk_headers_raw.c
 * opts out and sees the emulator flag each). Call from an HTTP hook. Also
 * the plugin they share: one request-headers hook running the test's
 * script (run_script), and the cmocka setup/teardown starting it in a
 * fresh emulator. Include after hook_checks.h.
 */
#ifndef PROXYWASM_TEST_HEADER_PATHS_H
#define PROXYWASM_TEST_HEADER_PATHS_H

#include <string.h>

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;
static proxywasm_action (*script)(proxywasm_http *);

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  return script ? script(h) : PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_request_headers);

static int setup(void **state) {
  (void)state;
  script = NULL;
  check_line = checks_run = 0;
  check_label = NULL;
  emu = proxywasm_emu_new();
  if (emu == NULL)
    return -1;
  vm = proxywasm_emu_start(emu, NULL);
  return vm ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  emu = NULL;
  return 0;
}

/* Runs fn in the request-header hook of a new stream (request headers
   ":path: /", not the end of the stream) and asserts its checks. */
static uint32_t run_script(proxywasm_action (*fn)(proxywasm_http *)) {
  script = fn;
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/")};
  proxywasm_emu_on_request_headers(vm, id, req, 1, false);
  assert_checks();
  return id;
}

/* The reproducer of issue 9. */
#define INJECT "v\r\nx-injected: 1"

static void call_cb(proxywasm_context *c, uint32_t t, const proxywasm_http_call_response *r,
                    void *u) {
  (void)c, (void)t, (void)r, (void)u;
}
static const proxywasm_grpc_callbacks grpc_cbs = {NULL, NULL, NULL, NULL};

enum {
  ADD,
  REPLACE,
  ADD_CHECKED,
  REPLACE_CHECKED,
  SET_ALL,
  LOCAL,
  CALL_HEADERS,
  CALL_TRAILERS,
  GRPC_MD,
  GRPC_STREAM_MD,
  GRPC_SERVICE,
  GRPC_METHOD,
  NPATHS
};
static const char *const path_names[NPATHS] = {
    "add",       "replace",        "add_checked",   "replace_checked",
    "set_all",   "local_response", "http_call",     "http_call(trailers)",
    "grpc_call", "grpc_stream",    "grpc(service)", "grpc(method)"};
static const char *const path_hostcalls[NPATHS] = {"add_header_map_value",
                                                   "replace_header_map_value",
                                                   "add_header_map_value",
                                                   "replace_header_map_value",
                                                   "set_header_map_pairs",
                                                   "send_local_response",
                                                   "http_call",
                                                   "http_call",
                                                   "grpc_call",
                                                   "grpc_stream",
                                                   "grpc_call",
                                                   "grpc_call"};

/* Sends name: value through one path; the callouts go to "cluster". */
static proxywasm_status send_on(proxywasm_http *h, int path, const char *name, const char *value) {
  proxywasm_header hd = {{name, strlen(name)}, {value, strlen(value)}};
  proxywasm_header call[] = {PROXYWASM_HEADER(":method", "GET"), PROXYWASM_HEADER(":path", "/"),
                             PROXYWASM_HEADER(":authority", "a"), hd};
  proxywasm_http_call_request cr = {PROXYWASM_LIT_INIT("cluster"), call, 4, NULL, 0, NULL, 0, 1000};
  proxywasm_grpc_request gr = {PROXYWASM_LIT("cluster"), "pkg.Svc", "Do", &hd, 1, NULL, 0, 0};
  proxywasm_context *c = proxywasm_http_context(h);
  proxywasm_checked_header ch;
  proxywasm_status s;
  switch (path) {
  case ADD:
    return proxywasm_http_add_request_header(h, name, value, strlen(value));
  case REPLACE:
    return proxywasm_http_replace_request_header(h, name, value, strlen(value));
  case ADD_CHECKED: /* checked, then sent: the check refuses what the send would */
    s = proxywasm_header_check(hd.name, hd.value, &ch);
    return s != PROXYWASM_OK
               ? s
               : proxywasm_headers_add_checked(c, PROXYWASM_MAP_HTTP_REQUEST_HEADERS, &ch);
  case REPLACE_CHECKED:
    s = proxywasm_header_check(hd.name, hd.value, &ch);
    return s != PROXYWASM_OK
               ? s
               : proxywasm_headers_replace_checked(c, PROXYWASM_MAP_HTTP_REQUEST_HEADERS, &ch);
  case SET_ALL:
    return proxywasm_http_set_request_headers(h, &hd, 1);
  case LOCAL:
    return proxywasm_http_send_response(h, 403, &hd, 1, "no", 2);
  case CALL_HEADERS:
    return proxywasm_http_call(c, &cr, call_cb, NULL, NULL);
  case CALL_TRAILERS:
    cr.header_count = 3;
    cr.trailers = &hd;
    cr.trailer_count = 1;
    return proxywasm_http_call(c, &cr, call_cb, NULL, NULL);
  case GRPC_MD:
    return proxywasm_grpc_call(c, &gr, &grpc_cbs, NULL, NULL);
  case GRPC_STREAM_MD:
    return proxywasm_grpc_stream(c, &gr, &grpc_cbs, NULL, NULL);
  case GRPC_SERVICE:
    gr.metadata_count = 0;
    gr.service = value;
    return proxywasm_grpc_call(c, &gr, &grpc_cbs, NULL, NULL);
  default:
    gr.metadata_count = 0;
    gr.method = value;
    return proxywasm_grpc_call(c, &gr, &grpc_cbs, NULL, NULL);
  }
}

#endif /* PROXYWASM_TEST_HEADER_PATHS_H */
