/*
 * hostile.c - a host that breaks the ABI on purpose, driven by fuzz bytes.
 *
 * Two hook points: the hostcall prologue (call.c, a status instead of the
 * work) and the copy of returned data into the module (call.c copy_out,
 * bytes that are wrong in every way a buggy host could make them). What
 * to do is read from the bytes given to proxywasm_emu_set_hostile().
 */
#include <stdlib.h>

#include "internal.h"

void proxywasm_emu_set_hostile(proxywasm_emu *emu, const void *bytes, size_t len) {
  if (emu == NULL)
    return;
  emu->hostile = len ? bytes : NULL;
  emu->hostile_len = bytes ? len : 0;
}

static unsigned take(proxywasm_emu *emu) {
  if (emu->hostile_len == 0) {
    emu->hostile = NULL; /* used up: honest from now on */
    return 0;
  }
  emu->hostile_len--;
  return *emu->hostile++;
}

static uint32_t take32(proxywasm_emu *emu) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++)
    v = v << 8 | take(emu);
  return v;
}

/* A status: mostly the ABI's (OK included), sometimes any 32-bit value. */
static uint32_t any_status(proxywasm_emu *emu) {
  unsigned b = take(emu);
  return b < 0xe0 ? b % 14 : take32(emu);
}

bool proxywasm__emu_hostile_status(proxywasm_emu *emu, uint32_t *status) {
  if (take(emu) % 4 != 1)
    return false; /* let the emulator answer */
  *status = any_status(emu);
  return true;
}

/* Module memory for n bytes, as the host must get it. */
static char *module_alloc(proxywasm_emu_vm *vm, size_t n) {
  return vm->ex.memory_allocate ? vm->ex.memory_allocate(n ? n : 1) : NULL;
}

bool proxywasm__emu_hostile_copy_out(proxywasm_emu_vm *vm, const void *data, size_t len,
                                     const char **ptr, size_t *size, uint32_t *status) {
  proxywasm_emu *emu = vm->host;
  unsigned how = take(emu) % 8;
  if (how < 2 || ptr == NULL || size == NULL)
    return false; /* honest */
  *status = PROXYWASM_OK;
  size_t n = 0;
  const unsigned char *from = data;
  switch (how) {
  case 2: /* NULL with a length */
    *ptr = NULL;
    *size = take32(emu) % 4096 + 1;
    return true;
  case 3: /* a pointer with length 0 */
    *ptr = module_alloc(vm, 1);
    *size = 0;
    return true;
  case 4: /* fewer bytes */
    n = len ? take32(emu) % len : 0;
    break;
  case 5: /* more bytes: the honest ones, then the fuzz bytes */
    n = len + take(emu) % 64 + 1;
    break;
  case 6: /* arbitrary bytes, e.g. a malformed map */
    n = take(emu) % 64;
    from = NULL;
    break;
  default: /* honest bytes, then a failing status */
    n = len;
    *status = any_status(emu);
    if (*status == PROXYWASM_OK)
      *status = PROXYWASM_INTERNAL_FAILURE;
    break;
  }
  char *p = module_alloc(vm, n);
  if (p == NULL)
    return *status = PROXYWASM_INVALID_MEMORY_ACCESS, true;
  for (size_t i = 0; i < n; i++)
    p[i] = (char)(from && i < len ? from[i] : take(emu));
  *ptr = p;
  *size = n;
  return true;
}
