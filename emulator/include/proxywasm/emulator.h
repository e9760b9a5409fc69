/*
 * proxywasm/emulator.h - a native Proxy-Wasm host for unit tests.
 *
 * The emulator defines every host import of the ABI (proxy_log,
 * proxy_get_header_map_value, ...) as a plain C function, so a plugin's C
 * source compiled natively and linked with the SDK and this library runs
 * unchanged, under AddressSanitizer. It behaves like Envoy (not like Go's
 * proxytest where the two differ): statuses, phase rules, buffering,
 * deferred actions and lifecycle order are Envoy's.
 *
 * Objects:
 *  - proxywasm_emu: one emulated host (Envoy process). It holds what Envoy
 *    shares between VMs: shared data and shared queues (scoped by vm_id),
 *    metrics, the clock, the log level and the captured logs, properties,
 *    foreign functions, clusters and fault injection. Several hosts may
 *    exist in one process.
 *  - proxywasm_emu_vm: one VM (module instance) in a host, with its own
 *    vm_id, VM configuration and context-id counter (starting at 1). Its
 *    plugin is either the one linked into the test binary ("static"; only
 *    one static VM may be alive at a time because the plugin's globals are
 *    process-wide) or a plugin shared object (each VM gets its own copy).
 *  - Contexts are named by their ABI context id within a VM: plugin (root)
 *    contexts, HTTP streams and TCP connections.
 *
 * The short way (one static VM, one plugin, started):
 *
 *   proxywasm_emu *emu = proxywasm_emu_new();
 *   proxywasm_emu_vm *vm = proxywasm_emu_start(emu, "{\"limit\": 3}");
 *   assert_non_null(vm);
 *   uint32_t id = proxywasm_emu_http_new(vm, 0);
 *   proxywasm_header req[] = {PROXYWASM_HEADER(":path", "/"),
 *                             PROXYWASM_HEADER("user-agent", "test")};
 *   assert_int_equal(proxywasm_emu_on_request_headers(vm, id, req, 2, true),
 *                    PROXYWASM_CONTINUE);
 *   assert_string_equal(proxywasm_emu_get_request_header(vm, id, "x-added"), "1");
 *   proxywasm_emu_http_complete(vm, id);
 *   assert_true(proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, "done"));
 *   proxywasm_emu_free(emu);
 *
 * Naming: proxywasm_emu_on_<hook> calls a hook of the module (a "driver");
 * proxywasm_emu_get_<thing> inspects what the plugin did. Drivers return
 * what the hook returned; misuse (unknown VM or context, wrong kind of
 * context) never aborts: drivers then return PROXYWASM_EMU_BAD_ACTION, 0,
 * false or a status, and proxywasm_emu_error() tells why.
 *
 * Memory: everything returned by the inspection functions is owned by the
 * emulator and stays valid until the next driver call or change to the
 * same object (copy it to keep it). Data passed in is copied.
 *
 * Deferred work: like Envoy, proxy_continue_stream, proxy_close_stream and
 * proxy_send_local_response take effect when the module call returns, and
 * proxy_done's on_delete follows the call. Events Envoy posts to the worker
 * (on_queue_ready) are delivered after the outermost driver call returns,
 * before that driver returns to the test, unless automatic delivery is off
 * (proxywasm_emu_set_auto_deliver).
 *
 * Hostcalls made outside any module call (for example an SDK function
 * called from the test body) act on the single live static VM with no
 * context (the VM context 0); without a static VM they return
 * PROXYWASM_INTERNAL_FAILURE.
 *
 * The differential suite (tests/fidelity, make fidelity, part of make
 * check) runs a raw-ABI probe through the same scenarios in real Envoy
 * (1.40.0 and the oldest supported, 1.36.2) and here, and fails on any
 * difference in callbacks, arguments, statuses or returned bytes.
 *
 * Envoy rules the emulator enforces (from Envoy's wasm Context), so a
 * plugin that passes here does not fail in Envoy for these reasons:
 *  - A header map is usable while its hook runs and, if the hook stopped,
 *    until the stream resumes; otherwise BAD_ARGUMENT (get_header_map_pairs:
 *    an empty map). proxy_continue_stream (either direction) drops the
 *    request headers, trailers and unbuffered body at once; the response
 *    headers and trailers stay usable. In on_log (on_http_done) the
 *    request/response headers and response trailers are readable only, a
 *    missing map of any type reads as NOT_FOUND, and get_header_map_size
 *    gives BAD_ARGUMENT, except on trailers a body hook created (below).
 *    Replace removes every entry of the name and appends one; names are
 *    lowercased.
 *  - A stream buffer (request/response body, downstream/upstream data), the
 *    gRPC message and the foreign-function arguments hold data in their hook
 *    (a body also while buffered, PAUSE); asked for anywhere else, in any
 *    context or phase, they read as empty (get_buffer_status OK with size 0,
 *    get_buffer_bytes OK with nothing) and set_buffer_bytes gives
 *    BAD_ARGUMENT. Only the HTTP call response body and the plugin
 *    configuration give NOT_FOUND when unavailable.
 *  - The last body hook (end_of_stream) may add trailers: they exist once a
 *    write or get_header_map_size creates them; a read before gives
 *    BAD_ARGUMENT. Once created they stay readable and writable to the end
 *    of the stream (request trailers also from the response hooks, until a
 *    proxy_continue_stream); in on_log writes to them give OK (created
 *    request trailers then still read as NOT_FOUND there: Envoy reads the
 *    access log's maps, which have none). Checked by tests/fidelity rw_all.
 *  - Hook results: the drivers and proxywasm_emu_get_action report what the
 *    hook RETURNED (as Go's proxytest CallOn* do), but the emulator acts on
 *    the result as Envoy (proxy-wasm cpp-host) converts it, readable with
 *    proxywasm_emu_get_applied_action: headers 0 CONTINUE, 1 and anything
 *    above 4 become 4 (PROXYWASM_HEADERS_STOP_ALL_AND_WATERMARK), 2
 *    (CONTINUE_AND_END_STREAM) becomes CONTINUE (the headers are then gone
 *    as after CONTINUE), 3 and 4 stay; bodies 0-3 stay, anything above
 *    becomes 3 (PROXYWASM_DATA_STOP_NO_BUFFER: not buffered); trailers 0
 *    CONTINUE, anything else PROXYWASM_PAUSE; TCP data 0 CONTINUE, anything
 *    else PAUSE. A hook that sent a local response counts as stopped
 *    whatever it returned (headers 4, body 3, trailers PAUSE). So a header
 *    hook returning PAUSE reads back PAUSE from the driver and
 *    PROXYWASM_HEADERS_STOP_ALL_AND_WATERMARK from get_applied_action; a
 *    body returning PAUSE is buffered, and a body hook that returned PAUSE
 *    after a local response is not (applied 3).
 *  - While a direction's headers are stopped, Envoy runs none of its body or
 *    trailers hooks until proxy_continue_stream: the body and trailers
 *    drivers then refuse (PROXYWASM_EMU_BAD_ACTION, proxywasm_emu_error()).
 *  - A local response (proxy_send_local_response) is recorded, not played:
 *    the emulator does not run the plugin's response hooks for it, although
 *    Envoy sends it through the filter's encode path (on_response_headers
 *    and on_response_body of this same plugin run in Envoy). Drive them
 *    yourself if the plugin must see its own reply.
 *  - proxy_set_effective_context(0) is OK and goes back to the context
 *    being called.
 *  - gRPC tokens are per VM: calls odd, streams even. proxy_grpc_send with a
 *    call token gives BAD_ARGUMENT, with an unknown stream token NOT_FOUND.
 *    proxy_grpc_close on a call ends it; on a stream it only half-closes
 *    (the server's messages and close still arrive; a second close is OK).
 *    While the last callback of a call or stream runs (a unary call's
 *    message or close, a stream's close) Envoy still knows it: send, close
 *    and cancel give OK there, and close or cancel ends it; once that
 *    callback returns every one gives NOT_FOUND (tests/fidelity g_*).
 *  - CLUSTERS: Envoy rejects proxy_http_call (BAD_ARGUMENT) and
 *    proxy_grpc_call/stream (PARSE_FAILURE) to a cluster it does not know.
 *    By default, until a test declares a cluster (proxywasm_emu_add_cluster)
 *    the emulator ACCEPTS ANY CLUSTER NAME, so a misspelt cluster passes
 *    here and fails in Envoy; each such call sets proxywasm_emu_error().
 *    Declare the clusters, or call proxywasm_emu_set_strict_clusters(), to
 *    get Envoy's answers.
 *  - The plugin configuration is readable only in on_plugin_start (and the
 *    plugin's create hook); the VM configuration always. Both are read-only.
 *  - proxy_send_local_response from a context that is not an HTTP stream
 *    returns OK and sends nothing (proxywasm_emu_error() then says so).
 *  - Callout and gRPC answers go to the plugin (root) context, also after
 *    the stream that made the call is gone; their data is readable only
 *    while that callback runs. A callout timeout and an unreachable
 *    upstream are answers (504, 503), not failures: see
 *    proxywasm_emu_callout_timeout and proxywasm_emu_callout_unreachable.
 *    proxy_get_status reads the plugin's status, whose code stays after a
 *    failed callout (only the message is cleared), as in Envoy.
 *  - Every proxy_define_metric gives a new id, also for a name defined
 *    before (both ids name the same metric); an id's low two bits are its
 *    type, read before the lookup.
 *  - HEADER SYNTAX: Envoy takes any bytes in the header names and values a
 *    plugin writes (add, replace, set pairs, local response, HTTP callout,
 *    gRPC metadata, service and method) with status OK and sends them raw.
 *    The emulator does the same, but flags each one that breaks RFC 9110
 *    field syntax (the rule the SDK enforces, docs/security.md): see
 *    proxywasm_emu_invalid_header_count().
 *
 * Not thread-safe: use a host from one thread at a time.
 *
 * Environment: PROXYWASM_EMU_VERBOSE=1 echoes the plugin's logs to stderr.
 * PROXYWASM_PLUGIN_DIR is where plugin shared objects are looked up.
 */
