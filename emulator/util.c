/*
 * util.c - growable byte buffers, header lists and the ABI pair format.
 */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

/* cpp-host limits.h: a pair buffer is at most 1 MiB and 1024 pairs. */
#define MAX_PAIRS 1024u
#define MAX_PAIRS_BYTES (1024u * 1024u)

int proxywasm__emu_buf_reserve(emu_buf *b, size_t extra) {
  if (extra > (size_t)-1 / 2 - b->len)
    return -1;
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return 0;
  size_t cap = b->cap ? b->cap : 32;
  while (cap < need)
    cap *= 2;
  char *d = realloc(b->data, cap);
  if (d == NULL)
    return -1;
  b->data = d;
  b->cap = cap;
  return 0;
}

int proxywasm__emu_buf_append(emu_buf *b, const void *p, size_t n) {
  if (proxywasm__emu_buf_reserve(b, n) != 0)
    return -1;
  if (n)
    memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = 0;
  return 0;
}

int proxywasm__emu_buf_set(emu_buf *b, const void *p, size_t n) {
  b->len = 0;
  return proxywasm__emu_buf_append(b, p, n);
}

void proxywasm__emu_buf_drop_front(emu_buf *b, size_t n) {
  if (n >= b->len) {
    proxywasm__emu_buf_clear(b);
    return;
  }
  memmove(b->data, b->data + n, b->len - n);
  b->len -= n;
  b->data[b->len] = 0;
}

int proxywasm__emu_buf_prepend(emu_buf *b, const void *p, size_t n) {
  if (proxywasm__emu_buf_reserve(b, n) != 0)
    return -1;
  memmove(b->data + n, b->data, b->len);
  if (n)
    memcpy(b->data, p, n);
  b->len += n;
  b->data[b->len] = 0;
  return 0;
}

void proxywasm__emu_buf_clear(emu_buf *b) {
  b->len = 0;
  if (b->data)
    b->data[0] = 0;
}

void proxywasm__emu_buf_free(emu_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

int proxywasm__emu_buf_printf(emu_buf *b, const char *fmt, ...) {
  va_list ap, cp;
  va_start(ap, fmt);
  va_copy(cp, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || proxywasm__emu_buf_reserve(b, (size_t)n) != 0) {
    va_end(cp);
    return -1;
  }
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, cp);
  va_end(cp);
  b->len += (size_t)n;
  return 0;
}

char *proxywasm__emu_memdup(const void *p, size_t n) {
  char *d = malloc(n + 1);
  if (d == NULL)
    return NULL;
  if (n)
    memcpy(d, p, n);
  d[n] = 0;
  return d;
}

char *proxywasm__emu_strdup(const char *s) {
  return proxywasm__emu_memdup(s ? s : "", s ? strlen(s) : 0);
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

bool proxywasm__emu_name_eq(const char *a, size_t al, const char *b, size_t bl) {
  if (al != bl)
    return false;
  for (size_t i = 0; i < al; i++)
    if (lower(a[i]) != lower(b[i]))
      return false;
  return true;
}

/* ---- header lists ---- */

static void entry_free(proxywasm_header *h) {
  free((void *)h->name.data);
  free((void *)h->value.data);
}

int proxywasm__emu_map_add(emu_map *m, const char *k, size_t kl, const char *v, size_t vl,
                           bool low) {
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 8;
    proxywasm_header *n = realloc(m->v, cap * sizeof *n);
    if (n == NULL)
      return -1;
    m->v = n;
    m->cap = cap;
  }
  char *name = proxywasm__emu_memdup(k, kl);
  char *value = proxywasm__emu_memdup(v, vl);
  if (name == NULL || value == NULL) {
    free(name);
    free(value);
    return -1;
  }
  if (low)
    for (size_t i = 0; i < kl; i++)
      name[i] = lower(name[i]);
  m->v[m->n].name.data = name;
  m->v[m->n].name.len = kl;
  m->v[m->n].value.data = value;
  m->v[m->n].value.len = vl;
  m->n++;
  return 0;
}

void proxywasm__emu_map_remove(emu_map *m, const char *k, size_t kl) {
  size_t j = 0;
  for (size_t i = 0; i < m->n; i++) {
    if (proxywasm__emu_name_eq(m->v[i].name.data, m->v[i].name.len, k, kl))
      entry_free(&m->v[i]);
    else
      m->v[j++] = m->v[i];
  }
  m->n = j;
}

