#include "byroot.h"
BYROOT_HTTP_TRAILERS(on_request_trailers)
