/*
 * vm.c - VMs: loading a module (the linked plugin or a shared object),
 * context records, and freeing.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

#if defined(__SANITIZE_ADDRESS__)
#define EMU_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EMU_LSAN 1
#endif
#endif
#ifdef EMU_LSAN
#include <sanitizer/common_interface_defs.h>
#include <sanitizer/lsan_interface.h>
#endif

void proxywasm__emu_err(proxywasm_emu *emu, const char *fmt, ...) {
  if (emu == NULL)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(emu->error, sizeof emu->error, fmt, ap);
  va_end(ap);
}

bool proxywasm__emu_vm_ok(const proxywasm_emu_vm *vm) { return vm != NULL && vm->host != NULL; }

/* ---- contexts ---- */

emu_ctx *proxywasm__emu_ctx(const proxywasm_emu_vm *vm, uint32_t id) {
  if (vm == NULL || id == 0 || id > vm->nctx)
    return NULL;
  return vm->ctxs[id - 1];
}

emu_ctx *proxywasm__emu_live(const proxywasm_emu_vm *vm, uint32_t id) {
  emu_ctx *c = proxywasm__emu_ctx(vm, id);
  return c && c->state != PROXYWASM_EMU_CONTEXT_DELETED ? c : NULL;
}

emu_ctx *proxywasm__emu_root_of(const proxywasm_emu_vm *vm, const emu_ctx *c) {
  if (c == NULL)
    return NULL;
  if (c->kind == EMU_ROOT)
    return (emu_ctx *)c;
  return proxywasm__emu_ctx(vm, c->root_id);
}

emu_ctx *proxywasm__emu_eff(const emu_frame *f) { return proxywasm__emu_live(f->vm, f->eff); }

emu_ctx *proxywasm__emu_stream(proxywasm_emu_vm *vm, uint32_t id, int kind, const char *what) {
  if (!proxywasm__emu_vm_ok(vm))
    return NULL;
  emu_ctx *c = proxywasm__emu_ctx(vm, id);
  if (c == NULL || c->kind != kind) {
    proxywasm__emu_err(vm->host, "%s: context %u is not a%s stream of this VM", what, id,
                       kind == EMU_HTTP ? "n HTTP" : " TCP");
    return NULL;
  }
  if (c->state == PROXYWASM_EMU_CONTEXT_DELETED) {
    proxywasm__emu_err(vm->host, "%s: context %u was deleted", what, id);
    return NULL;
  }
  return c;
}

emu_ctx *proxywasm__emu_ctx_new(proxywasm_emu_vm *vm, int kind, uint32_t root) {
  if (vm->nctx == vm->capctx) {
    size_t cap = vm->capctx ? vm->capctx * 2 : 16;
    emu_ctx **n = realloc(vm->ctxs, cap * sizeof *n);
    if (n == NULL)
      return NULL;
    vm->ctxs = n;
    vm->capctx = cap;
  }
  emu_ctx *c = calloc(1, sizeof *c);
  if (c == NULL)
    return NULL;
  vm->ctxs[vm->nctx++] = c;
  c->id = (uint32_t)vm->nctx;
  c->kind = kind;
  c->root_id = kind == EMU_ROOT ? c->id : root;
  c->state = PROXYWASM_EMU_CONTEXT_LIVE;
  c->action = PROXYWASM_CONTINUE;
  c->applied = PROXYWASM_CONTINUE;
  return c;
}

void proxywasm__emu_ctx_free(emu_ctx *c) {
  if (c == NULL)
    return;
  free(c->name);
  free(c->root_name);
  proxywasm__emu_buf_free(&c->config);
  proxywasm__emu_buf_free(&c->status_msg);
  for (int i = 0; i < 4; i++) {
    proxywasm__emu_map_free(&c->maps[i]);
    proxywasm__emu_buf_free(&c->bufs[i]);
    proxywasm__emu_buf_free(&c->sent[i]);
  }
  proxywasm__emu_map_free(&c->lr_headers);
  proxywasm__emu_buf_free(&c->lr_body);
  free(c->lr_details);
  proxywasm__emu_props_free(&c->props);
  free(c);
}

void proxywasm__emu_delete(proxywasm_emu_vm *vm, emu_ctx *c) {
  for (int i = 0; i < 4; i++)
    c->map_avail[i] = c->buf_avail[i] = false;
  c->in_log = false;
  c->tick_ms = 0;
  if (vm->ex.del) {
    emu_frame f;
    proxywasm__emu_enter(&f, vm, c->id);
    proxywasm__emu_trace(vm, "proxy_on_delete(%u)", c->id);
    vm->ex.del(c->id);
    c->state = PROXYWASM_EMU_CONTEXT_DELETED;
    proxywasm__emu_leave(&f);
  }
  c->state = PROXYWASM_EMU_CONTEXT_DELETED;
}

