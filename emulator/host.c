/*
 * host.c - the emulated host: creation, freeing, captured logs, the log
 * level, fault injection and hostcall counts.
 */
#include <stdio.h>
#include <stdlib.h>

#include "abi.h"
#include "internal.h"

const char *const proxywasm__emu_hostcall_names[EMU_HC_COUNT] = {
#define PROXYWASM__EMU_X(n) "proxy_" #n,
    PROXYWASM__EMU_HOSTCALLS(PROXYWASM__EMU_X)
#undef PROXYWASM__EMU_X
};

/* Every hostcall is referenced from here, so all of them are linked into
   (and, with -rdynamic, exported from) each test binary: plugin shared
   objects resolve their imports against it. */
typedef void (*any_fn)(void);
__attribute__((used)) static const any_fn keep[] = {
#define PROXYWASM__EMU_X(n) (any_fn) proxy_##n,
    PROXYWASM__EMU_HOSTCALLS(PROXYWASM__EMU_X)
#undef PROXYWASM__EMU_X
};

/* 2024-01-01T00:00:00Z: a fixed clock makes tests repeatable. */
#define EPOCH_NS (1704067200ull * 1000000000ull)

proxywasm_emu *proxywasm_emu_new(void) {
  proxywasm_emu *emu = calloc(1, sizeof *emu);
  if (emu == NULL)
    return NULL;
  emu->now_ns = EPOCH_NS;
  emu->log_level = PROXYWASM_LOG_TRACE;
  emu->next_cas = 1;
  emu->auto_deliver = true;
  const char *v = getenv("PROXYWASM_EMU_VERBOSE");
  emu->echo = v && *v && *v != '0';
  (void)keep;
  return emu;
}

void proxywasm_emu_free(proxywasm_emu *emu) {
  if (emu == NULL)
    return;
  if (emu->depth != 0) {
    proxywasm__emu_err(emu, "a host cannot be freed from inside one of its module calls");
    return;
  }
  while (emu->vms)
    proxywasm_emu_vm_free(emu->vms);
  for (size_t i = 0; i < emu->nlogs; i++)
    free((void *)emu->logs[i].message);
  free(emu->logs);
  proxywasm__emu_shared_free(emu);
  proxywasm__emu_metrics_free(emu);
  proxywasm__emu_props_free(&emu->props);
  for (size_t i = 0; i < emu->nforeign; i++)
    free(emu->foreign[i].name);
  free(emu->foreign);
  for (size_t i = 0; i < emu->nclusters; i++)
    free(emu->clusters[i]);
  free(emu->clusters);
  free(emu->events);
  for (size_t i = 0; i < emu->nafter; i++)
    proxywasm__emu_ctx_free(emu->after[i].lr);
  free(emu->after);
  for (size_t i = 0; i < sizeof emu->sent_maps / sizeof emu->sent_maps[0]; i++)
    proxywasm__emu_buf_free(&emu->sent_maps[i].bytes);
  free(emu);
}

const char *proxywasm_emu_error(const proxywasm_emu *emu) { return emu ? emu->error : ""; }

