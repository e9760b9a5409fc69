/*
 * proxywasm/hooks.h - the expansion machinery behind PROXYWASM_HOOKS().
 * Internal: included by context.h; nothing here is public API.
 *
 * Each hook name expands to one exported thunk that forwards the host's
 * call to a shared dispatcher in the SDK, passing the user function as a
 * typed pointer (so a wrong signature is a compile error). Hooks that need
 * context records also reference an anchor symbol, which makes the linker
 * pull in the SDK's lifecycle exports; modules that need none of that
 * export nothing but the hooks they list.
 */
#ifndef PROXYWASM_HOOKS_H
#define PROXYWASM_HOOKS_H

#if defined(__wasm__)
#define PROXYWASM__EXPORT(name) __attribute__((export_name(#name)))
#else
#define PROXYWASM__EXPORT(name) __attribute__((visibility("default"), used))
#endif

/* Function shapes the dispatchers take. */
typedef proxywasm_action (*proxywasm__http_data_fn)(proxywasm_http *, size_t, bool);
typedef proxywasm_action (*proxywasm__http_trailers_fn)(proxywasm_http *, size_t);
typedef void (*proxywasm__http_fn)(proxywasm_http *);
typedef proxywasm_action (*proxywasm__tcp_new_fn)(proxywasm_tcp *);
typedef proxywasm_action (*proxywasm__tcp_data_fn)(proxywasm_tcp *, size_t, bool);
typedef void (*proxywasm__tcp_close_fn)(proxywasm_tcp *, proxywasm_peer);
typedef void (*proxywasm__tcp_fn)(proxywasm_tcp *);
typedef bool (*proxywasm__plugin_size_fn)(proxywasm_plugin *, size_t);
typedef bool (*proxywasm__plugin_bool_fn)(proxywasm_plugin *);
typedef void (*proxywasm__plugin_fn)(proxywasm_plugin *);
typedef void (*proxywasm__plugin_u32_fn)(proxywasm_plugin *, uint32_t);
typedef void (*proxywasm__foreign_fn)(proxywasm_plugin *, uint32_t, size_t);

/* Dispatchers (src/dispatch.c). */
uint32_t proxywasm__run_http_data(uint32_t id, uint32_t size, uint32_t eos,
                                  proxywasm__http_data_fn fn);
uint32_t proxywasm__run_http_trailers(uint32_t id, uint32_t n, proxywasm__http_trailers_fn fn);
uint32_t proxywasm__run_tcp_new(uint32_t id, proxywasm__tcp_new_fn fn);
uint32_t proxywasm__run_tcp_data(uint32_t id, uint32_t size, uint32_t eos,
                                 proxywasm__tcp_data_fn fn);
void proxywasm__run_tcp_close(uint32_t id, uint32_t peer, proxywasm__tcp_close_fn fn);
uint32_t proxywasm__run_plugin_size(uint32_t id, uint32_t size, proxywasm__plugin_size_fn fn);
void proxywasm__run_plugin(uint32_t id, proxywasm__plugin_fn fn);
void proxywasm__run_plugin_u32(uint32_t id, uint32_t v, proxywasm__plugin_u32_fn fn);
void proxywasm__run_foreign(uint32_t id, uint32_t function_id, uint32_t size,
                            proxywasm__foreign_fn fn);

/* The inlined common case of a stream data hook (src/dispatch.c): no
   stream records in the module (the weak lookup of lifecycle.c is null once
   linked) and no hook running. The id is stored as the record's first
   member. */
struct proxywasm_context;
/* The running hook's state (src/internal.h); one object, so that the end
   of a hook clears .current and .dirty with one store. */
struct proxywasm__hookstate {
  uint32_t effective;
  struct proxywasm_context *current;
  unsigned dirty;
};
extern struct proxywasm__hookstate proxywasm__hook;
extern struct proxywasm_context proxywasm__http_rec, proxywasm__tcp_rec;
void proxywasm__cleanup(void);
#if defined(__wasm__)
struct proxywasm_context *proxywasm__stream_lookup(uint32_t id) __attribute__((weak));
#else
struct proxywasm_context *proxywasm__stream_lookup(uint32_t id)
    __attribute__((weak, visibility("hidden")));
