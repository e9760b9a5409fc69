/* placeholder: replaced by the properties API */
#ifndef PROXYWASM_PROPERTIES_H
#define PROXYWASM_PROPERTIES_H
#endif
