/*
 * shared.c - shared data and shared queues, scoped by vm_id across every
 * VM of the host (cpp-host's SharedData and SharedQueue).
 */
#include <stdlib.h>

#include "abi.h"
#include "internal.h"

/* ---- shared data ---- */

static emu_kv *kv_find(const proxywasm_emu *emu, const char *vm_id, const char *key, size_t klen) {
  for (size_t i = 0; i < emu->nkv; i++) {
    emu_kv *e = &emu->kv[i];
    if (strcmp(e->vm_id, vm_id) == 0 && strlen(e->key) == klen && memcmp(e->key, key, klen) == 0)
      return e;
  }
  return NULL;
}

static uint32_t next_cas(proxywasm_emu *emu) {
  uint32_t c = emu->next_cas++;
  if (emu->next_cas == 0)
    emu->next_cas = 1; /* 0 means "no CAS check" */
  return c;
}

static proxywasm_status kv_set(proxywasm_emu *emu, const char *vm_id, const char *key, size_t klen,
                               const void *value, size_t vlen, uint32_t cas) {
  emu_kv *e = kv_find(emu, vm_id, key, klen);
  if (e != NULL) {
    if (cas != 0 && cas != e->cas)
      return PROXYWASM_CAS_MISMATCH;
  } else {
    if (emu->nkv == emu->capkv) {
      size_t cap = emu->capkv ? emu->capkv * 2 : 8;
      emu_kv *n = realloc(emu->kv, cap * sizeof *n);
      if (n == NULL)
        return PROXYWASM_INTERNAL_FAILURE;
      emu->kv = n;
      emu->capkv = cap;
    }
    e = &emu->kv[emu->nkv];
    memset(e, 0, sizeof *e);
    e->vm_id = proxywasm__emu_strdup(vm_id);
    e->key = proxywasm__emu_memdup(key, klen);
    if (e->vm_id == NULL || e->key == NULL) {
      free(e->vm_id);
      free(e->key);
      return PROXYWASM_INTERNAL_FAILURE;
    }
    emu->nkv++;
  }
  if (proxywasm__emu_buf_set(&e->value, value ? value : "", vlen) != 0)
    return PROXYWASM_INTERNAL_FAILURE;
  e->cas = next_cas(emu);
  return PROXYWASM_OK;
}

uint32_t proxy_get_shared_data(const char *key, size_t key_size, const char **value,
                               size_t *value_size, uint32_t *cas) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_get_shared_data, &st);
  if (f == NULL)
    return st;
  if ((key == NULL && key_size) || cas == NULL)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  emu_kv *e = kv_find(f->vm->host, f->vm->vm_id, key ? key : "", key_size);
  if (e == NULL)
    return PROXYWASM_NOT_FOUND;
  st = proxywasm__emu_copy_out(f, e->value.data, e->value.len, value, value_size);
  if (st == PROXYWASM_OK) {
    *cas = e->cas;
    proxywasm_emu *emu = f->vm->host;
    if (emu->on_shared_read) {
      /* The key as a C string for the hook (keys may hold any bytes; the
         hook sees them up to the first NUL). */
      char k[256];
      size_t n = key_size < sizeof k - 1 ? key_size : sizeof k - 1;
      memcpy(k, key ? key : "", n);
      k[n] = 0;
      emu->on_shared_read(emu, f->vm->vm_id, k, emu->on_shared_read_user);
    }
  }
  return st;
}

void proxywasm_emu_set_shared_read_hook(proxywasm_emu *emu, proxywasm_emu_shared_read_fn fn,
                                        void *user_data) {
  if (emu == NULL)
    return;
  emu->on_shared_read = fn;
  emu->on_shared_read_user = user_data;
}

uint32_t proxy_set_shared_data(const char *key, size_t key_size, const char *value,
                               size_t value_size, uint32_t cas) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_set_shared_data, &st);
  if (f == NULL)
    return st;
  if ((key == NULL && key_size) || (value == NULL && value_size))
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  return kv_set(f->vm->host, f->vm->vm_id, key ? key : "", key_size, value, value_size, cas);
}

