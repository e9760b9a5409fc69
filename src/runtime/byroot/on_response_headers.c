#include "byroot.h"
BYROOT_HTTP_DATA(on_response_headers)