#endif
#define PROXYWASM__FAST(rec, id, call, slow)                 \
  do {                                                       \
    if (proxywasm__stream_lookup || proxywasm__hook.current) \
      return slow;                                           \
    *(uint32_t *)(void *)&(rec) = (id);                      \
    proxywasm__hook.current = &(rec);                        \
    proxywasm__hook.effective = (id);                        \
    uint32_t r_ = (uint32_t)(call);                          \
    proxywasm__hook.current = 0;                             \
    PROXYWASM__HOOK_END();                                   \
    return r_;                                               \
  } while (0)
/* The end of the outermost hook clears proxywasm__hook.dirty: that frees the
   arena's static region and forgets the cached log level. In wasm the
   arena's blocks past that region (bit 0) are given back by the next hook
   that needs such blocks (src/runtime/arena.c); natively, where they are
   malloc'd one by one for AddressSanitizer, at once. */
#if defined(__wasm__)
#define PROXYWASM__HOOK_END() (proxywasm__hook.dirty = 0)
#else
#define PROXYWASM__HOOK_END()                                                                  \
  (proxywasm__hook.dirty                                                                       \
       ? proxywasm__hook.dirty & 1u ? proxywasm__cleanup() : (void)(proxywasm__hook.dirty = 0) \
       : (void)0)
#endif

/* Anchors: referencing one links the matching SDK exports. */
extern const int proxywasm__records_anchor;   /* plugin records, no exports */
extern const int proxywasm__lifecycle_anchor; /* context_create, delete */
extern const int proxywasm__log_anchor;       /* on_log */
extern const int proxywasm__done_anchor;      /* on_done */
extern const int proxywasm__effective_anchor; /* switching contexts */
#define PROXYWASM__NEED(anchor, tag) \
  __attribute__((used)) static const int *const proxywasm__need_##tag = &anchor;
/* The same, only if cond (a constant) holds; otherwise no reference at all. */
#define PROXYWASM__NEED_IF(cond, anchor, tag)                           \
  __attribute__((used)) static const int *const proxywasm__need_##tag = \
      (cond) ? &anchor : (const int *)0;

/* What the hook list as a whole needs, beyond each hook's own anchors.
   Bits per hook: 1 on_http_done, 2 a TCP hook. on_log (on_http_done) must
   tell a TCP connection from an HTTP stream; a module with TCP hooks has
   both kinds, and only stream records (lifecycle.c) know which is which. */
#define PROXYWASM__KIND(name) | PROXYWASM__ARG3(PROXYWASM__HOOKINFO_##name, 0, 0, ~)
#define PROXYWASM__NEEDS(...)                                                    \
  PROXYWASM__NEED_IF((0 PROXYWASM__FOR_EACH(PROXYWASM__KIND, __VA_ARGS__)) == 3, \
                     proxywasm__lifecycle_anchor, http_and_tcp)

/* Every hook name, as "~, 1, kind": the probe makes an unknown name a
   clear compile error (PROXYWASM__HOOK) instead of a cascade. */
#define PROXYWASM__HOOKINFO_on_vm_start ~, 1, 0
#define PROXYWASM__HOOKINFO_on_plugin_start ~, 1, 0
#define PROXYWASM__HOOKINFO_on_plugin_done ~, 1, 0
#define PROXYWASM__HOOKINFO_on_plugin_delete ~, 1, 0
#define PROXYWASM__HOOKINFO_on_plugin_log ~, 1, 0
#define PROXYWASM__HOOKINFO_on_tick ~, 1, 0
#define PROXYWASM__HOOKINFO_on_queue_ready ~, 1, 0
#define PROXYWASM__HOOKINFO_on_foreign_function ~, 1, 0
#define PROXYWASM__HOOKINFO_on_http_create ~, 1, 0
#define PROXYWASM__HOOKINFO_on_request_headers ~, 1, 0
#define PROXYWASM__HOOKINFO_on_request_body ~, 1, 0
#define PROXYWASM__HOOKINFO_on_request_trailers ~, 1, 0
#define PROXYWASM__HOOKINFO_on_response_headers ~, 1, 0
#define PROXYWASM__HOOKINFO_on_response_body ~, 1, 0
#define PROXYWASM__HOOKINFO_on_response_trailers ~, 1, 0
#define PROXYWASM__HOOKINFO_on_http_done ~, 1, 1
#define PROXYWASM__HOOKINFO_on_http_delete ~, 1, 0
#define PROXYWASM__HOOKINFO_on_tcp_create ~, 1, 2
#define PROXYWASM__HOOKINFO_on_new_connection ~, 1, 2
#define PROXYWASM__HOOKINFO_on_downstream_data ~, 1, 2
#define PROXYWASM__HOOKINFO_on_upstream_data ~, 1, 2
#define PROXYWASM__HOOKINFO_on_downstream_close ~, 1, 2
#define PROXYWASM__HOOKINFO_on_upstream_close ~, 1, 2
#define PROXYWASM__HOOKINFO_on_tcp_done ~, 1, 2
#define PROXYWASM__HOOKINFO_on_tcp_delete ~, 1, 2
#define PROXYWASM__HOOK_NAMES                                        \
  "on_vm_start, on_plugin_start, on_plugin_done, on_plugin_delete, " \
  "on_plugin_log, on_tick, on_queue_ready, on_foreign_function, "    \
  "on_http_create, on_request_headers, on_request_body, "            \
  "on_request_trailers, on_response_headers, on_response_body, "     \
  "on_response_trailers, on_http_done, on_http_delete, "             \
  "on_tcp_create, on_new_connection, on_downstream_data, "           \
  "on_upstream_data, on_downstream_close, on_upstream_close, "       \
  "on_tcp_done, on_tcp_delete"
