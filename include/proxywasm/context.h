/*
 * proxywasm/context.h - hooks, contexts and their lifecycle.
 *
 * A plugin is a set of hook functions with fixed names, listed once with
 * PROXYWASM_HOOKS(). Each listed hook becomes exactly one wasm export, so the
 * host never calls into the module for events the plugin does not handle,
 * and unlisted hooks cost nothing. The names and signatures are:
 *
 *   VM and plugin (root) contexts
 *     bool on_vm_start(proxywasm_plugin *plugin, size_t vm_configuration_size);
 *     bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size);
 *     bool on_plugin_done(proxywasm_plugin *plugin);   false: finish later
 *                                                      with proxywasm_plugin_done()
 *     void on_plugin_delete(proxywasm_plugin *plugin);
 *     void on_plugin_log(proxywasm_plugin *plugin);    access-logger plugins
 *     void on_tick(proxywasm_plugin *plugin);
 *     void on_queue_ready(proxywasm_plugin *plugin, uint32_t queue_id);
 *     void on_foreign_function(proxywasm_plugin *plugin, uint32_t function_id,
 *                              size_t arguments_size);
 *
 *   HTTP stream contexts (one per request)
 *     void on_http_create(proxywasm_http *http);
 *     proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
 *                                         bool end_of_stream);
 *     proxywasm_action on_request_body(proxywasm_http *http, size_t body_size,
 *                                      bool end_of_stream);
 *     proxywasm_action on_request_trailers(proxywasm_http *http, size_t trailer_count);
 *     proxywasm_action on_response_headers(...), on_response_body(...),
 *                      on_response_trailers(...)     same shapes
 *     void on_http_done(proxywasm_http *http);     stream finished (access-log
 *                                                  phase); headers still readable
 *     void on_http_delete(proxywasm_http *http);   free per-stream state here
 *
 *   TCP stream contexts (one per connection)
 *     void on_tcp_create(proxywasm_tcp *tcp);
 *     proxywasm_action on_new_connection(proxywasm_tcp *tcp);
 *     proxywasm_action on_downstream_data(proxywasm_tcp *tcp, size_t data_size,
 *                                         bool end_of_stream);
 *     void on_downstream_close(proxywasm_tcp *tcp, proxywasm_peer peer);
 *     proxywasm_action on_upstream_data(...);  void on_upstream_close(...);
 *     void on_tcp_done(proxywasm_tcp *tcp);    void on_tcp_delete(proxywasm_tcp *tcp);
 *
 * body_size is the size of everything buffered so far (Envoy accumulates the
 * body while the plugin returns PAUSE), not the size of the last chunk.
 *
 * The Go SDK's four entry styles map onto which hooks are listed: VM hooks
 * (SetVMContext), plugin hooks (SetPluginContext), HTTP hooks only
 * (SetHttpContext) or TCP hooks only (SetTcpContext). A module may list HTTP
 * and TCP hooks together; a stream becomes TCP when its first event is
 * on_new_connection and HTTP otherwise.
 *
 * No hostcall may be made before the first hook runs (Envoy kills the VM for
 * hostcalls made from constructors or _initialize).
 */
#ifndef PROXYWASM_CONTEXT_H
#define PROXYWASM_CONTEXT_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Handles ------------------------------------------------------------ *
 * A stream handle given to a hook (and proxywasm_context_current()) is valid
 * until that hook returns. To act on a stream later, from a tick or another
 * stream, keep its id (proxywasm_context_id) and get a handle back with
 * proxywasm_context_find(), which works in any hook of any module. Plugin
 * handles are valid until the plugin is deleted.
 */

/** The generic handle of a typed one. Valid anywhere; NULL stays NULL. */
static inline proxywasm_context *proxywasm_plugin_context(proxywasm_plugin *p) {
  return (proxywasm_context *)p;
}
static inline proxywasm_context *proxywasm_http_context(proxywasm_http *h) {
  return (proxywasm_context *)h;
}
static inline proxywasm_context *proxywasm_tcp_context(proxywasm_tcp *t) {
  return (proxywasm_context *)t;
}

/**
 * Typed handles of a generic one, checked: NULL unless ctx is of that kind
 * (e.g. a handle from proxywasm_context_find() that may be any kind).
 */