proxywasm_status proxywasm_emu_shared_data_get(const proxywasm_emu *emu, const char *vm_id,
                                               const char *key, const char **value, size_t *len,
                                               uint32_t *cas) {
  if (emu == NULL || key == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  emu_kv *e = kv_find(emu, vm_id ? vm_id : "", key, strlen(key));
  if (e == NULL)
    return PROXYWASM_NOT_FOUND;
  if (value)
    *value = e->value.data ? e->value.data : "";
  if (len)
    *len = e->value.len;
  if (cas)
    *cas = e->cas;
  return PROXYWASM_OK;
}

proxywasm_status proxywasm_emu_shared_data_set(proxywasm_emu *emu, const char *vm_id,
                                               const char *key, const void *value, size_t len) {
  if (emu == NULL || key == NULL || (value == NULL && len))
    return PROXYWASM_BAD_ARGUMENT;
  return kv_set(emu, vm_id ? vm_id : "", key, strlen(key), value, len, 0);
}

/* ---- queues ---- */

static emu_queue *queue_by_name(const proxywasm_emu *emu, const char *vm_id, const char *name,
                                size_t nlen) {
  for (size_t i = 0; i < emu->nqueues; i++) {
    emu_queue *q = &emu->queues[i];
    if (strcmp(q->vm_id, vm_id) == 0 && strlen(q->name) == nlen && memcmp(q->name, name, nlen) == 0)
      return q;
  }
  return NULL;
}

static emu_queue *queue_by_id(const proxywasm_emu *emu, uint32_t id) {
  return id >= 1 && id <= emu->nqueues ? &emu->queues[id - 1] : NULL;
}

static proxywasm_status enqueue(proxywasm_emu *emu, emu_queue *q, const void *data, size_t len) {
  if (q->head + q->n == q->cap) {
    if (q->head > 0) { /* compact before growing */
      memmove(q->items, q->items + q->head, q->n * sizeof *q->items);
      q->head = 0;
    }
    if (q->n == q->cap) {
      size_t cap = q->cap ? q->cap * 2 : 8;
      emu_buf *n = realloc(q->items, cap * sizeof *n);
      if (n == NULL)
        return PROXYWASM_INTERNAL_FAILURE;
      q->items = n;
      q->cap = cap;
    }
  }
  emu_buf *b = &q->items[q->head + q->n];
  memset(b, 0, sizeof *b);
  if (proxywasm__emu_buf_set(b, data ? data : "", len) != 0)
    return PROXYWASM_INTERNAL_FAILURE;
  q->n++;
  /* Envoy posts on_queue_ready to the registering VM's thread. */
  if (q->owner && proxywasm__emu_post(emu, q->owner, q->owner_root, q->id) != 0)
    return PROXYWASM_INTERNAL_FAILURE;
  return PROXYWASM_OK;
}

uint32_t proxy_register_shared_queue(const char *name, size_t name_size, uint32_t *queue_id) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_register_shared_queue, &st);
  if (f == NULL)
    return st;
  if ((name == NULL && name_size) || queue_id == NULL)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  proxywasm_emu *emu = f->vm->host;
  emu_ctx *root = proxywasm__emu_root_of(f->vm, proxywasm__emu_eff(f));
  name = name ? name : "";
  emu_queue *q = queue_by_name(emu, f->vm->vm_id, name, name_size);
  if (q == NULL) {
    if (emu->nqueues == emu->capqueues) {
      size_t cap = emu->capqueues ? emu->capqueues * 2 : 8;
      emu_queue *n = realloc(emu->queues, cap * sizeof *n);
      if (n == NULL)
        return PROXYWASM_INTERNAL_FAILURE;
      emu->queues = n;
      emu->capqueues = cap;
    }
    q = &emu->queues[emu->nqueues];
    memset(q, 0, sizeof *q);
    q->vm_id = proxywasm__emu_strdup(f->vm->vm_id);
    q->name = proxywasm__emu_memdup(name, name_size);
    if (q->vm_id == NULL || q->name == NULL) {
      free(q->vm_id);
      free(q->name);
      return PROXYWASM_INTERNAL_FAILURE;
    }
    q->id = (uint32_t)++emu->nqueues;
  }
  /* Registering again keeps the items and retargets on_queue_ready. */
  q->owner = f->vm;
  q->owner_root = root ? root->id : 0;
  *queue_id = q->id;
  return PROXYWASM_OK;
}

uint32_t proxy_resolve_shared_queue(const char *vm_id, size_t vm_id_size, const char *name,
                                    size_t name_size, uint32_t *queue_id) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_resolve_shared_queue, &st);
  if (f == NULL)
    return st;
  if ((vm_id == NULL && vm_id_size) || (name == NULL && name_size) || queue_id == NULL)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  char *vid =
      vm_id_size ? proxywasm__emu_memdup(vm_id, vm_id_size) : proxywasm__emu_strdup(f->vm->vm_id);
  if (vid == NULL)
    return PROXYWASM_INTERNAL_FAILURE;
  emu_queue *q = queue_by_name(f->vm->host, vid, name ? name : "", name_size);
  free(vid);
  if (q == NULL)
    return PROXYWASM_NOT_FOUND;
  *queue_id = q->id;
  return PROXYWASM_OK;
}

