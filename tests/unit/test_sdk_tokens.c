/*
 * test_sdk_tokens.c - Envoy numbers HTTP callouts and gRPC calls with
 * separate counters (and gRPC calls odd, streams even), so an HTTP call and
 * a gRPC call in flight can both have token 1. Each answer must reach the
 * callback of its own call; a gRPC stream closed by the plugin still gets
 * the server's close.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "proxywasm.h"
#include "proxywasm/emulator.h"

static int http_answers, grpc_closes, stream_closes;
static uint32_t http_token, grpc_token, stream_token;

static void on_http(proxywasm_context *c, uint32_t token, const proxywasm_http_call_response *r,
                    void *user) {
  (void)c, (void)r, (void)user;
  if (token == http_token)
    http_answers++;
}

static void on_grpc_close(proxywasm_context *c, uint32_t token, uint32_t status, void *user) {
  (void)c, (void)status, (void)user;
  if (token == grpc_token)
    grpc_closes++;
  if (token == stream_token)
    stream_closes++;
}

static const proxywasm_grpc_callbacks grpc_cbs = {.on_close = on_grpc_close};

static bool on_plugin_start(proxywasm_plugin *plugin, size_t size) {
  (void)size;
  proxywasm_context *c = proxywasm_plugin_context(plugin);
  static const proxywasm_header hdrs[] = {PROXYWASM_HEADER_INIT(":method", "GET"),
                                          PROXYWASM_HEADER_INIT(":path", "/"),
                                          PROXYWASM_HEADER_INIT(":authority", "a")};
  proxywasm_http_call_request req = {
      .upstream = PROXYWASM_LIT("c"), .headers = hdrs, .header_count = 3};
  proxywasm_grpc_request g = {.upstream = PROXYWASM_LIT("c"), .service = "s", .method = "m"};
  return proxywasm_http_call(c, &req, on_http, NULL, &http_token) == PROXYWASM_OK &&
         proxywasm_grpc_call(c, &g, &grpc_cbs, NULL, &grpc_token) == PROXYWASM_OK &&
         proxywasm_grpc_stream(c, &g, &grpc_cbs, NULL, &stream_token) == PROXYWASM_OK &&
         proxywasm_grpc_close(stream_token) == PROXYWASM_OK; /* our side only */
}

PROXYWASM_HOOKS(on_plugin_start);

static void test_same_token_different_kinds(void **state) {
  (void)state;
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_vm *vm = proxywasm_emu_start(emu, NULL);
  assert_non_null(vm);
  /* Envoy's numbering: both first calls are token 1; the stream is even. */
  assert_int_equal(http_token, 1);
  assert_int_equal(grpc_token, 1);
  assert_int_equal(stream_token & 1, 0);

  proxywasm_header resp[] = {PROXYWASM_HEADER(":status", "200")};
  assert_int_equal(proxywasm_emu_callout_reply(vm, http_token, resp, 1, NULL, 0, NULL, 0),
                   PROXYWASM_OK);
  assert_int_equal(http_answers, 1);
  assert_int_equal(grpc_closes, 0);
  assert_int_equal(proxywasm_emu_grpc_reply_close(vm, grpc_token, 0, ""), PROXYWASM_OK);
  assert_int_equal(grpc_closes, 1);
  assert_int_equal(http_answers, 1);
  /* The stream the plugin closed still hears the server's close. */
  assert_int_equal(proxywasm_emu_grpc_reply_close(vm, stream_token, 0, ""), PROXYWASM_OK);
  assert_int_equal(stream_closes, 1);
  proxywasm_emu_free(emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_same_token_different_kinds)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
