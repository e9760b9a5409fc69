# abi.mk - ABI conformance: build the kitchen-sink and minimal plugins and
# compare their imports/exports with the ABI (tests/abi/check.sh).
ABI_SINK := $(PROXYWASM_BUILD)/abi/kitchen_sink.wasm
ABI_MIN := $(PROXYWASM_BUILD)/abi/minimal.wasm
$(eval $(call proxywasm_plugin,$(ABI_SINK),tests/abi/kitchen_sink.c))
$(eval $(call proxywasm_plugin,$(ABI_MIN),tests/abi/minimal.c))

.PHONY: abi
abi: $(ABI_SINK) $(ABI_MIN)
	tests/abi/check.sh $(ABI_SINK) $(ABI_MIN)
