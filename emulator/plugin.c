/*
 * plugin.c - plugin (root context) lifecycle, the clock and ticks, and the
 * hostcalls about contexts: time, tick period, effective context,
 * proxy_done and proxy_get_status.
 */
#include <stdlib.h>

#include "abi.h"
#include "internal.h"

static emu_ctx *root_ctx(proxywasm_emu_vm *vm, uint32_t root, const char *what) {
  if (!proxywasm__emu_vm_ok(vm))
    return NULL;
  emu_ctx *c = proxywasm__emu_live(vm, root);
  if (c == NULL || c->kind != EMU_ROOT) {
    proxywasm__emu_err(vm->host, "%s: %u is not a live plugin context of this VM", what, root);
    return NULL;
  }
  return c;
}

uint32_t proxywasm_emu_plugin_new(proxywasm_emu_vm *vm, const proxywasm_emu_plugin_options *o) {
  if (!proxywasm__emu_vm_ok(vm))
    return 0;
  proxywasm_emu_plugin_options none = {0};
  if (o == NULL)
    o = &none;
  if (proxywasm__emu_wasm_canary && !proxywasm__emu_wasm_canary(vm, o))
    return 0;
  emu_ctx *c = proxywasm__emu_ctx_new(vm, EMU_ROOT, 0);
  if (c == NULL)
    return 0;
  c->name = proxywasm__emu_strdup(o->name);
  c->root_name = proxywasm__emu_strdup(o->root_id);
  size_t len = o->configuration && o->configuration_len == 0
                   ? strlen((const char *)o->configuration)
                   : o->configuration_len;
  if (o->configuration)
    (void)proxywasm__emu_buf_set(&c->config, o->configuration, len);
  if (vm->first_root == 0)
    vm->first_root = c->id;
  if (vm->ex.context_create) {
    emu_frame f;
    proxywasm__emu_enter(&f, vm, c->id);
    proxywasm__emu_trace(vm, "proxy_on_context_create(%u,0)", c->id);
    uint32_t saved = vm->configuring;
    vm->configuring = c->id;
    vm->ex.context_create(c->id, 0);
    vm->configuring = saved;
    proxywasm__emu_leave(&f);
  }
  proxywasm__emu_flush(vm->host);
  return c->id;
}

static bool call_size(proxywasm_emu_vm *vm, uint32_t root, uint32_t (*fn)(uint32_t, uint32_t),
                      const char *name, size_t size) {
  if (fn == NULL)
    return true;
  emu_frame f;
  proxywasm__emu_enter(&f, vm, root);
  proxywasm__emu_trace(vm, "%s(%u,%zu)", name, root, size);
  uint32_t r = fn(root, (uint32_t)size);
  proxywasm__emu_leave(&f);
  proxywasm__emu_flush(vm->host);
  return r != 0;
}

bool proxywasm_emu_on_vm_start(proxywasm_emu_vm *vm, uint32_t root) {
  if (root_ctx(vm, root, "on_vm_start") == NULL)
    return false;
  return call_size(vm, root, vm->ex.vm_start, "proxy_on_vm_start", vm->config.len);
}

bool proxywasm_emu_on_plugin_start(proxywasm_emu_vm *vm, uint32_t root) {
  emu_ctx *c = root_ctx(vm, root, "on_plugin_start");
  if (c == NULL)
    return false;
  uint32_t saved = vm->configuring;
  vm->configuring = root;
  bool ok = call_size(vm, root, vm->ex.configure, "proxy_on_configure", c->config.len);
  vm->configuring = saved;
  return ok;
}

uint32_t proxywasm_emu_plugin_add(proxywasm_emu_vm *vm, const proxywasm_emu_plugin_options *opts,
                                  bool *started) {
  if (started)
    *started = false;
  uint32_t root = proxywasm_emu_plugin_new(vm, opts);
  if (root == 0)
    return 0;
  /* Envoy runs on_vm_start for every plugin context, not once per VM
     (tests/e2e/vm_start). */
  bool ok = proxywasm_emu_on_vm_start(vm, root);
  if (ok)
    ok = proxywasm_emu_on_plugin_start(vm, root);
  if (started)
    *started = ok;
  return root;
}

proxywasm_emu_vm *proxywasm_emu_start(proxywasm_emu *emu, const char *plugin_configuration) {
  proxywasm_emu_vm *vm = proxywasm_emu_vm_new(emu, NULL);
  if (vm == NULL)
    return NULL;
  proxywasm_emu_plugin_options o = {0};
  o.configuration = plugin_configuration;
  bool started = false;
  uint32_t root = proxywasm_emu_plugin_add(vm, &o, &started);
  if (root == 0 || !started) {
    if (root != 0)
      proxywasm__emu_err(emu, "on_vm_start or on_plugin_start returned false");
    proxywasm_emu_vm_free(vm);
    return NULL;
  }
  return vm;
}

bool proxywasm_emu_plugin_done(proxywasm_emu_vm *vm, uint32_t root) {
  emu_ctx *c = root_ctx(vm, root, "plugin_done");
  if (c == NULL || c->state != PROXYWASM_EMU_CONTEXT_LIVE)
    return false;
  bool done = true;
  if (vm->ex.done) {
    emu_frame f;
    proxywasm__emu_enter(&f, vm, root);
    proxywasm__emu_trace(vm, "proxy_on_done(%u)", root);
    done = vm->ex.done(root) != 0;
    if (!done)
      c->state = PROXYWASM_EMU_CONTEXT_DONE_PENDING;
    proxywasm__emu_leave(&f);
  }
  if (done)
    proxywasm__emu_delete(vm, c);
  proxywasm__emu_flush(vm->host);
  return done;
}