int proxywasm__emu_map_replace(emu_map *m, const char *k, size_t kl, const char *v, size_t vl) {
  /* Envoy's setCopy (http_set_copy_replace_all_headers, on by default):
     remove every entry, then append one. Add first so a failure changes nothing. */
  size_t before = m->n;
  if (proxywasm__emu_map_add(m, k, kl, v, vl, true) != 0)
    return -1;
  size_t j = 0;
  for (size_t i = 0; i < m->n; i++) {
    if (i < before && proxywasm__emu_name_eq(m->v[i].name.data, m->v[i].name.len, k, kl))
      entry_free(&m->v[i]);
    else
      m->v[j++] = m->v[i];
  }
  m->n = j;
  return 0;
}

const proxywasm_header *proxywasm__emu_map_find(const emu_map *m, const char *k, size_t kl) {
  for (size_t i = 0; i < m->n; i++)
    if (proxywasm__emu_name_eq(m->v[i].name.data, m->v[i].name.len, k, kl))
      return &m->v[i];
  return NULL;
}

void proxywasm__emu_map_clear(emu_map *m) {
  for (size_t i = 0; i < m->n; i++)
    entry_free(&m->v[i]);
  m->n = 0;
}

void proxywasm__emu_map_free(emu_map *m) {
  proxywasm__emu_map_clear(m);
  free(m->v);
  m->v = NULL;
  m->cap = 0;
}

int proxywasm__emu_map_assign(emu_map *m, const proxywasm_header *h, size_t n, bool low) {
  proxywasm__emu_map_clear(m);
  for (size_t i = 0; i < n; i++) {
    const char *k = h[i].name.data ? h[i].name.data : "";
    const char *v = h[i].value.data ? h[i].value.data : "";
    if (proxywasm__emu_map_add(m, k, h[i].name.data ? h[i].name.len : 0, v,
                               h[i].value.data ? h[i].value.len : 0, low) != 0)
      return -1;
  }
  return 0;
}

size_t proxywasm__emu_map_bytes(const emu_map *m) {
  size_t n = 0;
  for (size_t i = 0; i < m->n; i++)
    n += m->v[i].name.len + m->v[i].value.len;
  return n;
}

static void put32(char *p, uint32_t v) {
  p[0] = (char)(v & 0xff);
  p[1] = (char)((v >> 8) & 0xff);
  p[2] = (char)((v >> 16) & 0xff);
  p[3] = (char)((v >> 24) & 0xff);
}

static uint32_t get32(const char *p) {
  const unsigned char *u = (const unsigned char *)p;
  return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
}

int proxywasm__emu_map_encode(const emu_map *m, emu_buf *out) {
  proxywasm__emu_buf_clear(out);
  if (m->n == 0)
    return 0;
  size_t total = 4;
  for (size_t i = 0; i < m->n; i++)
    total += 8 + m->v[i].name.len + 1 + m->v[i].value.len + 1;
  if (proxywasm__emu_buf_reserve(out, total) != 0)
    return -1;
  char *p = out->data;
  put32(p, (uint32_t)m->n);
  p += 4;
  for (size_t i = 0; i < m->n; i++) {
    put32(p, (uint32_t)m->v[i].name.len);
    put32(p + 4, (uint32_t)m->v[i].value.len);
    p += 8;
  }
  for (size_t i = 0; i < m->n; i++) {
    memcpy(p, m->v[i].name.data, m->v[i].name.len);
    p += m->v[i].name.len;
    *p++ = 0;
    memcpy(p, m->v[i].value.data, m->v[i].value.len);
    p += m->v[i].value.len;
    *p++ = 0;
  }
  out->len = total;
  out->data[total] = 0;
  return 0;
}

/* Keeps the exact bytes of a map the module sent (proxywasm_emu_sent_map). */
static void record_map(const char *data, size_t len) {
  emu_frame *f = proxywasm__emu_top();
  if (f == NULL)
    return;
  proxywasm_emu *emu = f->vm->host;
  size_t n = sizeof emu->sent_maps / sizeof emu->sent_maps[0];
  size_t i = emu->nsent_maps++ % n;
  emu->sent_maps[i].null = data == NULL;
  proxywasm__emu_buf_clear(&emu->sent_maps[i].bytes);
  if (data != NULL && len > 0 && proxywasm__emu_buf_set(&emu->sent_maps[i].bytes, data, len) != 0)
    emu->nsent_maps--; /* out of memory: not recorded */
}