#define PROXYWASM__ARG2(...) PROXYWASM__ARG2_(__VA_ARGS__)
#define PROXYWASM__ARG2_(a, b, ...) b
#define PROXYWASM__ARG3(...) PROXYWASM__ARG3_(__VA_ARGS__)
#define PROXYWASM__ARG3_(a, b, c, ...) c
#define PROXYWASM__KNOWN(name) PROXYWASM__ARG2(PROXYWASM__HOOKINFO_##name, 0, ~)

/* User hooks called from SDK exports; weak there, defined here. */
#define PROXYWASM__USER(type, name, fn)  \
  void proxywasm__user_##name(type *c);  \
  void proxywasm__user_##name(type *c) { \
    void (*const f)(type *) = (fn);      \
    f(c);                                \
  }

/* ABI export prototypes (module -> host callbacks). */
uint32_t proxy_on_vm_start(uint32_t root_context_id, uint32_t vm_configuration_size);
uint32_t proxy_on_configure(uint32_t root_context_id, uint32_t plugin_configuration_size);
void proxy_on_tick(uint32_t root_context_id);
void proxy_on_queue_ready(uint32_t root_context_id, uint32_t queue_id);
void proxy_on_foreign_function(uint32_t root_context_id, uint32_t function_id,
                               uint32_t arguments_size);
uint32_t proxy_on_new_connection(uint32_t context_id);
uint32_t proxy_on_downstream_data(uint32_t context_id, uint32_t data_size, uint32_t end_of_stream);
uint32_t proxy_on_upstream_data(uint32_t context_id, uint32_t data_size, uint32_t end_of_stream);
void proxy_on_downstream_connection_close(uint32_t context_id, uint32_t peer_type);
void proxy_on_upstream_connection_close(uint32_t context_id, uint32_t peer_type);
uint32_t proxy_on_request_headers(uint32_t context_id, uint32_t header_count,
                                  uint32_t end_of_stream);
uint32_t proxy_on_request_body(uint32_t context_id, uint32_t body_size, uint32_t end_of_stream);
uint32_t proxy_on_request_trailers(uint32_t context_id, uint32_t trailer_count);
uint32_t proxy_on_response_headers(uint32_t context_id, uint32_t header_count,
                                   uint32_t end_of_stream);
uint32_t proxy_on_response_body(uint32_t context_id, uint32_t body_size, uint32_t end_of_stream);
uint32_t proxy_on_response_trailers(uint32_t context_id, uint32_t trailer_count);

#define PROXYWASM__HOOK(name) PROXYWASM__CAT(PROXYWASM__HOOKSEL_, PROXYWASM__KNOWN(name))(name)
#define PROXYWASM__HOOKSEL_1(name) PROXYWASM__HOOK_##name(name)
#define PROXYWASM__HOOKSEL_0(name)                               \
  _Static_assert(0, "PROXYWASM_HOOKS: unknown hook name '" #name \
                    "'; the hook names are: " PROXYWASM__HOOK_NAMES);

/* ---- VM and plugin hooks ---- */
#define PROXYWASM__HOOK_on_vm_start(fn)                    \
  PROXYWASM__NEED(proxywasm__records_anchor, vm_start)     \
  PROXYWASM__EXPORT(proxy_on_vm_start)                     \
  uint32_t proxy_on_vm_start(uint32_t id, uint32_t size) { \
    return proxywasm__run_plugin_size(id, size, (fn));     \
  }
