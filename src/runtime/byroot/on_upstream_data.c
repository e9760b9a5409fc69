#include "byroot.h"
BYROOT_TCP_DATA(on_upstream_data)
