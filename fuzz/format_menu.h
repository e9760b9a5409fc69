/*
 * format_menu.h - one printf case built from bytes, run through both
 * proxywasm_snprintf and the C library's snprintf, compared byte for byte.
 *
 * Shared by the formatter fuzz target (fuzz/format.c) and the unit test
 * (tests/unit/test_format.c). The menu holds only what C defines and the
 * SDK supports: per conversion, the flags C gives a meaning, widths and
 * precisions literal or "*" (negative too), length modifiers, d i u o x X
 * c s p f F e E g G and %%. %p gets non-NULL pointers (glibc prints NULL
 * as "(nil)", the SDK as "0x0").
 */
#ifndef PROXYWASM_FUZZ_FORMAT_MENU_H
#define PROXYWASM_FUZZ_FORMAT_MENU_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <proxywasm.h>

#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"

typedef struct menu_in {
  const uint8_t *p;
  size_t n;
} menu_in;

static unsigned menu_byte(menu_in *in) {
  if (in->n == 0)
    return 0;
  in->n--;
  return *in->p++;
}

static uint64_t menu_u64(menu_in *in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++)
    v = v << 8 | menu_byte(in);
  return v;
}

enum { MENU_CAP = 4096 };

typedef struct menu_case {
  char fmt[64];
  char want[MENU_CAP], got[MENU_CAP];
  int wn, gn;
  size_t cap;
} menu_case;

/* Calls both formatters with the "*" arguments the format asks for. */
#define MENU_BOTH(c, ws, w, ps, pr, arg)                                      \
  do {                                                                        \
    if ((ws) && (ps)) {                                                       \
      (c)->wn = snprintf((c)->want, (c)->cap, (c)->fmt, w, pr, arg);          \
      (c)->gn = proxywasm_snprintf((c)->got, (c)->cap, (c)->fmt, w, pr, arg); \
    } else if (ws) {                                                          \
      (c)->wn = snprintf((c)->want, (c)->cap, (c)->fmt, w, arg);              \
      (c)->gn = proxywasm_snprintf((c)->got, (c)->cap, (c)->fmt, w, arg);     \
    } else if (ps) {                                                          \
      (c)->wn = snprintf((c)->want, (c)->cap, (c)->fmt, pr, arg);             \
      (c)->gn = proxywasm_snprintf((c)->got, (c)->cap, (c)->fmt, pr, arg);    \
    } else {                                                                  \
      (c)->wn = snprintf((c)->want, (c)->cap, (c)->fmt, arg);                 \
      (c)->gn = proxywasm_snprintf((c)->got, (c)->cap, (c)->fmt, arg);        \
    }                                                                         \
  } while (0)

/* Builds and runs one case from the input. Returns false when the two
   formatters differ (c->fmt, want/wn and got/gn tell how). */