void proxywasm_emu_on_plugin_log(proxywasm_emu_vm *vm, uint32_t root) {
  if (root_ctx(vm, root, "on_plugin_log") == NULL || vm->ex.log == NULL)
    return;
  emu_frame f;
  proxywasm__emu_enter(&f, vm, root);
  proxywasm__emu_trace(vm, "proxy_on_log(%u)", root);
  vm->ex.log(root);
  proxywasm__emu_leave(&f);
  proxywasm__emu_flush(vm->host);
}

/* ---- clock and ticks ---- */

static void tick(proxywasm_emu_vm *vm, uint32_t root) {
  if (vm->ex.tick == NULL)
    return;
  emu_frame f;
  proxywasm__emu_enter(&f, vm, root);
  proxywasm__emu_trace(vm, "proxy_on_tick(%u)", root);
  vm->ex.tick(root);
  proxywasm__emu_leave(&f);
  proxywasm__emu_flush(vm->host);
}

void proxywasm_emu_on_tick(proxywasm_emu_vm *vm, uint32_t root) {
  if (root_ctx(vm, root, "on_tick") != NULL)
    tick(vm, root);
}

uint32_t proxywasm_emu_get_tick_period(const proxywasm_emu_vm *vm, uint32_t root) {
  emu_ctx *c = proxywasm__emu_ctx(vm, root);
  return c && c->kind == EMU_ROOT ? c->tick_ms : 0;
}

uint64_t proxywasm_emu_get_time(const proxywasm_emu *emu) { return emu ? emu->now_ns : 0; }

void proxywasm_emu_set_time(proxywasm_emu *emu, uint64_t ns) {
  if (emu)
    emu->now_ns = ns;
}

size_t proxywasm_emu_advance(proxywasm_emu *emu, uint64_t ms) {
  if (emu == NULL)
    return 0;
  uint64_t target = emu->now_ns + ms * 1000000u;
  size_t fired = 0;
  for (;;) {
    proxywasm_emu_vm *best_vm = NULL;
    emu_ctx *best = NULL;
    for (proxywasm_emu_vm *vm = emu->vms; vm; vm = vm->next)
      for (size_t i = 0; i < vm->nctx; i++) {
        emu_ctx *c = vm->ctxs[i];
        if (c->kind != EMU_ROOT || c->state == PROXYWASM_EMU_CONTEXT_DELETED || c->tick_ms == 0 ||
            c->tick_due > target)
          continue;
        if (best == NULL || c->tick_due < best->tick_due) {
          best = c;
          best_vm = vm;
        }
      }
    if (best == NULL)
      break;
    if (best->tick_due > emu->now_ns)
      emu->now_ns = best->tick_due;
    best->tick_due += (uint64_t)best->tick_ms * 1000000u;
    tick(best_vm, best->id);
    fired++;
  }
  emu->now_ns = target;
  return fired;
}

uint32_t proxy_get_current_time_nanoseconds(uint64_t *ns) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_get_current_time_nanoseconds, &st);
  if (f == NULL)
    return st;
  if (ns == NULL)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  *ns = f->vm->host->now_ns;
  return PROXYWASM_OK;
}

uint32_t proxy_set_tick_period_milliseconds(uint32_t period_ms) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_set_tick_period_milliseconds, &st);
  if (f == NULL)
    return st;
  emu_ctx *root = proxywasm__emu_root_of(f->vm, proxywasm__emu_eff(f));
  if (root == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  root->tick_ms = period_ms;
  root->tick_due = f->vm->host->now_ns + (uint64_t)period_ms * 1000000u;
  return PROXYWASM_OK;
}

/* ---- contexts ---- */

uint32_t proxy_set_effective_context(uint32_t context_id) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_set_effective_context, &st);
  if (f == NULL)
    return st;
  if (context_id == 0) { /* Envoy: 0 goes back to the context being called */
    f->eff = f->ctx;
    return PROXYWASM_OK;
  }
  if (proxywasm__emu_live(f->vm, context_id) == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  f->eff = context_id;
  return PROXYWASM_OK;
}

uint32_t proxy_done(void) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_done, &st);
  if (f == NULL)
    return st;
  emu_ctx *root = proxywasm__emu_root_of(f->vm, proxywasm__emu_eff(f));
  if (root == NULL || root->state != PROXYWASM_EMU_CONTEXT_DONE_PENDING)
    return PROXYWASM_NOT_FOUND;
  /* Envoy deletes it after the current call returns. */
  emu_after a = {EMU_AFTER_DELETE, f->vm, root->id, 0, NULL};
  if (proxywasm__emu_after_add(f->vm->host, &a) != 0)
    return PROXYWASM_INTERNAL_FAILURE;
  root->state = PROXYWASM_EMU_CONTEXT_LIVE; /* no longer pending; deleted soon */
  return PROXYWASM_OK;
}

uint32_t proxy_get_status(uint32_t *code, const char **msg, size_t *msg_size) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_get_status, &st);
  if (f == NULL)
    return st;
  if (code == NULL)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  emu_ctx *root = proxywasm__emu_root_of(f->vm, proxywasm__emu_eff(f));
  const emu_buf *m = root ? &root->status_msg : NULL;
  st = proxywasm__emu_copy_out(f, m ? m->data : NULL, m ? m->len : 0, msg, msg_size);
  if (st == PROXYWASM_OK)
    *code = root ? root->status_code : 0;
  return st;
}