#ifndef PROXYWASM_EMULATOR_H
#define PROXYWASM_EMULATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proxywasm/types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct proxywasm_emu proxywasm_emu;
typedef struct proxywasm_emu_vm proxywasm_emu_vm;

/** What a driver returns when it could not call the hook (see proxywasm_emu_error). */
#define PROXYWASM_EMU_BAD_ACTION ((proxywasm_action)1000)

/* ======================================================================== */
/* Host                                                                     */
/* ======================================================================== */

/**
 * Creates an emulated host: clock at 2024-01-01T00:00:00Z, log level trace,
 * no VMs. Returns: the host, or NULL if out of memory.
 * Ownership: free it with proxywasm_emu_free().
 */
proxywasm_emu *proxywasm_emu_new(void);

/**
 * Frees a host and every VM in it. Live contexts of each VM are deleted
 * first (on_delete for streams, then for plugins), so the plugin's own
 * delete hooks release their state. NULL is ignored; so is a call from
 * inside one of the host's module calls (proxywasm_emu_error() says so).
 */
void proxywasm_emu_free(proxywasm_emu *emu);

/**
 * The last misuse the emulator saw (unknown context, static VM already
 * loaded, dlopen failure, ...), or "" if none. Ownership: the emulator's.
 */
const char *proxywasm_emu_error(const proxywasm_emu *emu);

/* ======================================================================== */
/* VMs                                                                      */
/* ======================================================================== */

/** How to create a VM. Zero-initialise what you do not need. */
typedef struct proxywasm_emu_vm_options {
  /* vm_config.vm_id: scopes shared data and queues; NULL is "". */
  const char *vm_id;
  /* vm_config.configuration, passed to on_vm_start. NULL: none. A non-NULL
     value with configuration_len 0 is taken as a NUL-terminated string. */
  const void *configuration;
  size_t configuration_len;
  /* NULL: the plugin linked into the test binary. Otherwise a plugin shared
     object: the path as given, else under $PROXYWASM_PLUGIN_DIR (default
     build/native/examples); ".so" is appended when missing, so
     "shared_queue/receiver" names build/native/examples/shared_queue/receiver.so. */
  const char *plugin_path;
} proxywasm_emu_vm_options;

/**
 * Loads a VM into the host (no hook runs yet). opts may be NULL (static
 * plugin, vm_id "", no configuration).
 * Returns: the VM, or NULL if a static VM is already alive, the test binary
 * has no plugin (no proxy_on_memory_allocate), or the shared object cannot
 * be loaded; proxywasm_emu_error() says which.
 * Ownership: the host's; freed by proxywasm_emu_vm_free or proxywasm_emu_free.
 */
proxywasm_emu_vm *proxywasm_emu_vm_new(proxywasm_emu *emu, const proxywasm_emu_vm_options *opts);

/**
 * Envoy's start-up, in the wasm mode (docs/testing.md, "Two modes"). Envoy
 * starts a module N+2 times for N worker threads: a base VM per vm_id, VM
 * configuration and module runs _initialize only; for each plugin
 * configuration new to that base a configuration canary runs _initialize,
 * on_context_create, on_vm_start and on_plugin_start in its own instance
 * and is dropped without on_plugin_done or on_delete (its result decides
 * whether Envoy accepts the configuration); then the main thread and every
 * worker get their own instance and start the plugin again. With on, a
 * wasm-mode VM does the same: proxywasm_emu_vm_new first runs the base
 * VM's _initialize in a throw-away instance when no live VM of the host
 * shares its base; proxywasm_emu_plugin_new first runs the canary (once
 * per plugin configuration and base), whose side effects stay (shared
 * data, metrics, log lines) and whose false result makes the plugin fail
 * (0, with the error set). The test's VMs are the main thread's and the
 * workers' instances: create one per thread. Off by default, so a test
 * sees the same hooks in both modes. Each instance has its own globals.
 * Returns: false in the native mode (the linked plugin's globals exist
 * once per process, so no fresh instance can be made; the error says so).
 */
bool proxywasm_emu_set_envoy_starts(proxywasm_emu *emu, bool on);

/**
 * Frees a VM: deletes its live contexts (streams first, then plugins; a
 * plugin waiting in proxy_done is deleted too), forgets its queue
 * registrations and unloads the module. NULL is ignored.
 */
