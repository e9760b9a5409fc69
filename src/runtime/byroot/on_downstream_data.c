#include "byroot.h"
BYROOT_TCP_DATA(on_downstream_data)
