/*
 * properties.c - proxy_get_property and proxy_set_property.
 *
 * Lookup order for a context: its own properties (seeded by the test or
 * set by the plugin with proxy_set_property, like Envoy's filter state),
 * its plugin's, then plugin_name / plugin_root_id / plugin_vm_id, then the
 * host-wide ones. Paths match exactly (no walking into maps).
 */
#include <stdint.h>

#include "abi.h"
#include "internal.h"

/* The value of a path as context c sees it, or NULL. */
static const emu_buf *lookup(const proxywasm_emu_vm *vm, const emu_ctx *c, const char *path,
                             size_t plen, emu_buf *scratch) {
  const emu_prop *p = NULL;
  if (c)
    p = proxywasm__emu_props_find(&c->props, path, plen);
  emu_ctx *root = proxywasm__emu_root_of(vm, c);
  if (p == NULL && root && root != c)
    p = proxywasm__emu_props_find(&root->props, path, plen);
  if (p)
    return &p->value;
  const char *v = NULL;
  if (plen == 11 && memcmp(path, "plugin_name", 11) == 0 && root)
    v = root->name;
  else if (plen == 14 && memcmp(path, "plugin_root_id", 14) == 0 && root)
    v = root->root_name;
  else if (plen == 12 && memcmp(path, "plugin_vm_id", 12) == 0)
    v = vm->vm_id;
  if (v) {
    if (proxywasm__emu_buf_set(scratch, v, strlen(v)) != 0)
      return NULL;
    return scratch;
  }
  p = proxywasm__emu_props_find(&vm->host->props, path, plen);
  return p ? &p->value : NULL;
}

uint32_t proxy_get_property(const char *path, size_t path_size, const char **value,
                            size_t *value_size) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_get_property, &st);
  if (f == NULL)
    return st;
  if (path == NULL && path_size)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  /* The C++ SDK ends the path with a NUL, the Rust SDK does not. */
  if (path_size && path[path_size - 1] == 0)
    path_size--;
  emu_buf scratch = {0};
  const emu_buf *v = lookup(f->vm, proxywasm__emu_eff(f), path ? path : "", path_size, &scratch);
  st = v ? proxywasm__emu_copy_out(f, v->data, v->len, value, value_size) : PROXYWASM_NOT_FOUND;
  proxywasm__emu_buf_free(&scratch);
  return st;
}

uint32_t proxy_set_property(const char *path, size_t path_size, const char *value,
                            size_t value_size) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_set_property, &st);
  if (f == NULL)
    return st;
  if ((path == NULL && path_size) || (value == NULL && value_size))
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  emu_ctx *c = proxywasm__emu_eff(f);
  if (c == NULL || c->kind == EMU_ROOT)
    return PROXYWASM_NOT_FOUND; /* Envoy: no stream info in a root context */
  if (path_size && path[path_size - 1] == 0)
    path_size--;
  return proxywasm__emu_props_set(&c->props, path ? path : "", path_size, value, value_size) == 0
             ? PROXYWASM_OK
             : PROXYWASM_INTERNAL_FAILURE;
}

proxywasm_status proxywasm_emu_set_property(proxywasm_emu *emu, const char *const *path,
                                            size_t segments, const void *value, size_t len) {
  if (emu == NULL || (value == NULL && len))
    return PROXYWASM_BAD_ARGUMENT;
  emu_buf p = {0};
  proxywasm_status s = PROXYWASM_BAD_ARGUMENT;
  if (proxywasm__emu_path_join(path, segments, &p) == 0)
    s = proxywasm__emu_props_set(&emu->props, p.data, p.len, value, len) == 0
            ? PROXYWASM_OK
            : PROXYWASM_INTERNAL_FAILURE;
  proxywasm__emu_buf_free(&p);
  return s;
}

proxywasm_status proxywasm_emu_set_property_str(proxywasm_emu *emu, const char *const *path,
                                                size_t segments, const char *value) {
  return proxywasm_emu_set_property(emu, path, segments, value ? value : "",
                                    value ? strlen(value) : 0);
}

proxywasm_status proxywasm_emu_set_property_int(proxywasm_emu *emu, const char *const *path,
                                                size_t segments, int64_t value) {
  unsigned char b[8];
  uint64_t u = (uint64_t)value;
  for (int i = 0; i < 8; i++)
    b[i] = (unsigned char)(u >> (8 * i)); /* Envoy serializes ints little-endian */
  return proxywasm_emu_set_property(emu, path, segments, b, sizeof b);
}

proxywasm_status proxywasm_emu_context_set_property(proxywasm_emu_vm *vm, uint32_t id,
                                                    const char *const *path, size_t segments,
                                                    const void *value, size_t len) {
  emu_ctx *c = proxywasm__emu_live(vm, id);
  if (c == NULL || (value == NULL && len))
    return PROXYWASM_BAD_ARGUMENT;
  emu_buf p = {0};
  proxywasm_status s = PROXYWASM_BAD_ARGUMENT;
  if (proxywasm__emu_path_join(path, segments, &p) == 0)
    s = proxywasm__emu_props_set(&c->props, p.data, p.len, value, len) == 0
            ? PROXYWASM_OK
            : PROXYWASM_INTERNAL_FAILURE;
  proxywasm__emu_buf_free(&p);
  return s;
}

proxywasm_status proxywasm_emu_context_get_property(const proxywasm_emu_vm *vm, uint32_t id,
                                                    const char *const *path, size_t segments,
                                                    const char **value, size_t *len) {
  if (vm == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  emu_buf p = {0};
  if (proxywasm__emu_path_join(path, segments, &p) != 0) {
    proxywasm__emu_buf_free(&p);
    return PROXYWASM_BAD_ARGUMENT;
  }
  /* plugin_* values are built on the fly: look them up in a context-free
     way so the result can point at emulator-owned memory. */
  const emu_ctx *c = proxywasm__emu_ctx(vm, id);
  const emu_prop *pr = c ? proxywasm__emu_props_find(&c->props, p.data, p.len) : NULL;
  emu_ctx *root = proxywasm__emu_root_of(vm, c);
  if (pr == NULL && root && root != c)
    pr = proxywasm__emu_props_find(&root->props, p.data, p.len);
  const char *v = NULL;
  size_t vl = 0;
  if (pr) {
    v = pr->value.data ? pr->value.data : "";
    vl = pr->value.len;
  } else if (p.len == 11 && memcmp(p.data, "plugin_name", 11) == 0 && root) {
    v = root->name;
  } else if (p.len == 14 && memcmp(p.data, "plugin_root_id", 14) == 0 && root) {
    v = root->root_name;
  } else if (p.len == 12 && memcmp(p.data, "plugin_vm_id", 12) == 0) {
    v = vm->vm_id;
  }
  if (v && !pr)
    vl = strlen(v);
  if (v == NULL) {
    pr = proxywasm__emu_props_find(&vm->host->props, p.data, p.len);
    if (pr) {
      v = pr->value.data ? pr->value.data : "";
      vl = pr->value.len;
    }
  }
  proxywasm__emu_buf_free(&p);
  if (v == NULL)
    return PROXYWASM_NOT_FOUND;
  if (value)
    *value = v;
  if (len)
    *len = vl;
  return PROXYWASM_OK;
}