/* ---- loading ---- */

static char *resolve_path(const char *p) {
  const char *dir = getenv("PROXYWASM_PLUGIN_DIR");
  if (dir == NULL || *dir == 0)
    dir = "build/native/examples";
  const char *fmts[4] = {"%s%s", "%s%s.so", "%s/%s", "%s/%s.so"};
  for (int i = 0; i < 4; i++) {
    char buf[4096];
    if (i < 2)
      snprintf(buf, sizeof buf, fmts[i], "", p);
    else if (p[0] == '/')
      continue;
    else
      snprintf(buf, sizeof buf, fmts[i], dir, p);
    if (access(buf, R_OK) == 0)
      return proxywasm__emu_strdup(buf);
  }
  return NULL;
}

static const char *temp_dir(void) {
  const char *tmp = getenv("TMPDIR");
  return tmp && *tmp ? tmp : "/tmp";
}

/* Deletes the copies of processes that died without cleaning up (killed,
   or stopped by a sanitizer report). Copies are named by process id. */
static void delete_stale_copies(void) {
  DIR *d = opendir(temp_dir());
  if (d == NULL)
    return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    long pid;
    char rest[8];
    if (sscanf(e->d_name, "proxywasm-emu-%ld-%7s", &pid, rest) != 2 || pid <= 0)
      continue;
    if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
      continue; /* alive, or not ours to judge */
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", temp_dir(), e->d_name);
    unlink(path);
  }
  closedir(d);
}

/* Copies src to a fresh temporary file so each VM gets its own globals. */
static char *copy_to_temp(const char *src) {
  static bool cleaned;
  if (!cleaned) {
    cleaned = true;
    delete_stale_copies();
  }
  char path[4096];
  snprintf(path, sizeof path, "%s/proxywasm-emu-%ld-XXXXXX.so", temp_dir(), (long)getpid());
  int out = mkstemps(path, 3);
  if (out < 0)
    return NULL;
  int in = open(src, O_RDONLY);
  bool ok = in >= 0;
  char buf[65536];
  while (ok) {
    ssize_t n = read(in, buf, sizeof buf);
    if (n == 0)
      break;
    if (n < 0 || write(out, buf, (size_t)n) != n)
      ok = false;
  }
  if (in >= 0)
    close(in);
  if (close(out) != 0)
    ok = false;
  if (!ok) {
    unlink(path);
    return NULL;
  }
  return proxywasm__emu_strdup(path);
}

/* Plugin copies stay loaded until the process exits: unloading one would
   turn the heap its SDK keeps in static variables into leaks for
   LeakSanitizer, and symbolizing its frames in a report needs the file.
   A destructor deletes the files; under AddressSanitizer it runs the leak
   check first (the exit-time check would come too late to read them) and
   exits with LeakSanitizer's status 23 if it found leaks. */
typedef struct kept {
  void *dl;
  char *path;
  struct kept *next;
} kept;
static kept *kept_list;

#ifdef EMU_LSAN
/* A sanitizer report ends the process without destructors: delete the
   files (the report is printed by then). */
static void delete_on_death(void) {
  for (kept *k = kept_list; k; k = k->next)
    unlink(k->path);
}
#endif

__attribute__((destructor)) static void delete_copies(void) {
  if (kept_list == NULL)
    return;
#ifdef EMU_LSAN
  int leaks = __lsan_do_recoverable_leak_check();
#endif
  while (kept_list) {
    kept *k = kept_list;
    kept_list = k->next;
    unlink(k->path);
    free(k->path);
    free(k);
  }
#ifdef EMU_LSAN
  if (leaks) {
    fflush(NULL);
    _exit(23);
  }
#endif
}

/* Takes a loaded copy over for the rest of the process. */
static int keep(void *dl, char *path) {
  kept *k = malloc(sizeof *k);
  if (k == NULL)
    return -1;
  k->dl = dl;
  k->path = path;
  k->next = kept_list;
  kept_list = k;
#ifdef EMU_LSAN
  __sanitizer_set_death_callback(delete_on_death);
#endif
  return 0;
}

/* The copy stays loaded and listed; the VM just forgets it. */
static void unload(proxywasm_emu_vm *vm) {
  vm->dl = NULL;
  vm->dl_path = NULL;
}

/* dlsym returns an object pointer; ISO C does not convert it to a function
   pointer, so copy its bytes (what POSIX guarantees to work). */
#define SYM(field, name)                       \
  do {                                         \
    void *sym_ = dlsym(vm->dl, name);          \
    memcpy(&vm->ex.field, &sym_, sizeof sym_); \
  } while (0)

