/*
 * proxywasm.h - the Proxy-Wasm SDK for C: write Envoy and Istio plugins (HTTP
 * filters, network filters, Wasm services) in C11.
 *
 * The one header plugins include. Concepts: docs/concepts.md.
 *
 * Conventions of the whole API:
 *  - Every function that talks to the host returns a proxywasm_status and
 *    fills its outputs only on success; on failure outputs are empty
 *    (NULL/0). The SDK never aborts or traps on a host reply.
 *  - Data the host returns is owned by the SDK and stays valid until the
 *    running hook returns; then it is freed. Copy it (proxywasm_context_copy)
 *    to keep it. Data you pass in is copied by the host during the call.
 *  - Functions taking a context handle act on that context, making it the
 *    host's effective context when it is not the running one; it stays
 *    effective until the hook returns or another context is made effective.
 *    A NULL handle means the effective context (as the Go SDK's calls after
 *    SetEffectiveContext).
 */
#ifndef PROXYWASM_H
#define PROXYWASM_H

#include "proxywasm/types.h"
#include "proxywasm/version.h"
#include "proxywasm/context.h"
#include "proxywasm/format.h"
#include "proxywasm/log.h"
#include "proxywasm/headers.h"
#include "proxywasm/buffer.h"
#include "proxywasm/http.h"
#include "proxywasm/tcp.h"
#include "proxywasm/callout.h"
#include "proxywasm/shared.h"
#include "proxywasm/metrics.h"
#include "proxywasm/properties.h"
#include "proxywasm/foreign.h"
#include "proxywasm/host.h"
#include "proxywasm/json.h"

/* A wasm module must list its hooks with PROXYWASM_HOOKS(), which defines
   this symbol; without it the link fails naming it. (Not in the SDK's own
   sources, and not natively, where test programs include this header.) */
#if defined(__wasm__) && !defined(PROXYWASM__SDK_BUILD)
extern const int PROXYWASM__HOOKS_GIVEN;
__attribute__((used)) static const int *const proxywasm__hooks_given = &PROXYWASM__HOOKS_GIVEN;
#endif

#endif /* PROXYWASM_H */
