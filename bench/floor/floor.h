/*
 * floor.h - the floor contender: plugins on the raw Proxy-Wasm ABI, with no
 * SDK. Only import/export attributes, a bump allocator and the hooks a
 * workload needs; this is the least a C plugin can do in Envoy.
 *
 * Each hook resets the bump allocator on entry, so everything the host
 * returned during the previous hook is reused. Included by exactly one
 * source file per plugin.
 */
#ifndef BENCH_FLOOR_H
#define BENCH_FLOOR_H

#include <stddef.h>
#include <stdint.h>

#define IMPORT(name) __attribute__((import_module("env"), import_name(#name)))
#define EXPORT(name) __attribute__((export_name(#name)))

IMPORT(proxy_log) uint32_t proxy_log(uint32_t level, const char *msg, size_t len);
IMPORT(proxy_get_log_level) uint32_t proxy_get_log_level(uint32_t *level);
IMPORT(proxy_get_header_map_value)
uint32_t proxy_get_header_map_value(uint32_t map, const char *key, size_t key_len,
                                    const char **value, size_t *value_len);
IMPORT(proxy_add_header_map_value)
uint32_t proxy_add_header_map_value(uint32_t map, const char *key, size_t key_len,
                                    const char *value, size_t value_len);
IMPORT(proxy_get_buffer_bytes)
uint32_t proxy_get_buffer_bytes(uint32_t buffer, size_t start, size_t max, const char **data,
                                size_t *len);
IMPORT(proxy_set_buffer_bytes)
uint32_t proxy_set_buffer_bytes(uint32_t buffer, size_t start, size_t size, const char *data,
                                size_t len);
IMPORT(proxy_get_shared_data)
uint32_t proxy_get_shared_data(const char *key, size_t key_len, const char **value,
                               size_t *value_len, uint32_t *cas);
IMPORT(proxy_set_shared_data)
uint32_t proxy_set_shared_data(const char *key, size_t key_len, const char *value, size_t value_len,
                               uint32_t cas);

#define MAP_REQUEST_HEADERS 0
#define MAP_RESPONSE_HEADERS 2
#define BUFFER_REQUEST_BODY 0
#define STATUS_OK 0
#define STATUS_NOT_FOUND 1
#define STATUS_CAS_MISMATCH 8
#define LOG_DEBUG 1
#define CONTINUE 0
#define STOP_AND_BUFFER 1

/* 256 KiB of bump memory: a 64 KiB body in and its rewrite out fit. */
static _Alignas(16) unsigned char heap[256 * 1024];
static size_t heap_used;

static inline void *bump(size_t n) {
  n = (n + 15) & ~(size_t)15;
  if (n > sizeof heap - heap_used)
    return 0;
  void *p = heap + heap_used;
  heap_used += n;
  return p;
}

EXPORT(malloc) void *floor_malloc(size_t n);
void *floor_malloc(size_t n) { return bump(n); }

EXPORT(proxy_abi_version_0_2_1) void floor_abi(void);
void floor_abi(void) {}

#define ENTER() (heap_used = 0)

#endif /* BENCH_FLOOR_H */
