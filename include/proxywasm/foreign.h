/*
 * proxywasm/foreign.h - host-specific foreign functions.
 *
 * Envoy registers compress, uncompress, declare_property,
 * set_envoy_filter_state, clear_route_cache and (with CEL) expr_create,
 * expr_evaluate, expr_delete; arguments and results are bytes whose meaning
 * each function defines. A host may also call into the module through the
 * on_foreign_function hook, whose arguments are read here.
 */
#ifndef PROXYWASM_FOREIGN_H
#define PROXYWASM_FOREIGN_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Calls a host function by name (proxy_call_foreign_function).
 * Valid in: any hook.
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND for an unknown function; or the
 * function's own status. *result is empty on failure and may be empty on
 * success.
 * Ownership: result borrowed, NUL-terminated, valid until the hook returns.
 */
proxywasm_status proxywasm_foreign_call(const char *name, const void *args, size_t args_len,
                                        proxywasm_bytes *result);

/**
 * The arguments of the running on_foreign_function hook
 * (proxy_get_buffer_bytes(FOREIGN_FUNCTION_ARGUMENTS)).
 * Valid in: on_foreign_function.
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND if there are none.
 * Ownership: borrowed, NUL-terminated, valid until the hook returns.
 */
proxywasm_status proxywasm_foreign_get_arguments(proxywasm_bytes *out);

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_FOREIGN_H */
