/*
 * test_emu_sent.c - what the SDK hands the host, byte for byte, and the
 * emulator helpers users asked for:
 *  - an empty map (local response without headers, callout without
 *    trailers, gRPC call without metadata) is the ABI's 4-byte count 0, as
 *    the Go and Rust SDKs send it, never (NULL, 0);
 *  - proxywasm_emu_header_get finds one header in a recorded list;
 *  - proxywasm_emu_fail_context_allocations makes proxywasm_context_alloc
 *    (here proxywasm_http_alloc) fail, and proxywasm_emu_vm_context_blocks
 *    counts what is alive.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "proxywasm.h"
#include "proxywasm/emulator.h"

static proxywasm_status st;
static void *block;

static void on_answer(proxywasm_context *c, uint32_t token, const proxywasm_http_call_response *r,
                      void *u) {
  (void)c, (void)token, (void)r, (void)u;
}

static void on_close(proxywasm_context *c, uint32_t token, uint32_t grpc_status, void *u) {
  (void)c, (void)token, (void)grpc_status, (void)u;
}

static proxywasm_action on_request_headers(proxywasm_http *h, size_t n, bool eos) {
  (void)n, (void)eos;
  proxywasm_bytes op;
  if (proxywasm_http_get_request_header(h, "x-op", &op) != PROXYWASM_OK)
    return PROXYWASM_CONTINUE;
  if (strcmp(op.data, "deny") == 0) {
    proxywasm_local_response r = {.status_code = 403, .grpc_status = PROXYWASM_GRPC_STATUS_NONE};
    st = proxywasm_http_send_local_response(h, &r);
    return PROXYWASM_PAUSE;
  }
  if (strcmp(op.data, "challenge") == 0) {
    proxywasm_header hs[] = {PROXYWASM_HEADER("WWW-Authenticate", "Basic"),
                             PROXYWASM_HEADER("x-empty", "")};
    st = proxywasm_http_send_response(h, 401, hs, 2, "no", 2);
    return PROXYWASM_PAUSE;
  }
  if (strcmp(op.data, "call") == 0) {
    static const proxywasm_header hd[] = {PROXYWASM_HEADER_INIT(":method", "GET"),
                                          PROXYWASM_HEADER_INIT(":path", "/"),
                                          PROXYWASM_HEADER_INIT(":authority", "a")};
    proxywasm_http_call_request req = {
        .upstream = PROXYWASM_LIT("auth"), .headers = hd, .header_count = 3, .timeout_ms = 100};
    st = proxywasm_http_call(proxywasm_http_context(h), &req, on_answer, NULL, NULL);
  } else if (strcmp(op.data, "grpc") == 0) {
    static const proxywasm_grpc_callbacks cbs = {.on_close = on_close};
    proxywasm_grpc_request req = {.upstream = {"grpc", 4},
                                  .service = "s",
                                  .method = "m",
                                  .message = "x",
                                  .message_len = 1,
                                  .timeout_ms = 100};
    st = proxywasm_grpc_call(proxywasm_http_context(h), &req, &cbs, NULL, NULL);
  } else if (strcmp(op.data, "alloc") == 0) {
    block = proxywasm_http_alloc(h, 16);
  }
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_request_headers);

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;

static int setup(void **state) {
  (void)state;
  st = PROXYWASM_INTERNAL_FAILURE;
  block = NULL;
  emu = proxywasm_emu_new();
  vm = emu ? proxywasm_emu_start(emu, NULL) : NULL;
  return vm ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  proxywasm_emu_free(emu);
  return 0;
}

static uint32_t request(const char *op) {
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  proxywasm_header h[] = {PROXYWASM_HEADER(":path", "/"), {{"x-op", 4}, {op, strlen(op)}}};
  proxywasm_emu_on_request_headers(vm, id, h, 2, true);
  return id;
}

static void assert_empty_map(size_t back) {
  const char *data = NULL;
  size_t len = 99;
  assert_true(proxywasm_emu_sent_map(emu, back, &data, &len));
  assert_non_null(data);
  assert_int_equal(len, 4);
  assert_memory_equal(data, "\0\0\0\0", 4);
}

static void test_local_response_without_headers(void **state) {
  (void)state;
  request("deny");
  assert_int_equal(st, PROXYWASM_OK);
  assert_empty_map(0);
}

static void test_callout_without_trailers(void **state) {
  (void)state;
  request("call");
  assert_int_equal(st, PROXYWASM_OK);
  assert_empty_map(0); /* trailers, sent last */
  const char *data;
  size_t len;
  assert_true(proxywasm_emu_sent_map(emu, 1, &data, &len)); /* headers */
  assert_memory_equal(data, "\3\0\0\0", 4);
}

static void test_grpc_call_without_metadata(void **state) {
  (void)state;
  request("grpc");
  assert_int_equal(st, PROXYWASM_OK);
  assert_empty_map(0);
  const char *data = "x";
  size_t len = 1;
  assert_false(proxywasm_emu_sent_map(emu, 1, &data, &len)); /* only one map so far */
  assert_null(data);
  assert_int_equal(len, 0);
}

static void test_header_get(void **state) {
  (void)state;
  uint32_t id = request("challenge");
  const proxywasm_emu_local_response *r = proxywasm_emu_get_local_response(vm, id);
  assert_non_null(r);
  size_t len = 0;
  assert_string_equal(
      proxywasm_emu_header_get(r->headers, r->header_count, "www-authenticate", &len), "Basic");
  assert_int_equal(len, 5);
  assert_string_equal(proxywasm_emu_header_get(r->headers, r->header_count, "X-Empty", &len), "");
  assert_int_equal(len, 0);
  len = 7;
  assert_null(proxywasm_emu_header_get(r->headers, r->header_count, "x-missing", &len));
  assert_int_equal(len, 0);
  assert_null(proxywasm_emu_header_get(NULL, 0, "www-authenticate", NULL));
}

static void test_context_allocation_faults(void **state) {
  (void)state;
  proxywasm_emu_fail_context_allocations(emu, 1, 1);
  uint32_t a = request("alloc");
  assert_non_null(block); /* skipped */
  uint32_t b = request("alloc");
  assert_null(block); /* failed */
  uint32_t c = request("alloc");
  assert_non_null(block); /* past the fault */
  assert_int_equal(proxywasm_emu_vm_context_blocks(vm), 2);
  proxywasm_emu_http_complete(vm, a);
  proxywasm_emu_http_complete(vm, b);
  assert_int_equal(proxywasm_emu_vm_context_blocks(vm), 1);
  proxywasm_emu_http_complete(vm, c);
  assert_int_equal(proxywasm_emu_vm_context_blocks(vm), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_local_response_without_headers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_callout_without_trailers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_grpc_call_without_metadata, setup, teardown),
      cmocka_unit_test_setup_teardown(test_header_get, setup, teardown),
      cmocka_unit_test_setup_teardown(test_context_allocation_faults, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