uint32_t proxy_enqueue_shared_queue(uint32_t queue_id, const char *value, size_t value_size) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_enqueue_shared_queue, &st);
  if (f == NULL)
    return st;
  if (value == NULL && value_size)
    return PROXYWASM_INVALID_MEMORY_ACCESS;
  emu_queue *q = queue_by_id(f->vm->host, queue_id);
  if (q == NULL)
    return PROXYWASM_NOT_FOUND;
  return enqueue(f->vm->host, q, value, value_size);
}

uint32_t proxy_dequeue_shared_queue(uint32_t queue_id, const char **value, size_t *value_size) {
  uint32_t st;
  emu_frame *f = proxywasm__emu_hostcall(EMU_HC_dequeue_shared_queue, &st);
  if (f == NULL)
    return st;
  emu_queue *q = queue_by_id(f->vm->host, queue_id);
  if (q == NULL)
    return PROXYWASM_NOT_FOUND;
  if (q->n == 0)
    return PROXYWASM_EMPTY;
  emu_buf *b = &q->items[q->head];
  st = proxywasm__emu_copy_out(f, b->data, b->len, value, value_size);
  if (st != PROXYWASM_OK)
    return st; /* the item stays queued */
  proxywasm__emu_buf_free(b);
  q->head++;
  q->n--;
  return PROXYWASM_OK;
}

uint32_t proxywasm_emu_queue_id(const proxywasm_emu *emu, const char *vm_id, const char *name) {
  if (emu == NULL || name == NULL)
    return 0;
  emu_queue *q = queue_by_name(emu, vm_id ? vm_id : "", name, strlen(name));
  return q ? q->id : 0;
}

size_t proxywasm_emu_queue_size(const proxywasm_emu *emu, uint32_t queue_id) {
  emu_queue *q = emu ? queue_by_id(emu, queue_id) : NULL;
  return q ? q->n : 0;
}

const char *proxywasm_emu_queue_peek(const proxywasm_emu *emu, uint32_t queue_id, size_t index,
                                     size_t *len) {
  emu_queue *q = emu ? queue_by_id(emu, queue_id) : NULL;
  if (q == NULL || index >= q->n) {
    if (len)
      *len = 0;
    return NULL;
  }
  emu_buf *b = &q->items[q->head + index];
  if (len)
    *len = b->len;
  return b->data ? b->data : "";
}

proxywasm_status proxywasm_emu_queue_enqueue(proxywasm_emu *emu, uint32_t queue_id,
                                             const void *data, size_t len) {
  if (emu == NULL || (data == NULL && len))
    return PROXYWASM_BAD_ARGUMENT;
  emu_queue *q = queue_by_id(emu, queue_id);
  if (q == NULL)
    return PROXYWASM_NOT_FOUND;
  proxywasm_status s = enqueue(emu, q, data, len);
  proxywasm__emu_flush(emu);
  return s;
}

void proxywasm__emu_queues_forget(proxywasm_emu *emu, proxywasm_emu_vm *vm) {
  for (size_t i = 0; i < emu->nqueues; i++)
    if (emu->queues[i].owner == vm)
      emu->queues[i].owner = NULL;
  size_t j = 0;
  for (size_t i = 0; i < emu->nevents; i++)
    if (emu->events[i].vm != vm)
      emu->events[j++] = emu->events[i];
  emu->nevents = j;
  for (size_t i = 0; i < emu->nafter; i++)
    if (emu->after[i].vm == vm) {
      proxywasm__emu_ctx_free(emu->after[i].lr);
      emu->after[i].lr = NULL;
      emu->after[i].kind = -1;
    }
}

void proxywasm__emu_shared_free(proxywasm_emu *emu) {
  for (size_t i = 0; i < emu->nkv; i++) {
    free(emu->kv[i].vm_id);
    free(emu->kv[i].key);
    proxywasm__emu_buf_free(&emu->kv[i].value);
  }
  free(emu->kv);
  for (size_t i = 0; i < emu->nqueues; i++) {
    emu_queue *q = &emu->queues[i];
    for (size_t k = 0; k < q->n; k++)
      proxywasm__emu_buf_free(&q->items[q->head + k]);
    free(q->items);
    free(q->vm_id);
    free(q->name);
  }
  free(emu->queues);
}
