/*
 * proxywasm/version.h - SDK version.
 */
#ifndef PROXYWASM_VERSION_H
#define PROXYWASM_VERSION_H

#define PROXYWASM_VERSION_MAJOR 1
#define PROXYWASM_VERSION_MINOR 0
#define PROXYWASM_VERSION_PATCH 0
/** The pre-release tag ("rc.1"), "" for a release (semver). */
#define PROXYWASM_VERSION_PRERELEASE "rc.1"
#define PROXYWASM_VERSION_STRING "1.0.0-rc.1"
/** 0xMMmmpp, comparable: PROXYWASM_VERSION_NUM >= 0x010000. A pre-release
    has the number of the release it leads to. */
#define PROXYWASM_VERSION_NUM \
  ((PROXYWASM_VERSION_MAJOR << 16) | (PROXYWASM_VERSION_MINOR << 8) | PROXYWASM_VERSION_PATCH)
/** The Proxy-Wasm ABI the SDK speaks. */
#define PROXYWASM_ABI_VERSION "0.2.1"

/** The SDK version string at run time. */
const char *proxywasm_version(void);

#endif /* PROXYWASM_VERSION_H */
