/*
 * fuzz.h - what the fuzz targets share: an invariant check that stops the
 * run with a message libFuzzer reports as a crash.
 */
#ifndef PROXYWASM_FUZZ_H
#define PROXYWASM_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond)                                                        \
  do {                                                                          \
    if (!(cond)) {                                                              \
      fprintf(stderr, "FUZZ INVARIANT %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      abort();                                                                  \
    }                                                                           \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* PROXYWASM_FUZZ_H */