void proxywasm_emu_vm_free(proxywasm_emu_vm *vm);

/**
 * The host that owns the live static VM, or NULL. A test that fails stops
 * before its own cleanup and would leave the linked plugin loaded, making
 * every later proxywasm_emu_start fail; free this host in the test
 * framework's teardown (cmocka_unit_test_setup_teardown) to recover:
 *   static int teardown(void **s) { proxywasm_emu_free(proxywasm_emu_static_host()); return 0; }
 */
proxywasm_emu *proxywasm_emu_static_host(void);

/** The host a VM belongs to. */
proxywasm_emu *proxywasm_emu_vm_host(const proxywasm_emu_vm *vm);

/** The vm_id of a VM (never NULL). */
const char *proxywasm_emu_vm_id(const proxywasm_emu_vm *vm);

/**
 * Every module export the emulator called on this VM, one per line, e.g.
 * "proxy_on_context_create(2,1)\nproxy_on_request_headers(2,3,1)\n".
 * Calls to exports the module does not have are not listed.
 * Ownership: the emulator's; valid until the next call into the VM.
 */
const char *proxywasm_emu_vm_trace(const proxywasm_emu_vm *vm);

/** Empties the trace of a VM. */
void proxywasm_emu_vm_trace_clear(proxywasm_emu_vm *vm);

/* ======================================================================== */
/* Plugins (root contexts)                                                  */
/* ======================================================================== */

/** A plugin configuration (one filter/service config). Zero-init defaults. */
typedef struct proxywasm_emu_plugin_options {
  const char *name;    /* the plugin_name property; NULL is "" */
  const char *root_id; /* the plugin_root_id property; NULL is "" */
  /* The plugin configuration for on_plugin_start. NULL: none. Non-NULL with
     configuration_len 0 is a NUL-terminated string. */
  const void *configuration;
  size_t configuration_len;
} proxywasm_emu_plugin_options;

/**
 * The short way: creates a static VM (vm_id "") in emu, adds one plugin with
 * this configuration (a NUL-terminated string or NULL) and starts it
 * (on_context_create, on_vm_start, on_plugin_start).
 * Returns: the VM; NULL if loading failed or on_vm_start/on_plugin_start
 * returned false (the VM is then freed; see proxywasm_emu_error()).
 */
proxywasm_emu_vm *proxywasm_emu_start(proxywasm_emu *emu, const char *plugin_configuration);

/**
 * Adds a plugin the way Envoy does: creates its root context
 * (on_context_create(root, 0)); runs on_vm_start (for every plugin, as Envoy);
 * then on_plugin_start (proxy_on_configure). opts may be NULL.
 * @param started  optional; true if on_vm_start and on_plugin_start
 *                 returned true (missing hooks count as true).
 * Returns: the root context id, or 0 on misuse.
 */
uint32_t proxywasm_emu_plugin_add(proxywasm_emu_vm *vm, const proxywasm_emu_plugin_options *opts,
                                  bool *started);

/**
 * Step by step (Go's NewHostEmulator/StartVM/StartPlugin): creates a root
 * context only (on_context_create(root, 0)). Returns: its id, or 0.
 */
uint32_t proxywasm_emu_plugin_new(proxywasm_emu_vm *vm, const proxywasm_emu_plugin_options *opts);

/** Runs on_vm_start(root, vm configuration size). Returns: its result (true if absent). */
bool proxywasm_emu_on_vm_start(proxywasm_emu_vm *vm, uint32_t root);

/** Runs on_plugin_start (proxy_on_configure(root, configuration size)). Returns: its result. */
bool proxywasm_emu_on_plugin_start(proxywasm_emu_vm *vm, uint32_t root);

/**
 * Shuts a plugin down (Envoy's order): on_plugin_done (proxy_on_done); if it
 * returns true (or is absent) on_delete follows; if false the plugin stays
 * until it calls proxy_done (proxywasm_plugin_done), which deletes it after
 * that call returns. Returns: what on_done returned.
 */
bool proxywasm_emu_plugin_done(proxywasm_emu_vm *vm, uint32_t root);

/** Runs proxy_on_log on a plugin (access-logger plugins: on_plugin_log). */
void proxywasm_emu_on_plugin_log(proxywasm_emu_vm *vm, uint32_t root);

/** The root id of the VM's first plugin, or 0 if none. */
uint32_t proxywasm_emu_vm_root(const proxywasm_emu_vm *vm);

/** State of a context. */
typedef enum proxywasm_emu_context_state {
  PROXYWASM_EMU_CONTEXT_UNKNOWN = 0, /* never created in this VM */
  PROXYWASM_EMU_CONTEXT_LIVE = 1,
  PROXYWASM_EMU_CONTEXT_DONE_PENDING = 2, /* plugin: on_done returned false */
  PROXYWASM_EMU_CONTEXT_DELETED = 3       /* on_delete ran */
} proxywasm_emu_context_state;

/** The state of a context id in a VM. */
proxywasm_emu_context_state proxywasm_emu_context_state_of(const proxywasm_emu_vm *vm,
                                                           uint32_t context_id);

/* ======================================================================== */
/* Clock and ticks                                                          */
/* ======================================================================== */

/** Runs on_tick on a plugin now (Go's Tick), whatever its period. */
void proxywasm_emu_on_tick(proxywasm_emu_vm *vm, uint32_t root);

/** The tick period a plugin set (ms; 0: none). */
uint32_t proxywasm_emu_get_tick_period(const proxywasm_emu_vm *vm, uint32_t root);

/** The host clock (proxy_get_current_time_nanoseconds), in ns since the epoch. */
uint64_t proxywasm_emu_get_time(const proxywasm_emu *emu);

/** Sets the host clock (does not fire ticks). */
void proxywasm_emu_set_time(proxywasm_emu *emu, uint64_t ns);

/**
 * Moves the clock forward by ms milliseconds, firing every tick that falls
 * due on the way (all VMs, in time order; the clock reads the due time
 * inside each on_tick). A plugin with period P set at time T ticks at T+P,
 * T+2P, ... Returns: the number of on_tick calls made.
 */
size_t proxywasm_emu_advance(proxywasm_emu *emu, uint64_t ms);

/* ======================================================================== */
/* HTTP streams                                                             */
/* ======================================================================== */

/**
 * Creates an HTTP stream context under plugin root (0: the VM's first
 * plugin): on_context_create(id, root). Returns: the id, or 0.
 */
uint32_t proxywasm_emu_http_new(proxywasm_emu_vm *vm, uint32_t root);

/**
 * Request headers arrive: the stream's request headers become these (names
 * lowercased, repeated names kept) and on_request_headers runs.
 * Returns: what the hook returned, unconverted (PROXYWASM_CONTINUE if there
 * is no hook; PROXYWASM_EMU_BAD_ACTION on a driver error). Envoy's converted
 * status (PAUSE becomes 4, a local response stops) drives the emulator and
 * is read with proxywasm_emu_get_applied_action.
 */
proxywasm_action proxywasm_emu_on_request_headers(proxywasm_emu_vm *vm, uint32_t id,
                                                  const proxywasm_header *headers, size_t count,
                                                  bool end_of_stream);

