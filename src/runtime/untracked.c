/*
 * untracked.c - the plugin of a stream without stream records, for modules
 * built with PROXYWASM_UNTRACKED_STREAMS (include/proxywasm/context.h).
 *
 * Only proxy_on_context_create names a stream's plugin, and exporting it
 * makes Envoy call the module twice more per stream. Without it, each
 * plugin is registered at its first event under its plugin_name and
 * plugin_root_id properties. A stream then belongs to the newest accepted
 * plugin of the same name and root_id (Envoy starts an updated
 * configuration as another plugin of that name in the same VM); when every
 * accepted plugin shares one name and root_id, that plugin is known with
 * no call at all. Otherwise the stream's own properties are asked (two
 * hostcalls per lookup).
 *
 * Without proxy_on_delete a plugin's deletion is not seen: its record and
 * memory stay until the VM ends.
 */
#include "../internal.h"

const int proxywasm__untracked_anchor = 1;
/* Plugin records, created on a plugin's first event (dispatch.c). */
__attribute__((used)) static const int *const need_records = &proxywasm__records_anchor;
/* Defined by lifecycle.c too, so the two cannot be linked together. */
const int proxywasm_error_PROXYWASM_UNTRACKED_STREAMS_and_a_feature_that_tracks_streams = 1;

typedef struct entry {
  struct proxywasm_context *plugin;
  proxywasm_bytes name, root_id; /* copies in the pool */
  uint32_t seq;                  /* order of first events */
  bool refused;                  /* on_vm_start or on_plugin_start said false */
} entry;
static entry *table;
static size_t used, size;
static uint32_t seq;
/* A plugin could not be registered (out of memory): from then on every
   lookup asks, so that its streams find no plugin rather than another's. */
static bool lost;
/* The plugin of every stream while all accepted plugins share one name and
   root_id; NULL when the properties must be asked. Read inline by
   proxywasm_http_plugin() (context.h). */
proxywasm_plugin *proxywasm__untracked_only;

static bool same(proxywasm_bytes a, const char *b, size_t n) {
  return a.len == n && (n == 0 || memcmp(a.data, b, n) == 0);
}

/* The newest accepted plugin named (name, root_id), or NULL. */
static entry *newest(const char *name, size_t name_len, const char *root_id, size_t root_len) {
  entry *best = NULL;
  for (size_t i = 0; i < used; i++) {
    entry *e = &table[i];
    if (!e->refused && same(e->name, name, name_len) && same(e->root_id, root_id, root_len) &&
        (best == NULL || e->seq > best->seq))
      best = e;
  }
  return best;
}

static void settle(void) {
  entry *top = NULL;
  for (size_t i = 0; i < used; i++)
    if (!table[i].refused && (top == NULL || table[i].seq > top->seq))
      top = &table[i];
  proxywasm__untracked_only = top && !lost ? (proxywasm_plugin *)top->plugin : NULL;
  for (size_t i = 0; top && i < used; i++)
    if (!table[i].refused && (!same(table[i].name, top->name.data, top->name.len) ||
                              !same(table[i].root_id, top->root_id.data, top->root_id.len)))
      proxywasm__untracked_only = NULL;
}

static const char name_path[] = "plugin_name", root_path[] = "plugin_root_id";

/* A property of the effective context as a view; "" when absent. */
static proxywasm_bytes property(const char *path, size_t len) {
  const char *v = NULL;
  size_t n = 0;
  if (proxywasm__st(proxy_get_property(path, len, &v, &n)) != PROXYWASM_OK || v == NULL)
    v = "", n = 0;
  return (proxywasm_bytes){v, n};
}

static bool keep(proxywasm_bytes src, proxywasm_bytes *out) {
  char *p = proxywasm__pool_alloc(src.len + 1);
  if (p == NULL)
    return false;
  if (src.len)
    memcpy(p, src.data, src.len);
  *out = (proxywasm_bytes){p, src.len};
  return true;
}

