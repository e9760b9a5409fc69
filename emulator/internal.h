/*
 * internal.h - the emulator's private data model, shared by the emulator sources.
 *
 * Naming: internal non-static symbols start with proxywasm__emu_. Every
 * file includes this header and, where it defines hostcalls, "abi.h" (the
 * SDK's private mirror of the host imports; -Isrc is on the compile line).
 */
#ifndef PROXYWASM_EMU_INTERNAL_H
#define PROXYWASM_EMU_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "proxywasm/emulator.h"

/* ---- growable bytes (util.c); data is NUL-terminated when non-NULL ---- */

typedef struct emu_buf {
  char *data;
  size_t len, cap;
} emu_buf;

int proxywasm__emu_buf_reserve(emu_buf *b, size_t extra);
int proxywasm__emu_buf_append(emu_buf *b, const void *p, size_t n);
int proxywasm__emu_buf_set(emu_buf *b, const void *p, size_t n);
/* Drops the first n bytes (all if n >= len). */
void proxywasm__emu_buf_drop_front(emu_buf *b, size_t n);
int proxywasm__emu_buf_prepend(emu_buf *b, const void *p, size_t n);
void proxywasm__emu_buf_clear(emu_buf *b);
void proxywasm__emu_buf_free(emu_buf *b);
int proxywasm__emu_buf_printf(emu_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- header lists (util.c): owned, NUL-terminated names and values ---- */

typedef struct emu_map {
  proxywasm_header *v;
  size_t n, cap;
} emu_map;

int proxywasm__emu_map_add(emu_map *m, const char *k, size_t kl, const char *v, size_t vl,
                           bool lower);
/* Removes every entry named k, then appends k: v (Envoy's setCopy). */
int proxywasm__emu_map_replace(emu_map *m, const char *k, size_t kl, const char *v, size_t vl);
/* Removes every entry named k (case-insensitive). */
void proxywasm__emu_map_remove(emu_map *m, const char *k, size_t kl);
const proxywasm_header *proxywasm__emu_map_find(const emu_map *m, const char *k, size_t kl);
void proxywasm__emu_map_clear(emu_map *m);
void proxywasm__emu_map_free(emu_map *m);
/* Replaces the content with a copy of headers. */
int proxywasm__emu_map_assign(emu_map *m, const proxywasm_header *h, size_t n, bool lower);
/* Sum of name and value lengths (Envoy's HeaderMap::byteSize). */
size_t proxywasm__emu_map_bytes(const emu_map *m);
/* Serializes in the ABI pair format; an empty map gives an empty buffer. */
int proxywasm__emu_map_encode(const emu_map *m, emu_buf *out);
/* Parses the ABI pair format into m (cleared first). Returns -1 if malformed
   or over the host limits (m is then empty), -2 if out of memory. */
int proxywasm__emu_map_decode(emu_map *m, const char *data, size_t len, bool lower);

bool proxywasm__emu_name_eq(const char *a, size_t al, const char *b, size_t bl);
char *proxywasm__emu_strdup(const char *s);
char *proxywasm__emu_memdup(const void *p, size_t n); /* NUL-terminated copy */

/* ---- hostcall names (X-macro) ---- */

/* clang-format off */
#define PROXYWASM__EMU_HOSTCALLS(X)                                            \
  X(log) X(get_log_level) X(get_current_time_nanoseconds) X(get_status)        \
  X(set_tick_period_milliseconds) X(set_effective_context) X(done)             \
  X(get_buffer_bytes) X(set_buffer_bytes) X(get_buffer_status)                 \
  X(get_header_map_pairs) X(set_header_map_pairs) X(get_header_map_size)       \
  X(get_header_map_value) X(add_header_map_value) X(replace_header_map_value)  \
  X(remove_header_map_value) X(continue_stream) X(close_stream)                \
  X(send_local_response) X(http_call) X(grpc_call) X(grpc_stream)             \
  X(grpc_send) X(grpc_cancel) X(grpc_close) X(get_shared_data)                 \
  X(set_shared_data) X(register_shared_queue) X(resolve_shared_queue)          \
  X(enqueue_shared_queue) X(dequeue_shared_queue) X(define_metric)             \
  X(increment_metric) X(record_metric) X(get_metric) X(get_property)           \
  X(set_property) X(call_foreign_function)
/* clang-format on */

enum {
#define PROXYWASM__EMU_X(n) EMU_HC_##n,
  PROXYWASM__EMU_HOSTCALLS(PROXYWASM__EMU_X)
#undef PROXYWASM__EMU_X
      EMU_HC_COUNT
};

extern const char *const proxywasm__emu_hostcall_names[EMU_HC_COUNT];

/* ---- module exports ---- */

typedef struct emu_exports {
  void *(*memory_allocate)(size_t);
  void (*context_create)(uint32_t, uint32_t);
  uint32_t (*vm_start)(uint32_t, uint32_t);
  uint32_t (*configure)(uint32_t, uint32_t);
  uint32_t (*done)(uint32_t);
  void (*log)(uint32_t);
  void (*del)(uint32_t);
  void (*tick)(uint32_t);
  void (*queue_ready)(uint32_t, uint32_t);
  void (*foreign_function)(uint32_t, uint32_t, uint32_t);
  uint32_t (*new_connection)(uint32_t);
  uint32_t (*downstream_data)(uint32_t, uint32_t, uint32_t);
  uint32_t (*upstream_data)(uint32_t, uint32_t, uint32_t);
  void (*downstream_close)(uint32_t, uint32_t);
  void (*upstream_close)(uint32_t, uint32_t);
  uint32_t (*request_headers)(uint32_t, uint32_t, uint32_t);
  uint32_t (*request_body)(uint32_t, uint32_t, uint32_t);
  uint32_t (*request_trailers)(uint32_t, uint32_t);
  uint32_t (*response_headers)(uint32_t, uint32_t, uint32_t);
  uint32_t (*response_body)(uint32_t, uint32_t, uint32_t);
  uint32_t (*response_trailers)(uint32_t, uint32_t);
  void (*http_call_response)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
  void (*grpc_initial)(uint32_t, uint32_t, uint32_t);
  void (*grpc_message)(uint32_t, uint32_t, uint32_t);
  void (*grpc_trailing)(uint32_t, uint32_t, uint32_t);
  void (*grpc_close)(uint32_t, uint32_t, uint32_t);
} emu_exports;

/* The exports of the plugin linked into the test binary (static.c). */
void proxywasm__emu_static_exports(emu_exports *ex);
void proxywasm__emu_static_end(void);

/* ---- properties ---- */

typedef struct emu_prop {
  emu_buf path; /* segments joined by NUL, no trailing NUL */
  emu_buf value;
} emu_prop;

typedef struct emu_props {
  emu_prop *v;
  size_t n, cap;
} emu_props;

int proxywasm__emu_props_set(emu_props *p, const char *path, size_t plen, const void *v, size_t vl);
const emu_prop *proxywasm__emu_props_find(const emu_props *p, const char *path, size_t plen);
void proxywasm__emu_props_free(emu_props *p);
/* Joins segments with NUL into out. Returns -1 on an empty path or OOM. */
int proxywasm__emu_path_join(const char *const *path, size_t n, emu_buf *out);

/* ---- contexts ---- */

enum { EMU_ROOT = 1, EMU_HTTP = 2, EMU_TCP = 3 };

typedef struct emu_ctx {
  uint32_t id;
  uint32_t root_id; /* self for a root */
  int kind;
  proxywasm_emu_context_state state;
  /* root */
  char *name, *root_name;
  emu_buf config;
  uint32_t tick_ms;
  uint64_t tick_due;
  uint32_t status_code; /* proxy_get_status */
  emu_buf status_msg;
  /* streams: maps 0..3 and buffers 0..3 by ABI type */
  emu_map maps[4];
  bool map_avail[4];
  emu_buf bufs[4], sent[4];
  bool buf_avail[4], buffering[4];
  bool map_lazy[4];        /* trailers Envoy creates on the first write or size call */
  bool headers_stopped[2]; /* request/response headers hook stopped the chain */
  bool in_log;
  bool lr_in_call;          /* a local response was sent during the running hook */
  proxywasm_action action;  /* what the last stream hook returned (CONTINUE after a resume) */
  proxywasm_action applied; /* that result as Envoy converted and applied it */
  bool has_lr;
  proxywasm_emu_local_response lr;
  emu_map lr_headers;
  emu_buf lr_body;
  char *lr_details;
  unsigned closes[4], resumes[4];
  emu_props props;
} emu_ctx;

/* ---- callouts ---- */

typedef struct emu_callout {
  proxywasm_emu_callout pub;
  emu_map headers, trailers;
  emu_buf body;
  char *cluster;
} emu_callout;

typedef struct emu_grpc {
  proxywasm_emu_grpc pub;
  emu_buf upstream, message;
  char *service, *method;
  emu_map metadata;
  emu_buf *sends;
  size_t nsends;
  bool ending; /* its last callback runs: Envoy still knows it until that returns */
} emu_grpc;

/* What a root context may read while one delivery runs. */
enum {
  EMU_DELIVER_NONE,
  EMU_DELIVER_HTTP,
  EMU_DELIVER_GRPC_INITIAL,
  EMU_DELIVER_GRPC_MESSAGE,
  EMU_DELIVER_GRPC_TRAILING,
  EMU_DELIVER_FOREIGN
};

typedef struct emu_delivery {
  int kind;
  uint32_t root;
  emu_map headers, trailers; /* HTTP response or gRPC metadata (headers) */
  emu_buf body;              /* HTTP body, gRPC message or foreign args */
} emu_delivery;

/* ---- VM ---- */

struct proxywasm_emu_vm {
  proxywasm_emu *host;
  uint32_t next_http_token, next_grpc_token; /* Envoy's per-VM counters */
  proxywasm_emu_vm *next;
  char *vm_id;
  emu_buf config;
  bool is_static;
  void *dl;
  char *dl_path;
  emu_exports ex;
  void *wasm;     /* wasm mode: the module instance (wasm.c) */
  emu_ctx **ctxs; /* ctxs[id - 1] */
  size_t nctx, capctx;
  uint32_t first_root;
  uint32_t configuring; /* root whose configuration is readable now, or 0 */
  unsigned busy;
  emu_buf trace;
  emu_callout **callouts;
  size_t ncallouts, capcallouts;
  emu_grpc **grpcs;
  size_t ngrpcs, capgrpcs;
  emu_delivery delivery;
  size_t ctx_blocks; /* live proxywasm_context_alloc blocks (call.c) */
};

/* ---- host ---- */

typedef struct emu_kv {
  char *vm_id, *key;
  emu_buf value;
  uint32_t cas;
} emu_kv;

typedef struct emu_queue {
  uint32_t id;
  char *vm_id, *name;
  proxywasm_emu_vm *owner; /* NULL once its VM is freed */
  uint32_t owner_root;
  emu_buf *items;
  size_t head, n, cap; /* items[head .. head+n) */
} emu_queue;

typedef struct emu_metric {
  uint32_t type;
  char *name;
  uint64_t value;
  uint64_t *samples;
  size_t nsamples, capsamples;
} emu_metric;

typedef struct emu_foreign {
  char *name;
  proxywasm_emu_foreign_fn fn;
  void *user;
} emu_foreign;

typedef struct emu_event {
  proxywasm_emu_vm *vm;
  uint32_t root, queue;
} emu_event;

/* Work Envoy runs after the outermost module call returns. */
enum { EMU_AFTER_CONTINUE, EMU_AFTER_CLOSE, EMU_AFTER_LOCAL_RESPONSE, EMU_AFTER_DELETE };
typedef struct emu_after {
  int kind;
  proxywasm_emu_vm *vm;
  uint32_t id, arg;
  emu_ctx *lr; /* a scratch context holding the local response */
} emu_after;

struct proxywasm_emu {
  char error[512];
  uint64_t now_ns;
  proxywasm_log_level log_level;
  bool echo;
  proxywasm_emu_log_entry *logs;
  size_t nlogs, caplogs;
  proxywasm_emu_vm *vms;
  emu_kv *kv;
  size_t nkv, capkv;
  uint32_t next_cas;
  emu_queue *queues;
  size_t nqueues, capqueues;
  emu_metric *metrics;
  size_t nmetrics, capmetrics;
  /* Every proxy_define_metric gets a new id (as in Envoy), also for a name
     defined before: metric_ids[(id >> 2) - 1] is the index in metrics. */
  size_t *metric_ids;
  size_t nmetric_ids, capmetric_ids;
  emu_props props;
  emu_foreign *foreign;
  size_t nforeign, capforeign;
  char **clusters;
  size_t nclusters, capclusters;
  bool strict_clusters;   /* unknown clusters fail even when none is declared */
  size_t invalid_headers; /* header writes outside field syntax (fields.c) */
  struct {
    unsigned count;
    proxywasm_status status;
  } faults[EMU_HC_COUNT];
  unsigned calls[EMU_HC_COUNT];
  unsigned mod_skip, mod_fail, sdk_skip, sdk_fail, ctx_skip, ctx_fail;
  emu_event *events;
  size_t nevents, capevents;
  bool auto_deliver;
  bool envoy_starts; /* wasm mode: Envoy's base VM and configuration canary */
  unsigned depth;    /* module calls in progress */
  emu_after *after;
  size_t nafter, capafter;
  proxywasm_emu_shared_read_fn on_shared_read; /* simulated concurrent writers */
  struct {
    emu_buf bytes;
    bool null;    /* the module passed a NULL pointer */
  } sent_maps[8]; /* the latest serialized maps received, a ring (util.c) */
  size_t nsent_maps;
  void *on_shared_read_user;
  const unsigned char *hostile; /* hostile.c: the bytes still to answer from */
  size_t hostile_len;
};

/* Hostile mode (hostile.c): answers a hostcall from the fuzz bytes. True
   when it answered (*status set, nothing else done). */
bool proxywasm__emu_hostile_status(proxywasm_emu *emu, uint32_t *status);
/* Hostile mode for returned bytes; true when it answered. */
bool proxywasm__emu_hostile_copy_out(proxywasm_emu_vm *vm, const void *data, size_t len,
                                     const char **ptr, size_t *size, uint32_t *status);

/* ---- call machinery (call.c) ---- */

/* A module call in progress: the VM, the callee and the effective context. */
typedef struct emu_frame {
  proxywasm_emu_vm *vm;
  uint32_t ctx, eff;
  struct emu_frame *prev;
} emu_frame;

void proxywasm__emu_enter(emu_frame *f, proxywasm_emu_vm *vm, uint32_t ctx);
/* Pops the frame; at the outermost level runs the after-call work. */
void proxywasm__emu_leave(emu_frame *f);
/* Delivers posted events when the host is idle and auto delivery is on. */
void proxywasm__emu_flush(proxywasm_emu *emu);
/* The innermost frame, or NULL. */
emu_frame *proxywasm__emu_top(void);
/* Appends to the VM's call trace. */
void proxywasm__emu_trace(proxywasm_emu_vm *vm, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int proxywasm__emu_after_add(proxywasm_emu *emu, const emu_after *a);
int proxywasm__emu_post(proxywasm_emu *emu, proxywasm_emu_vm *vm, uint32_t root, uint32_t queue);

/* Hostcall prologue: the frame to act on (counting the call), or NULL when
   the call must return *status (fault injection, no VM). */
emu_frame *proxywasm__emu_hostcall(int hc, uint32_t *status);
/* Copies data into the module through its allocator (copyToPointerSize). */
uint32_t proxywasm__emu_copy_out(emu_frame *f, const void *data, size_t len, const char **ptr,
                                 size_t *size);

/* The single live static VM (static.c), or NULL. */
extern proxywasm_emu_vm *proxywasm__emu_static_vm;

/* The wasm mode (wasm.c), linked only into wasm-mode tests, hence weak:
   loads the module for plugin_path (NULL: the binary's main module) into
   vm->ex and vm->wasm, or returns -1 with the error set; unloads it. */
__attribute__((weak)) int proxywasm__emu_wasm_load(proxywasm_emu_vm *vm, const char *plugin_path);
__attribute__((weak)) void proxywasm__emu_wasm_unload(proxywasm_emu_vm *vm);
/* Runs Envoy's configuration canary for a plugin about to be added to vm,
   when the host asks for Envoy's start-up; false if it refused. */
__attribute__((weak)) bool proxywasm__emu_wasm_canary(proxywasm_emu_vm *vm,
                                                      const proxywasm_emu_plugin_options *o);

/* ---- lookups (vm.c) ---- */

emu_ctx *proxywasm__emu_ctx(const proxywasm_emu_vm *vm, uint32_t id);
/* A live context (LIVE or DONE_PENDING). */
emu_ctx *proxywasm__emu_live(const proxywasm_emu_vm *vm, uint32_t id);
emu_ctx *proxywasm__emu_root_of(const proxywasm_emu_vm *vm, const emu_ctx *c);
/* A live stream context of the kind, or NULL with the host error set. */
emu_ctx *proxywasm__emu_stream(proxywasm_emu_vm *vm, uint32_t id, int kind, const char *what);
emu_ctx *proxywasm__emu_ctx_new(proxywasm_emu_vm *vm, int kind, uint32_t root);
/* Creates a stream context under root (0: the first plugin) and announces it
   to the module as Envoy does (proxy_on_context_create). NULL on misuse,
   with the error set; what names the driver. */
emu_ctx *proxywasm__emu_stream_new(proxywasm_emu_vm *vm, uint32_t root, int kind, const char *what);
void proxywasm__emu_ctx_free(emu_ctx *c);
/* Runs proxy_on_delete on a context and marks it deleted. */
void proxywasm__emu_delete(proxywasm_emu_vm *vm, emu_ctx *c);
/* The effective context of a frame, or NULL (VM context). */
emu_ctx *proxywasm__emu_eff(const emu_frame *f);

/* Flags (counts, error, stderr) a header that breaks field syntax, as
   written by hostcall hc; the hostcall's answer stays Envoy's (fields.c). */
void proxywasm__emu_field_check(emu_frame *f, int hc, const char *k, size_t kl, const char *v,
                                size_t vl);
void proxywasm__emu_map_check(emu_frame *f, int hc, const emu_map *m);

void proxywasm__emu_err(proxywasm_emu *emu, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
bool proxywasm__emu_vm_ok(const proxywasm_emu_vm *vm);

/* Applies a deferred proxy_continue_stream to a stream. */
void proxywasm__emu_resume(emu_ctx *c, uint32_t stream);
/* Frees callouts of a VM (callout.c). */
void proxywasm__emu_callouts_free(proxywasm_emu_vm *vm);
void proxywasm__emu_delivery_clear(emu_delivery *d);
/* Forgets queue owners and events of a VM (shared.c). */
void proxywasm__emu_queues_forget(proxywasm_emu *emu, proxywasm_emu_vm *vm);
void proxywasm__emu_shared_free(proxywasm_emu *emu);
void proxywasm__emu_metrics_free(proxywasm_emu *emu);

#endif /* PROXYWASM_EMU_INTERNAL_H */