/**
 * A request body chunk arrives. As in Envoy: if the previous body hook
 * returned PAUSE (StopIterationAndBuffer) the chunk is appended to the
 * buffered body and body_size is the whole buffered size; otherwise
 * (including watermark and no-buffer stops) the buffer holds just this
 * chunk. A CONTINUE passes the buffer on (see
 * proxywasm_emu_get_request_body_sent); buffering and passing on follow
 * the converted status (proxywasm_emu_get_applied_action: after a local
 * response nothing is buffered or passed on). Returns: what the hook
 * returned (PROXYWASM_CONTINUE if absent), or PROXYWASM_EMU_BAD_ACTION while
 * the request headers are stopped.
 */
proxywasm_action proxywasm_emu_on_request_body(proxywasm_emu_vm *vm, uint32_t id, const void *data,
                                               size_t len, bool end_of_stream);

/**
 * Request trailers arrive (replacing any) and on_request_trailers runs.
 * Returns: what the hook returned (PROXYWASM_CONTINUE if absent), or
 * PROXYWASM_EMU_BAD_ACTION while the request headers are stopped.
 */
proxywasm_action proxywasm_emu_on_request_trailers(proxywasm_emu_vm *vm, uint32_t id,
                                                   const proxywasm_header *trailers, size_t count);

/** Response headers arrive and on_response_headers runs. Returns: as for requests. */
proxywasm_action proxywasm_emu_on_response_headers(proxywasm_emu_vm *vm, uint32_t id,
                                                   const proxywasm_header *headers, size_t count,
                                                   bool end_of_stream);

/** A response body chunk arrives (buffered as for requests). Returns: as for requests. */
proxywasm_action proxywasm_emu_on_response_body(proxywasm_emu_vm *vm, uint32_t id, const void *data,
                                                size_t len, bool end_of_stream);

/** Response trailers arrive and on_response_trailers runs. Returns: as for requests. */
proxywasm_action proxywasm_emu_on_response_trailers(proxywasm_emu_vm *vm, uint32_t id,
                                                    const proxywasm_header *trailers, size_t count);

/**
 * Ends the stream in Envoy's HTTP order: proxy_on_log (on_http_done; the
 * request/response headers and response trailers are readable, not
 * writable), proxy_on_done, proxy_on_delete. The stream's recorded state
 * stays inspectable.
 */
void proxywasm_emu_http_complete(proxywasm_emu_vm *vm, uint32_t id);

/* ---- inspection ---- */

/**
 * The stream action (HTTP or TCP): what the last stream hook returned,
 * unconverted, or PROXYWASM_CONTINUE after the plugin resumed the stream
 * (proxy_continue_stream). Go's GetCurrentHttpStreamAction.
 * Returns: the action; PROXYWASM_CONTINUE before any stream hook ran;
 * PROXYWASM_EMU_BAD_ACTION if id is not a stream of this VM.
 */
proxywasm_action proxywasm_emu_get_action(const proxywasm_emu_vm *vm, uint32_t id);

/**
 * The status Envoy applies for the last stream hook of id, after its
 * conversion of the hook's result (see "Hook results" at the top); this is
 * what the emulator's buffering, header dropping and stopping follow.
 * HTTP headers: 0 and 2 give CONTINUE, 3 stays
 * PROXYWASM_HEADERS_STOP_ALL_AND_BUFFER, 1 (PAUSE), 4 and anything above
 * give PROXYWASM_HEADERS_STOP_ALL_AND_WATERMARK. HTTP bodies: 0-3 stay (1 =
 * PROXYWASM_DATA_STOP_AND_BUFFER buffers), anything above gives
 * PROXYWASM_DATA_STOP_NO_BUFFER. HTTP trailers and TCP data: 0 gives
 * CONTINUE, anything else PROXYWASM_PAUSE. Any result of an HTTP hook that
 * sent a local response gives a stop: headers
 * PROXYWASM_HEADERS_STOP_ALL_AND_WATERMARK, body
 * PROXYWASM_DATA_STOP_NO_BUFFER, trailers PROXYWASM_PAUSE.
 * Returns: that status; PROXYWASM_CONTINUE before any stream hook ran and
 * after the plugin resumed the stream; PROXYWASM_EMU_BAD_ACTION if id is not
 * a stream of this VM.
 */
proxywasm_action proxywasm_emu_get_applied_action(const proxywasm_emu_vm *vm, uint32_t id);

/**
 * The current request headers (after the plugin's changes), in order.
 * @param count  receives the number of entries (0 for an unknown stream).
 * Returns: the entries (NUL-terminated names and values), or NULL if none.
 */
const proxywasm_header *proxywasm_emu_get_request_headers(const proxywasm_emu_vm *vm, uint32_t id,
                                                          size_t *count);
/** The current request trailers. */
const proxywasm_header *proxywasm_emu_get_request_trailers(const proxywasm_emu_vm *vm, uint32_t id,
                                                           size_t *count);
/** The current response headers. */
const proxywasm_header *proxywasm_emu_get_response_headers(const proxywasm_emu_vm *vm, uint32_t id,
                                                           size_t *count);
/** The current response trailers. */
const proxywasm_header *proxywasm_emu_get_response_trailers(const proxywasm_emu_vm *vm, uint32_t id,
                                                            size_t *count);

/**
 * The first value of a current request header (name matched case-
 * insensitively), NUL-terminated; NULL if absent.
 */
const char *proxywasm_emu_get_request_header(const proxywasm_emu_vm *vm, uint32_t id,
                                             const char *name);
/** The first value of a current response header, or NULL. */
const char *proxywasm_emu_get_response_header(const proxywasm_emu_vm *vm, uint32_t id,
                                              const char *name);

/** How many entries of a header list have this name (case-insensitive). */
size_t proxywasm_emu_header_count(const proxywasm_header *headers, size_t count, const char *name);

/**
 * The value of the first entry named name (case-insensitive) in a header
 * list: a local response's or callout's headers or trailers as recorded
 * (proxywasm_emu_get_local_response, proxywasm_emu_callout_get), a gRPC
 * call's metadata, or any list of your own.
 *   const proxywasm_emu_local_response *r = proxywasm_emu_get_local_response(vm, id);
 *   assert_string_equal(proxywasm_emu_header_get(r->headers, r->header_count,
 *                                                "www-authenticate", NULL), "Basic");
 * @param len  optional; the value's length (values may hold NUL bytes).
 * Returns: the value (NUL-terminated in lists the emulator recorded; "" for
 * an empty one), or NULL with *len 0 if no entry has that name.
 */
const char *proxywasm_emu_header_get(const proxywasm_header *headers, size_t count,
                                     const char *name, size_t *len);

/**
 * The request body buffered now (after the plugin's changes): the data the
 * last on_request_body saw. NUL-terminated.
 * Returns: the bytes ("" when empty), or NULL with *len 0 for an unknown
 * stream. The same holds for every body and TCP data getter below.
 */
const char *proxywasm_emu_get_request_body(const proxywasm_emu_vm *vm, uint32_t id, size_t *len);
/**
 * Everything the filter passed on upstream so far: the buffer at each
 * on_request_body that returned CONTINUE, and the buffer released by
 * proxy_continue_stream.
 */
const char *proxywasm_emu_get_request_body_sent(const proxywasm_emu_vm *vm, uint32_t id,
                                                size_t *len);