void proxywasm__plugin_seen(struct proxywasm_context *c);
void proxywasm__plugin_seen(struct proxywasm_context *c) {
  entry *e = proxywasm__pool_grow(table, &size, used, sizeof *e);
  if (e == NULL)
    goto fail;
  table = e;
  e = &table[used];
  if (!keep(property(name_path, sizeof name_path - 1), &e->name))
    goto fail;
  if (!keep(property(root_path, sizeof root_path - 1), &e->root_id)) {
    proxywasm__pool_free((void *)e->name.data);
    goto fail;
  }
  e->plugin = c;
  e->seq = ++seq;
  e->refused = false;
  entry *old = newest(e->name.data, e->name.len, e->root_id.data, e->root_id.len);
  used++;
  if (old != NULL)
    proxywasm_log_infof(
        "plugin \"%s\" (root_id \"%s\") started again in this VM: with "
        "PROXYWASM_UNTRACKED_STREAMS streams of that name use the newest that starts",
        e->name.data, e->root_id.data);
  settle();
  return;
fail:
  proxywasm_log_errorf("out of memory registering plugin context %u", (unsigned)c->id);
  lost = true;
  proxywasm__untracked_only = NULL;
}

void proxywasm__plugin_refused(struct proxywasm_context *c);
void proxywasm__plugin_refused(struct proxywasm_context *c) {
  for (size_t i = 0; i < used; i++)
    if (table[i].plugin == c)
      table[i].refused = true;
  settle();
}

proxywasm_plugin *proxywasm__context_plugin_untracked(const proxywasm_context *ctx);
proxywasm_plugin *proxywasm__context_plugin_untracked(const proxywasm_context *ctx) {
  if (ctx == NULL)
    return NULL;
  if (ctx->kind == PROXYWASM_CONTEXT_PLUGIN)
    return (proxywasm_plugin *)ctx;
  if (proxywasm__untracked_only != NULL)
    return proxywasm__untracked_only;
  if (proxywasm__use((proxywasm_context *)ctx) != PROXYWASM_OK)
    return NULL;
  proxywasm_bytes name = property(name_path, sizeof name_path - 1),
                  root = property(root_path, sizeof root_path - 1);
  entry *e = newest(name.data, name.len, root.data, root.len);
  return e ? (proxywasm_plugin *)e->plugin : NULL;
}

/* Context memory: only plugin records exist, and live until the VM ends. */
void *proxywasm__context_alloc_untracked(proxywasm_context *ctx, size_t size);
void *proxywasm__context_alloc_untracked(proxywasm_context *ctx, size_t size) {
  return proxywasm__record_alloc(ctx, size, false);
}

void *proxywasm__plugin_alloc_untracked(proxywasm_plugin *p, size_t size);
void *proxywasm__plugin_alloc_untracked(proxywasm_plugin *p, size_t size) {
  return proxywasm__record_alloc((proxywasm_context *)p, size, true);
}

proxywasm_status proxywasm__context_copy_untracked(proxywasm_context *ctx, proxywasm_bytes src,
                                                   proxywasm_bytes *out);
proxywasm_status proxywasm__context_copy_untracked(proxywasm_context *ctx, proxywasm_bytes src,
                                                   proxywasm_bytes *out) {
  return proxywasm__context_copy_with(proxywasm__context_alloc_untracked, ctx, src, out);
}

/* The emulator's static VM ended (records.c erases the records): the
   registry starts empty, as in a new instance. */
void proxywasm__untracked_vm_end(void);
void proxywasm__untracked_vm_end(void) {
  for (size_t i = 0; i < used; i++) {
    proxywasm__pool_free((void *)table[i].name.data);
    proxywasm__pool_free((void *)table[i].root_id.data);
  }
  proxywasm__pool_free(table);
  table = NULL;
  used = size = seq = 0;
  lost = false;
  proxywasm__untracked_only = NULL;
}