static inline proxywasm_http *proxywasm_context_as_http(proxywasm_context *ctx);
static inline proxywasm_tcp *proxywasm_context_as_tcp(proxywasm_context *ctx);
static inline proxywasm_plugin *proxywasm_context_as_plugin(proxywasm_context *ctx);

/** The host's id of a context (the ABI context_id). NULL gives 0. */
uint32_t proxywasm_context_id(const proxywasm_context *ctx);

/** The kind of a context. */
proxywasm_context_kind proxywasm_context_get_kind(const proxywasm_context *ctx);

/* With PROXYWASM_UNTRACKED_STREAMS (below) a few functions link another
   definition under the same name: the one that needs no stream records. */
#ifdef PROXYWASM_UNTRACKED_STREAMS
#define PROXYWASM__UNTRACKED_AS(sym) __asm__(#sym)
#else
#define PROXYWASM__UNTRACKED_AS(sym)
#endif

/**
 * The plugin (root) context a context belongs to; a plugin returns itself.
 * Knowing the plugin of a stream needs the host to announce streams, so a
 * module that calls this gets proxy_on_context_create and proxy_on_delete
 * called for every stream (two more calls into the module per request),
 * unless it is built with PROXYWASM_UNTRACKED_STREAMS (below).
 * Valid in: any hook.
 * Returns: NULL for a NULL ctx, or a stream whose plugin was deleted (with
 * PROXYWASM_UNTRACKED_STREAMS: whose plugin is not known, see there).
 */
proxywasm_plugin *proxywasm_context_plugin(const proxywasm_context *ctx)
    PROXYWASM__UNTRACKED_AS(proxywasm__context_plugin_untracked);

/* Definitions of the checked conversions declared above. */
/** See above: NULL unless ctx is an HTTP stream. */
static inline proxywasm_http *proxywasm_context_as_http(proxywasm_context *ctx) {
  return proxywasm_context_get_kind(ctx) == PROXYWASM_CONTEXT_HTTP ? (proxywasm_http *)ctx : NULL;
}
static inline proxywasm_tcp *proxywasm_context_as_tcp(proxywasm_context *ctx) {
  return proxywasm_context_get_kind(ctx) == PROXYWASM_CONTEXT_TCP ? (proxywasm_tcp *)ctx : NULL;
}
static inline proxywasm_plugin *proxywasm_context_as_plugin(proxywasm_context *ctx) {
  return proxywasm_context_get_kind(ctx) == PROXYWASM_CONTEXT_PLUGIN ? (proxywasm_plugin *)ctx
                                                                     : NULL;
}

#ifdef PROXYWASM_UNTRACKED_STREAMS
/* The plugin of every stream while it is known without asking (untracked.c). */
extern proxywasm_plugin *proxywasm__untracked_only;
#define PROXYWASM__ONLY_PLUGIN(s) ((s) && proxywasm__untracked_only ? proxywasm__untracked_only :
#define PROXYWASM__ONLY_PLUGIN_END )
#else
#define PROXYWASM__ONLY_PLUGIN(s) (
#define PROXYWASM__ONLY_PLUGIN_END )
#endif

/** The plugin of an HTTP or TCP stream: proxywasm_context_plugin(), typed. */
static inline proxywasm_plugin *proxywasm_http_plugin(proxywasm_http *h) {
  return PROXYWASM__ONLY_PLUGIN(h) proxywasm_context_plugin(proxywasm_http_context(h))
      PROXYWASM__ONLY_PLUGIN_END;
}
static inline proxywasm_plugin *proxywasm_tcp_plugin(proxywasm_tcp *t) {
  return PROXYWASM__ONLY_PLUGIN(t) proxywasm_context_plugin(proxywasm_tcp_context(t))
      PROXYWASM__ONLY_PLUGIN_END;
}

/**
 * Attaches user state to a context. The SDK does not free it, unless it came
 * from proxywasm_context_alloc(); otherwise release it in the matching
 * delete hook (on_http_delete, on_tcp_delete, on_plugin_delete).
 * Returns: PROXYWASM_OK, or PROXYWASM_BAD_ARGUMENT for a NULL context.
 */
proxywasm_status proxywasm_context_set_data(proxywasm_context *ctx, void *data);

/** The user state of a context, or NULL if none was set. */
void *proxywasm_context_get_data(const proxywasm_context *ctx);