#define PROXYWASM__HOOK_on_plugin_start(fn)                 \
  PROXYWASM__NEED(proxywasm__records_anchor, plugin_start)  \
  PROXYWASM__EXPORT(proxy_on_configure)                     \
  uint32_t proxy_on_configure(uint32_t id, uint32_t size) { \
    return proxywasm__run_plugin_size(id, size, (fn));      \
  }
#define PROXYWASM__HOOK_on_plugin_done(fn)                        \
  PROXYWASM__NEED(proxywasm__done_anchor, plugin_done)            \
  PROXYWASM__NEED(proxywasm__records_anchor, plugin_done_records) \
  bool proxywasm__user_plugin_done(proxywasm_plugin *p);          \
  bool proxywasm__user_plugin_done(proxywasm_plugin *p) {         \
    proxywasm__plugin_bool_fn const f = (fn);                     \
    return f(p);                                                  \
  }
#define PROXYWASM__HOOK_on_plugin_delete(fn)                  \
  PROXYWASM__NEED(proxywasm__lifecycle_anchor, plugin_delete) \
  PROXYWASM__USER(proxywasm_plugin, plugin_delete, fn)
#define PROXYWASM__HOOK_on_plugin_log(fn)                          \
  PROXYWASM__NEED(proxywasm__log_anchor, plugin_log)               \
  PROXYWASM__NEED(proxywasm__lifecycle_anchor, plugin_log_records) \
  PROXYWASM__USER(proxywasm_plugin, plugin_log, fn)
#define PROXYWASM__HOOK_on_tick(fn)                            \
  PROXYWASM__NEED(proxywasm__records_anchor, tick)             \
  PROXYWASM__NEED(proxywasm__effective_anchor, tick_effective) \
  PROXYWASM__EXPORT(proxy_on_tick)                             \
  void proxy_on_tick(uint32_t id) { proxywasm__run_plugin(id, (fn)); }
#define PROXYWASM__HOOK_on_queue_ready(fn)                      \
  PROXYWASM__NEED(proxywasm__records_anchor, queue_ready)       \
  PROXYWASM__NEED(proxywasm__effective_anchor, queue_effective) \
  PROXYWASM__EXPORT(proxy_on_queue_ready)                       \
  void proxy_on_queue_ready(uint32_t id, uint32_t queue_id) {   \
    proxywasm__run_plugin_u32(id, queue_id, (fn));              \
  }
#define PROXYWASM__HOOK_on_foreign_function(fn)                              \
  PROXYWASM__NEED(proxywasm__records_anchor, foreign_function)               \
  PROXYWASM__EXPORT(proxy_on_foreign_function)                               \
  void proxy_on_foreign_function(uint32_t id, uint32_t fid, uint32_t size) { \
    proxywasm__run_foreign(id, fid, size, (fn));                             \
  }

/* ---- HTTP hooks ---- */
#define PROXYWASM__HOOK_on_http_create(fn)                  \
  PROXYWASM__NEED(proxywasm__lifecycle_anchor, http_create) \
  PROXYWASM__USER(proxywasm_http, http_create, fn)
#define PROXYWASM__HOOK_on_http_done(fn)            \
  PROXYWASM__NEED(proxywasm__log_anchor, http_done) \
  PROXYWASM__USER(proxywasm_http, http_done, fn)
#define PROXYWASM__HOOK_on_http_delete(fn)                  \
  PROXYWASM__NEED(proxywasm__lifecycle_anchor, http_delete) \
  PROXYWASM__USER(proxywasm_http, http_delete, fn)
#define PROXYWASM__HTTP_DATA(name, fn)                                                  \
  PROXYWASM__EXPORT(proxy_##name)                                                       \
  uint32_t proxy_##name(uint32_t id, uint32_t size, uint32_t eos) {                     \
    proxywasm__http_data_fn const f_ = (fn);                                            \
    PROXYWASM__FAST(proxywasm__http_rec, id,                                            \
                    f_((proxywasm_http *)(void *)&proxywasm__http_rec, size, eos != 0), \
                    proxywasm__run_http_data(id, size, eos, f_));                       \
  }
#define PROXYWASM__HTTP_TRAILERS(name, fn)            \
  PROXYWASM__EXPORT(proxy_##name)                     \
  uint32_t proxy_##name(uint32_t id, uint32_t n) {    \
    return proxywasm__run_http_trailers(id, n, (fn)); \
  }
