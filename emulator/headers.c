/*
 * headers.c - the header map hostcalls, with Envoy's availability rules:
 * an unavailable map gives BAD_ARGUMENT (NOT_FOUND for value reads in the
 * access-log phase, whatever the type), except get_header_map_pairs, which
 * gives an empty map. Trailers added at the end of a body exist only once a
 * write or get_header_map_size creates them (a read before gives BAD_ARGUMENT);
 * then they stay, to the access-log phase included (tests/fidelity rw_all).
 */
#include "abi.h"
#include "internal.h"

enum { READ, WRITE };

/* The map the effective context may use now, or NULL with *st set. */
static emu_map *map_lookup(emu_frame *f, uint32_t type, int mode, uint32_t *st) {
  *st = PROXYWASM_BAD_ARGUMENT;
  emu_ctx *c = proxywasm__emu_eff(f);
  if (type <= PROXYWASM_MAP_HTTP_RESPONSE_TRAILERS) {
    if (c == NULL || c->kind != EMU_HTTP)
      return NULL;
    if (c->in_log) {
      /* Envoy reads the access log's request/response headers and response
         trailers; it writes through its own pointers, of which only
         trailers created at the end of a body are left then. */
      if (mode == WRITE)
        return c->map_avail[type] ? &c->maps[type] : NULL;
      return type == PROXYWASM_MAP_HTTP_REQUEST_TRAILERS ? NULL : &c->maps[type];
    }
    if (!c->map_avail[type] && c->map_lazy[type] && mode == WRITE) {
      /* Envoy's mutable accessor creates the end-of-stream trailers. */
      c->map_lazy[type] = false;
      c->map_avail[type] = true;
    }
    return c->map_avail[type] ? &c->maps[type] : NULL;
  }
  if (type > PROXYWASM_MAP_HTTP_CALL_RESPONSE_TRAILERS)
    return NULL;
  /* Delivered data belongs to the root context: any context of it reads it. */
  emu_delivery *d = &f->vm->delivery;
  emu_ctx *root = proxywasm__emu_root_of(f->vm, c);
  if (root == NULL || d->kind == EMU_DELIVER_NONE || d->root != root->id)
    return NULL;
  switch (type) {
  case PROXYWASM_MAP_GRPC_INITIAL_METADATA:
    return d->kind == EMU_DELIVER_GRPC_INITIAL ? &d->headers : NULL;
  case PROXYWASM_MAP_GRPC_TRAILING_METADATA:
    return d->kind == EMU_DELIVER_GRPC_TRAILING ? &d->headers : NULL;
  case PROXYWASM_MAP_HTTP_CALL_RESPONSE_HEADERS:
    return d->kind == EMU_DELIVER_HTTP ? &d->headers : NULL;
  default:
    return d->kind == EMU_DELIVER_HTTP ? &d->trailers : NULL;
  }
}

/* Envoy checks the access-log phase before the map type: there a missing
   map of any type reads as NOT_FOUND. */
static emu_map *map_for(emu_frame *f, uint32_t type, int mode, uint32_t *st) {
  emu_map *m = map_lookup(f, type, mode, st);
  emu_ctx *c = proxywasm__emu_eff(f);
  if (m == NULL && mode == READ && c && c->in_log)
    *st = PROXYWASM_NOT_FOUND;
  return m;
}

uint32_t proxy_get_header_map_pairs(uint32_t map, const char **data, size_t *size) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_get_header_map_pairs, &st);
  if (f == NULL)
    return st;
  emu_map *m = map_for(f, map, READ, &st);
  if (m == NULL)
    return map > PROXYWASM_MAP_HTTP_CALL_RESPONSE_TRAILERS
               ? PROXYWASM_BAD_ARGUMENT
               : proxywasm__emu_copy_out(f, NULL, 0, data, size);
  emu_buf out = {0};
  if (proxywasm__emu_map_encode(m, &out) != 0) {
    proxywasm__emu_buf_free(&out);
    return PROXYWASM_INTERNAL_FAILURE;
  }
  st = proxywasm__emu_copy_out(f, out.data, out.len, data, size);
  proxywasm__emu_buf_free(&out);
  return st;
}

uint32_t proxy_set_header_map_pairs(uint32_t map, const char *data, size_t size) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_set_header_map_pairs, &st);
  if (f == NULL)
    return st;
  emu_map *m = map_for(f, map, WRITE, &st);
  if (m == NULL)
    return st;
  if (data == NULL && size)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  /* A malformed or over-limit buffer becomes an empty map (the emulator's
     rule; the SDK never sends one: it checks the limits first). */
  if (proxywasm__emu_map_decode(m, data, size, true) == -2)
    return PROXYWASM_INTERNAL_FAILURE;
  proxywasm__emu_map_check(f, EMU_HC_set_header_map_pairs, m);
  return PROXYWASM_OK;
}

uint32_t proxy_get_header_map_size(uint32_t map, size_t *size) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_get_header_map_size, &st);
  if (f == NULL)
    return st;
  /* Envoy sizes the writable map: BAD_ARGUMENT in the access-log phase too. */
  emu_map *m = map_for(f, map, WRITE, &st);
  if (m == NULL)
    return st;
  if (size == NULL)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  *size = proxywasm__emu_map_bytes(m);
  return PROXYWASM_OK;
}

uint32_t proxy_get_header_map_value(uint32_t map, const char *key, size_t key_size,
                                    const char **value, size_t *value_size) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_get_header_map_value, &st);
  if (f == NULL)
    return st;
  emu_map *m = map_for(f, map, READ, &st);
  if (m == NULL)
    return st;
  if (key == NULL && key_size)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  const proxywasm_header *h = proxywasm__emu_map_find(m, key ? key : "", key_size);
  if (h == NULL)
    return PROXYWASM_NOT_FOUND;
  return proxywasm__emu_copy_out(f, h->value.data, h->value.len, value, value_size);
}

static uint32_t modify(int hc, uint32_t map, const char *key, size_t key_size, const char *value,
                       size_t value_size) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(hc, &st);
  if (f == NULL)
    return st;
  emu_map *m = map_for(f, map, WRITE, &st);
  if (m == NULL)
    return st;
  if ((key == NULL && key_size) || (value == NULL && value_size))
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  key = key ? key : "";
  value = value ? value : "";
  if (hc != EMU_HC_remove_header_map_value)
    proxywasm__emu_field_check(f, hc, key, key_size, value, value_size);
  int r = 0;
  if (hc == EMU_HC_add_header_map_value)
    r = proxywasm__emu_map_add(m, key, key_size, value, value_size, true);
  else if (hc == EMU_HC_replace_header_map_value)
    r = proxywasm__emu_map_replace(m, key, key_size, value, value_size);
  else
    proxywasm__emu_map_remove(m, key, key_size);
  return r == 0 ? PROXYWASM_OK : PROXYWASM_INTERNAL_FAILURE;
}

uint32_t proxy_add_header_map_value(uint32_t map, const char *key, size_t key_size,
                                    const char *value, size_t value_size) {
  return modify(EMU_HC_add_header_map_value, map, key, key_size, value, value_size);
}

uint32_t proxy_replace_header_map_value(uint32_t map, const char *key, size_t key_size,
                                        const char *value, size_t value_size) {
  return modify(EMU_HC_replace_header_map_value, map, key, key_size, value, value_size);
}

uint32_t proxy_remove_header_map_value(uint32_t map, const char *key, size_t key_size) {
  return modify(EMU_HC_remove_header_map_value, map, key, key_size, NULL, 0);
}