/**
 * State of a plugin: proxywasm_context_get_data()/set_data() for plugin
 * handles. They need no stream tracking, so a plugin that keeps state only
 * at the plugin level costs no extra call per request.
 */
void *proxywasm_plugin_get_data(proxywasm_plugin *p);
proxywasm_status proxywasm_plugin_set_data(proxywasm_plugin *p, void *data);

/**
 * Typed shorthands of proxywasm_context_get_data() and
 * proxywasm_context_set_data() for streams. Every *_set_data returns
 * PROXYWASM_OK, or PROXYWASM_BAD_ARGUMENT for a NULL handle.
 */
static inline void *proxywasm_http_get_data(proxywasm_http *h) {
  return proxywasm_context_get_data(proxywasm_http_context(h));
}
static inline proxywasm_status proxywasm_http_set_data(proxywasm_http *h, void *d) {
  return proxywasm_context_set_data(proxywasm_http_context(h), d);
}
static inline void *proxywasm_tcp_get_data(proxywasm_tcp *t) {
  return proxywasm_context_get_data(proxywasm_tcp_context(t));
}
static inline proxywasm_status proxywasm_tcp_set_data(proxywasm_tcp *t, void *d) {
  return proxywasm_context_set_data(proxywasm_tcp_context(t), d);
}

/**
 * Allocates size zeroed bytes owned by ctx. They stay valid until ctx's
 * delete hook has returned; then the SDK frees them, so per-plugin
 * configuration and per-stream state need no cleanup code and cannot leak.
 * Served from the SDK's own pool: a plugin using only this links no malloc.
 * Valid in: any hook, for a live context.
 * Returns: 16-byte aligned memory, or NULL if out of memory or ctx is NULL.
 * Ownership: ctx owns it; proxywasm_context_free() releases it early.
 */
void *proxywasm_context_alloc(proxywasm_context *ctx, size_t size)
    PROXYWASM__UNTRACKED_AS(proxywasm__context_alloc_untracked);

/**
 * Copies a byte view into memory owned by ctx (as proxywasm_context_alloc),
 * NUL-terminated, to keep host data past the hook that returned it: a
 * configuration, a header value. No malloc is linked.
 * Valid in: any hook, for a live context.
 * Returns: PROXYWASM_OK and the copy in *out; PROXYWASM_BAD_ARGUMENT for a
 * NULL ctx or out, or src with NULL data and a non-zero length;
 * PROXYWASM_INTERNAL_FAILURE if out of memory. On failure *out is empty.
 * Ownership: ctx owns the copy; proxywasm_context_free(ctx, out->data)
 * releases it early.
 */
proxywasm_status proxywasm_context_copy(proxywasm_context *ctx, proxywasm_bytes src,
                                        proxywasm_bytes *out)
    PROXYWASM__UNTRACKED_AS(proxywasm__context_copy_untracked);

/** Releases a block of proxywasm_context_alloc() before ctx is deleted. */
void proxywasm_context_free(proxywasm_context *ctx, void *p);

/**
 * proxywasm_context_alloc() for a plugin: valid until the plugin's delete
 * (on_plugin_delete, if listed, has returned), then freed. Seeing the
 * deletion needs proxy_on_delete, so a module calling this tracks streams
 * (two more calls per request; plugin data alone does not, see
 * proxywasm_plugin_get_data).
 * Returns: as proxywasm_context_alloc(); NULL also for a non-plugin handle.
 */
void *proxywasm_plugin_alloc(proxywasm_plugin *p, size_t size)
    PROXYWASM__UNTRACKED_AS(proxywasm__plugin_alloc_untracked);

/**
 * Allocates size bytes of scratch memory for the running hook, from the
 * per-hook arena that also holds the host's data: a bump of a pointer,
 * nothing to free (a body rewritten into a copy needs no malloc/free).
 * Valid in: any hook; the memory is released when the outermost hook
 * returns (or, outside any hook, when the next one ends).
 * Returns: 16-byte aligned memory (not zeroed), or NULL if out of memory.
 * Ownership: the SDK's; keep nothing in it past the hook.
 */
PROXYWASM__MALLOC void *proxywasm_scratch_alloc(size_t size);

/** Typed shorthands of proxywasm_context_alloc() for streams. */
static inline void *proxywasm_http_alloc(proxywasm_http *h, size_t size) {
  return proxywasm_context_alloc(proxywasm_http_context(h), size);
}
static inline void *proxywasm_tcp_alloc(proxywasm_tcp *t, size_t size) {
  return proxywasm_context_alloc(proxywasm_tcp_context(t), size);
}

