/*
 * wasm_host.h - private to the wasm mode (wasm.c, wasm_env.c, wasm_wasi.c):
 * one module instance per VM and access to its linear memory.
 */
#ifndef PROXYWASM_EMU_WASM_HOST_H
#define PROXYWASM_EMU_WASM_HOST_H

#include "internal.h"
#include "wasm.h"

typedef struct emu_wasm emu_wasm;
struct Z_env_instance_t {
  emu_wasm *w;
};
struct Z_wasi_snapshot_preview1_instance_t {
  emu_wasm *w;
};

/* What the module may call right now (Envoy's restricted callbacks). */
enum { EMU_WASM_FREE, EMU_WASM_STARTING, EMU_WASM_ALLOCATING };
/* Where an import is allowed besides unrestricted calls, as
   proxy-wasm-cpp-host lists them: WasmBase::startVm (start) and
   WasmBase::allocMemory (allocator). */
enum { EMU_WASM_IN_START = 1, EMU_WASM_IN_ALLOC = 2 };

struct emu_wasm {
  const proxywasm__emu_wasm_module *mod;
  void *inst; /* the module's instance record */
  struct Z_env_instance_t env;
  struct Z_wasi_snapshot_preview1_instance_t wasi;
  int restricted;
  bool loading, failed, instantiated;
  bool canary;        /* Envoy's configuration canary (wasm.c) */
  bool killed;        /* dropped (the canary): no more calls into it */
  const char *reason; /* why the host trapped the module, or NULL */
  /* The last block the host allocated in the module (copy_out). */
  uint32_t last_off;
  const char *last_ptr;
};

/* The native address of [off, off + len) in the module's memory, or NULL
   when it is outside. */
char *proxywasm__emu_wasm_at(emu_wasm *w, uint32_t off, uint64_t len);
/* The module address of a block the host allocated in it (NULL: 0). */
uint32_t proxywasm__emu_wasm_addr(emu_wasm *w, const char *p);
/* Traps the module when it calls the host where Envoy forbids it; phases
   is where the import is allowed (EMU_WASM_IN_*). */
void proxywasm__emu_wasm_allowed(emu_wasm *w, unsigned phases);
/* Traps the module with a host-given reason. */
_Noreturn void proxywasm__emu_wasm_trap(emu_wasm *w, const char *reason);

#endif /* PROXYWASM_EMU_WASM_HOST_H */
