/* Built with examples/http_headers/plugin.c into one module: the SDK's
   header syntax check turned off, so the test can show what Envoy does
   with the raw bytes the check exists to refuse. */
#include <proxywasm.h>

PROXYWASM_HEADERS_ALLOW_RAW();