/** The response body buffered now. */
const char *proxywasm_emu_get_response_body(const proxywasm_emu_vm *vm, uint32_t id, size_t *len);
/** The response body passed on downstream so far. */
const char *proxywasm_emu_get_response_body_sent(const proxywasm_emu_vm *vm, uint32_t id,
                                                 size_t *len);

/** A local response the plugin sent (proxy_send_local_response). */
typedef struct proxywasm_emu_local_response {
  uint32_t status_code;
  const char *details; /* spaces replaced by '_' as Envoy does */
  const proxywasm_header *headers;
  size_t header_count;
  const char *body; /* NUL-terminated */
  size_t body_len;
  int32_t grpc_status; /* -1: none */
} proxywasm_emu_local_response;

/**
 * The first local response the stream sent, or NULL (Go's
 * GetSentLocalResponse). The emulator does not run response hooks for it
 * (Envoy would run this plugin's on_response_headers/body on it).
 */
const proxywasm_emu_local_response *proxywasm_emu_get_local_response(const proxywasm_emu_vm *vm,
                                                                     uint32_t id);

/**
 * How many times the plugin closed (proxy_close_stream: HTTP reset with
 * details "wasm_close_stream", TCP close) the given stream type of a context.
 */
unsigned proxywasm_emu_get_close_count(const proxywasm_emu_vm *vm, uint32_t id,
                                       proxywasm_stream stream);

/**
 * How many times the plugin resumed (proxy_continue_stream) the given
 * stream type of a context, counted when the resume took effect.
 */
unsigned proxywasm_emu_get_resume_count(const proxywasm_emu_vm *vm, uint32_t id,
                                        proxywasm_stream stream);

/* ======================================================================== */
/* TCP connections                                                          */
/* ======================================================================== */

/**
 * Creates a TCP connection context under plugin root (0: the first plugin):
 * on_context_create(id, root) then on_new_connection.
 * @param action  optional; what on_new_connection returned.
 * Returns: the id, or 0.
 */
uint32_t proxywasm_emu_tcp_new(proxywasm_emu_vm *vm, uint32_t root, proxywasm_action *action);

/**
 * Downstream data arrives. While the previous on_downstream_data returned
 * PAUSE the data accumulates and data_size is the whole buffered size;
 * CONTINUE passes the buffer on (proxywasm_emu_get_downstream_data_sent).
 * Returns: the hook's result (PROXYWASM_CONTINUE if absent).
 */
proxywasm_action proxywasm_emu_on_downstream_data(proxywasm_emu_vm *vm, uint32_t id,
                                                  const void *data, size_t len, bool end_of_stream);
/**
 * Upstream data arrives (same buffering). With end_of_stream, Envoy then
 * reports on_upstream_close(PEER_UNKNOWN), and so does the emulator.
 */
proxywasm_action proxywasm_emu_on_upstream_data(proxywasm_emu_vm *vm, uint32_t id, const void *data,
                                                size_t len, bool end_of_stream);
/** The downstream connection closed (on_downstream_close with peer). */
void proxywasm_emu_on_downstream_close(proxywasm_emu_vm *vm, uint32_t id, proxywasm_peer peer);
/** The upstream connection closed. */
void proxywasm_emu_on_upstream_close(proxywasm_emu_vm *vm, uint32_t id, proxywasm_peer peer);

/** Ends the connection in Envoy's TCP order: on_done, on_log, on_delete. */
void proxywasm_emu_tcp_complete(proxywasm_emu_vm *vm, uint32_t id);

/**
 * The client closes first, as Envoy with tcp_proxy then calls the plugin
 * (checked by tests/fidelity, tcp_client_first): on_downstream_data(0,
 * end_of_stream), on_upstream_data(0, end_of_stream) when the server answers
 * with its own close, on_upstream_connection_close(PEER_UNKNOWN),
 * on_downstream_connection_close(PEER_LOCAL) (Envoy closes the client
 * connection itself), then on_done, on_log, on_delete. Note the upstream
 * close comes first and neither peer says "remote".
 */
void proxywasm_emu_tcp_client_close(proxywasm_emu_vm *vm, uint32_t id);

/**
 * The server closes first, as Envoy with tcp_proxy then calls the plugin
 * (tests/fidelity, tcp_server_first): on_upstream_data(0, end_of_stream),
 * on_upstream_connection_close(PEER_UNKNOWN), then the client closes:
 * on_downstream_data(0, end_of_stream), on_downstream_connection_close(
 * PEER_REMOTE), on_done, on_log, on_delete. (When the server's last data
 * and its FIN arrive in one read, Envoy passes them in one
 * on_upstream_data with end_of_stream: drive that with
 * proxywasm_emu_on_upstream_data instead of the first step.)
 */
void proxywasm_emu_tcp_server_close(proxywasm_emu_vm *vm, uint32_t id);

/**
 * The client resets the connection (RST), as Envoy with tcp_proxy then calls
 * the plugin (tests/fidelity, tcp_client_reset): only
 * on_downstream_connection_close(PEER_REMOTE), then on_done, on_log,
 * on_delete; no end-of-stream data hook and no upstream close.
 */
void proxywasm_emu_tcp_client_reset(proxywasm_emu_vm *vm, uint32_t id);

/**
 * Envoy's answer once the plugin called proxy_close_stream(downstream) on
 * the connection, from its own hooks or from another context through
 * proxy_set_effective_context (tests/fidelity, tcp_shut): Envoy closes the
 * connection at once, data still paused is dropped, and the plugin gets only
 * on_downstream_connection_close(PEER_LOCAL), then on_done, on_log,
 * on_delete; no end-of-stream data hook and no upstream close. Does nothing
 * but set proxywasm_emu_error() if the plugin made no such call.
 */
void proxywasm_emu_tcp_plugin_close(proxywasm_emu_vm *vm, uint32_t id);

/** The downstream data buffered now (after the plugin's changes). */
const char *proxywasm_emu_get_downstream_data(const proxywasm_emu_vm *vm, uint32_t id, size_t *len);
/** The downstream data passed on upstream so far. */
const char *proxywasm_emu_get_downstream_data_sent(const proxywasm_emu_vm *vm, uint32_t id,
                                                   size_t *len);
/** The upstream data buffered now. */
const char *proxywasm_emu_get_upstream_data(const proxywasm_emu_vm *vm, uint32_t id, size_t *len);
/** The upstream data passed on downstream so far. */
const char *proxywasm_emu_get_upstream_data_sent(const proxywasm_emu_vm *vm, uint32_t id,
                                                 size_t *len);

/* ======================================================================== */
/* HTTP callouts                                                            */
/* ======================================================================== */

/** One proxy_http_call the plugin made. */
typedef struct proxywasm_emu_callout {
  uint32_t token;      /* unique in the process, never reused */
  uint32_t context_id; /* the (effective) context that made the call */
  uint32_t root_id;    /* the plugin that gets the answer */
  const char *cluster;
  const proxywasm_header *headers; /* as sent (names as the plugin wrote them) */
  size_t header_count;
  const char *body; /* NUL-terminated */
  size_t body_len;
  const proxywasm_header *trailers;
  size_t trailer_count;
  uint32_t timeout_ms;
  bool answered; /* replied to, failed, or dropped with its plugin */
} proxywasm_emu_callout;

