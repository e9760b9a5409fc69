/*
 * call.c - module calls in progress, work deferred until they return, and
 * the common hostcall prologue.
 *
 * A thread-local stack of frames says which VM, callee and effective
 * context the hostcalls act on; it is the only per-call global state.
 */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

static _Thread_local emu_frame *top;

emu_frame *proxywasm__emu_top(void) { return top; }

void proxywasm__emu_enter(emu_frame *f, proxywasm_emu_vm *vm, uint32_t ctx) {
  f->vm = vm;
  f->ctx = ctx;
  f->eff = ctx; /* Envoy resets the effective context at each call */
  f->prev = top;
  top = f;
  vm->busy++;
  vm->host->depth++;
}

static void run_after(proxywasm_emu *emu);

void proxywasm__emu_leave(emu_frame *f) {
  proxywasm_emu *emu = f->vm->host;
  top = f->prev;
  f->vm->busy--;
  if (--emu->depth == 0)
    run_after(emu);
}

void proxywasm__emu_trace(proxywasm_emu_vm *vm, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char line[160];
  int n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (n > 0) {
    (void)proxywasm__emu_buf_append(&vm->trace, line, strlen(line));
    (void)proxywasm__emu_buf_append(&vm->trace, "\n", 1);
  }
}

int proxywasm__emu_after_add(proxywasm_emu *emu, const emu_after *a) {
  if (emu->nafter == emu->capafter) {
    size_t cap = emu->capafter ? emu->capafter * 2 : 8;
    emu_after *n = realloc(emu->after, cap * sizeof *n);
    if (n == NULL)
      return -1;
    emu->after = n;
    emu->capafter = cap;
  }
  emu->after[emu->nafter++] = *a;
  return 0;
}

static void record_local_response(emu_ctx *c, emu_ctx *lr) {
  if (c == NULL || c->has_lr) {
    proxywasm__emu_ctx_free(lr);
    return;
  }
  /* Move the scratch record's response into the stream. */
  c->has_lr = true;
  c->lr_headers = lr->lr_headers;
  c->lr_body = lr->lr_body;
  c->lr_details = lr->lr_details;
  c->lr = lr->lr;
  c->lr.headers = c->lr_headers.v;
  c->lr.header_count = c->lr_headers.n;
  c->lr.body = c->lr_body.data ? c->lr_body.data : "";
  c->lr.body_len = c->lr_body.len;
  c->lr.details = c->lr_details;
  memset(&lr->lr_headers, 0, sizeof lr->lr_headers);
  memset(&lr->lr_body, 0, sizeof lr->lr_body);
  lr->lr_details = NULL;
  proxywasm__emu_ctx_free(lr);
}

static void run_after(proxywasm_emu *emu) {
  /* Entries may be added while running (a delete runs the module); the
     raised depth keeps those nested calls from running this loop again. */
  emu->depth++;
  for (size_t i = 0; i < emu->nafter; i++) {
    emu_after a = emu->after[i];
    if (a.kind < 0)
      continue; /* its VM was freed */
    emu_ctx *c = proxywasm__emu_ctx(a.vm, a.id);
    switch (a.kind) {
    case EMU_AFTER_CONTINUE:
      if (c && c->state == PROXYWASM_EMU_CONTEXT_LIVE)
        proxywasm__emu_resume(c, a.arg);
      break;
    case EMU_AFTER_CLOSE:
      if (c)
        c->closes[a.arg]++;
      break;
    case EMU_AFTER_LOCAL_RESPONSE:
      record_local_response(c, a.lr);
      break;
    case EMU_AFTER_DELETE:
      if (c && c->state != PROXYWASM_EMU_CONTEXT_DELETED)
        proxywasm__emu_delete(a.vm, c);
      break;
    }
  }
  emu->nafter = 0;
  emu->depth--;
}

int proxywasm__emu_post(proxywasm_emu *emu, proxywasm_emu_vm *vm, uint32_t root, uint32_t queue) {
  if (emu->nevents == emu->capevents) {
    size_t cap = emu->capevents ? emu->capevents * 2 : 8;
    emu_event *n = realloc(emu->events, cap * sizeof *n);
    if (n == NULL)
      return -1;
    emu->events = n;
    emu->capevents = cap;
  }
  emu->events[emu->nevents].vm = vm;
  emu->events[emu->nevents].root = root;
  emu->events[emu->nevents].queue = queue;
  emu->nevents++;
  return 0;
}

/* A plugin that enqueues on every on_queue_ready would never stop. */
#define MAX_DELIVERIES 100000u

