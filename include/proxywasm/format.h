/*
 * proxywasm/format.h - printf-style formatting without stdio.
 *
 * The SDK's own formatter, used by the logging functions. It avoids
 * wasi-libc's stdio, which costs about 10 KB and imports WASI file
 * functions (fd_close, fd_seek) that hosts without WASI lack. Supports
 * flags "-0+ #", width and precision (also "*"), length modifiers
 * hh h l ll z j t and conversions d i u o x X c s p f F e E g G %.
 * Floating point is exact (correctly rounded), like the C library.
 * Widths and precisions are not capped: `%.*s` of 10 MB prints 10 MB.
 * Differences from glibc: NULL %s prints "(null)" (as glibc) and NULL %p
 * "0x0" (glibc: "(nil)"). NaN shows its sign bit ("-nan"), like glibc and
 * musl, so a NaN from 0.0/0.0 (negative on x86) may print as -nan.
 */
#ifndef PROXYWASM_FORMAT_H
#define PROXYWASM_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define PROXYWASM__FORMAT(f, a) __attribute__((format(printf, f, a)))
#else
#define PROXYWASM__FORMAT(f, a)
#endif

/**
 * Formats into buf like snprintf: writes at most cap bytes including the
 * terminating NUL (nothing when cap is 0). Valid anywhere.
 * Returns: the length the full output has (not counting the NUL); compare
 * with cap to detect truncation. -1 when that length exceeds INT_MAX (as C).
 */
int proxywasm_snprintf(char *buf, size_t cap, const char *fmt, ...) PROXYWASM__FORMAT(3, 4);
int proxywasm_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap);

#ifdef __cplusplus
}
#endif
#endif /* PROXYWASM_FORMAT_H */
