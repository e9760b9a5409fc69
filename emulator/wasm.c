/*
 * wasm.c - the wasm mode: each VM runs its own instance of a module that
 * wasm2c translated from the plugin's built .wasm, started and called as
 * Envoy (proxy-wasm-cpp-host) does it.
 *
 * Linked only into wasm-mode tests (mk/wasm2c.mk); vm.c calls in through
 * weak references. The emulator's dispatch calls plain functions without
 * an instance (emu_exports); the trampolines here find the instance from
 * the innermost module call (call.c's frame), run the export under a trap
 * guard and translate pointers. A trap ends the test program with Envoy's
 * message: Envoy would fail the VM and answer 503, which no test expects.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include "wasm-rt-impl.h"
#include "wasm_host.h"

#if !WASM_RT_USE_STACK_DEPTH_COUNT
#error "build the wasm mode with -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0 (see mk/wasm2c.mk)"
#endif

/* V8's limit in Envoy: 1 GiB of linear memory per VM. */
#define MAX_PAGES 16384u

static proxywasm__emu_wasm_module *modules;

void proxywasm__emu_wasm_register(proxywasm__emu_wasm_module *m) {
  m->next = modules;
  modules = m;
}

/* ---- memory ---- */

char *proxywasm__emu_wasm_at(emu_wasm *w, uint32_t off, uint64_t len) {
  wasm_rt_memory_t *m = w->mod->memory(w->inst);
  if ((uint64_t)off + len > m->size)
    return NULL;
  return (char *)m->data + off;
}

uint32_t proxywasm__emu_wasm_addr(emu_wasm *w, const char *p) {
  if (p == NULL)
    return 0;
  if (p != w->last_ptr) {
    fprintf(stderr, "emulator (wasm): a hostcall returned memory the module did not allocate\n");
    abort();
  }
  return w->last_off;
}

/* ---- calls into the module ---- */

/* V8's message for a trap (Envoy's engine): wasm2c's trap kinds are
   coarser than V8's, so where one kind covers several V8 messages the
   commonest is given. A trap the host raised (w->reason) is a plain Error. */
static const char *trap_text(wasm_rt_trap_t t) {
  switch (t) {
  case WASM_RT_TRAP_OOB:
    return "RuntimeError: memory access out of bounds";
  case WASM_RT_TRAP_INT_OVERFLOW: /* also float-to-int out of range */
    return "RuntimeError: divide result unrepresentable";
  case WASM_RT_TRAP_DIV_BY_ZERO: /* also remainder by zero */
    return "RuntimeError: divide by zero";
  case WASM_RT_TRAP_INVALID_CONVERSION:
    return "RuntimeError: float unrepresentable in integer range";
  case WASM_RT_TRAP_UNREACHABLE:
    return "RuntimeError: unreachable";
  case WASM_RT_TRAP_CALL_INDIRECT:
    return "RuntimeError: null function or function signature mismatch";
  case WASM_RT_TRAP_EXHAUSTION:
    return "RangeError: Maximum call stack size exceeded";
  default:
    return "RuntimeError: trap";
  }
}

static void trapped(emu_wasm *w, const char *fn, wasm_rt_trap_t t) {
  w->failed = true;
  char why[160];
  if (w->reason)
    snprintf(why, sizeof why, "Error: %s", w->reason);
  else
    snprintf(why, sizeof why, "%s", trap_text(t));
  emu_frame *f = proxywasm__emu_top();
  proxywasm_emu *emu = f ? f->vm->host : NULL;
  proxywasm__emu_err(emu, "Function: %s failed: Uncaught %s", fn, why);
  fprintf(stderr, "emulator (wasm %s): Function: %s failed: Uncaught %s\n", w->mod->name, fn, why);
  if (!w->loading)
    abort();
}

_Noreturn void proxywasm__emu_wasm_trap(emu_wasm *w, const char *reason) {
  w->reason = reason;
  wasm_rt_trap(WASM_RT_TRAP_UNREACHABLE);
}

