/*
 * wasm.h - the emulator's wasm mode: a plugin's built .wasm, translated to C
 * by wasm2c, linked into the test binary and run as the VM's module.
 *
 * scripts/wasm2c-glue.sh writes, for each translated module, a small C file
 * that fills one proxywasm__emu_wasm_module with the module's exports
 * (wrapped to take the instance as void *) and registers it at start-up.
 * The emulator (emulator/wasm.c) instantiates a registered module for each
 * VM: plugin_path NULL takes the binary's only module, a path takes the
 * module registered under its last segments ("shared_queue/receiver").
 */
#ifndef PROXYWASM_EMU_WASM_H
#define PROXYWASM_EMU_WASM_H

#include <stddef.h>
#include <stdint.h>

#include "wasm-rt.h"

struct Z_env_instance_t;
struct Z_wasi_snapshot_preview1_instance_t;

typedef struct proxywasm__emu_wasm_module {
  const char *name; /* the plugin's path below the build root, without .wasm */
  size_t instance_size;
  void (*init_module)(void);
  void (*instantiate)(void *inst, struct Z_env_instance_t *env,
                      struct Z_wasi_snapshot_preview1_instance_t *wasi);
  void (*free)(void *inst);
  wasm_rt_memory_t *(*memory)(void *inst);
  int has_abi_version; /* exports proxy_abi_version_0_2_1 (or 0_2_0) */
  /* Exports, NULL when the module lacks them; named as the export. */
  void (*_initialize)(void *);
  void (*_start)(void *);
  uint32_t (*__main_void)(void *);
  uint32_t (*malloc)(void *, uint32_t);
  uint32_t (*proxy_on_memory_allocate)(void *, uint32_t);
  void (*proxy_on_context_create)(void *, uint32_t, uint32_t);
  uint32_t (*proxy_on_vm_start)(void *, uint32_t, uint32_t);
  uint32_t (*proxy_on_configure)(void *, uint32_t, uint32_t);
  uint32_t (*proxy_on_done)(void *, uint32_t);
  void (*proxy_on_log)(void *, uint32_t);
  void (*proxy_on_delete)(void *, uint32_t);
  void (*proxy_on_tick)(void *, uint32_t);
  void (*proxy_on_queue_ready)(void *, uint32_t, uint32_t);
  void (*proxy_on_foreign_function)(void *, uint32_t, uint32_t, uint32_t);
  uint32_t (*proxy_on_new_connection)(void *, uint32_t);
  uint32_t (*proxy_on_downstream_data)(void *, uint32_t, uint32_t, uint32_t);
  uint32_t (*proxy_on_upstream_data)(void *, uint32_t, uint32_t, uint32_t);
  void (*proxy_on_downstream_connection_close)(void *, uint32_t, uint32_t);
  void (*proxy_on_upstream_connection_close)(void *, uint32_t, uint32_t);
  uint32_t (*proxy_on_request_headers)(void *, uint32_t, uint32_t, uint32_t);
  uint32_t (*proxy_on_request_body)(void *, uint32_t, uint32_t, uint32_t);
  uint32_t (*proxy_on_request_trailers)(void *, uint32_t, uint32_t);
  uint32_t (*proxy_on_response_headers)(void *, uint32_t, uint32_t, uint32_t);
  uint32_t (*proxy_on_response_body)(void *, uint32_t, uint32_t, uint32_t);
  uint32_t (*proxy_on_response_trailers)(void *, uint32_t, uint32_t);
  void (*proxy_on_http_call_response)(void *, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
  void (*proxy_on_grpc_receive_initial_metadata)(void *, uint32_t, uint32_t, uint32_t);
  void (*proxy_on_grpc_receive)(void *, uint32_t, uint32_t, uint32_t);
  void (*proxy_on_grpc_receive_trailing_metadata)(void *, uint32_t, uint32_t, uint32_t);
  void (*proxy_on_grpc_close)(void *, uint32_t, uint32_t, uint32_t);
  struct proxywasm__emu_wasm_module *next;
} proxywasm__emu_wasm_module;

/* Called by each module's glue from a constructor. */
void proxywasm__emu_wasm_register(proxywasm__emu_wasm_module *m);

#endif /* PROXYWASM_EMU_WASM_H */
