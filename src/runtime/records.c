/*
 * records.c - context records: an open-addressing table keyed by context
 * id, with a free list of records so a warm VM allocates nothing per
 * request, and the state of plugin contexts.
 *
 * Linked when the plugin keeps plugin state (plugin hooks, plugin data).
 * Links effective.c: a record's handle can be used from any hook. Plugin records are created on the first event of a plugin
 * (dispatch.c), so this costs no extra call into the module; stream records
 * need the host to announce streams (lifecycle.c).
 */
#include "../internal.h"

const int proxywasm__records_anchor = 1;
/* A record outlives the hook that got its handle, so the handle can reach
   another hook (kept in a global, found by id): acting on it there needs
   effective-context switching, whatever else the module lists. */
__attribute__((used)) static const int *const need_effective = &proxywasm__effective_anchor;

static struct proxywasm_context **slots; /* NULL or a record; TOMB for deleted */
static size_t cap, live, tombs;
static struct proxywasm_context tomb_marker;
#define TOMB (&tomb_marker)

typedef union free_rec {
  union free_rec *next;
  struct proxywasm_context ctx;
} free_rec;
static free_rec *free_list;

static size_t hash(uint32_t id) { return (size_t)(id * 2654435761u); }

struct proxywasm_context *proxywasm__ctx_lookup(uint32_t id) {
  if (cap == 0 || id == 0)
    return NULL;
  for (size_t i = hash(id) & (cap - 1);; i = (i + 1) & (cap - 1)) {
    struct proxywasm_context *c = slots[i];
    if (c == NULL)
      return NULL;
    if (c != TOMB && c->id == id)
      return c;
  }
}

static int grow(void) {
  size_t ncap = cap ? cap * 2 : 16;
  if (live * 4 < cap) /* mostly tombstones: rehash at the same size */
    ncap = cap;
  struct proxywasm_context **n = proxywasm__pool_alloc(ncap * sizeof *n);
  if (n == NULL)
    return -1;
  for (size_t i = 0; i < cap; i++) {
    struct proxywasm_context *c = slots[i];
    if (c == NULL || c == TOMB)
      continue;
    size_t j = hash(c->id) & (ncap - 1);
    while (n[j])
      j = (j + 1) & (ncap - 1);
    n[j] = c;
  }
  proxywasm__pool_free(slots);
  slots = n;
  cap = ncap;
  tombs = 0;
  return 0;
}

struct proxywasm_context *proxywasm__ctx_insert(uint32_t id) {
  if ((live + tombs + 1) * 2 > cap && grow() != 0)
    return NULL;
  struct proxywasm_context *c;
  if (free_list) {
    c = &free_list->ctx;
    free_list = free_list->next;
  } else {
    free_rec *r = proxywasm__pool_alloc(sizeof *r);
    if (r == NULL)
      return NULL;
    c = &r->ctx;
  }
  memset(c, 0, sizeof *c);
  c->id = id;
  size_t i = hash(id) & (cap - 1);
  while (slots[i] != NULL && slots[i] != TOMB)
    i = (i + 1) & (cap - 1);
  if (slots[i] == TOMB)
    tombs--;
  slots[i] = c;
  live++;
  return c;
}

void proxywasm__ctx_erase(struct proxywasm_context *c) {
  for (size_t i = hash(c->id) & (cap - 1);; i = (i + 1) & (cap - 1)) {
    if (slots[i] == c) {
      slots[i] = TOMB;
      tombs++;
      break;
    }
    if (slots[i] == NULL)
      return;
  }
  live--;
  free_rec *r = (free_rec *)c;
  r->next = free_list;
  free_list = r;
}

void proxywasm__ctx_visit(void (*fn)(struct proxywasm_context *c, void *arg), void *arg) {
  for (size_t i = 0; i < cap; i++)
    if (slots[i] && slots[i] != TOMB)
      fn(slots[i], arg);
}

/* The emulator's static VM ended (emulator/static.c): natively the module
   outlives its VM, so every record still there (a module without
   proxy_on_delete never sees its plugins go) is dropped with its memory,
   as a new instance would start without them. */
void proxywasm__untracked_vm_end(void) PROXYWASM__WEAK;
static void drop(struct proxywasm_context *c, void *arg) {
  (void)arg;
  if (c->mem && proxywasm__ctx_free_all)
    proxywasm__ctx_free_all(c);
  proxywasm__ctx_erase(c);
}
void proxywasm__records_vm_end(void);
void proxywasm__records_vm_end(void) {
  if (proxywasm__untracked_vm_end)
    proxywasm__untracked_vm_end();
  proxywasm__ctx_visit(drop, NULL);
}

void *proxywasm_plugin_get_data(proxywasm_plugin *p) {
  return p ? ((proxywasm_context *)p)->data : NULL;
}

proxywasm_status proxywasm_plugin_set_data(proxywasm_plugin *p, void *data) {
  if (p == NULL)
    return PROXYWASM_BAD_ARGUMENT;
  ((proxywasm_context *)p)->data = data;
  return PROXYWASM_OK;
}
