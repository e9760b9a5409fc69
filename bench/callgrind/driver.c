/*
 * driver.c - one bench workload in the emulator's wasm mode, for callgrind
 * (bench/callgrind/run.sh): the contender's built module (translated by
 * wasm2c) gets the requests the fuel benchmark sends (bench/fuel/host.py),
 * in the same order of exports.
 *
 *   driver CONTENDER WORKLOAD REQUESTS      e.g. driver sdk headers 48
 *
 * Exits 0 when every request did the workload's work, 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxywasm/emulator.h"

#define H(k, v) {PROXYWASM_LIT(k), PROXYWASM_LIT(v)}
static const proxywasm_header req[] = {H(":authority", "127.0.0.1:28000"),
                                       H(":path", "/"),
                                       H(":method", "GET"),
                                       H(":scheme", "http"),
                                       H("user-agent", "wrk"),
                                       H("x-bench-a", "alpha"),
                                       H("x-bench-b", "beta"),
                                       H("x-forwarded-proto", "http"),
                                       H("x-request-id", "0f3c5b52-5d8e-4a57-9d1c-2f1e7d1c9a11")};
static const proxywasm_header req_post[] = {
    H(":authority", "127.0.0.1:28000"),
    H(":path", "/"),
    H(":scheme", "http"),
    H("user-agent", "wrk"),
    H("x-bench-a", "alpha"),
    H("x-bench-b", "beta"),
    H("x-forwarded-proto", "http"),
    H("x-request-id", "0f3c5b52-5d8e-4a57-9d1c-2f1e7d1c9a11"),
    H(":method", "POST"),
    H("content-type", "text/plain"),
    H("content-length", "1024")};
static const proxywasm_header resp[] = {
    H(":status", "200"), H("content-length", "3"), H("content-type", "text/plain"),
    H("date", "Sun, 06 Dec 2026 00:00:00 GMT"), H("server", "envoy")};
#define QS_CONFIG "{\"header\": \"x-hello\", \"value\": \"from proxy-wasm-c\"}"

/* One request as host.py sends it; false if the work was not done. */
static bool request(proxywasm_emu_vm *vm, const char *w, const char *body) {
  bool post = strcmp(w, "body1k") == 0, ok = true;
  uint32_t id = proxywasm_emu_http_new(vm, 0);
  if (post) {
    ok &= proxywasm_emu_on_request_headers(vm, id, req_post, 11, false) == PROXYWASM_CONTINUE;
    (void)proxywasm_emu_on_request_body(vm, id, body, 1024, false);
    ok &= proxywasm_emu_on_request_body(vm, id, "", 0, true) == PROXYWASM_CONTINUE;
    size_t n = 0;
    const char *sent = proxywasm_emu_get_request_body_sent(vm, id, &n);
    for (size_t i = 0; ok && i < 1024; i++)
      ok = n == 1024 && sent[i] == (body[i] >= 'a' && body[i] <= 'z' ? body[i] - 32 : body[i]);
  } else {
    ok &= proxywasm_emu_on_request_headers(vm, id, req, 9, true) == PROXYWASM_CONTINUE;
  }
  ok &= proxywasm_emu_on_response_headers(vm, id, resp, 5, false) == PROXYWASM_CONTINUE;
  ok &= proxywasm_emu_on_response_body(vm, id, "ok\n", 3, true) == PROXYWASM_CONTINUE;
  if (strcmp(w, "headers") == 0)
    ok &= proxywasm_emu_get_response_header(vm, id, "x-bench-2") != NULL;
  if (strcmp(w, "quickstart") == 0)
    ok &= proxywasm_emu_get_response_header(vm, id, "x-hello") != NULL;
  proxywasm_emu_http_complete(vm, id);
  return ok;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: driver CONTENDER WORKLOAD REQUESTS\n");
    return 2;
  }
  const char *c = argv[1], *w = argv[2];
  int n = atoi(argv[3]);
  char module[64], body[1024];
  snprintf(module, sizeof module, "%s/%s", c, strcmp(w, "body1k") == 0 ? "body" : w);
  for (size_t i = 0; i < sizeof body; i++)
    body[i] = "abcdefghijklmnop"[i % 16];
  proxywasm_emu *emu = proxywasm_emu_new();
  proxywasm_emu_set_log_level(emu, PROXYWASM_LOG_INFO);
  proxywasm_emu_vm_options vo = {.plugin_path = module};
  proxywasm_emu_vm *vm = emu ? proxywasm_emu_vm_new(emu, &vo) : NULL;
  proxywasm_emu_plugin_options po = {.configuration =
                                         strcmp(w, "quickstart") == 0 ? QS_CONFIG : NULL};
  bool started = false;
  if (vm == NULL || proxywasm_emu_plugin_add(vm, &po, &started) == 0 || !started) {
    fprintf(stderr, "driver: %s: %s\n", module, proxywasm_emu_error(emu));
    return 1;
  }
  int bad = 0;
  for (int i = 0; i < n; i++)
    bad += !request(vm, w, body);
  if (strcmp(w, "shared") == 0) {
    size_t len = 0;
    const char *v = NULL;
    unsigned long long count = 0;
    if (proxywasm_emu_shared_data_get(emu, "", "bench_counter", &v, &len, NULL) == PROXYWASM_OK)
      for (size_t i = len; i-- > 0;)
        count = count << 8 | (unsigned char)v[i];
    bad += count != (unsigned long long)n;
  }
  proxywasm_emu_free(emu);
  if (bad)
    fprintf(stderr, "driver: %s %s: %d of %d requests did not do the work\n", c, w, bad, n);
  return bad != 0;
}