/**
 * Finds a live context by its id (for example an id remembered by a tick
 * hook, or by another stream, to resume a paused request). The handle works
 * in any hook, in every module: the SDK makes it the host's effective
 * context when a call acts on it. Tracks streams (as proxywasm_context_plugin).
 * Returns: the handle, or NULL if no such context is alive.
 */
proxywasm_context *proxywasm_context_find(uint32_t context_id);

/**
 * The context whose hook is running now, or NULL outside hooks.
 */
proxywasm_context *proxywasm_context_current(void);

/**
 * Makes ctx the host's effective context, so that following hostcalls act on
 * it (proxy_set_effective_context). Hostcall wrappers that take a handle do
 * this by themselves when the handle is not the running context; call it
 * explicitly for the calls that take no handle (properties, NULL handles).
 * Valid in: any hook.
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT if the host does not know
 * the context (for instance it was deleted).
 */
proxywasm_status proxywasm_context_set_effective(proxywasm_context *ctx);

/**
 * Completes a plugin whose on_plugin_done returned false (proxy_done); the
 * host then deletes it. Valid in: any hook after that on_plugin_done.
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND if nothing was pending.
 */
proxywasm_status proxywasm_plugin_done(proxywasm_plugin *plugin);

/**
 * Sets the period of on_tick for the plugin that owns ctx
 * (proxy_set_tick_period_milliseconds); 0 stops it. One timer per plugin.
 * Valid in: any hook. Returns: PROXYWASM_OK or the host's status.
 */
proxywasm_status proxywasm_tick_period_set(proxywasm_context *ctx, uint32_t period_ms);

/**
 * The VM configuration (vm_config.configuration) as bytes
 * (proxy_get_buffer_bytes(VM_CONFIGURATION)). Valid in: on_vm_start.
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND if there is none or it is empty.
 * Ownership: borrowed, NUL-terminated, valid until the hook returns.
 */
proxywasm_status proxywasm_vm_configuration_get(proxywasm_bytes *out);

/**
 * The plugin configuration (config.configuration). Envoy passes a
 * google.protobuf.StringValue or BytesValue unchanged and any other type
 * (e.g. a Struct) as its serialized protobuf; Istio's WasmPlugin turns
 * pluginConfig into JSON in a StringValue.
 * Valid in: on_plugin_start.
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND if there is none or it is empty.
 * Ownership: borrowed, NUL-terminated, valid until the hook returns.
 */
proxywasm_status proxywasm_plugin_configuration_get(proxywasm_bytes *out);

/* ---- Hook registration ---------------------------------------------------- */

/**
 * Lists the hooks this module implements; use once, at file scope, after the
 * hook functions. Each argument must be a function in scope with one of the
 * names and signatures listed at the top of this header (up to 32 hooks).
 * An unknown name is a compile error that names it and lists the valid
 * ones. A wasm module must list its hooks: built without PROXYWASM_HOOKS it
 * fails to link, with an undefined symbol that says so (a module without
 * hooks does nothing; a second list is a duplicate symbol).
 *
 *   PROXYWASM_HOOKS(on_plugin_start, on_request_headers, on_http_delete);
 */
#define PROXYWASM__HOOKS_GIVEN \
  proxywasm_error_no_PROXYWASM_HOOKS_in_this_module__list_its_hooks_with_PROXYWASM_HOOKS
#define PROXYWASM_HOOKS(...)                        \
  PROXYWASM__FOR_EACH(PROXYWASM__HOOK, __VA_ARGS__) \
  PROXYWASM__NEEDS(__VA_ARGS__)                     \
  PROXYWASM__ALL_HOOKS                              \
  PROXYWASM__UNTRACKED                              \
  const int PROXYWASM__HOOKS_GIVEN = 1

