/* traps.c - the plugin of test_traps.c: hostcalls where Envoy restricts
   them, and traps. The host's clock during _initialize picks what the
   constructor does (the clock is one of the few imports allowed there):
   at 1 s it reads shared data, at 2 s it prints to stdout; Envoy refuses
   both. The plugin brings its
   own malloc (the SDK's allocator takes large blocks from it), which reads
   the clock and logs (allowed) or reads shared data (refused) as the request path says. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <proxywasm.h>

static int in_malloc; /* 1: log, 2: a hostcall Envoy refuses there */

__attribute__((constructor)) static void initialize(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
    return;
  proxywasm_log_info("traps: _initialize");
  if (ts.tv_sec == 1) {
    proxywasm_bytes v;
    uint32_t cas;
    (void)proxywasm_shared_data_get("k", &v, &cas);
  }
  if (ts.tv_sec == 2)
    printf("traps: printf\n"); /* wasi-libc asks fd_fdstat_get first */
}

#ifdef __wasm__
static _Alignas(16) unsigned char heap[1u << 20];
static size_t heap_used;

void *malloc(size_t n);
void free(void *p);

void *malloc(size_t n) {
  struct timespec ts; /* the clock is allowed here too */
  if (in_malloc == 1 && clock_gettime(CLOCK_MONOTONIC, &ts) == 0)
    proxywasm_log_info("traps: malloc");
  if (in_malloc == 2) {
    proxywasm_bytes v;
    uint32_t cas;
    (void)proxywasm_shared_data_get("k", &v, &cas);
  }
  n = (n + 15) & ~(size_t)15;
  if (n > sizeof heap - heap_used)
    return NULL;
  heap_used += n;
  return heap + heap_used - n;
}

void free(void *p) { (void)p; }
#endif

/* Deep enough to exhaust any engine's call stack; the volatile reads after
   the call keep the compiler from turning it into a loop. */
static volatile unsigned depth_limit = 1u << 30;
static unsigned recurse(unsigned n) {
  volatile unsigned char pad[32];
  pad[n % 32] = (unsigned char)n;
  if (n >= depth_limit)
    return pad[0];
  return recurse(n + 1) + pad[n % 32];
}

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count, bool eos) {
  (void)header_count, (void)eos;
  proxywasm_bytes path = {0};
  if (proxywasm_http_get_request_header(http, ":path", &path) != PROXYWASM_OK)
    return PROXYWASM_CONTINUE;
  if (proxywasm_bytes_eq(path, "/unreachable"))
    __builtin_trap();
  if (proxywasm_bytes_eq(path, "/out-of-bounds"))
    return *(volatile unsigned *)(uintptr_t)0xfffffff0u ? PROXYWASM_PAUSE : PROXYWASM_CONTINUE;
  if (proxywasm_bytes_eq(path, "/stack"))
    return recurse(1) ? PROXYWASM_PAUSE : PROXYWASM_CONTINUE;
  if (proxywasm_bytes_eq(path, "/malloc-logs"))
    in_malloc = 1;
  if (proxywasm_bytes_eq(path, "/malloc-calls-host"))
    in_malloc = 2;
  return PROXYWASM_CONTINUE;
}

/* Reads the whole body: the host copies it in through the allocator. */
static proxywasm_action on_request_body(proxywasm_http *http, size_t size, bool eos) {
  proxywasm_bytes body;
  if (eos && proxywasm_http_get_request_body(http, 0, size, &body) == PROXYWASM_OK)
    proxywasm_log_infof("traps: body of %zu bytes", body.len);
  in_malloc = 0;
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_request_headers, on_request_body);
