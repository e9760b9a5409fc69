/* The minimal plugin built with PROXYWASM_EXPORT_ALL_HOOKS: tests/abi/check.sh
   checks that it exports every proxy_on_* callback of the ABI. */
#define PROXYWASM_EXPORT_ALL_HOOKS
#include "minimal.c"
