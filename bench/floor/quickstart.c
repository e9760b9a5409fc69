/* quickstart.c - floor, the README quickstart (examples/quickstart) by
   hand: the configuration {"header": "<name>", "value": "<value>"} is read
   once; every request logs its path, every response gets the header. One
   plugin per VM: the configuration is a global. */
#include "floor.h"

#define BUFFER_PLUGIN_CONFIGURATION 7
#define LOG_INFO 2
#define LOG_ERROR 4

static char header[64], value[256];
static size_t header_len, value_len;

/* Copies the string value of "key" in a flat JSON object (no escapes). */
static int field(const char *j, size_t n, const char *key, size_t key_len, char *out, size_t cap,
                 size_t *out_len) {
  for (size_t i = 0; i + key_len + 2 <= n; i++) {
    if (j[i] != '"' || j[i + key_len + 1] != '"')
      continue;
    size_t k = 0;
    while (k < key_len && j[i + 1 + k] == key[k])
      k++;
    if (k != key_len)
      continue;
    size_t p = i + key_len + 2;
    while (p < n && (j[p] == ' ' || j[p] == ':'))
      p++;
    if (p >= n || j[p] != '"')
      return 0;
    size_t len = 0;
    for (p++; p < n && j[p] != '"'; p++) {
      if (j[p] == '\\' || len == cap)
        return 0;
      out[len++] = j[p];
    }
    *out_len = len;
    return p < n;
  }
  return 0;
}

EXPORT(proxy_on_configure)
uint32_t on_configure(uint32_t id, uint32_t size);
uint32_t on_configure(uint32_t id, uint32_t size) {
  (void)id;
  ENTER();
  const char *cfg;
  size_t len;
  if (proxy_get_buffer_bytes(BUFFER_PLUGIN_CONFIGURATION, 0, size, &cfg, &len) != STATUS_OK ||
      !field(cfg, len, "header", 6, header, sizeof header, &header_len) || header_len == 0 ||
      !field(cfg, len, "value", 5, value, sizeof value, &value_len)) {
    static const char bad[] = "quickstart: the configuration must be "
                              "{\"header\": \"<name>\", \"value\": \"<value>\"}";
    proxy_log(LOG_ERROR, bad, sizeof bad - 1);
    return 0;
  }
  static const char adding[] = "quickstart: adding \"";
  char *line = bump(sizeof adding - 1 + header_len + 2 + value_len + 16);
  if (line) {
    size_t n = 0;
    __builtin_memcpy(line, adding, sizeof adding - 1), n = sizeof adding - 1;
    __builtin_memcpy(line + n, header, header_len), n += header_len;
    __builtin_memcpy(line + n, ": ", 2), n += 2;
    __builtin_memcpy(line + n, value, value_len), n += value_len;
    __builtin_memcpy(line + n, "\" to responses", 14), n += 14;
    proxy_log(LOG_INFO, line, n);
  }
  return 1;
}

EXPORT(proxy_on_request_headers)
uint32_t on_request_headers(uint32_t id, uint32_t n, uint32_t eos);
uint32_t on_request_headers(uint32_t id, uint32_t n, uint32_t eos) {
  (void)id, (void)n, (void)eos;
  ENTER();
  static const char prefix[] = "quickstart: request path ";
  const char *path;
  size_t len;
  if (proxy_get_header_map_value(MAP_REQUEST_HEADERS, ":path", 5, &path, &len) != STATUS_OK)
    return CONTINUE;
  char *line = bump(sizeof prefix - 1 + len);
  if (!line)
    return CONTINUE;
  __builtin_memcpy(line, prefix, sizeof prefix - 1);
  __builtin_memcpy(line + sizeof prefix - 1, path, len);
  proxy_log(LOG_INFO, line, sizeof prefix - 1 + len);
  return CONTINUE;
}

EXPORT(proxy_on_response_headers)
uint32_t on_response_headers(uint32_t id, uint32_t n, uint32_t eos);
uint32_t on_response_headers(uint32_t id, uint32_t n, uint32_t eos) {
  (void)id, (void)n, (void)eos;
  proxy_add_header_map_value(MAP_RESPONSE_HEADERS, header, header_len, value, value_len);
  return CONTINUE;
}