static int load_shared(proxywasm_emu_vm *vm, const char *given) {
  char *src = resolve_path(given);
  if (src == NULL) {
    proxywasm__emu_err(vm->host, "plugin %s not found (PROXYWASM_PLUGIN_DIR=%s)", given,
                       getenv("PROXYWASM_PLUGIN_DIR") ? getenv("PROXYWASM_PLUGIN_DIR") : "");
    return -1;
  }
  vm->dl_path = copy_to_temp(src);
  if (vm->dl_path == NULL) {
    proxywasm__emu_err(vm->host, "cannot copy plugin %s to a temporary file", src);
    free(src);
    return -1;
  }
  vm->dl = dlopen(vm->dl_path, RTLD_NOW | RTLD_LOCAL);
  if (vm->dl == NULL) {
    const char *e = dlerror();
    proxywasm__emu_err(vm->host, "dlopen %s: %s", src, e ? e : "failed");
    free(src);
    unlink(vm->dl_path);
    free(vm->dl_path);
    vm->dl_path = NULL;
    return -1;
  }
  free(src);
  if (keep(vm->dl, vm->dl_path) != 0) {
    proxywasm__emu_err(vm->host, "out of memory");
    vm->dl = NULL; /* stays loaded: unloading could run its destructors mid-test */
    unlink(vm->dl_path);
    free(vm->dl_path);
    vm->dl_path = NULL;
    return -1;
  }
  SYM(memory_allocate, "proxy_on_memory_allocate");
  SYM(context_create, "proxy_on_context_create");
  SYM(vm_start, "proxy_on_vm_start");
  SYM(configure, "proxy_on_configure");
  SYM(done, "proxy_on_done");
  SYM(log, "proxy_on_log");
  SYM(del, "proxy_on_delete");
  SYM(tick, "proxy_on_tick");
  SYM(queue_ready, "proxy_on_queue_ready");
  SYM(foreign_function, "proxy_on_foreign_function");
  SYM(new_connection, "proxy_on_new_connection");
  SYM(downstream_data, "proxy_on_downstream_data");
  SYM(upstream_data, "proxy_on_upstream_data");
  SYM(downstream_close, "proxy_on_downstream_connection_close");
  SYM(upstream_close, "proxy_on_upstream_connection_close");
  SYM(request_headers, "proxy_on_request_headers");
  SYM(request_body, "proxy_on_request_body");
  SYM(request_trailers, "proxy_on_request_trailers");
  SYM(response_headers, "proxy_on_response_headers");
  SYM(response_body, "proxy_on_response_body");
  SYM(response_trailers, "proxy_on_response_trailers");
  SYM(http_call_response, "proxy_on_http_call_response");
  SYM(grpc_initial, "proxy_on_grpc_receive_initial_metadata");
  SYM(grpc_message, "proxy_on_grpc_receive");
  SYM(grpc_trailing, "proxy_on_grpc_receive_trailing_metadata");
  SYM(grpc_close, "proxy_on_grpc_close");
  return 0;
}

static void vm_release(proxywasm_emu_vm *vm) {
  if (vm->is_static && proxywasm__emu_static_vm == vm) {
    proxywasm__emu_static_vm = NULL;
    proxywasm__emu_static_end();
  }
  unload(vm);
  if (vm->wasm)
    proxywasm__emu_wasm_unload(vm);
  for (size_t i = 0; i < vm->nctx; i++)
    proxywasm__emu_ctx_free(vm->ctxs[i]);
  free(vm->ctxs);
  proxywasm__emu_callouts_free(vm);
  proxywasm__emu_delivery_clear(&vm->delivery);
  proxywasm__emu_map_free(&vm->delivery.headers);
  proxywasm__emu_map_free(&vm->delivery.trailers);
  proxywasm__emu_buf_free(&vm->delivery.body);
  proxywasm__emu_buf_free(&vm->trace);
  proxywasm__emu_buf_free(&vm->config);
  free(vm->vm_id);
  free(vm);
}

