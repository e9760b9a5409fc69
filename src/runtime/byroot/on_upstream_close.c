#include "byroot.h"
BYROOT_TCP_CLOSE(on_upstream_close, proxy_on_upstream_connection_close)
