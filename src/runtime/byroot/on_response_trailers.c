#include "byroot.h"
BYROOT_HTTP_TRAILERS(on_response_trailers)
