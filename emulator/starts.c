/*
 * starts.c - the switch for Envoy's start-up (base VM and configuration
 * canary), which only the wasm mode (wasm.c) can run: it needs a fresh
 * instance of the module for each start.
 */
#include "internal.h"

bool proxywasm_emu_set_envoy_starts(proxywasm_emu *emu, bool on) {
  if (emu == NULL)
    return false;
  if (on && proxywasm__emu_wasm_load == NULL) {
    proxywasm__emu_err(emu, "Envoy's start-up needs the wasm mode: natively the linked plugin's "
                            "globals exist once per process, so no start gets a fresh instance");
    return false;
  }
  emu->envoy_starts = on;
  return true;
}
