/*
 * format.c - proxywasm_snprintf against the C library's snprintf, byte for
 * byte, on cases built from the input (see format_menu.h for the menu).
 */
#include "fuzz.h"
#include "format_menu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static menu_case c;
  menu_in in = {data, size};
  while (in.n > 0) {
    if (!menu_run(&in, &c)) {
      fprintf(stderr, "format \"%s\" cap %zu: libc %d \"%.200s\", SDK %d \"%.200s\"\n", c.fmt,
              c.cap, c.wn, c.want, c.gn, c.got);
      FUZZ_CHECK(!"the formatters differ");
    }
  }
  return 0;
}
