/*
 * fields.c - flags header writes that break RFC 9110 field syntax (the
 * rule of src/util/field.h, which the SDK enforces). Envoy takes them with
 * status OK and sends them raw: an injected header on HTTP/1, no response
 * on HTTP/2 (tests/e2e/raw_headers). The emulator answers as Envoy does, but counts each one
 * and says so, so a test of a plugin that bypasses the SDK's check sees it.
 */
#include <stdio.h>

#include "internal.h"
#include "util/field.h"

void proxywasm__emu_field_check(emu_frame *f, int hc, const char *k, size_t kl, const char *v,
                                size_t vl) {
  size_t at = 0;
  int fault = proxywasm__field_name((const unsigned char *)k, kl, &at);
  if (fault == PROXYWASM__FIELD_OK)
    fault = proxywasm__field_value((const unsigned char *)v, vl, &at);
  if (fault == PROXYWASM__FIELD_OK)
    return;
  proxywasm_emu *emu = f->vm->host;
  emu->invalid_headers++;
  emu_buf name = {0};
  for (size_t i = 0; i < kl; i++) {
    unsigned char c = (unsigned char)k[i];
    if (c > 0x20 && c < 0x7F && c != '"' && c != '\\')
      proxywasm__emu_buf_append(&name, &c, 1);
    else
      proxywasm__emu_buf_printf(&name, "\\x%02x", c);
  }
  proxywasm__emu_err(emu, "%s: header \"%s\": %s; Envoy would send it raw",
                     proxywasm__emu_hostcall_names[hc], name.data ? name.data : "",
                     proxywasm__field_fault_str(fault));
  proxywasm__emu_buf_free(&name);
  fprintf(stderr, "proxywasm emulator: %s\n", emu->error);
}

void proxywasm__emu_map_check(emu_frame *f, int hc, const emu_map *m) {
  for (size_t i = 0; i < m->n; i++)
    proxywasm__emu_field_check(f, hc, m->v[i].name.data, m->v[i].name.len, m->v[i].value.data,
                               m->v[i].value.len);
}

size_t proxywasm_emu_invalid_header_count(const proxywasm_emu *emu) {
  return emu ? emu->invalid_headers : 0;
}
