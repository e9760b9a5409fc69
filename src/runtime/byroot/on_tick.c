#include "byroot.h"
BYROOT_PLUGIN(on_tick, proxy_on_tick)