void proxywasm__emu_wasm_allowed(emu_wasm *w, unsigned phases) {
  if (w->restricted == EMU_WASM_FREE ||
      (w->restricted == EMU_WASM_STARTING && (phases & EMU_WASM_IN_START)) ||
      (w->restricted == EMU_WASM_ALLOCATING && (phases & EMU_WASM_IN_ALLOC)))
    return;
  proxywasm__emu_wasm_trap(w, "restricted_callback");
}

/* Runs stmt (a call into w) under its own trap guard. Guards nest (the host
   calls the allocator from inside a hook), and wasm-rt keeps one jump buffer,
   so the outer guard's buffer is saved and restored around the call. */
#define GUARDED(w, fn, stmt)                                   \
  do {                                                         \
    if ((w)->failed || (w)->killed)                            \
      break;                                                   \
    jmp_buf saved_;                                            \
    memcpy(saved_, wasm_rt_jmp_buf, sizeof saved_);            \
    uint32_t depth_ = wasm_rt_saved_call_stack_depth;          \
    wasm_rt_trap_t trap_ = (wasm_rt_trap_t)wasm_rt_impl_try(); \
    if (trap_ == WASM_RT_TRAP_NONE) {                          \
      stmt;                                                    \
    }                                                          \
    memcpy(wasm_rt_jmp_buf, saved_, sizeof saved_);            \
    wasm_rt_saved_call_stack_depth = depth_;                   \
    if (trap_ != WASM_RT_TRAP_NONE)                            \
      trapped((w), (fn), trap_);                               \
  } while (0)

/* The instance of the VM the emulator is calling (or the static VM, for a
   hostcall from the test body). */
static emu_wasm *current(void) {
  emu_frame *f = proxywasm__emu_top();
  proxywasm_emu_vm *vm = f ? f->vm : proxywasm__emu_static_vm;
  if (vm == NULL || vm->wasm == NULL) {
    fprintf(stderr, "emulator (wasm): a module call outside any VM\n");
    abort();
  }
  return vm->wasm;
}

static void *t_alloc(size_t n) {
  emu_wasm *w = current();
  if (n > UINT32_MAX)
    return NULL;
  uint32_t (*fn)(void *, uint32_t) =
      w->mod->malloc ? w->mod->malloc : w->mod->proxy_on_memory_allocate;
  volatile uint32_t off = 0;
  int saved = w->restricted;
  w->restricted = EMU_WASM_ALLOCATING;
  GUARDED(w, w->mod->malloc ? "malloc" : "proxy_on_memory_allocate",
          off = fn(w->inst, (uint32_t)n));
  w->restricted = saved;
  char *p = off ? proxywasm__emu_wasm_at(w, off, n) : NULL;
  if (p == NULL)
    return NULL; /* Envoy: 0 or a block outside memory fails the hostcall */
  w->last_off = off;
  w->last_ptr = p;
  return p;
}

/* One trampoline per export; T<k> for k arguments, R for a u32 result. */
#define VOID1(ex)                            \
  static void t_##ex(uint32_t a) {           \
    emu_wasm *w = current();                 \
    GUARDED(w, #ex, w->mod->ex(w->inst, a)); \
  }
#define VOID2(ex)                               \
  static void t_##ex(uint32_t a, uint32_t b) {  \
    emu_wasm *w = current();                    \
    GUARDED(w, #ex, w->mod->ex(w->inst, a, b)); \
  }
#define VOID3(ex)                                          \
  static void t_##ex(uint32_t a, uint32_t b, uint32_t c) { \
    emu_wasm *w = current();                               \
    GUARDED(w, #ex, w->mod->ex(w->inst, a, b, c));         \
  }
#define RET1(ex)                                 \
  static uint32_t t_##ex(uint32_t a) {           \
    emu_wasm *w = current();                     \
    volatile uint32_t r = 0;                     \
    GUARDED(w, #ex, r = w->mod->ex(w->inst, a)); \
    return r;                                    \
  }
#define RET2(ex)                                    \
  static uint32_t t_##ex(uint32_t a, uint32_t b) {  \
    emu_wasm *w = current();                        \
    volatile uint32_t r = 0;                        \
    GUARDED(w, #ex, r = w->mod->ex(w->inst, a, b)); \
    return r;                                       \
  }