#define PROXYWASM__HOOK_on_request_headers(fn) PROXYWASM__HTTP_DATA(on_request_headers, fn)
#define PROXYWASM__HOOK_on_request_body(fn) PROXYWASM__HTTP_DATA(on_request_body, fn)
#define PROXYWASM__HOOK_on_request_trailers(fn) PROXYWASM__HTTP_TRAILERS(on_request_trailers, fn)
#define PROXYWASM__HOOK_on_response_headers(fn) PROXYWASM__HTTP_DATA(on_response_headers, fn)
#define PROXYWASM__HOOK_on_response_body(fn) PROXYWASM__HTTP_DATA(on_response_body, fn)
#define PROXYWASM__HOOK_on_response_trailers(fn) PROXYWASM__HTTP_TRAILERS(on_response_trailers, fn)

/* ---- TCP hooks ---- */
#define PROXYWASM__HOOK_on_tcp_create(fn)                  \
  PROXYWASM__NEED(proxywasm__lifecycle_anchor, tcp_create) \
  PROXYWASM__USER(proxywasm_tcp, tcp_create, fn)
#define PROXYWASM__HOOK_on_tcp_done(fn)                          \
  PROXYWASM__NEED(proxywasm__log_anchor, tcp_done)               \
  PROXYWASM__NEED(proxywasm__lifecycle_anchor, tcp_done_streams) \
  PROXYWASM__USER(proxywasm_tcp, tcp_done, fn)
#define PROXYWASM__HOOK_on_tcp_delete(fn)                  \
  PROXYWASM__NEED(proxywasm__lifecycle_anchor, tcp_delete) \
  PROXYWASM__USER(proxywasm_tcp, tcp_delete, fn)
#define PROXYWASM__HOOK_on_new_connection(fn) \
  PROXYWASM__EXPORT(proxy_on_new_connection)  \
  uint32_t proxy_on_new_connection(uint32_t id) { return proxywasm__run_tcp_new(id, (fn)); }
#define PROXYWASM__TCP_DATA(name, fn)                                                 \
  PROXYWASM__EXPORT(proxy_##name)                                                     \
  uint32_t proxy_##name(uint32_t id, uint32_t size, uint32_t eos) {                   \
    proxywasm__tcp_data_fn const f_ = (fn);                                           \
    PROXYWASM__FAST(proxywasm__tcp_rec, id,                                           \
                    f_((proxywasm_tcp *)(void *)&proxywasm__tcp_rec, size, eos != 0), \
                    proxywasm__run_tcp_data(id, size, eos, f_));                      \
  }