size_t proxywasm_emu_deliver(proxywasm_emu *emu) {
  if (emu == NULL || emu->depth != 0)
    return 0;
  size_t ran = 0;
  while (emu->nevents > 0) {
    if (ran >= MAX_DELIVERIES) {
      proxywasm__emu_err(emu, "more than %u posted events in a row: stopped", MAX_DELIVERIES);
      break;
    }
    emu_event e = emu->events[0];
    memmove(emu->events, emu->events + 1, (emu->nevents - 1) * sizeof *emu->events);
    emu->nevents--;
    emu_ctx *root = proxywasm__emu_live(e.vm, e.root);
    if (root == NULL || root->kind != EMU_ROOT)
      continue; /* Envoy drops events for a root that is gone */
    ran++;
    if (e.vm->ex.queue_ready == NULL)
      continue;
    emu_frame f;
    proxywasm__emu_enter(&f, e.vm, e.root);
    proxywasm__emu_trace(e.vm, "proxy_on_queue_ready(%u,%u)", e.root, e.queue);
    e.vm->ex.queue_ready(e.root, e.queue);
    proxywasm__emu_leave(&f);
  }
  return ran;
}

void proxywasm__emu_flush(proxywasm_emu *emu) {
  if (emu->auto_deliver && emu->depth == 0)
    (void)proxywasm_emu_deliver(emu);
}

void proxywasm_emu_set_auto_deliver(proxywasm_emu *emu, bool on) {
  if (emu)
    emu->auto_deliver = on;
}

size_t proxywasm_emu_pending_events(const proxywasm_emu *emu) { return emu ? emu->nevents : 0; }

/* ---- hostcall prologue ---- */

emu_frame *proxywasm__emu_hostcall(int hc, uint32_t *status) {
  static _Thread_local emu_frame outside;
  emu_frame *f = top;
  if (f == NULL) {
    /* A hostcall from the test body: the static VM's VM context. */
    if (proxywasm__emu_static_vm == NULL) {
      *status = PROXYWASM_INTERNAL_FAILURE;
      return NULL;
    }
    outside.vm = proxywasm__emu_static_vm;
    outside.ctx = outside.eff = 0;
    outside.prev = NULL;
    f = &outside;
  }
  proxywasm_emu *emu = f->vm->host;
  emu->calls[hc]++;
  if (emu->faults[hc].count > 0) {
    emu->faults[hc].count--;
    *status = emu->faults[hc].status;
    return NULL;
  }
  if (emu->hostile && proxywasm__emu_hostile_status(emu, status))
    return NULL;
  return f;
}

uint32_t proxywasm__emu_copy_out(emu_frame *f, const void *data, size_t len, const char **ptr,
                                 size_t *size) {
  if (ptr == NULL || size == NULL)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  proxywasm_emu *emu = f->vm->host;
  uint32_t st;
  if (emu->hostile && proxywasm__emu_hostile_copy_out(f->vm, data, len, ptr, size, &st))
    return st;
  if (len == 0) {
    *ptr = NULL;
    *size = 0;
    return PROXYWASM_OK;
  }
  if (emu->mod_skip > 0) {
    emu->mod_skip--;
  } else if (emu->mod_fail > 0) {
    emu->mod_fail--;
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  }
  char *p = f->vm->ex.memory_allocate ? f->vm->ex.memory_allocate(len) : NULL;
  if (p == NULL)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  memcpy(p, data, len);
  *ptr = p;
  *size = len;
  return PROXYWASM_OK;
}

/* The SDK's arena asks this before each allocation (src/runtime/arena.c declares it
   weak); nonzero makes the allocation fail. */
int proxywasm__alloc_fault(size_t n);
int proxywasm__alloc_fault(size_t n) {
  (void)n;
  if (top == NULL)
    return 0;
  proxywasm_emu *emu = top->vm->host;
  if (emu->sdk_skip > 0) {
    emu->sdk_skip--;
    return 0;
  }
  if (emu->sdk_fail > 0) {
    emu->sdk_fail--;
    return 1;
  }
  return 0;
}

/* The SDK's context memory (src/ctxmem.c declares it weak) reports each
   block: +1 asks for a new one (nonzero refuses it), -1 frees one. */
int proxywasm__ctxmem_event(int delta);
int proxywasm__ctxmem_event(int delta) {
  if (top == NULL)
    return 0;
  proxywasm_emu_vm *vm = top->vm;
  proxywasm_emu *emu = vm->host;
  if (delta < 0) {
    if (vm->ctx_blocks > 0)
      vm->ctx_blocks--;
    return 0;
  }
  if (emu->ctx_skip > 0) {
    emu->ctx_skip--;
  } else if (emu->ctx_fail > 0) {
    emu->ctx_fail--;
    return 1;
  }
  vm->ctx_blocks++;
  return 0;
}