#define RET3(ex)                                               \
  static uint32_t t_##ex(uint32_t a, uint32_t b, uint32_t c) { \
    emu_wasm *w = current();                                   \
    volatile uint32_t r = 0;                                   \
    GUARDED(w, #ex, r = w->mod->ex(w->inst, a, b, c));         \
    return r;                                                  \
  }

VOID2(proxy_on_context_create)
RET2(proxy_on_vm_start)
RET2(proxy_on_configure)
RET1(proxy_on_done)
VOID1(proxy_on_log)
VOID1(proxy_on_delete)
VOID1(proxy_on_tick)
VOID2(proxy_on_queue_ready)
VOID3(proxy_on_foreign_function)
RET1(proxy_on_new_connection)
RET3(proxy_on_downstream_data)
RET3(proxy_on_upstream_data)
VOID2(proxy_on_downstream_connection_close)
VOID2(proxy_on_upstream_connection_close)
RET3(proxy_on_request_headers)
RET3(proxy_on_request_body)
RET2(proxy_on_request_trailers)
RET3(proxy_on_response_headers)
RET3(proxy_on_response_body)
RET2(proxy_on_response_trailers)
VOID3(proxy_on_grpc_receive_initial_metadata)
VOID3(proxy_on_grpc_receive)
VOID3(proxy_on_grpc_receive_trailing_metadata)
VOID3(proxy_on_grpc_close)

static void t_proxy_on_http_call_response(uint32_t a, uint32_t b, uint32_t c, uint32_t d,
                                          uint32_t e) {
  emu_wasm *w = current();
  GUARDED(w, "proxy_on_http_call_response",
          w->mod->proxy_on_http_call_response(w->inst, a, b, c, d, e));
}

/* The emulator's dispatch table: an export the module lacks stays NULL,
   so the emulator skips that call as Envoy does. */
#define EX(field, name) vm->ex.field = m->name ? t_##name : NULL
static void fill_exports(proxywasm_emu_vm *vm, const proxywasm__emu_wasm_module *m) {
  vm->ex.memory_allocate = t_alloc;
  EX(context_create, proxy_on_context_create);
  EX(vm_start, proxy_on_vm_start);
  EX(configure, proxy_on_configure);
  EX(done, proxy_on_done);
  EX(log, proxy_on_log);
  EX(del, proxy_on_delete);
  EX(tick, proxy_on_tick);
  EX(queue_ready, proxy_on_queue_ready);
  EX(foreign_function, proxy_on_foreign_function);
  EX(new_connection, proxy_on_new_connection);
  EX(downstream_data, proxy_on_downstream_data);
  EX(upstream_data, proxy_on_upstream_data);
  EX(downstream_close, proxy_on_downstream_connection_close);
  EX(upstream_close, proxy_on_upstream_connection_close);
  EX(request_headers, proxy_on_request_headers);
  EX(request_body, proxy_on_request_body);
  EX(request_trailers, proxy_on_request_trailers);
  EX(response_headers, proxy_on_response_headers);
  EX(response_body, proxy_on_response_body);
  EX(response_trailers, proxy_on_response_trailers);
  EX(http_call_response, proxy_on_http_call_response);
  EX(grpc_initial, proxy_on_grpc_receive_initial_metadata);
  EX(grpc_message, proxy_on_grpc_receive);
  EX(grpc_trailing, proxy_on_grpc_receive_trailing_metadata);
  EX(grpc_close, proxy_on_grpc_close);
}

/* ---- loading ---- */

/* plugin_path names a module by its last segments: "shared_queue/receiver",
   "../emulator/testdata/queue_sender" or ".../queue_sender.wasm". */
static proxywasm__emu_wasm_module *find(const char *path) {
  if (path == NULL) /* the plugin linked into the test: the only module */
    return modules && modules->next == NULL ? modules : NULL;
  for (proxywasm__emu_wasm_module *m = modules; m; m = m->next) {
    size_t pl = strlen(path), nl = strlen(m->name);
    if (pl > 5 && strcmp(path + pl - 5, ".wasm") == 0)
      pl -= 5;
    else if (pl > 3 && strcmp(path + pl - 3, ".so") == 0)
      pl -= 3;
    if (pl >= nl && strncmp(path + pl - nl, m->name, nl) == 0 &&
        (pl == nl || path[pl - nl - 1] == '/'))
      return m;
  }
  return NULL;
}