/**
 * Declares an upstream cluster. Once any cluster is declared, proxy_http_call
 * to an unknown cluster gives BAD_ARGUMENT and proxy_grpc_call/stream give
 * PARSE_FAILURE, as in Envoy. WARNING: with none declared (and strict mode
 * off) every name is accepted, unlike Envoy; proxywasm_emu_error() then
 * names the cluster that was let through.
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT for NULL.
 */
proxywasm_status proxywasm_emu_add_cluster(proxywasm_emu *emu, const char *name);

/**
 * Strict clusters: when true, only declared clusters are accepted even if
 * none is declared, so every call to an unknown cluster fails as in Envoy
 * (BAD_ARGUMENT for HTTP calls, PARSE_FAILURE for gRPC). Default false.
 */
void proxywasm_emu_set_strict_clusters(proxywasm_emu *emu, bool strict);

/** Number of callouts made by a context (0: by every context of the VM). */
size_t proxywasm_emu_callout_count(const proxywasm_emu_vm *vm, uint32_t context_id);

/**
 * The index-th callout (in call order) made by a context (0: any context);
 * Go's GetCalloutAttributesFromContext(id)[index]. Returns: NULL if none.
 */
const proxywasm_emu_callout *proxywasm_emu_callout_get(const proxywasm_emu_vm *vm,
                                                       uint32_t context_id, size_t index);

/** The callout with this token, or NULL. */
const proxywasm_emu_callout *proxywasm_emu_callout_find(const proxywasm_emu_vm *vm, uint32_t token);

/**
 * Answers a callout: runs proxy_on_http_call_response(root, token,
 * count, body_len, trailer_count) on the plugin that owns it. The response
 * headers, body and trailers are readable (from any context of that plugin)
 * only while that hook runs.
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND if the token is unknown, was
 * answered already, or its plugin is gone (Envoy cancels its calls);
 * PROXYWASM_INTERNAL_FAILURE if refused (another delivery is running, out of
 * memory): the callout then stays unanswered and may be answered again.
 */
proxywasm_status proxywasm_emu_callout_reply(proxywasm_emu_vm *vm, uint32_t token,
                                             const proxywasm_header *headers, size_t count,
                                             const void *body, size_t body_len,
                                             const proxywasm_header *trailers,
                                             size_t trailer_count);

/**
 * Answers a callout as Envoy does when its timeout_ms passes first: a
 * normal answer (proxy_get_status OK), headers ":status: 504",
 * "content-length: 24", "content-type: text/plain" and the body "upstream
 * request timeout". A timeout is NOT a failed call in Envoy: plugins must
 * check :status. Checked against Envoy by tests/fidelity (co_timeout,
 * co_after_end). Returns: as proxywasm_emu_callout_reply.
 */
proxywasm_status proxywasm_emu_callout_timeout(proxywasm_emu_vm *vm, uint32_t token);

/**
 * Answers a callout as Envoy does when the cluster's upstream refuses the
 * connection (nothing listens): a normal answer with ":status: 503",
 * "content-length: 98", "content-type: text/plain" and the body "upstream
 * connect error or disconnect/reset before headers. reset reason: remote
 * connection failure". Checked against Envoy by tests/fidelity
 * (co_refused). Returns: as proxywasm_emu_callout_reply.
 */
proxywasm_status proxywasm_emu_callout_unreachable(proxywasm_emu_vm *vm, uint32_t token);

/**
 * Fails a callout as Envoy's onFailure does (the stream to the upstream is
 * reset after the answer started, or the answer exceeds the buffer limit):
 * proxy_on_http_call_response with no headers, no body, and
 * proxy_get_status gives (11 BROKEN_CONNECTION, "reset"). A timeout or an
 * unreachable upstream is not this: use proxywasm_emu_callout_timeout or
 * proxywasm_emu_callout_unreachable.
 * Returns: as proxywasm_emu_callout_reply.
 */
proxywasm_status proxywasm_emu_callout_fail(proxywasm_emu_vm *vm, uint32_t token);

/* ======================================================================== */
/* gRPC                                                                     */
/* ======================================================================== */

/** One proxy_grpc_call or proxy_grpc_stream the plugin made. */
typedef struct proxywasm_emu_grpc {
  uint32_t token;
  uint32_t context_id;
  uint32_t root_id;
  bool stream;          /* proxy_grpc_stream */
  const char *upstream; /* cluster name or serialized GrpcService */
  size_t upstream_len;
  const char *service;
  const char *method;
  const proxywasm_header *initial_metadata;
  size_t metadata_count;
  const char *message; /* unary: the request */
  size_t message_len;
  uint32_t timeout_ms;
  size_t num_sent;  /* stream: messages sent with proxy_grpc_send */
  bool half_closed; /* stream: a send had end_stream, or proxy_grpc_close */
  bool cancelled;   /* the plugin called proxy_grpc_cancel */
  bool closed;      /* proxy_grpc_close on a call, or in a stream's last callback */
  bool finished;    /* the emulator delivered the close */
} proxywasm_emu_grpc;

/** Number of gRPC calls/streams made by a context (0: any). */
size_t proxywasm_emu_grpc_count(const proxywasm_emu_vm *vm, uint32_t context_id);
/** The index-th gRPC call/stream of a context (0: any), or NULL. */
const proxywasm_emu_grpc *proxywasm_emu_grpc_get(const proxywasm_emu_vm *vm, uint32_t context_id,
                                                 size_t index);
/** The gRPC call/stream with this token, or NULL. */
const proxywasm_emu_grpc *proxywasm_emu_grpc_find(const proxywasm_emu_vm *vm, uint32_t token);

/** The index-th message sent on a stream (NUL-terminated), or NULL. */
const char *proxywasm_emu_grpc_sent(const proxywasm_emu_vm *vm, uint32_t token, size_t index,
                                    size_t *len);

/**
 * Delivers initial metadata (proxy_on_grpc_receive_initial_metadata to the
 * owning plugin; readable while it runs). As in Envoy, a unary call gets no
 * metadata and ends with a message (success, no close follows) or a close
 * (failure); streams get metadata, messages and a final close.
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND if the call is unknown,
 * cancelled, closed or finished, or its plugin is gone; PROXYWASM_BAD_ARGUMENT
 * for metadata on a unary call.
 */
proxywasm_status proxywasm_emu_grpc_reply_initial_metadata(proxywasm_emu_vm *vm, uint32_t token,
                                                           const proxywasm_header *metadata,
                                                           size_t count);
/** Delivers a response message (proxy_on_grpc_receive). Returns: as above. */
proxywasm_status proxywasm_emu_grpc_reply_message(proxywasm_emu_vm *vm, uint32_t token,
                                                  const void *message, size_t len);
/** Delivers trailing metadata (proxy_on_grpc_receive_trailing_metadata). */
proxywasm_status proxywasm_emu_grpc_reply_trailing_metadata(proxywasm_emu_vm *vm, uint32_t token,
                                                            const proxywasm_header *metadata,
                                                            size_t count);
/**
 * Ends the call (proxy_on_grpc_close(root, token, grpc_status));
 * proxy_get_status then gives (grpc_status, message). message may be NULL.
 * Returns: as above.
 */
