/*
 * proxywasm/shared.h - shared data (a key-value store with compare-and-swap)
 * and shared queues. Both are scoped by vm_id: every VM with the same vm_id
 * (all worker threads, all plugins configured with it) sees the same store.
 */
#ifndef PROXYWASM_SHARED_H
#define PROXYWASM_SHARED_H

#include "context.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Keys of known length (see proxywasm__strlen). */
proxywasm_status proxywasm__shared_data_get_n(const char *key, size_t key_len,
                                              proxywasm_bytes *value, uint32_t *cas);
proxywasm_status proxywasm__shared_data_set_n(const char *key, size_t key_len, const void *value,
                                              size_t len, uint32_t cas);

/**
 * Reads a shared value and its CAS token (proxy_get_shared_data).
 * Valid in: any hook.
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND if the key was never set.
 * Outputs empty/0 on failure.
 * Ownership: value borrowed, NUL-terminated, valid until the hook returns.
 */
PROXYWASM__INLINE proxywasm_status proxywasm_shared_data_get(const char *key,
                                                         proxywasm_bytes *value, uint32_t *cas) {
  return proxywasm__shared_data_get_n(key, proxywasm__strlen(key), value, cas);
}

/**
 * Writes a shared value (proxy_set_shared_data). cas 0 writes
 * unconditionally; otherwise the write succeeds only if the value was not
 * changed since the read that returned cas. A key cannot be deleted: write
 * an empty value instead. Valid in: any hook.
 * Returns: PROXYWASM_OK; PROXYWASM_CAS_MISMATCH if someone wrote first
 * (read again and retry).
 */
PROXYWASM__INLINE proxywasm_status proxywasm_shared_data_set(const char *key, const void *value,
                                                         size_t len, uint32_t cas) {
  return proxywasm__shared_data_set_n(key, proxywasm__strlen(key), value, len, cas);
}

/**
 * Registers (creates or takes over) the queue name of this VM
 * (proxy_register_shared_queue); on_queue_ready of the plugin that owns ctx
 * then runs when items arrive. Registering again keeps the pending items.
 * Valid in: any hook. Returns: PROXYWASM_OK and *queue_id.
 */
proxywasm_status proxywasm_queue_register(proxywasm_context *ctx, const char *name,
                                          uint32_t *queue_id);

/**
 * Looks up a queue registered by the VM vm_id ("" or NULL: this VM)
 * (proxy_resolve_shared_queue). Valid in: any hook.
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND if nobody registered it yet.
 */
proxywasm_status proxywasm_queue_resolve(const char *vm_id, const char *name,
                                         uint32_t *queue_id);

/**
 * Adds an item to a queue (proxy_enqueue_shared_queue); empty items are
 * allowed. Valid in: any hook.
 * Returns: PROXYWASM_OK; PROXYWASM_NOT_FOUND for an unknown queue.
 */
proxywasm_status proxywasm_queue_enqueue(uint32_t queue_id, const void *data, size_t len);

/**
 * Takes the oldest item (proxy_dequeue_shared_queue). Valid in: any hook.
 * Returns: PROXYWASM_OK; PROXYWASM_EMPTY if there is none;
 * PROXYWASM_NOT_FOUND for an unknown queue. *item is empty on failure.
 * Ownership: borrowed, NUL-terminated, valid until the hook returns.
 */
proxywasm_status proxywasm_queue_dequeue(uint32_t queue_id, proxywasm_bytes *item);

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_SHARED_H */