static void unload(emu_wasm *w) {
  if (w->instantiated)
    w->mod->free(w->inst);
  free(w->inst);
  free(w);
}

static void instantiate(emu_wasm *w) {
  GUARDED(w, "instantiate",
          (w->mod->instantiate(w->inst, &w->env, &w->wasi), w->instantiated = true));
}

/* Envoy's start: _initialize (then __main_void), or _start, with only
   logging, clock, random and environment allowed. */
static bool start(proxywasm_emu_vm *vm, emu_wasm *w) {
  const proxywasm__emu_wasm_module *m = w->mod;
  emu_frame f;
  proxywasm__emu_enter(&f, vm, 0);
  w->loading = true;
  w->restricted = EMU_WASM_STARTING;
  if (m->_initialize) {
    GUARDED(w, "_initialize", m->_initialize(w->inst));
    if (m->__main_void)
      GUARDED(w, "__main_void", (void)m->__main_void(w->inst));
  } else if (m->_start) {
    GUARDED(w, "_start", m->_start(w->inst));
  }
  w->restricted = EMU_WASM_FREE;
  w->loading = false;
  proxywasm__emu_leave(&f);
  return !w->failed;
}

/* A fresh instance of m for vm, instantiated and started (vm->wasm is it
   during the start, so the start's hostcalls reach it). NULL if either
   trapped; vm->wasm is left NULL then. */
static emu_wasm *open_instance(proxywasm_emu_vm *vm, const proxywasm__emu_wasm_module *m) {
  emu_wasm *w = calloc(1, sizeof *w);
  if (w == NULL || (w->inst = calloc(1, m->instance_size)) == NULL) {
    free(w);
    proxywasm__emu_err(vm->host, "out of memory");
    return NULL;
  }
  w->mod = m;
  w->env.w = w->wasi.w = w;
  w->loading = true;
  instantiate(w);
  if (!w->failed && m->memory(w->inst)->max_pages > MAX_PAGES)
    m->memory(w->inst)->max_pages = MAX_PAGES;
  vm->wasm = w;
  if (w->failed || !start(vm, w)) {
    vm->wasm = NULL;
    unload(w);
    return NULL;
  }
  return w;
}

/* ---- Envoy's start-up (proxywasm_emu_set_envoy_starts) ----

   proxy-wasm-cpp-host's createWasm makes a base VM per vm_key (module,
   vm_id, VM configuration) that runs _initialize and no hook; for each
   plugin configuration new to that base it starts a canary clone
   (_initialize, on_context_create, on_vm_start, on_configure), keeps the
   answer and drops the clone without on_done or on_delete
   (WasmHandleBase::canary, kill); then each thread gets its own clone
   (getOrCreateThreadLocalPlugin), which here are the test's VMs. */

