/*
 * shared.c - shared data and shared queues.
 */
#include "../internal.h"

/* Where the host writes what the caller did not ask for: static, so no
   stack frame. */
static proxywasm_bytes value_sink;
static uint32_t cas_sink;

proxywasm_status proxywasm__shared_data_get_n(const char *key, size_t key_len,
                                              proxywasm_bytes *value, uint32_t *cas) {
  proxywasm_bytes *v = value ? value : &value_sink;
  uint32_t *c = cas ? cas : &cas_sink;
  proxywasm__clear(v);
  *c = 0;
  if (key == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  /* The host writes the view and the CAS in place: no copy. */
  uint32_t r = proxy_get_shared_data(key, key_len, &v->data, &v->len, c);
  if (r != 0) {
    proxywasm__clear(v); /* whatever a broken host wrote */
    *c = 0;
    return proxywasm__st(r);
  }
  if (v->data == NULL) {
    v->data = "";
    v->len = 0;
  }
  return PROXYWASM_OK;
}

proxywasm_status proxywasm__shared_data_set_n(const char *key, size_t key_len, const void *value,
                                              size_t len, uint32_t cas) {
  if (key == NULL || (value == NULL && len))
    return PROXYWASM_BAD_ARGUMENT;
  return proxywasm__st(proxy_set_shared_data(key, key_len, value ? value : "", len, cas));
}

proxywasm_status proxywasm_queue_register(proxywasm_context *ctx, const char *name,
                                          uint32_t *queue_id) {
  if (queue_id)
    *queue_id = 0;
  if (name == NULL || queue_id == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  proxywasm_status s = proxywasm__use(ctx);
  if (s != PROXYWASM_OK)
    return s;
  uint32_t id = 0;
  s = proxywasm__st(proxy_register_shared_queue(name, strlen(name), &id));
  if (s == PROXYWASM_OK)
    *queue_id = id;
  return s;
}

proxywasm_status proxywasm_queue_resolve(const char *vm_id, const char *name, uint32_t *queue_id) {
  if (queue_id)
    *queue_id = 0;
  if (name == NULL || queue_id == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  if (vm_id == NULL)
    vm_id = "";
  uint32_t id = 0;
  proxywasm_status s =
      proxywasm__st(proxy_resolve_shared_queue(vm_id, strlen(vm_id), name, strlen(name), &id));
  if (s == PROXYWASM_OK)
    *queue_id = id;
  return s;
}

proxywasm_status proxywasm_queue_enqueue(uint32_t queue_id, const void *data, size_t len) {
  if (data == NULL && len)
    return PROXYWASM_BAD_ARGUMENT;
  return proxywasm__st(proxy_enqueue_shared_queue(queue_id, data ? data : "", len));
}

proxywasm_status proxywasm_queue_dequeue(uint32_t queue_id, proxywasm_bytes *item) {
  proxywasm__clear(item);
  const char *p = NULL;
  size_t n = 0;
  proxywasm_status s = proxywasm__st(proxy_dequeue_shared_queue(queue_id, &p, &n));
  if (s == PROXYWASM_OK && item) {
    item->data = p ? p : "";
    item->len = p ? n : 0;
  }
  return s;
}
