/*
 * byroot.c - several plugins in one module (PROXYWASM_PLUGIN): the list of
 * plugin definitions, each plugin context's definition found by its
 * plugin_root_id, and the hooks the SDK calls by name (create, done,
 * delete, log) forwarded to it. Linked only by PROXYWASM_PLUGIN.
 */
#include "byroot.h"

const int proxywasm__byroot_anchor = 1;
static proxywasm__plugin_def *defs;
static const proxywasm__plugin_def none; /* a plugin whose root_id matched nothing */

void proxywasm__byroot_register(proxywasm__plugin_def *def) {
  def->next = defs;
  defs = def;
}

/* The definition of each plugin, by plugin id: a table of its own, so that
   context records (and modules without PROXYWASM_PLUGIN) stay as small. */
typedef struct entry {
  uint32_t id;
  const proxywasm__plugin_def *def;
} entry;
static entry *table;
static size_t used, size;

static entry *find(uint32_t id) {
  for (size_t i = 0; i < used; i++)
    if (table[i].id == id)
      return &table[i];
  return NULL;
}

static entry *add(uint32_t id) {
  entry *t = proxywasm__pool_grow(table, &size, used, sizeof *t);
  if (t == NULL)
    return NULL;
  table = t;
  table[used].id = id;
  return &table[used++];
}

/* The root_id decides once per plugin. Envoy answers plugin_root_id for the
   plugin and for each of its streams, so any of its events may ask. */
const proxywasm__plugin_def *proxywasm__byroot_def(struct proxywasm_context *c) {
  struct proxywasm_context *p = c;
  if (p != NULL && p->kind != PROXYWASM_CONTEXT_PLUGIN)
    p = p->plugin;
  if (p == NULL)
    return NULL;
  entry *e = find(p->id);
  if (e != NULL)
    return e->def;
  const char *v = NULL;
  size_t n = 0;
  static const char path[] = "plugin_root_id";
  if (proxy_get_property(path, sizeof path - 1, &v, &n) != PROXYWASM_OK)
    v = "", n = 0;
  const proxywasm__plugin_def *def = &none;
  for (const proxywasm__plugin_def *d = defs; d; d = d->next)
    if (strlen(d->root_id) == n && (n == 0 || memcmp(d->root_id, v, n) == 0)) {
      def = d;
      break;
    }
  if (def == &none)
    proxywasm_log_errorf("no PROXYWASM_PLUGIN has root_id \"%.*s\"; this plugin does nothing",
                         (int)n, v ? v : "");
  if ((e = add(p->id)) != NULL) /* out of memory: asked again next time */
    e->def = def;
  return def;
}

/* A deleted plugin's entry goes (ids are not reused). */
static void forget(uint32_t id) {
  entry *e = find(id);
  if (e != NULL)
    *e = table[--used];
}

/* Stream records (lifecycle.c) know every context the host created. */
const proxywasm__plugin_def *proxywasm__byroot_id(uint32_t id) {
  const proxywasm__plugin_def *d = proxywasm__byroot_def(proxywasm__ctx_lookup(id));
  return d ? d : &none;
}

#define CALL(type, hook)                                                                   \
  void proxywasm__user_##hook(type *x);                                                    \
  void proxywasm__user_##hook(type *x) {                                                   \
    const proxywasm__plugin_def *d = proxywasm__byroot_def((struct proxywasm_context *)x); \
    if (d && d->hooks.on_##hook)                                                           \
      d->hooks.on_##hook(x);                                                               \
  }
CALL(proxywasm_http, http_create)
CALL(proxywasm_http, http_done)
CALL(proxywasm_http, http_delete)
CALL(proxywasm_tcp, tcp_create)
CALL(proxywasm_tcp, tcp_done)
CALL(proxywasm_tcp, tcp_delete)

void proxywasm__user_plugin_delete(proxywasm_plugin *x);
void proxywasm__user_plugin_delete(proxywasm_plugin *x) {
  const proxywasm__plugin_def *d = proxywasm__byroot_def((struct proxywasm_context *)x);
  if (d && d->hooks.on_plugin_delete)
    d->hooks.on_plugin_delete(x);
  forget(proxywasm_context_id((proxywasm_context *)x));
}
CALL(proxywasm_plugin, plugin_log)

bool proxywasm__user_plugin_done(proxywasm_plugin *p);
bool proxywasm__user_plugin_done(proxywasm_plugin *p) {
  const proxywasm__plugin_def *d = proxywasm__byroot_def((struct proxywasm_context *)p);
  return d && d->hooks.on_plugin_done ? d->hooks.on_plugin_done(p) : true;
}
