#include "byroot.h"
BYROOT_TCP_CLOSE(on_downstream_close, proxy_on_downstream_connection_close)
