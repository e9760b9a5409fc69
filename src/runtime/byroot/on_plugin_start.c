#include "byroot.h"
BYROOT_PLUGIN_SIZE(on_plugin_start, proxy_on_configure)