static bool menu_run(menu_in *in, menu_case *c) {
  static const char convs[] = "diuoxXcspfFeEgG%";
  char conv = convs[menu_byte(in) % (sizeof convs - 1)];
  bool is_int = strchr("diuoxX", conv) != NULL, is_float = strchr("fFeEgG", conv) != NULL;
  /* The flags C defines for this conversion. */
  const char *allowed = conv == 'd' || conv == 'i' ? "-0+ "
                        : conv == 'u'              ? "-0"
                        : is_int                   ? "-0#"
                        : is_float                 ? "-0+ #"
                        : conv == '%'              ? ""
                                                   : "-";
  size_t k = 0;
  c->fmt[k++] = '<';
  c->fmt[k++] = '%';
  unsigned fl = menu_byte(in);
  for (size_t i = 0; allowed[i]; i++)
    if (fl & (1u << i))
      c->fmt[k++] = allowed[i];
  bool ws = false, ps = false;
  int w = 0, pr = 0;
  unsigned sel = conv == '%' ? 0 : menu_byte(in);
  if (sel % 4 == 1) {
    k += (size_t)sprintf(c->fmt + k, "%u", menu_byte(in) % 40);
  } else if (sel % 4 == 2) {
    ws = true;
    w = (int)(int8_t)menu_byte(in) % 40;
    c->fmt[k++] = '*';
  }
  if (conv != 'c' && conv != 'p' && conv != '%') {
    sel >>= 2;
    if (sel % 4 == 1) {
      unsigned v = menu_byte(in);
      if (v >= 250) /* now and then a long one */
        v = (v - 249) * 300 + menu_byte(in);
      k += (size_t)sprintf(c->fmt + k, ".%u", v % 1600);
    } else if (sel % 4 == 2) {
      ps = true;
      pr = (int)(int8_t)menu_byte(in) % 60;
      k += (size_t)sprintf(c->fmt + k, ".*");
    } else if (sel % 4 == 3) {
      c->fmt[k++] = '.';
    }
  }
  static const char *const lens[] = {"", "hh", "h", "l", "ll", "z", "j", "t"};
  unsigned li = is_int ? menu_byte(in) % 8 : 0;
  k += (size_t)sprintf(c->fmt + k, "%s%c>", lens[li], conv);
  c->fmt[k] = 0;
  c->cap = (menu_byte(in) & 7) == 0 ? menu_byte(in) % 16 : MENU_CAP;
  memset(c->want, 'W', sizeof c->want);
  memset(c->got, 'W', sizeof c->got);
  uint64_t v = menu_u64(in);
  if (is_int) {
    bool sig = conv == 'd' || conv == 'i';
    switch (li) {
    case 1:
    case 2:
    case 0:
      if (sig)
        MENU_BOTH(c, ws, w, ps, pr, (int)v);
      else
        MENU_BOTH(c, ws, w, ps, pr, (unsigned)v);
      break;
    case 3:
      if (sig)
        MENU_BOTH(c, ws, w, ps, pr, (long)v);
      else
        MENU_BOTH(c, ws, w, ps, pr, (unsigned long)v);
      break;
    case 4:
      if (sig)
        MENU_BOTH(c, ws, w, ps, pr, (long long)v);
      else
        MENU_BOTH(c, ws, w, ps, pr, (unsigned long long)v);
      break;
    case 5:
      if (sig)
        MENU_BOTH(c, ws, w, ps, pr, (ptrdiff_t)v);
      else
        MENU_BOTH(c, ws, w, ps, pr, (size_t)v);
      break;
    case 6:
      if (sig)
        MENU_BOTH(c, ws, w, ps, pr, (intmax_t)v);
      else
        MENU_BOTH(c, ws, w, ps, pr, (uintmax_t)v);
      break;
    default:
      if (sig)
        MENU_BOTH(c, ws, w, ps, pr, (ptrdiff_t)v);
      else
        MENU_BOTH(c, ws, w, ps, pr, (size_t)v);
      break;
    }
  } else if (is_float) {
    double d;
    memcpy(&d, &v, sizeof d);
    MENU_BOTH(c, ws, w, ps, pr, d);
  } else if (conv == 'c') {
    MENU_BOTH(c, ws, w, ps, pr, (int)(v & 0xff));
  } else if (conv == 's') {
    char s[48];
    size_t n = (size_t)(v % sizeof s);
    for (size_t i = 0; i < n; i++)
      s[i] = (char)(menu_byte(in) | 1); /* no NUL inside */
    s[n] = 0;
    MENU_BOTH(c, ws, w, ps, pr, s);
  } else if (conv == 'p') {
    MENU_BOTH(c, ws, w, ps, pr, (void *)(uintptr_t)(v | 1));
  } else {
    MENU_BOTH(c, ws, w, ps, pr, 0);
  }
  if (c->wn != c->gn)
    return false;
  size_t shown = c->cap == 0 ? 0 : (size_t)c->wn < c->cap ? (size_t)c->wn + 1 : c->cap;
  return memcmp(c->want, c->got, shown) == 0 && (shown == sizeof c->want || c->got[shown] == 'W');
}

#endif /* PROXYWASM_FUZZ_FORMAT_MENU_H */