proxywasm_status proxywasm_emu_grpc_reply_close(proxywasm_emu_vm *vm, uint32_t token,
                                                uint32_t grpc_status, const char *message);

/**
 * Ends a unary call as Envoy does when its timeout_ms passes first:
 * proxy_on_grpc_close with 14 (UNAVAILABLE, not 4 DEADLINE_EXCEEDED), and
 * proxy_get_status gives (14, "upstream request timeout{response_timeout}").
 * Checked against Envoy by tests/fidelity (g_timeout).
 * Returns: as proxywasm_emu_grpc_reply_close.
 */
proxywasm_status proxywasm_emu_grpc_timeout(proxywasm_emu_vm *vm, uint32_t token);

/* ======================================================================== */
/* Shared data and queues                                                   */
/* ======================================================================== */

/**
 * Reads shared data of vm_id (NULL: "").
 * Returns: PROXYWASM_OK with *value (NUL-terminated, emulator-owned),
 * *len and *cas (each optional); PROXYWASM_NOT_FOUND if absent.
 */
proxywasm_status proxywasm_emu_shared_data_get(const proxywasm_emu *emu, const char *vm_id,
                                               const char *key, const char **value, size_t *len,
                                               uint32_t *cas);

/** Writes shared data of vm_id unconditionally (a new CAS). Returns: PROXYWASM_OK. */
proxywasm_status proxywasm_emu_shared_data_set(proxywasm_emu *emu, const char *vm_id,
                                               const char *key, const void *value, size_t len);

/** Called after every successful plugin read of shared data (see below). */
typedef void (*proxywasm_emu_shared_read_fn)(proxywasm_emu *emu, const char *vm_id, const char *key,
                                             void *user_data);

/**
 * Sets a function run right after each plugin read of shared data
 * (proxy_get_shared_data returned OK), before the plugin continues: it can
 * write the key with proxywasm_emu_shared_data_set, as another worker
 * thread would between the plugin's read and its compare-and-swap write.
 * That makes lost-update bugs (writes with cas 0, missing retries) fail
 * unit tests. NULL removes it.
 */
void proxywasm_emu_set_shared_read_hook(proxywasm_emu *emu, proxywasm_emu_shared_read_fn fn,
                                        void *user_data);

/** The id of queue (vm_id, name) (vm_id NULL: ""), or 0 if not registered. */
uint32_t proxywasm_emu_queue_id(const proxywasm_emu *emu, const char *vm_id, const char *name);

/** Items waiting in a queue (Go's GetQueueSize); 0 for an unknown queue. */
size_t proxywasm_emu_queue_size(const proxywasm_emu *emu, uint32_t queue_id);

/** The index-th waiting item (0: the oldest), NUL-terminated, or NULL. */
const char *proxywasm_emu_queue_peek(const proxywasm_emu *emu, uint32_t queue_id, size_t index,
                                     size_t *len);

/**
 * Enqueues an item as another VM would; schedules on_queue_ready for the
 * registering plugin. Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND.
 */
proxywasm_status proxywasm_emu_queue_enqueue(proxywasm_emu *emu, uint32_t queue_id,
                                             const void *data, size_t len);

/**
 * Automatic delivery of posted events (on_queue_ready) at the end of each
 * outermost driver call; on by default. When off, events wait for
 * proxywasm_emu_deliver().
 */
void proxywasm_emu_set_auto_deliver(proxywasm_emu *emu, bool on);

/** Delivers every waiting posted event now. Returns: how many ran. */
size_t proxywasm_emu_deliver(proxywasm_emu *emu);

/** Number of posted events waiting. */
size_t proxywasm_emu_pending_events(const proxywasm_emu *emu);

/* ======================================================================== */
/* Metrics                                                                  */
/* ======================================================================== */

/** A counter's value by name. Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND. */
proxywasm_status proxywasm_emu_get_counter(const proxywasm_emu *emu, const char *name,
                                           uint64_t *value);
/** A gauge's value by name. Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND. */
proxywasm_status proxywasm_emu_get_gauge(const proxywasm_emu *emu, const char *name,
                                         int64_t *value);
/**
 * A histogram by name: the last recorded value and the number of records
 * (each optional). Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND.
 */
proxywasm_status proxywasm_emu_get_histogram(const proxywasm_emu *emu, const char *name,
                                             uint64_t *last, size_t *count);
/** The index-th value recorded in a histogram; false if out of range. */
bool proxywasm_emu_get_histogram_value(const proxywasm_emu *emu, const char *name, size_t index,
                                       uint64_t *value);

/* ======================================================================== */
/* Properties                                                               */
/* ======================================================================== */

/**
 * A property path from segments, expanding to two arguments (array, count):
 *   proxywasm_emu_set_property_str(emu, PROXYWASM_EMU_PATH("request", "path"), "/x");
 */