static bool same_config(const emu_buf *a, const emu_buf *b) {
  return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

/* Another live VM of vm's host comes from the same base VM as vm would. */
static bool base_alive(const proxywasm_emu_vm *vm, const proxywasm__emu_wasm_module *m) {
  for (const proxywasm_emu_vm *v = vm->host->vms; v; v = v->next) {
    const emu_wasm *o = v->wasm;
    if (v != vm && o && o->mod == m && strcmp(v->vm_id, vm->vm_id) == 0 &&
        same_config(&v->config, &vm->config))
      return true;
  }
  return false;
}

/* The base VM: started for its _initialize, then dropped (it runs no
   hook, so nothing else of it is observable). */
static bool start_base(proxywasm_emu_vm *vm, const proxywasm__emu_wasm_module *m) {
  emu_wasm *b = open_instance(vm, m);
  vm->wasm = NULL;
  if (b == NULL)
    return false;
  unload(b);
  return true;
}

static bool same_str(const char *a, const char *b) { return strcmp(a, b ? b : "") == 0; }

/* The base VM of vm already ran a canary for this plugin configuration
   (Envoy caches its answer per plugin key). */
static bool canary_ran(const proxywasm_emu_vm *vm, const proxywasm_emu_plugin_options *o,
                       const emu_buf *config) {
  for (const proxywasm_emu_vm *v = vm->host->vms; v; v = v->next) {
    const emu_wasm *ow = v->wasm, *w = vm->wasm;
    if (ow == NULL || ow->canary || ow->mod != w->mod || strcmp(v->vm_id, vm->vm_id) != 0 ||
        !same_config(&v->config, &vm->config))
      continue;
    for (size_t i = 0; i < v->nctx; i++) {
      const emu_ctx *c = v->ctxs[i];
      if (c->kind == EMU_ROOT && same_str(c->name, o->name) && same_str(c->root_name, o->root_id) &&
          same_config(&c->config, config))
        return true;
    }
  }
  return false;
}

bool proxywasm__emu_wasm_canary(proxywasm_emu_vm *vm, const proxywasm_emu_plugin_options *o) {
  emu_wasm *w = vm->wasm;
  if (w == NULL || w->canary || !vm->host->envoy_starts)
    return true;
  emu_buf config = {0};
  size_t clen = o->configuration && o->configuration_len == 0
                    ? strlen((const char *)o->configuration)
                    : o->configuration_len;
  if (o->configuration && proxywasm__emu_buf_set(&config, o->configuration, clen) != 0) {
    proxywasm__emu_err(vm->host, "out of memory");
    return false;
  }
  bool ran = canary_ran(vm, o, &config);
  proxywasm__emu_buf_free(&config);
  if (ran)
    return true;
  proxywasm_emu_vm_options vo = {0};
  vo.vm_id = vm->vm_id;
  vo.configuration = vm->config.len ? vm->config.data : NULL;
  vo.configuration_len = vm->config.len;
  vo.plugin_path = w->mod->name;
  proxywasm_emu_vm *cv = proxywasm_emu_vm_new(vm->host, &vo);
  if (cv == NULL)
    return false; /* its _initialize trapped: the error says how */
  emu_wasm *cw = cv->wasm;
  cw->canary = true;
  cw->loading = true; /* a trap fails the configuration, as a false start does */
  const char *why = NULL;
  uint32_t root = proxywasm_emu_plugin_new(cv, o);
  if (root == 0 || !proxywasm_emu_on_vm_start(cv, root) || cw->failed)
    why = "Failed to start base Wasm";
  else if (!proxywasm_emu_on_plugin_start(cv, root) || cw->failed)
    why = "Failed to configure base Wasm plugin";
  cw->killed = true; /* dropped without on_done or on_delete */
  proxywasm_emu_vm_free(cv);
  if (why) {
    proxywasm__emu_err(vm->host,
                       "configuration canary: Wasm VM failed %s (Envoy refuses the "
                       "configuration)",
                       why);
    return false;
  }
  return true;
}

int proxywasm__emu_wasm_load(proxywasm_emu_vm *vm, const char *plugin_path) {
  proxywasm__emu_wasm_module *m = find(plugin_path);
  if (m == NULL) {
    if (plugin_path)
      proxywasm__emu_err(vm->host, "plugin %s not found: no such wasm module in the test binary",
                         plugin_path);
    else
      proxywasm__emu_err(vm->host,
                         "the test binary links no single plugin, so no "
                         "proxy_on_memory_allocate of its own (%s wasm modules: load "
                         "them by plugin_path)",
                         modules ? "several" : "no");
    return -1;
  }
  if (!m->has_abi_version) {
    proxywasm__emu_err(vm->host, "%s: no proxy_abi_version_0_2_1 export", m->name);
    return -1;
  }
  if (m->malloc == NULL && m->proxy_on_memory_allocate == NULL) {
    proxywasm__emu_err(vm->host, "%s: Wasm module is missing malloc function", m->name);
    return -1;
  }
  static bool rt_ready;
  if (!rt_ready) {
    wasm_rt_init();
    rt_ready = true;
  }
  if (m->init_module) {
    m->init_module(); /* once per module: registers its function types */
    m->init_module = NULL;
  }
  if (vm->host->envoy_starts && !base_alive(vm, m) && !start_base(vm, m))
    return -1;
  if (open_instance(vm, m) == NULL)
    return -1;
  fill_exports(vm, m);
  return 0;
}

void proxywasm__emu_wasm_unload(proxywasm_emu_vm *vm) {
  if (vm->wasm)
    unload(vm->wasm);
  vm->wasm = NULL;
}
