/*
 * abi.h - private mirror of the Proxy-Wasm ABI v0.2.1 host imports.
 *
 * The C symbols are the ABI names. In a wasm build each is an import from
 * module "env"; natively the host emulator defines the same symbols, so the
 * SDK and plugins compile unchanged for both. Every pointer and size is an
 * i32 in wasm; the two metric values are i64. Declaring an import here costs
 * nothing: the linker keeps only those some live code calls.
 */
#ifndef PROXYWASM_ABI_H
#define PROXYWASM_ABI_H

#include <stddef.h>
#include <stdint.h>

#if defined(__wasm__)
#define PROXYWASM__IMPORT(name) __attribute__((import_module("env"), import_name(#name)))
#else
#define PROXYWASM__IMPORT(name)
#endif

#define PROXYWASM__HOSTCALL(ret, name, params) PROXYWASM__IMPORT(name) ret name params

/* Logging, time, status. */
PROXYWASM__HOSTCALL(uint32_t, proxy_log, (uint32_t level, const char *msg, size_t msg_size));
PROXYWASM__HOSTCALL(uint32_t, proxy_get_log_level, (uint32_t *level));
PROXYWASM__HOSTCALL(uint32_t, proxy_get_current_time_nanoseconds, (uint64_t *ns));
PROXYWASM__HOSTCALL(uint32_t, proxy_get_status,
                    (uint32_t *code, const char **msg, size_t *msg_size));

/* Contexts and timers. */
PROXYWASM__HOSTCALL(uint32_t, proxy_set_tick_period_milliseconds, (uint32_t period_ms));
PROXYWASM__HOSTCALL(uint32_t, proxy_set_effective_context, (uint32_t context_id));
PROXYWASM__HOSTCALL(uint32_t, proxy_done, (void));

/* Buffers. */
PROXYWASM__HOSTCALL(uint32_t, proxy_get_buffer_bytes,
                    (uint32_t buffer, size_t start, size_t max_size, const char **data,
                     size_t *size));
PROXYWASM__HOSTCALL(uint32_t, proxy_set_buffer_bytes,
                    (uint32_t buffer, size_t start, size_t size, const char *data,
                     size_t data_size));
PROXYWASM__HOSTCALL(uint32_t, proxy_get_buffer_status,
                    (uint32_t buffer, size_t *size, uint32_t *flags));

/* Header maps. */
PROXYWASM__HOSTCALL(uint32_t, proxy_get_header_map_pairs,
                    (uint32_t map, const char **data, size_t *size));
PROXYWASM__HOSTCALL(uint32_t, proxy_set_header_map_pairs,
                    (uint32_t map, const char *data, size_t size));
PROXYWASM__HOSTCALL(uint32_t, proxy_get_header_map_size, (uint32_t map, size_t *size));
PROXYWASM__HOSTCALL(uint32_t, proxy_get_header_map_value,
                    (uint32_t map, const char *key, size_t key_size, const char **value,
                     size_t *value_size));
PROXYWASM__HOSTCALL(uint32_t, proxy_add_header_map_value,
                    (uint32_t map, const char *key, size_t key_size, const char *value,
                     size_t value_size));
PROXYWASM__HOSTCALL(uint32_t, proxy_replace_header_map_value,
                    (uint32_t map, const char *key, size_t key_size, const char *value,
                     size_t value_size));
PROXYWASM__HOSTCALL(uint32_t, proxy_remove_header_map_value,
                    (uint32_t map, const char *key, size_t key_size));

/* Stream control. */
PROXYWASM__HOSTCALL(uint32_t, proxy_continue_stream, (uint32_t stream));
PROXYWASM__HOSTCALL(uint32_t, proxy_close_stream, (uint32_t stream));
PROXYWASM__HOSTCALL(uint32_t, proxy_send_local_response,
                    (uint32_t status_code, const char *details, size_t details_size,
                     const char *body, size_t body_size, const char *headers, size_t headers_size,
                     int32_t grpc_status));

/* HTTP callouts. */
PROXYWASM__HOSTCALL(uint32_t, proxy_http_call,
                    (const char *upstream, size_t upstream_size, const char *headers,
                     size_t headers_size, const char *body, size_t body_size, const char *trailers,
                     size_t trailers_size, uint32_t timeout_ms, uint32_t *token));

/* gRPC. */
PROXYWASM__HOSTCALL(uint32_t, proxy_grpc_call,
                    (const char *upstream, size_t upstream_size, const char *service,
                     size_t service_size, const char *method, size_t method_size,
                     const char *initial_metadata, size_t initial_metadata_size,
                     const char *message, size_t message_size, uint32_t timeout_ms,
                     uint32_t *token));
PROXYWASM__HOSTCALL(uint32_t, proxy_grpc_stream,
                    (const char *upstream, size_t upstream_size, const char *service,
                     size_t service_size, const char *method, size_t method_size,
                     const char *initial_metadata, size_t initial_metadata_size, uint32_t *token));
PROXYWASM__HOSTCALL(uint32_t, proxy_grpc_send,
                    (uint32_t token, const char *message, size_t message_size,
                     uint32_t end_stream));
PROXYWASM__HOSTCALL(uint32_t, proxy_grpc_cancel, (uint32_t token));
PROXYWASM__HOSTCALL(uint32_t, proxy_grpc_close, (uint32_t token));

/* Shared data and queues. */
PROXYWASM__HOSTCALL(uint32_t, proxy_get_shared_data,
                    (const char *key, size_t key_size, const char **value, size_t *value_size,
                     uint32_t *cas));
PROXYWASM__HOSTCALL(uint32_t, proxy_set_shared_data,
                    (const char *key, size_t key_size, const char *value, size_t value_size,
                     uint32_t cas));
PROXYWASM__HOSTCALL(uint32_t, proxy_register_shared_queue,
                    (const char *name, size_t name_size, uint32_t *queue_id));
PROXYWASM__HOSTCALL(uint32_t, proxy_resolve_shared_queue,
                    (const char *vm_id, size_t vm_id_size, const char *name, size_t name_size,
                     uint32_t *queue_id));
PROXYWASM__HOSTCALL(uint32_t, proxy_enqueue_shared_queue,
                    (uint32_t queue_id, const char *value, size_t value_size));
PROXYWASM__HOSTCALL(uint32_t, proxy_dequeue_shared_queue,
                    (uint32_t queue_id, const char **value, size_t *value_size));

/* Metrics. */
PROXYWASM__HOSTCALL(uint32_t, proxy_define_metric,
                    (uint32_t type, const char *name, size_t name_size, uint32_t *id));
PROXYWASM__HOSTCALL(uint32_t, proxy_increment_metric, (uint32_t id, int64_t offset));
PROXYWASM__HOSTCALL(uint32_t, proxy_record_metric, (uint32_t id, uint64_t value));
PROXYWASM__HOSTCALL(uint32_t, proxy_get_metric, (uint32_t id, uint64_t *value));

/* Properties. */
PROXYWASM__HOSTCALL(uint32_t, proxy_get_property,
                    (const char *path, size_t path_size, const char **value, size_t *value_size));
PROXYWASM__HOSTCALL(uint32_t, proxy_set_property,
                    (const char *path, size_t path_size, const char *value, size_t value_size));

/* Foreign functions. */
PROXYWASM__HOSTCALL(uint32_t, proxy_call_foreign_function,
                    (const char *name, size_t name_size, const char *args, size_t args_size,
                     const char **result, size_t *result_size));

#endif /* PROXYWASM_ABI_H */