bool proxywasm_emu_sent_map(const proxywasm_emu *emu, size_t back, const char **data, size_t *len) {
  size_t n = emu ? sizeof emu->sent_maps / sizeof emu->sent_maps[0] : 0;
  bool ok = emu && back < n && back < emu->nsent_maps;
  size_t i = ok ? (emu->nsent_maps - 1 - back) % n : 0;
  if (data)
    *data = !ok || emu->sent_maps[i].null  ? NULL
            : emu->sent_maps[i].bytes.data ? emu->sent_maps[i].bytes.data
                                           : "";
  if (len)
    *len = ok ? emu->sent_maps[i].bytes.len : 0;
  return ok;
}

int proxywasm__emu_map_decode(emu_map *m, const char *data, size_t len, bool low) {
  record_map(data, len);
  proxywasm__emu_map_clear(m);
  if (len == 0)
    return 0;
  if (data == NULL || len < 4 || len > MAX_PAIRS_BYTES)
    return -1;
  uint32_t n = get32(data);
  if (n > MAX_PAIRS || (size_t)n * 8 > len - 4)
    return -1;
  size_t pos = 4 + (size_t)n * 8;
  for (uint32_t i = 0; i < n; i++) {
    size_t kl = get32(data + 4 + 8 * (size_t)i);
    size_t vl = get32(data + 8 + 8 * (size_t)i);
    if (kl > len - pos || len - pos - kl < 1 || data[pos + kl] != 0)
      goto bad;
    const char *k = data + pos;
    pos += kl + 1;
    if (vl > len - pos || len - pos - vl < 1 || data[pos + vl] != 0)
      goto bad;
    const char *v = data + pos;
    pos += vl + 1;
    if (proxywasm__emu_map_add(m, k, kl, v, vl, low) != 0) {
      proxywasm__emu_map_clear(m);
      return -2;
    }
  }
  if (pos != len)
    goto bad;
  return 0;
bad:
  proxywasm__emu_map_clear(m);
  return -1;
}

/* ---- properties ---- */

int proxywasm__emu_path_join(const char *const *path, size_t n, emu_buf *out) {
  proxywasm__emu_buf_clear(out);
  if (path == NULL || n == 0)
    return -1;
  for (size_t i = 0; i < n; i++) {
    if (i && proxywasm__emu_buf_append(out, "", 1) != 0)
      return -1;
    const char *s = path[i] ? path[i] : "";
    if (proxywasm__emu_buf_append(out, s, strlen(s)) != 0)
      return -1;
  }
  return 0;
}

const emu_prop *proxywasm__emu_props_find(const emu_props *p, const char *path, size_t plen) {
  for (size_t i = 0; i < p->n; i++)
    if (p->v[i].path.len == plen && (plen == 0 || memcmp(p->v[i].path.data, path, plen) == 0))
      return &p->v[i];
  return NULL;
}

int proxywasm__emu_props_set(emu_props *p, const char *path, size_t plen, const void *v,
                             size_t vl) {
  emu_prop *e = (emu_prop *)proxywasm__emu_props_find(p, path, plen);
  if (e == NULL) {
    if (p->n == p->cap) {
      size_t cap = p->cap ? p->cap * 2 : 8;
      emu_prop *n = realloc(p->v, cap * sizeof *n);
      if (n == NULL)
        return -1;
      p->v = n;
      p->cap = cap;
    }
    e = &p->v[p->n];
    memset(e, 0, sizeof *e);
    if (proxywasm__emu_buf_set(&e->path, path, plen) != 0) {
      proxywasm__emu_buf_free(&e->path);
      return -1;
    }
    p->n++;
  }
  return proxywasm__emu_buf_set(&e->value, v, vl);
}

void proxywasm__emu_props_free(emu_props *p) {
  for (size_t i = 0; i < p->n; i++) {
    proxywasm__emu_buf_free(&p->v[i].path);
    proxywasm__emu_buf_free(&p->v[i].value);
  }
  free(p->v);
  p->v = NULL;
  p->n = p->cap = 0;
}