#define PROXYWASM_EMU_PATH(...)         \
  ((const char *const[]){__VA_ARGS__}), \
      (sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

/**
 * Sets a host-wide property (seen by every context, e.g. xds.node.id).
 * plugin_name, plugin_root_id and plugin_vm_id come from the options.
 * Returns: PROXYWASM_OK; PROXYWASM_BAD_ARGUMENT for an empty path.
 */
proxywasm_status proxywasm_emu_set_property(proxywasm_emu *emu, const char *const *path,
                                            size_t segments, const void *value, size_t len);
/** Same with a NUL-terminated string value. */
proxywasm_status proxywasm_emu_set_property_str(proxywasm_emu *emu, const char *const *path,
                                                size_t segments, const char *value);
/** Same with an Envoy int (8 bytes little-endian). */
proxywasm_status proxywasm_emu_set_property_int(proxywasm_emu *emu, const char *const *path,
                                                size_t segments, int64_t value);

/**
 * Sets a property of one stream (e.g. source.address of a connection);
 * stream properties shadow host-wide ones.
 */
proxywasm_status proxywasm_emu_context_set_property(proxywasm_emu_vm *vm, uint32_t id,
                                                    const char *const *path, size_t segments,
                                                    const void *value, size_t len);

/**
 * Reads a property as the context would see it (stream properties, including
 * those the plugin set with proxy_set_property, then plugin_* names, then
 * host-wide ones; id 0: host-wide only).
 * Returns: PROXYWASM_OK with *value (emulator-owned, NUL-terminated) and
 * *len; PROXYWASM_NOT_FOUND.
 */
proxywasm_status proxywasm_emu_context_get_property(const proxywasm_emu_vm *vm, uint32_t id,
                                                    const char *const *path, size_t segments,
                                                    const char **value, size_t *len);

/* ======================================================================== */
/* Foreign functions                                                        */
/* ======================================================================== */

/**
 * A host function the plugin calls with proxy_call_foreign_function.
 * Set *result to memory from malloc() (the emulator frees it) and
 * *result_len, or leave them NULL/0 for no result. The returned status is
 * what the plugin gets.
 */
typedef proxywasm_status (*proxywasm_emu_foreign_fn)(void *user_data, const char *args,
                                                     size_t args_len, char **result,
                                                     size_t *result_len);

/**
 * Registers (or replaces) a foreign function by name; calls to names never
 * registered give PROXYWASM_NOT_FOUND. Returns: PROXYWASM_OK, or
 * PROXYWASM_BAD_ARGUMENT for NULL arguments.
 */
proxywasm_status proxywasm_emu_register_foreign_function(proxywasm_emu *emu, const char *name,
                                                         proxywasm_emu_foreign_fn fn,
                                                         void *user_data);

/**
 * Runs proxy_on_foreign_function(root, function_id, len) with args readable
 * as the FOREIGN_FUNCTION_ARGUMENTS buffer while it runs.
 */
void proxywasm_emu_on_foreign_function(proxywasm_emu_vm *vm, uint32_t root, uint32_t function_id,
                                       const void *args, size_t len);

/* ======================================================================== */
/* Logs                                                                     */
/* ======================================================================== */

/** Any log level, for the log queries below. */
#define PROXYWASM_EMU_ANY_LEVEL (-1)

/** One captured proxy_log call. */
typedef struct proxywasm_emu_log_entry {
  const proxywasm_emu_vm *vm; /* NULL once the VM is freed */
  uint32_t context_id;        /* the effective context that logged */
  proxywasm_log_level level;
  const char *message; /* NUL-terminated */
  size_t len;
} proxywasm_emu_log_entry;

/**
 * The host log level (proxy_get_log_level). Messages below it are dropped
 * (not captured), as by Envoy's logger. Default: trace. 6 (off) drops all.
 */
void proxywasm_emu_set_log_level(proxywasm_emu *emu, proxywasm_log_level level);

/** Number of captured messages at a level (PROXYWASM_EMU_ANY_LEVEL: all). */
size_t proxywasm_emu_log_count(const proxywasm_emu *emu, int level);

/**
 * The index-th captured message at a level (Go's GetInfoLogs()[index] etc.),
 * or NULL if out of range.
 */
const char *proxywasm_emu_log_message(const proxywasm_emu *emu, int level, size_t index);

/** True if a captured message at level contains substr. */
bool proxywasm_emu_log_contains(const proxywasm_emu *emu, int level, const char *substr);

/** All captured entries, oldest first. Returns: their number. */
size_t proxywasm_emu_log_entries(const proxywasm_emu *emu, const proxywasm_emu_log_entry **entries);

/**
 * Number of messages a context of vm logged at level; context_id 0 counts
 * every context of the VM (like the callout queries).
 */
size_t proxywasm_emu_context_log_count(const proxywasm_emu_vm *vm, uint32_t context_id, int level);

/** True if a context of vm (0: any) logged a message at level containing substr. */
bool proxywasm_emu_context_log_contains(const proxywasm_emu_vm *vm, uint32_t context_id, int level,
                                        const char *substr);

/** Forgets every captured message. */
void proxywasm_emu_log_clear(proxywasm_emu *emu);

/* ======================================================================== */
/* Fault injection and hostcall counts                                      */
/* ======================================================================== */

/**
 * Makes the next count calls of a hostcall ("proxy_get_header_map_value",
 * or without the "proxy_" prefix) return status without doing anything.
 * count 0 cancels. Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND for an
 * unknown name.
 */
proxywasm_status proxywasm_emu_fail_hostcall(proxywasm_emu *emu, const char *name, unsigned count,
                                             proxywasm_status status);

/**
 * Makes host->module allocations (the copies of returned data through
 * proxy_on_memory_allocate) fail: after skip successful ones, the next
 * count fail, and the hostcall returns PROXYWASM_INVALID_MEMORY_ACCESS.
 */
void proxywasm_emu_fail_module_allocations(proxywasm_emu *emu, unsigned skip, unsigned count);

/**
 * Makes the SDK's own arena allocations (proxywasm__alloc, which also backs
 * proxy_on_memory_allocate) fail while a module call of this host runs:
 * after skip successful ones, the next count return NULL.
 * Returns: true; false in the wasm mode (as for the next function).
 */
bool proxywasm_emu_fail_sdk_allocations(proxywasm_emu *emu, unsigned skip, unsigned count);

/**
 * Makes the SDK's context memory (proxywasm_context_alloc, and so
 * proxywasm_plugin_alloc, proxywasm_http_alloc and proxywasm_tcp_alloc) fail
 * while a module call of this host runs: after skip successful
 * allocations, the next count return NULL, as they would when the VM's
 * memory cannot grow. count 0 cancels.
 * Returns: true; false in the wasm mode, where the SDK runs inside the
 * module and its allocations cannot fail on request (a test then skips).
 */
bool proxywasm_emu_fail_context_allocations(proxywasm_emu *emu, unsigned skip, unsigned count);

/**
 * How many blocks of context memory (proxywasm_context_alloc and its typed
 * forms) are alive in a VM: allocated and not yet freed by
 * proxywasm_context_free or by the deletion of their context. A plugin
 * whose state cannot leak is back to its plugins' blocks once its streams
 * are done, and at 0 once its plugins are deleted.
 */
size_t proxywasm_emu_vm_context_blocks(const proxywasm_emu_vm *vm);

/**
 * The exact bytes of a serialized map a plugin of this host passed to it,
 * back maps before the latest (0: the latest; the last 8 are kept): header
 * maps of proxy_set_header_map_pairs, local-response headers, callout
 * headers and trailers (in that order), gRPC initial metadata. An empty map
 * as the ABI and the other SDKs send it is the 4-byte count 0.
 * @param data  set to the bytes (emulator-owned; "" for length 0), or NULL
 *              if the module passed a NULL pointer.
 * Returns: false (and NULL, 0) if fewer maps were received.
 */
bool proxywasm_emu_sent_map(const proxywasm_emu *emu, size_t back, const char **data, size_t *len);

/**
 * Hostile mode, for fuzzing the SDK against a host that breaks the ABI:
 * from now on each hostcall reads its answer from bytes (borrowed; keep
 * them alive): honest, or a status of any value (also past the enum, also
 * OK with the outputs left unwritten), and returned data that is a NULL
 * pointer with a length, a pointer with length 0, fewer or more bytes than
 * the honest answer, arbitrary bytes (malformed maps), or a failing status
 * after the outputs were written. When the bytes run out every hostcall is
 * honest again. NULL or len 0 turns the mode off. fuzz/hostile.c uses it.
 */
void proxywasm_emu_set_hostile(proxywasm_emu *emu, const void *bytes, size_t len);

/** How many times the plugins of this host called a hostcall (by name). */
unsigned proxywasm_emu_hostcall_count(const proxywasm_emu *emu, const char *name);

/**
 * How many header names and values the plugins of this host wrote that
 * break RFC 9110 field syntax (CR, LF, NUL or another control byte in a
 * value, a value starting or ending with whitespace, a name that is not a
 * token). Envoy accepts them and sends them raw (an injected header on
 * HTTP/1, a stream reset on HTTP/2); so does the emulator, which also sets
 * proxywasm_emu_error() to a line naming the hostcall and the header and
 * prints it on stderr. The SDK refuses such headers itself, so this stays 0
 * unless the plugin used PROXYWASM_HEADERS_ALLOW_RAW() or bypassed the SDK.
 */
size_t proxywasm_emu_invalid_header_count(const proxywasm_emu *emu);

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_EMULATOR_H */
