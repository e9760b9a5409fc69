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
                                                             proxywasm_bytes *value,
                                                             uint32_t *cas) {
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
 * A shared-data key made of a prefix and bytes (a client address, a header
 * value), e.g. proxywasm_shared_data_key("ratelimit:", client).
 * Valid in: any hook.
 * Returns: a NUL-terminated key in hook memory, valid until the hook
 * returns; NULL for a NULL prefix, bytes with NULL data and a non-zero
 * length, or when out of memory (the shared-data calls refuse a NULL key
 * with PROXYWASM_BAD_ARGUMENT).
 */
const char *proxywasm_shared_data_key(const char *prefix, proxywasm_bytes bytes);

/**
 * Shared 64-bit counters: a value stored as 8 little-endian bytes (an
 * absent or empty value reads as 0), updated with compare-and-swap retried
 * up to PROXYWASM_SHARED_U64_ATTEMPTS times, so that concurrent workers
 * never lose an update.
 *
 * proxywasm_shared_u64_update calls fn with the current value; fn changes
 * it and returns true to write it, or false to leave the store unchanged
 * (the call then returns PROXYWASM_OK without writing). fn may run several
 * times (once per attempt), so it must only compute.
 * *value (may be NULL) gets the value written, or read when fn declined.
 * *retries (may be NULL) gets how many writes lost to another worker: the
 * contention on the key.
 * Valid in: any hook.
 * Returns: PROXYWASM_OK; PROXYWASM_CAS_MISMATCH when every attempt lost;
 * PROXYWASM_PARSE_FAILURE if the stored value is not 0 or 8 bytes;
 * PROXYWASM_BAD_ARGUMENT for a NULL key or fn; or the host's status.
 * The first write of an absent key cannot be compared (the ABI has no
 * "create if absent"): two workers creating the same key at once may lose
 * one update. Store 0 first (e.g. in on_vm_start) where that matters.
 */
#define PROXYWASM_SHARED_U64_ATTEMPTS 64
typedef bool (*proxywasm_shared_u64_fn)(uint64_t *value, void *arg);
proxywasm_status proxywasm_shared_u64_update(const char *key, proxywasm_shared_u64_fn fn, void *arg,
                                             uint64_t *value, uint32_t *retries);

/** Adds delta (wrapping) with proxywasm_shared_u64_update(). */
proxywasm_status proxywasm_shared_u64_add(const char *key, uint64_t delta, uint64_t *value,
                                          uint32_t *retries);

/**
 * Reads a shared counter. Returns: PROXYWASM_OK (an absent key reads 0);
 * PROXYWASM_PARSE_FAILURE if the value is not 0 or 8 bytes.
 */
proxywasm_status proxywasm_shared_u64_get(const char *key, uint64_t *value);

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
proxywasm_status proxywasm_queue_resolve(const char *vm_id, const char *name, uint32_t *queue_id);

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