proxywasm_status proxywasm_emu_add_cluster(proxywasm_emu *emu, const char *name) {
  if (emu == NULL || name == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  if (emu->nclusters == emu->capclusters) {
    size_t cap = emu->capclusters ? emu->capclusters * 2 : 4;
    char **n = realloc(emu->clusters, cap * sizeof *n);
    if (n == NULL)
      return PROXYWASM_INTERNAL_FAILURE;
    emu->clusters = n;
    emu->capclusters = cap;
  }
  char *c = proxywasm__emu_strdup(name);
  if (c == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  emu->clusters[emu->nclusters++] = c;
  return PROXYWASM_OK;
}

/* ---- faults and counts ---- */

static int hostcall_index(const char *name) {
  if (name == NULL)
    return -1;
  for (int i = 0; i < EMU_HC_COUNT; i++) {
    const char *n = proxywasm__emu_hostcall_names[i];
    if (strcmp(n, name) == 0 || strcmp(n + 6, name) == 0)
      return i;
  }
  return -1;
}

proxywasm_status proxywasm_emu_fail_hostcall(proxywasm_emu *emu, const char *name, unsigned count,
                                             proxywasm_status status) {
  int i = hostcall_index(name);
  if (emu == NULL || i < 0)
    return PROXYWASM_NOT_FOUND;
  emu->faults[i].count = count;
  emu->faults[i].status = status;
  return PROXYWASM_OK;
}

void proxywasm_emu_fail_module_allocations(proxywasm_emu *emu, unsigned skip, unsigned count) {
  if (emu) {
    emu->mod_skip = count ? skip : 0;
    emu->mod_fail = count;
  }
}

/* In wasm mode (proxywasm__emu_wasm_load linked) the SDK's allocators run
   inside the module, out of the emulator's reach. */
bool proxywasm_emu_fail_sdk_allocations(proxywasm_emu *emu, unsigned skip, unsigned count) {
  if (emu == NULL || proxywasm__emu_wasm_load)
    return false;
  emu->sdk_skip = count ? skip : 0;
  emu->sdk_fail = count;
  return true;
}

bool proxywasm_emu_fail_context_allocations(proxywasm_emu *emu, unsigned skip, unsigned count) {
  if (emu == NULL || proxywasm__emu_wasm_load)
    return false;
  emu->ctx_skip = count ? skip : 0;
  emu->ctx_fail = count;
  return true;
}

size_t proxywasm_emu_vm_context_blocks(const proxywasm_emu_vm *vm) {
  return vm ? vm->ctx_blocks : 0;
}

unsigned proxywasm_emu_hostcall_count(const proxywasm_emu *emu, const char *name) {
  int i = hostcall_index(name);
  return emu && i >= 0 ? emu->calls[i] : 0;
}

/* ---- logs ---- */

static const char *const level_names[] = {"trace", "debug", "info", "warn", "error", "critical"};

uint32_t proxy_log(uint32_t level, const char *msg, size_t size) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_log, &st);
  if (f == NULL)
    return st;
  if (level > PROXYWASM_LOG_CRITICAL)
    return PROXYWASM_BAD_ARGUMENT;
  if (msg == NULL && size)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  proxywasm_emu *emu = f->vm->host;
  if ((int)level < (int)emu->log_level)
    return PROXYWASM_OK; /* Envoy's logger drops it */
  if (emu->echo)
    fprintf(stderr, "[emu %s ctx %u] %.*s\n", level_names[level], f->eff, (int)size,
            msg ? msg : "");
  if (emu->nlogs == emu->caplogs) {
    size_t cap = emu->caplogs ? emu->caplogs * 2 : 32;
    proxywasm_emu_log_entry *n = realloc(emu->logs, cap * sizeof *n);
    if (n == NULL)
      return PROXYWASM_INTERNAL_FAILURE;
    emu->logs = n;
    emu->caplogs = cap;
  }
  char *copy = proxywasm__emu_memdup(msg, size);
  if (copy == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  proxywasm_emu_log_entry *e = &emu->logs[emu->nlogs++];
  e->vm = f->vm;
  e->context_id = f->eff;
  e->level = (proxywasm_log_level)level;
  e->message = copy;
  e->len = size;
  return PROXYWASM_OK;
}

uint32_t proxy_get_log_level(uint32_t *level) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_get_log_level, &st);
  if (f == NULL)
    return st;
  if (level == NULL)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  *level = (uint32_t)f->vm->host->log_level;
  return PROXYWASM_OK;
}

void proxywasm_emu_set_log_level(proxywasm_emu *emu, proxywasm_log_level level) {
  if (emu)
    emu->log_level = level;
}

static bool level_ok(const proxywasm_emu_log_entry *e, int level) {
  return level == PROXYWASM_EMU_ANY_LEVEL || (int)e->level == level;
}

size_t proxywasm_emu_log_count(const proxywasm_emu *emu, int level) {
  size_t n = 0;
  for (size_t i = 0; emu && i < emu->nlogs; i++)
    n += level_ok(&emu->logs[i], level);
  return n;
}

const char *proxywasm_emu_log_message(const proxywasm_emu *emu, int level, size_t index) {
  for (size_t i = 0; emu && i < emu->nlogs; i++)
    if (level_ok(&emu->logs[i], level) && index-- == 0)
      return emu->logs[i].message;
  return NULL;
}

bool proxywasm_emu_log_contains(const proxywasm_emu *emu, int level, const char *substr) {
  for (size_t i = 0; emu && i < emu->nlogs; i++)
    if (level_ok(&emu->logs[i], level) && strstr(emu->logs[i].message, substr ? substr : ""))
      return true;
  return false;
}

size_t proxywasm_emu_log_entries(const proxywasm_emu *emu,
                                 const proxywasm_emu_log_entry **entries) {
  if (entries)
    *entries = emu ? emu->logs : NULL;
  return emu ? emu->nlogs : 0;
}

size_t proxywasm_emu_context_log_count(const proxywasm_emu_vm *vm, uint32_t context_id, int level) {
  size_t n = 0;
  const proxywasm_emu *emu = vm ? vm->host : NULL;
  for (size_t i = 0; emu && i < emu->nlogs; i++)
    n += emu->logs[i].vm == vm && (context_id == 0 || emu->logs[i].context_id == context_id) &&
         level_ok(&emu->logs[i], level);
  return n;
}

bool proxywasm_emu_context_log_contains(const proxywasm_emu_vm *vm, uint32_t context_id, int level,
                                        const char *substr) {
  const proxywasm_emu *emu = vm ? vm->host : NULL;
  for (size_t i = 0; emu && i < emu->nlogs; i++)
    if (emu->logs[i].vm == vm && (context_id == 0 || emu->logs[i].context_id == context_id) &&
        level_ok(&emu->logs[i], level) && strstr(emu->logs[i].message, substr ? substr : ""))
      return true;
  return false;
}

void proxywasm_emu_log_clear(proxywasm_emu *emu) {
  if (emu == NULL)
    return;
  for (size_t i = 0; i < emu->nlogs; i++)
    free((void *)emu->logs[i].message);
  emu->nlogs = 0;
}

void proxywasm_emu_set_strict_clusters(proxywasm_emu *emu, bool strict) {
  if (emu)
    emu->strict_clusters = strict;
}
