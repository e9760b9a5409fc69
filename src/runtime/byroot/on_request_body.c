#include "byroot.h"
BYROOT_HTTP_DATA(on_request_body)
