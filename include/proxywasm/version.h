/*
 * proxywasm/version.h - SDK version.
 */
#ifndef PROXYWASM_VERSION_H
#define PROXYWASM_VERSION_H

#define PROXYWASM_VERSION_MAJOR 0
#define PROXYWASM_VERSION_MINOR 2
#define PROXYWASM_VERSION_PATCH 0
#define PROXYWASM_VERSION_STRING "0.2.0"
/** 0xMMmmpp, comparable: PROXYWASM_VERSION_NUM >= 0x000200. */
#define PROXYWASM_VERSION_NUM                                                  \
  ((PROXYWASM_VERSION_MAJOR << 16) | (PROXYWASM_VERSION_MINOR << 8) | PROXYWASM_VERSION_PATCH)
/** The Proxy-Wasm ABI the SDK speaks. */
#define PROXYWASM_ABI_VERSION "0.2.1"

/** The SDK version string at run time. */
const char *proxywasm_version(void);

#endif /* PROXYWASM_VERSION_H */