#define PROXYWASM__TCP_CLOSE(name, fn) \
  PROXYWASM__EXPORT(proxy_##name)      \
  void proxy_##name(uint32_t id, uint32_t peer) { proxywasm__run_tcp_close(id, peer, (fn)); }
#define PROXYWASM__HOOK_on_downstream_data(fn) PROXYWASM__TCP_DATA(on_downstream_data, fn)
#define PROXYWASM__HOOK_on_upstream_data(fn) PROXYWASM__TCP_DATA(on_upstream_data, fn)
#define PROXYWASM__HOOK_on_downstream_close(fn) \
  PROXYWASM__TCP_CLOSE(on_downstream_connection_close, fn)
#define PROXYWASM__HOOK_on_upstream_close(fn) PROXYWASM__TCP_CLOSE(on_upstream_connection_close, fn)

/* ---- Several plugins per module (PROXYWASM_PLUGIN) ---- */
/* A plugin's hooks, found by root_id at run time (src/byroot.c). */
typedef struct proxywasm__plugin_def {
  const char *root_id;
  struct proxywasm__plugin_def *next;
  struct {
    proxywasm__plugin_size_fn on_vm_start, on_plugin_start;
    proxywasm__plugin_bool_fn on_plugin_done;
    proxywasm__plugin_fn on_plugin_delete, on_plugin_log, on_tick;
    proxywasm__plugin_u32_fn on_queue_ready;
    proxywasm__foreign_fn on_foreign_function;
    proxywasm__http_fn on_http_create, on_http_done, on_http_delete;
    proxywasm__http_data_fn on_request_headers, on_request_body, on_response_headers,
        on_response_body;
    proxywasm__http_trailers_fn on_request_trailers, on_response_trailers;
    proxywasm__tcp_fn on_tcp_create, on_tcp_done, on_tcp_delete;
    proxywasm__tcp_new_fn on_new_connection;
    proxywasm__tcp_data_fn on_downstream_data, on_upstream_data;
    proxywasm__tcp_close_fn on_downstream_close, on_upstream_close;
  } hooks;
} proxywasm__plugin_def;
void proxywasm__byroot_register(proxywasm__plugin_def *def);
extern const int proxywasm__byroot_anchor;

/* What each hook of a PROXYWASM_PLUGIN needs linked: the SDK's export of
   it (src/byroot/), or the SDK piece that calls it. */
#define PROXYWASM__BYROOT_EXPORT(hook, tag)           \
  extern const int proxywasm__byroot_##hook##_anchor; \
  PROXYWASM__NEED(proxywasm__byroot_##hook##_anchor, tag)
#define PROXYWASM__PNEED_on_vm_start(t) PROXYWASM__BYROOT_EXPORT(on_vm_start, t)
#define PROXYWASM__PNEED_on_plugin_start(t) PROXYWASM__BYROOT_EXPORT(on_plugin_start, t)
#define PROXYWASM__PNEED_on_plugin_done(t) PROXYWASM__NEED(proxywasm__done_anchor, t)
#define PROXYWASM__PNEED_on_plugin_delete(t)
#define PROXYWASM__PNEED_on_plugin_log(t) PROXYWASM__NEED(proxywasm__log_anchor, t)
#define PROXYWASM__PNEED_on_tick(t) \
  PROXYWASM__BYROOT_EXPORT(on_tick, t) PROXYWASM__NEED(proxywasm__effective_anchor, t##_e)
#define PROXYWASM__PNEED_on_queue_ready(t) \
  PROXYWASM__BYROOT_EXPORT(on_queue_ready, t) PROXYWASM__NEED(proxywasm__effective_anchor, t##_e)
#define PROXYWASM__PNEED_on_foreign_function(t) PROXYWASM__BYROOT_EXPORT(on_foreign_function, t)
#define PROXYWASM__PNEED_on_http_create(t)
#define PROXYWASM__PNEED_on_request_headers(t) PROXYWASM__BYROOT_EXPORT(on_request_headers, t)
#define PROXYWASM__PNEED_on_request_body(t) PROXYWASM__BYROOT_EXPORT(on_request_body, t)
#define PROXYWASM__PNEED_on_request_trailers(t) PROXYWASM__BYROOT_EXPORT(on_request_trailers, t)
#define PROXYWASM__PNEED_on_response_headers(t) PROXYWASM__BYROOT_EXPORT(on_response_headers, t)
#define PROXYWASM__PNEED_on_response_body(t) PROXYWASM__BYROOT_EXPORT(on_response_body, t)
#define PROXYWASM__PNEED_on_response_trailers(t) PROXYWASM__BYROOT_EXPORT(on_response_trailers, t)
#define PROXYWASM__PNEED_on_http_done(t) PROXYWASM__NEED(proxywasm__log_anchor, t)
#define PROXYWASM__PNEED_on_http_delete(t)
#define PROXYWASM__PNEED_on_tcp_create(t)
#define PROXYWASM__PNEED_on_new_connection(t) PROXYWASM__BYROOT_EXPORT(on_new_connection, t)
#define PROXYWASM__PNEED_on_downstream_data(t) PROXYWASM__BYROOT_EXPORT(on_downstream_data, t)
#define PROXYWASM__PNEED_on_upstream_data(t) PROXYWASM__BYROOT_EXPORT(on_upstream_data, t)
#define PROXYWASM__PNEED_on_downstream_close(t) PROXYWASM__BYROOT_EXPORT(on_downstream_close, t)
#define PROXYWASM__PNEED_on_upstream_close(t) PROXYWASM__BYROOT_EXPORT(on_upstream_close, t)
#define PROXYWASM__PNEED_on_tcp_done(t) PROXYWASM__NEED(proxywasm__log_anchor, t)
#define PROXYWASM__PNEED_on_tcp_delete(t)

#define PROXYWASM__PHOOK(p, name) \
  PROXYWASM__CAT(PROXYWASM__PHOOKSEL_, PROXYWASM__KNOWN(name))(p, name)
#define PROXYWASM__PHOOKSEL_1(p, name) PROXYWASM__PNEED_##name(p##_##name)
#define PROXYWASM__PHOOKSEL_0(p, name) PROXYWASM__HOOKSEL_0(name)
#define PROXYWASM__PFIELD(p, name) .name = p##_##name,

#define PROXYWASM__PLUGIN(p, id, ...)                                       \
  PROXYWASM__FOR_EACH_P(PROXYWASM__PHOOK, p, __VA_ARGS__)                   \
  PROXYWASM__NEED(proxywasm__byroot_anchor, p##_byroot)                     \
  PROXYWASM__NEED(proxywasm__lifecycle_anchor, p##_lifecycle)               \
  static proxywasm__plugin_def proxywasm__plugin_##p = {                    \
      (id), 0, {PROXYWASM__FOR_EACH_P(PROXYWASM__PFIELD, p, __VA_ARGS__)}}; \
  __attribute__((constructor)) static void proxywasm__register_##p(void) {  \
    proxywasm__byroot_register(&proxywasm__plugin_##p);                     \
  }                                                                         \
  __attribute__((weak)) const int PROXYWASM__HOOKS_GIVEN /* tentative: repeatable */

/* ---- FOR_EACH over up to 32 hook names ---- */
#define PROXYWASM__NARGS(...)                                                                    \
  PROXYWASM__NARGS_(__VA_ARGS__, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, \
                    16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, ~)
#define PROXYWASM__NARGS_(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, \
                          _17, _18, _19, _20, _21, _22, _23, _24, _25, _26, _27, _28, _29, _30,  \
                          _31, _32, n, ...)                                                      \
  n
#define PROXYWASM__CAT(a, b) PROXYWASM__CAT_(a, b)
#define PROXYWASM__CAT_(a, b) a##b
#define PROXYWASM__FOR_EACH(m, ...) \
  PROXYWASM__CAT(PROXYWASM__FE_, PROXYWASM__NARGS(__VA_ARGS__))(m, __VA_ARGS__)
#define PROXYWASM__FE_1(m, x) m(x)
#define PROXYWASM__FE_2(m, x, ...) m(x) PROXYWASM__FE_1(m, __VA_ARGS__)
#define PROXYWASM__FE_3(m, x, ...) m(x) PROXYWASM__FE_2(m, __VA_ARGS__)
#define PROXYWASM__FE_4(m, x, ...) m(x) PROXYWASM__FE_3(m, __VA_ARGS__)
#define PROXYWASM__FE_5(m, x, ...) m(x) PROXYWASM__FE_4(m, __VA_ARGS__)
#define PROXYWASM__FE_6(m, x, ...) m(x) PROXYWASM__FE_5(m, __VA_ARGS__)
#define PROXYWASM__FE_7(m, x, ...) m(x) PROXYWASM__FE_6(m, __VA_ARGS__)
#define PROXYWASM__FE_8(m, x, ...) m(x) PROXYWASM__FE_7(m, __VA_ARGS__)
#define PROXYWASM__FE_9(m, x, ...) m(x) PROXYWASM__FE_8(m, __VA_ARGS__)
#define PROXYWASM__FE_10(m, x, ...) m(x) PROXYWASM__FE_9(m, __VA_ARGS__)
#define PROXYWASM__FE_11(m, x, ...) m(x) PROXYWASM__FE_10(m, __VA_ARGS__)
#define PROXYWASM__FE_12(m, x, ...) m(x) PROXYWASM__FE_11(m, __VA_ARGS__)
#define PROXYWASM__FE_13(m, x, ...) m(x) PROXYWASM__FE_12(m, __VA_ARGS__)
#define PROXYWASM__FE_14(m, x, ...) m(x) PROXYWASM__FE_13(m, __VA_ARGS__)
#define PROXYWASM__FE_15(m, x, ...) m(x) PROXYWASM__FE_14(m, __VA_ARGS__)
#define PROXYWASM__FE_16(m, x, ...) m(x) PROXYWASM__FE_15(m, __VA_ARGS__)
#define PROXYWASM__FE_17(m, x, ...) m(x) PROXYWASM__FE_16(m, __VA_ARGS__)
#define PROXYWASM__FE_18(m, x, ...) m(x) PROXYWASM__FE_17(m, __VA_ARGS__)
#define PROXYWASM__FE_19(m, x, ...) m(x) PROXYWASM__FE_18(m, __VA_ARGS__)
#define PROXYWASM__FE_20(m, x, ...) m(x) PROXYWASM__FE_19(m, __VA_ARGS__)
#define PROXYWASM__FE_21(m, x, ...) m(x) PROXYWASM__FE_20(m, __VA_ARGS__)
#define PROXYWASM__FE_22(m, x, ...) m(x) PROXYWASM__FE_21(m, __VA_ARGS__)
#define PROXYWASM__FE_23(m, x, ...) m(x) PROXYWASM__FE_22(m, __VA_ARGS__)
#define PROXYWASM__FE_24(m, x, ...) m(x) PROXYWASM__FE_23(m, __VA_ARGS__)
#define PROXYWASM__FE_25(m, x, ...) m(x) PROXYWASM__FE_24(m, __VA_ARGS__)
#define PROXYWASM__FE_26(m, x, ...) m(x) PROXYWASM__FE_25(m, __VA_ARGS__)
#define PROXYWASM__FE_27(m, x, ...) m(x) PROXYWASM__FE_26(m, __VA_ARGS__)
#define PROXYWASM__FE_28(m, x, ...) m(x) PROXYWASM__FE_27(m, __VA_ARGS__)
#define PROXYWASM__FE_29(m, x, ...) m(x) PROXYWASM__FE_28(m, __VA_ARGS__)
#define PROXYWASM__FE_30(m, x, ...) m(x) PROXYWASM__FE_29(m, __VA_ARGS__)
#define PROXYWASM__FE_31(m, x, ...) m(x) PROXYWASM__FE_30(m, __VA_ARGS__)
#define PROXYWASM__FE_32(m, x, ...) m(x) PROXYWASM__FE_31(m, __VA_ARGS__)

#define PROXYWASM__FOR_EACH_P(m, p, ...) \
  PROXYWASM__CAT(PROXYWASM__FEP_, PROXYWASM__NARGS(__VA_ARGS__))(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_1(m, p, x) m(p, x)
#define PROXYWASM__FEP_2(m, p, x, ...) m(p, x) PROXYWASM__FEP_1(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_3(m, p, x, ...) m(p, x) PROXYWASM__FEP_2(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_4(m, p, x, ...) m(p, x) PROXYWASM__FEP_3(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_5(m, p, x, ...) m(p, x) PROXYWASM__FEP_4(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_6(m, p, x, ...) m(p, x) PROXYWASM__FEP_5(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_7(m, p, x, ...) m(p, x) PROXYWASM__FEP_6(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_8(m, p, x, ...) m(p, x) PROXYWASM__FEP_7(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_9(m, p, x, ...) m(p, x) PROXYWASM__FEP_8(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_10(m, p, x, ...) m(p, x) PROXYWASM__FEP_9(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_11(m, p, x, ...) m(p, x) PROXYWASM__FEP_10(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_12(m, p, x, ...) m(p, x) PROXYWASM__FEP_11(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_13(m, p, x, ...) m(p, x) PROXYWASM__FEP_12(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_14(m, p, x, ...) m(p, x) PROXYWASM__FEP_13(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_15(m, p, x, ...) m(p, x) PROXYWASM__FEP_14(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_16(m, p, x, ...) m(p, x) PROXYWASM__FEP_15(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_17(m, p, x, ...) m(p, x) PROXYWASM__FEP_16(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_18(m, p, x, ...) m(p, x) PROXYWASM__FEP_17(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_19(m, p, x, ...) m(p, x) PROXYWASM__FEP_18(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_20(m, p, x, ...) m(p, x) PROXYWASM__FEP_19(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_21(m, p, x, ...) m(p, x) PROXYWASM__FEP_20(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_22(m, p, x, ...) m(p, x) PROXYWASM__FEP_21(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_23(m, p, x, ...) m(p, x) PROXYWASM__FEP_22(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_24(m, p, x, ...) m(p, x) PROXYWASM__FEP_23(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_25(m, p, x, ...) m(p, x) PROXYWASM__FEP_24(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_26(m, p, x, ...) m(p, x) PROXYWASM__FEP_25(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_27(m, p, x, ...) m(p, x) PROXYWASM__FEP_26(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_28(m, p, x, ...) m(p, x) PROXYWASM__FEP_27(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_29(m, p, x, ...) m(p, x) PROXYWASM__FEP_28(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_30(m, p, x, ...) m(p, x) PROXYWASM__FEP_29(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_31(m, p, x, ...) m(p, x) PROXYWASM__FEP_30(m, p, __VA_ARGS__)
#define PROXYWASM__FEP_32(m, p, x, ...) m(p, x) PROXYWASM__FEP_31(m, p, __VA_ARGS__)

#endif /* PROXYWASM_HOOKS_H */