/**
 * Build option PROXYWASM_UNTRACKED_STREAMS: the plugin of a stream with no
 * extra call into the module. Define it in every file of the module before
 * including proxywasm.h (or pass -DPROXYWASM_UNTRACKED_STREAMS).
 *
 * Only proxy_on_context_create tells a module which plugin a stream belongs
 * to, and a module that exports it is called twice more per stream (with
 * proxy_on_delete). With this option it exports neither, and
 * proxywasm_context_plugin() (proxywasm_http_plugin(), proxywasm_tcp_plugin())
 * answers from the plugins' names instead. Each plugin is registered at its
 * first event (so the module must list on_vm_start or on_plugin_start)
 * under its plugin_name and plugin_root_id properties, and a stream belongs
 * to the newest plugin of its own name and root_id whose start hooks
 * returned true:
 *  - one plugin per VM, or several of one name and root_id (Envoy starts
 *    an updated configuration as another plugin of the same name in the
 *    same VM): known with no call; the streams of the older ones see the
 *    newest (a line is logged at info level when that happens).
 *  - plugins of different names or root_ids in one VM (filters that share a
 *    vm_config): each lookup asks the stream's plugin_name and
 *    plugin_root_id (two hostcalls).
 * So the module imports proxy_get_property (and proxy_set_effective_context,
 * as every module that keeps plugin records does).
 * The SDK cannot see a plugin deleted, so plugin records and their memory
 * (proxywasm_plugin_alloc, proxywasm_context_alloc and
 * proxywasm_context_copy of a plugin) stay until the VM ends; streams have
 * no memory of their own (those return NULL or fail for a stream). Features
 * that need stream records (on_http_create, on_http_delete, on_tcp_create,
 * on_tcp_done, on_tcp_delete, proxywasm_context_find, callouts,
 * on_plugin_delete, PROXYWASM_PLUGIN) cannot be linked with it: the link
 * fails with a duplicate symbol named
 * proxywasm_error_PROXYWASM_UNTRACKED_STREAMS_and_a_feature_that_tracks_streams.
 */
#ifdef PROXYWASM_UNTRACKED_STREAMS
extern const int proxywasm__untracked_anchor;
#define PROXYWASM__UNTRACKED PROXYWASM__NEED(proxywasm__untracked_anchor, untracked)
#else
#define PROXYWASM__UNTRACKED
#endif

/**
 * Several plugins in one module: each is a set of hooks selected by the
 * plugin's root_id (Envoy's `root_id` of the plugin configuration; Istio
 * sets it to the WasmPlugin's pluginName). PROXYWASM_PLUGIN(prefix,
 * root_id, hooks...) lists the hooks of one plugin; its hook functions are
 * named prefix_<hook> with the signatures above:
 *
 *   PROXYWASM_PLUGIN(limiter, "rate_limiter", on_plugin_start, on_request_headers);
 *   PROXYWASM_PLUGIN(auth, "auth", on_request_headers, on_http_delete);
 *     -> limiter_on_plugin_start, limiter_on_request_headers, auth_on_request_headers, ...
 *
 * The module exports the union of the hooks its plugins list, and nothing
 * else. A plugin context runs the hooks of the PROXYWASM_PLUGIN whose
 * root_id equals its plugin_root_id property (read once per plugin); with no
 * match it logs an error once and its events do nothing (streams continue).
 * The stream hooks find their plugin through stream records, so such a
 * module always has proxy_on_context_create and proxy_on_delete called for
 * streams. Use PROXYWASM_PLUGIN (any number, in one or several files) or
 * PROXYWASM_HOOKS (once), not both; a module with one behaviour keeps
 * PROXYWASM_HOOKS, which costs none of this.
 */
#define PROXYWASM_PLUGIN(prefix, root_id, ...) PROXYWASM__PLUGIN(prefix, root_id, __VA_ARGS__)

/**
 * Build option, off by default: compiling the file that uses PROXYWASM_HOOKS
 * with -DPROXYWASM_EXPORT_ALL_HOOKS exports every proxy_on_* callback of the
 * ABI, those the plugin does not list giving the neutral answer
 * (on_vm_start/on_configure/on_done true, stream hooks continue,
 * notifications nothing), as a host that finds no export proceeds. Only for
 * hosts that call every export without checking it exists; Envoy checks, and
 * then calls the module for every event.
 */
#ifdef PROXYWASM_EXPORT_ALL_HOOKS
extern const int proxywasm__allhooks_anchor;
#define PROXYWASM__ALL_HOOKS PROXYWASM__NEED(proxywasm__allhooks_anchor, all_hooks)
#else
#define PROXYWASM__ALL_HOOKS
#endif

#include "hooks.h" /* the expansion machinery */

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_CONTEXT_H */
