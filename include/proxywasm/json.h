/* placeholder: replaced by the JSON reader */
#ifndef PROXYWASM_JSON_H
#define PROXYWASM_JSON_H
#endif