proxywasm_emu_vm *proxywasm_emu_vm_new(proxywasm_emu *emu, const proxywasm_emu_vm_options *opts) {
  if (emu == NULL)
    return NULL;
  proxywasm_emu_vm_options none = {0};
  if (opts == NULL)
    opts = &none;
  if (opts->plugin_path == NULL && proxywasm__emu_static_vm != NULL) {
    proxywasm__emu_err(emu, "a static VM is already alive (the linked plugin's globals are "
                            "process-wide): free it first, or load plugins as shared objects");
    return NULL;
  }
  proxywasm_emu_vm *vm = calloc(1, sizeof *vm);
  if (vm == NULL)
    return NULL;
  vm->host = emu;
  vm->vm_id = proxywasm__emu_strdup(opts->vm_id);
  size_t clen = opts->configuration && opts->configuration_len == 0
                    ? strlen((const char *)opts->configuration)
                    : opts->configuration_len;
  if (vm->vm_id == NULL ||
      (opts->configuration && proxywasm__emu_buf_set(&vm->config, opts->configuration, clen))) {
    vm_release(vm);
    return NULL;
  }
  if (proxywasm__emu_wasm_load) {
    if (proxywasm__emu_wasm_load(vm, opts->plugin_path) != 0) {
      vm_release(vm);
      return NULL;
    }
    vm->is_static = opts->plugin_path == NULL;
  } else if (opts->plugin_path == NULL) {
    proxywasm__emu_static_exports(&vm->ex);
    vm->is_static = true;
  } else if (load_shared(vm, opts->plugin_path) != 0) {
    vm_release(vm);
    return NULL;
  }
  if (vm->ex.memory_allocate == NULL) {
    /* Envoy refuses a module without an allocator. */
    proxywasm__emu_err(emu, "%s has no proxy_on_memory_allocate (is a plugin linked?)",
                       opts->plugin_path ? opts->plugin_path : "the test binary");
    vm_release(vm);
    return NULL;
  }
  if (vm->is_static)
    proxywasm__emu_static_vm = vm;
  vm->next = emu->vms;
  emu->vms = vm;
  return vm;
}

void proxywasm_emu_vm_free(proxywasm_emu_vm *vm) {
  if (vm == NULL)
    return;
  proxywasm_emu *emu = vm->host;
  if (vm->busy) {
    proxywasm__emu_err(emu, "a VM cannot be freed from inside one of its own calls");
    return;
  }
  /* Streams first, then plugins, so delete hooks free the plugin's state. */
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < vm->nctx; i++) {
      emu_ctx *c = vm->ctxs[i];
      if (c->state != PROXYWASM_EMU_CONTEXT_DELETED && (c->kind == EMU_ROOT) == (pass == 1))
        proxywasm__emu_delete(vm, c);
    }
  proxywasm__emu_queues_forget(emu, vm);
  for (size_t i = 0; i < emu->nlogs; i++)
    if (emu->logs[i].vm == vm)
      emu->logs[i].vm = NULL;
  for (proxywasm_emu_vm **p = &emu->vms; *p; p = &(*p)->next)
    if (*p == vm) {
      *p = vm->next;
      break;
    }
  vm_release(vm);
}

proxywasm_emu *proxywasm_emu_vm_host(const proxywasm_emu_vm *vm) { return vm ? vm->host : NULL; }

proxywasm_emu *proxywasm_emu_static_host(void) {
  return proxywasm__emu_static_vm ? proxywasm__emu_static_vm->host : NULL;
}

const char *proxywasm_emu_vm_id(const proxywasm_emu_vm *vm) {
  return vm && vm->vm_id ? vm->vm_id : "";
}

const char *proxywasm_emu_vm_trace(const proxywasm_emu_vm *vm) {
  return vm && vm->trace.data ? vm->trace.data : "";
}

void proxywasm_emu_vm_trace_clear(proxywasm_emu_vm *vm) {
  if (vm)
    proxywasm__emu_buf_clear(&vm->trace);
}

uint32_t proxywasm_emu_vm_root(const proxywasm_emu_vm *vm) { return vm ? vm->first_root : 0; }

proxywasm_emu_context_state proxywasm_emu_context_state_of(const proxywasm_emu_vm *vm,
                                                           uint32_t id) {
  emu_ctx *c = proxywasm__emu_ctx(vm, id);
  return c ? c->state : PROXYWASM_EMU_CONTEXT_UNKNOWN;
}

emu_ctx *proxywasm__emu_stream_new(proxywasm_emu_vm *vm, uint32_t root, int kind,
                                   const char *what) {
  if (!proxywasm__emu_vm_ok(vm))
    return NULL;
  if (root == 0)
    root = vm->first_root;
  emu_ctx *r = proxywasm__emu_live(vm, root);
  if (r == NULL || r->kind != EMU_ROOT) {
    proxywasm__emu_err(vm->host, "%s: %u is not a live plugin context", what, root);
    return NULL;
  }
  emu_ctx *c = proxywasm__emu_ctx_new(vm, kind, root);
  if (c == NULL)
    return NULL;
  if (vm->ex.context_create) {
    emu_frame f;
    proxywasm__emu_enter(&f, vm, c->id);
    proxywasm__emu_trace(vm, "proxy_on_context_create(%u,%u)", c->id, root);
    vm->ex.context_create(c->id, root);
    proxywasm__emu_leave(&f);
  }
  return c;
}
