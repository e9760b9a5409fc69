/*
 * foreign.c - foreign functions: test-registered C callbacks behind
 * proxy_call_foreign_function, and the on_foreign_function driver.
 */
#include <stdlib.h>

#include "abi.h"
#include "internal.h"

static emu_foreign *find(const proxywasm_emu *emu, const char *name, size_t len) {
  for (size_t i = 0; i < emu->nforeign; i++)
    if (strlen(emu->foreign[i].name) == len && memcmp(emu->foreign[i].name, name, len) == 0)
      return &emu->foreign[i];
  return NULL;
}

proxywasm_status proxywasm_emu_register_foreign_function(proxywasm_emu *emu, const char *name,
                                                         proxywasm_emu_foreign_fn fn,
                                                         void *user_data) {
  if (emu == NULL || name == NULL || fn == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  emu_foreign *e = find(emu, name, strlen(name));
  if (e == NULL) {
    if (emu->nforeign == emu->capforeign) {
      size_t cap = emu->capforeign ? emu->capforeign * 2 : 4;
      emu_foreign *n = realloc(emu->foreign, cap * sizeof *n);
      if (n == NULL)
        return PROXYWASM_INTERNAL_FAILURE;
      emu->foreign = n;
      emu->capforeign = cap;
    }
    e = &emu->foreign[emu->nforeign];
    e->name = proxywasm__emu_strdup(name);
    if (e->name == NULL)
      return PROXYWASM_INTERNAL_FAILURE;
    emu->nforeign++;
  }
  e->fn = fn;
  e->user = user_data;
  return PROXYWASM_OK;
}

uint32_t proxy_call_foreign_function(const char *name, size_t name_size, const char *args,
                                     size_t args_size, const char **result, size_t *result_size) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_call_foreign_function, &st);
  if (f == NULL)
    return st;
  if ((name == NULL && name_size) || (args == NULL && args_size))
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  emu_foreign *e = find(f->vm->host, name ? name : "", name_size);
  if (e == NULL)
    return PROXYWASM_NOT_FOUND;
  char *out = NULL;
  size_t out_len = 0;
  proxywasm_status s = e->fn(e->user, args ? args : "", args_size, &out, &out_len);
  if (s == PROXYWASM_OK)
    st = proxywasm__emu_copy_out(f, out, out ? out_len : 0, result, result_size);
  else
    st = s;
  free(out);
  return st;
}

void proxywasm_emu_on_foreign_function(proxywasm_emu_vm *vm, uint32_t root, uint32_t function_id,
                                       const void *args, size_t len) {
  if (!proxywasm__emu_vm_ok(vm))
    return;
  emu_ctx *r = proxywasm__emu_live(vm, root);
  if (r == NULL || r->kind != EMU_ROOT) {
    proxywasm__emu_err(vm->host, "on_foreign_function: %u is not a live plugin context", root);
    return;
  }
  if (vm->ex.foreign_function == NULL)
    return;
  if (vm->delivery.kind != EMU_DELIVER_NONE) {
    proxywasm__emu_err(vm->host, "on_foreign_function: another delivery is running");
    return;
  }
  emu_delivery *d = &vm->delivery;
  if (proxywasm__emu_buf_set(&d->body, args ? args : "", args ? len : 0) != 0)
    return;
  d->kind = EMU_DELIVER_FOREIGN;
  d->root = root;
  emu_frame f;
  proxywasm__emu_enter(&f, vm, root);
  proxywasm__emu_trace(vm, "proxy_on_foreign_function(%u,%u,%zu)", root, function_id, d->body.len);
  vm->ex.foreign_function(root, function_id, (uint32_t)d->body.len);
  proxywasm__emu_delivery_clear(d);
  proxywasm__emu_leave(&f);
  proxywasm__emu_flush(vm->host);
}
