#include "byroot.h"
BYROOT_PLUGIN_SIZE(on_vm_start, proxy_on_vm_start)
