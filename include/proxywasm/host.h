/*
 * proxywasm/host.h - the host's clock.
 */
#ifndef PROXYWASM_HOST_H
#define PROXYWASM_HOST_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Wall-clock time in nanoseconds since the Unix epoch
 * (proxy_get_current_time_nanoseconds). Valid in: any hook.
 * Returns: PROXYWASM_OK; *ns is 0 on failure.
 */
proxywasm_status proxywasm_time_get(uint64_t *ns);

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_HOST_H */
